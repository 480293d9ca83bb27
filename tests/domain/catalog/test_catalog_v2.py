"""Format v2 checks: vocabulary, links, defaults, fee rates, unverified paths, generic procedures."""
import copy
import json

import pytest

from volunteer_app.domain.catalog import check_definition, load_catalog
from volunteer_app.domain.catalog.fees import fee_quote
from volunteer_app.domain.catalog.loader import DEFAULT_DIR
from volunteer_app.domain.rules.validate import validate

from tests.support.catalog_samples import GENERIC

BASE = json.loads((DEFAULT_DIR / "2.000635.json").read_text(encoding="utf-8"))
T = {"vi": "Giấy tờ", "en": "Paper"}


def problems(change):
    data = copy.deepcopy(BASE)
    change(data)
    return check_definition(data)[2]


def field(data, field_id):
    return next(f for s in data["steps"] for f in s["fields"] if f["id"] == field_id)


def test_the_shipped_definition_passes():
    assert problems(lambda d: None) == []


@pytest.mark.parametrize("change, path, message", [
    (lambda d: field(d, "applicant_phone").__setitem__("vocab", "applicant.phone_number"),
     "steps[0].fields[5].vocab", "unknown vocabulary 'applicant.phone_number'"),
    (lambda d: field(d, "subject_name").__setitem__("vocab", "mother.full_name"),
     "steps[1].fields[1].vocab", "needs field id 'mother_name' of type 'full_name'"),
    (lambda d: field(d, "applicant_sex")["options"].reverse(),
     "steps[0].fields[2].vocab", "needs the options ['nam', 'nu']"),
    (lambda d: field(d, "subject_name").__setitem__("same_as", {"field": "applicant_nam", "when": "true"}),
     "steps[1].fields[1].same_as.field", "unknown field 'applicant_nam'"),
    (lambda d: field(d, "subject_name").__setitem__("same_as", {"field": "applicant_dob", "when": "true"}),
     "steps[1].fields[1].same_as.field", "'applicant_dob' is a date, not a full_name"),
    (lambda d: field(d, "applicant_name").__setitem__("same_as", {"field": "subject_name", "when": "true"}),
     "steps[0].fields[0].same_as.field", "'subject_name' must come before 'applicant_name'"),
    (lambda d: field(d, "subject_name").__setitem__("same_as", {"field": "applicant_name", "when": "relation = 1"}),
     "steps[1].fields[1].same_as.when", "invalid expression"),
    (lambda d: field(d, "purpose_detail").__setitem__("derive", "len(purpos)"),
     "steps[1].fields[8].derive", "unknown name(s) ['purpos']"),
    (lambda d: field(d, "copies").__setitem__("default", "0"),
     "steps[2].fields[0].default", "default '0' is not a valid value (number.min)"),
    (lambda d: field(d, "record_type").__setitem__("default", "birthx"),
     "steps[1].fields[0].default", "not a valid value (choice.invalid)"),
    (lambda d: d["fees"]["rates"].append({"province": "99", "channel": "online", "amount": 0, "per": "copy"}),
     "fees.rates[1].province", "unknown province code '99'"),
    (lambda d: d["fees"]["rates"].append({"province": "*", "channel": "*", "amount": 1, "per": "copy"}),
     "fees.rates[1]", "same part, province and channel as fees.rates[0]"),
    (lambda d: d["fees"]["rates"].__setitem__(0, {**d["fees"]["rates"][0], "province": "31"}),
     "fees.rates", "part 'fee' needs a rate for province '*' and channel '*'"),
    (lambda d: d["fees"]["rates"].append({"province": "*", "channel": "*", "amount": 1, "per": "dossier",
                                          "part": "post"}),
     "fees.rates", "part 'fee' needs a label (the fee has several parts)"),
    (lambda d: d["fees"].pop("quantity_field"), "fees.rates[0].per", "a rate per copy needs fees.quantity_field"),
    (lambda d: d["fees"].__setitem__("quantity_field", "copiez"), "fees.quantity_field", "unknown field"),
    (lambda d: d["unverified"].append({"path": "documents.birth_cert", "reason": "x"}),
     "unverified[0].path", "'documents.birth_cert' names nothing"),
    (lambda d: d["unverified"].extend([{"path": "fees.rates.0", "reason": "x"}] * 2),
     "unverified[1].path", "'fees.rates.0' is listed twice"),
])
def test_v2_checks_name_the_path(change, path, message):
    found = problems(change)
    assert any(p == path and message in m for p, m in found), found


def test_schema_rules():
    consent_default = problems(lambda d: field(d, "declaration").__setitem__("default", True))
    assert any("'default'" in m and "not allowed for type 'consent'" in m for _, m in consent_default)
    derived_required = problems(lambda d: field(d, "purpose_detail").update(derive="'x'", required=True))
    assert any("a derived field is never asked" in m for _, m in derived_required)
    assert any("needs steps" in m for _, m in problems(lambda d: d.__setitem__("steps", [])))
    assert any("no steps, rules or computed" in m for _, m in problems(lambda d: d.__setitem__("kind", "generic")))


def test_unverified_paths_that_exist():
    ok = [{"path": p, "reason": "x"} for p in ("fees.rates.0", "documents.authorisation", "fields.applicant_id",
                                               "processing_time.working_days", "legal_basis")]
    assert problems(lambda d: d.__setitem__("unverified", ok)) == []


def test_generic_procedure_is_expanded_into_a_wizard():
    proc, source, found = check_definition(GENERIC)
    assert found == [] and "steps" not in source
    assert [s.id for s in proc.steps] == ["applicant", "documents", "consent"]
    assert [d.id for d in proc.documents] == ["to_khai", "old_copy", "other_documents"]
    uploads = {f.document: f for f in proc.steps[1].fields}
    assert uploads["to_khai"].required and not uploads["other_documents"].required
    assert uploads["old_copy"].required_if == "1 / 0 == 1"
    assert {f.vocab for f in proc.steps[0].fields} >= {"applicant.full_name", "applicant.id_number", "applicant.phone"}
    data = proc.model_dump(mode="json", exclude_none=True)
    errors = validate(data, {}, "2026-11-28")
    assert [e["field"] for e in errors] == ["applicant_name", "applicant_dob", "applicant_sex", "applicant_id",
                                           "applicant_address", "applicant_phone", "upload_to_khai",
                                           "consent_data", "declaration"]
    assert "Đăng ký lại khai sinh" in proc.steps[2].fields[0].text.vi


def test_generic_problems_point_at_what_the_author_wrote():
    bad = copy.deepcopy(GENERIC)
    bad["documents"][0]["required_if"] = "unknown_thing == 1"
    assert check_definition(bad)[2] == [
        ("documents[0].required_if", "unknown name(s) ['unknown_thing'] in expression 'unknown_thing == 1'")]
    with_steps = {**GENERIC, "steps": BASE["steps"]}
    assert "no steps, rules or computed" in check_definition(with_steps)[2][0][1]


def test_fee_quote_of_the_shipped_catalog():
    catalog = load_catalog()
    birth = catalog.entry("1.001193").data
    quote = fee_quote(birth, {"copies": "2"}, today="2026-11-28")
    assert [(line["part"], line["subtotal"]) for line in quote["lines"]] == [("registration", 0), ("copies", 16000)]
    assert quote["total"] == 16000
    certify = catalog.entry("2.000815").data  # 2.000 đ/page for pages 1-2, then 1.000 đ, per copy
    assert fee_quote(certify, {"pages": "5", "copies": "2"}, today="2026-11-28")["total"] == 2 * 7000
    assert fee_quote(certify, {"pages": "500", "copies": "1"}, today="2026-11-28")["total"] == 200000


def test_every_unverified_root_has_its_screen_message():
    from volunteer_app.domain.catalog.unverified import ROOTS
    from volunteer_app.i18n import t

    for root in ROOTS:
        assert t(f"ui.unverified.{root}", "vi") != f"ui.unverified.{root}"


def test_a_vocabulary_id_claims_its_meaning():
    """A field named like a vocabulary field (applicant_phone) must be that field: same meaning, same type."""
    def drop_vocab(d):
        field(d, "applicant_phone").pop("vocab")

    def retype(d):
        f = field(d, "applicant_phone")
        f.pop("vocab")
        f["type"] = "text"

    assert ("steps[0].fields[5].id",
            "field id 'applicant_phone' is the vocabulary id of 'applicant.phone': add \"vocab\": \"applicant.phone\"") in problems(drop_vocab)
    assert ("steps[0].fields[5].id", "field id 'applicant_phone' is the vocabulary id of 'applicant.phone', which is a "
                                     "'phone': use another id for a 'text'") in problems(retype)
    # inside a repeatable group the ids are the item's own (members.0.full_name), not vocabulary ids
    assert problems(lambda d: d["steps"][1]["fields"].append(
        {"id": "people", "type": "group", "label": T, "item_label": T, "max_items": 2,
         "fields": [{"id": "mother_dob", "type": "text", "label": T}]})) == []
