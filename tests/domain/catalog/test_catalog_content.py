"""What every shipped procedure must contain (forms' fields, consent, documents, honesty flags)."""
import unicodedata

import pytest

from volunteer_app.domain.catalog import load_catalog
from volunteer_app.domain.catalog.fees import fee_quote
from volunteer_app.domain.catalog.loader import DEFAULT_DIR

CATALOG = load_catalog()
CODES = sorted(CATALOG.entries)


def all_fields(proc):
    for step in proc.steps:
        for field in step.fields:
            yield field
            yield from field.fields or []


def expressions(data):
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("visible_if", "required_if", "check", "expr") and isinstance(value, str):
                yield value
            elif key == "params" and isinstance(value, dict):
                yield from value.values()
            else:
                yield from expressions(value)
    elif isinstance(data, list):
        for item in data:
            yield from expressions(item)


@pytest.mark.parametrize("code", CODES)
def test_person_fields_cross_checked(code):
    fields = {f.id: f for f in all_fields(CATALOG.get(code))}
    ids = [f for f in fields.values() if f.type == "personal_id" and f.dob_field]
    assert ids, "a personal_id with dob_field"
    assert any(f.type == "full_name" for f in fields.values())
    assert any(f.type == "phone" for f in fields.values())
    assert any(f.type == "address" for f in fields.values())
    for pid in ids:
        assert fields[pid.dob_field].type == "date"
        if pid.sex_field:
            assert fields[pid.sex_field].type == "radio"


@pytest.mark.parametrize("code", CODES)
def test_consent_in_its_own_step_never_pre_ticked(code):
    proc = CATALOG.get(code)
    consent_steps = [s for s in proc.steps if all(f.type == "consent" for f in s.fields)]
    assert consent_steps
    for field in consent_steps[0].fields:
        assert field.required and field.text.vi and field.text.en


@pytest.mark.parametrize("code", CODES)
def test_documents_have_upload_slots_matching_requiredness(code):
    proc = CATALOG.get(code)
    uploads = {f.document: f for f in all_fields(proc) if f.type == "document"}
    for doc in proc.documents:
        slot = uploads[doc.id]
        assert doc.accept and doc.max_size_mb > 0 and doc.count >= 1
        if doc.required_if:
            assert not doc.required and slot.required_if == doc.required_if
        assert slot.required == doc.required


@pytest.mark.parametrize("code", CODES)
def test_level_rules_and_provenance(code):
    proc = CATALOG.get(code)
    if proc.level == "mot_phan":
        assert proc.payment_options == []
    assert proc.verified_on and proc.source and proc.legal_basis and proc.keywords
    assert set(proc.delivery_options) <= {"online", "post", "in_person"}


@pytest.mark.parametrize("code", CODES)
def test_files_are_nfc(code):
    text = (DEFAULT_DIR / f"{code}.json").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text


@pytest.mark.parametrize("code", CODES)
def test_expressions_parse_with_the_shared_language(code):
    expr = pytest.importorskip("volunteer_app.domain.rules.expr")
    for source in expressions(CATALOG.entry(code).data):
        expr.parse(source)


def test_trich_luc_fee_is_per_copy():
    proc = CATALOG.get("2.000635")
    [rate] = proc.fees.rates
    assert (rate.province, rate.channel, rate.amount, rate.per) == ("*", "*", 8000, "copy")
    assert proc.fees.quantity_field == "copies"
    assert len(proc.fees.exemptions) >= 3
    assert proc.level == "toan_trinh" and proc.payment_options
    assert proc.processing_time.rule_15h and proc.processing_time.working_days == 0


def test_thuong_tru_has_ct01_household_members_group():
    fields = {f.id: f for f in all_fields(CATALOG.get("1.004222"))}
    members = fields["members"]
    assert members.type == "group" and members.max_items
    inner = {f.id: f for f in members.fields}
    assert {"full_name", "dob", "sex", "personal_id", "relation_to_head"} <= set(inner)
    assert inner["personal_id"].dob_field == "dob"
    assert {"head_name", "head_id", "relation_to_head"} <= set(fields)


def test_unconfirmed_facts_are_flagged():
    def paths(code):
        return {u.path for u in CATALOG.get(code).unverified}

    # Codes now confirmed by the provincial decisions (issue 14); the amounts still are not.
    assert "code" not in paths("1.013225") and {"fees", "name"} <= paths("1.013225")
    assert "code" not in paths("3.000333") and "fees" in paths("3.000333")
    assert "fees" in paths("1.001612")
    assert all(u.reason for p in CATALOG.procedures for u in p.unverified)


def test_rule_messages_exist_in_message_catalog():
    import json
    from pathlib import Path

    messages = {}
    for path in (Path(DEFAULT_DIR).parents[1] / "i18n" / "messages").glob("*.json"):
        messages.update(json.loads(path.read_text(encoding="utf-8")))
    for proc in CATALOG.procedures:
        for rule in proc.rules:
            assert rule.message in messages, rule.message


def test_filled_trich_luc_form_passes_the_shared_validator():
    rules = pytest.importorskip("volunteer_app.domain.rules.validate")
    answers = {
        "applicant_name": "Nguyễn Văn An", "applicant_dob": "1990-05-01", "applicant_sex": "nam",
        "applicant_id": "001090123456", "applicant_phone": "0912345678",
        "applicant_address": {"province": "01", "commune": "00004", "street": "12 Phố Huế"},
        "applicant_relation": "self", "record_type": "birth", "subject_name": "Nguyễn Văn An",
        "subject_dob": "1990-05-01", "registered_at": "UBND phường Ba Đình", "copies": 3,
        "fee_exemption": "none", "delivery": "online", "consent_data": True, "declaration": True,
    }
    data = CATALOG.entry("2.000635").data
    assert rules.validate(data, answers, "2026-11-28") == []
    assert fee_quote(data, answers, today="2026-11-28")["total"] == 24000


@pytest.mark.parametrize("code", [c for c in CODES if CATALOG.get(c).kind == "structured"])
def test_delivery_field_offers_only_declared_options(code):
    proc = CATALOG.get(code)
    field = next(f for f in all_fields(proc) if f.id == "delivery")
    assert {o.value for o in field.options} == set(proc.delivery_options)
