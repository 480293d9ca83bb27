"""Parity cases of catalog v2 links and fees: same_as, derive, default; the fee quote.

Expectations are written by hand; gen_vectors.py writes them to tests/vectors/ and both languages
run them (test_rules_vectors.py, tests/js/rules.test.mjs).
"""
from gen_vectors_validate import T, TODAY, err, f, proc

SEX = [{"value": "nam", "label": T}, {"value": "nu", "label": T}]
RELATION = f("relation", "select", required=True, options=[{"value": "self", "label": T}, {"value": "other", "label": T}])
SAME = proc([f("applicant_name", "full_name", required=True), f("applicant_dob", "date"), RELATION],
            [f("subject_name", "full_name", required=True,
               same_as={"field": "applicant_name", "when": "relation == 'self'"}),
             f("subject_dob", "date", required=True, same_as={"field": "applicant_dob", "when": "relation == 'self'"}),
             f("subject_note", "text", visible_if="relation == 'other'")],
            rules=[{"id": "named", "check": "len(subject_name) > 2", "fields": ["subject_name"],
                    "message": "rule.subject_named"}])
HIDDEN_SOURCE = proc([f("has_phone", "yes_no"), f("phone", "phone", visible_if="has_phone == true"),
                      f("contact_phone", "phone", same_as={"field": "phone", "when": "true"})])
BAD_WHEN = proc([f("a", "text"), f("b", "text", required=True, same_as={"field": "a", "when": "1 / 0"})])
GROUP_SAME = proc([f("head_address", "text"),
                   f("members", "group", item_label=T, fields=[
                       f("lives_with_head", "yes_no"), f("home", "text", max_length=5),
                       f("address", "text", required=True,
                         same_as={"field": "head_address", "when": "lives_with_head == true"}),
                       f("mail", "text", same_as={"field": "home", "when": "true"})])])
DERIVE = proc([f("dob", "date", not_future=True), f("age", "number", derive="age(dob)", min=18),
               f("start", "date", derive="'01/02/2020'"), f("broken", "number", derive="1 / 0"),
               f("senior", "yes_no", derive="age >= 60", visible_if="not empty(dob)")],
              computed=[{"id": "adult", "expr": "age >= 18"}])
DEFAULTS = proc([f("copies", "number", default="1"), f("pay", "radio", default="online",
                                                       options=[{"value": "online", "label": T}]),
                 f("paper", "yes_no", default=False), f("kinds", "checkbox", default=["a"],
                                                        options=[{"value": "a", "label": T}]),
                 f("people", "group", item_label=T, fields=[f("n", "number", default="2"), f("x", "text")])])

RESOLVE = [
    ("same_as_self", SAME, {"applicant_name": " Lê  Hoa ", "applicant_dob": "01/02/1990", "relation": "self",
                            "subject_name": "Ai Khác", "subject_note": "x"},
     {"hidden": ["subject_note"], "copied": ["subject_name", "subject_dob"], "derived": [],
      "answers": {"applicant_name": "Lê Hoa", "applicant_dob": "1990-02-01", "relation": "self",
                  "subject_name": "Lê Hoa", "subject_dob": "1990-02-01", "subject_note": None}}),
    ("same_as_other", SAME, {"applicant_name": "Lê Hoa", "relation": "other", "subject_name": "Trần An"},
     {"hidden": [], "copied": [], "derived": [],
      "answers": {"applicant_name": "Lê Hoa", "relation": "other", "subject_name": "Trần An",
                  "applicant_dob": None, "subject_dob": None, "subject_note": None}}),
    ("same_as_hidden_source", HIDDEN_SOURCE, {"has_phone": False, "phone": "0912345678"},
     {"hidden": ["phone"], "copied": ["contact_phone"], "derived": [],
      "answers": {"has_phone": False, "phone": None, "contact_phone": None}}),
    ("same_as_group", GROUP_SAME, {"head_address": "1 Lê Lợi", "members": [
        {"lives_with_head": "có", "home": "A", "address": "x"}, {"lives_with_head": False, "address": " 2 Trần Phú "}]},
     {"hidden": [], "copied": ["members.0.address", "members.0.mail", "members.1.mail"], "derived": [],
      "answers": {"head_address": "1 Lê Lợi", "members": [
          {"lives_with_head": True, "home": "A", "address": "1 Lê Lợi", "mail": "A"},
          {"lives_with_head": False, "home": None, "address": "2 Trần Phú", "mail": None}]}}),
    ("derive", DERIVE, {"dob": "28/11/1960", "age": "99", "broken": 5},
     {"hidden": [], "copied": [], "derived": ["age", "start", "broken", "senior"],
      "answers": {"dob": "1960-11-28", "age": 66, "start": "2020-02-01", "broken": None, "senior": True}}),
    ("derive_hidden", DERIVE, {},
     {"hidden": ["senior"], "copied": [], "derived": ["age", "start", "broken"],
      "answers": {"dob": None, "age": None, "start": "2020-02-01", "broken": None, "senior": None}}),
]

VALIDATE = [
    ("same_as_not_asked", SAME, {"relation": "self"}, [err("applicant_name", "field.required")]),
    ("same_as_copy_not_rechecked", SAME, {"applicant_name": "Lê 2", "relation": "self", "applicant_dob": "2030-01-01"},
     [err("applicant_name", "full_name.invalid_chars")]),
    ("same_as_asked_when_false", SAME, {"applicant_name": "Lê Hoa", "relation": "other"},
     [err("subject_name", "field.required"), err("subject_dob", "field.required")]),
    ("same_as_rule_reads_copy", SAME, {"applicant_name": "Lê", "relation": "self", "applicant_dob": "1990-01-01"},
     [err("subject_name", "rule.subject_named")]),
    ("same_as_when_error_asks", BAD_WHEN, {"a": "x"}, [err("b", "field.required")]),
    ("same_as_group_item", GROUP_SAME, {"members": [{"lives_with_head": True, "home": "toolong"},
                                                    {"lives_with_head": False}]},
     [err("members.0.home", "text.max_length", {"max": 5, "count": 7}), err("members.1.address", "field.required")]),
    ("derived_never_errs", DERIVE, {"dob": "01/01/2020"}, []),
    ("derived_with_dob_error", DERIVE, {"dob": "01/01/2030"}, [err("dob", "date.future")]),
]

COMPUTE = [
    ("computed_reads_derived", DERIVE, {"dob": "28/11/2000"}, {"adult": True}),
]

INITIAL = [
    ("defaults", DEFAULTS, {"copies": "1", "pay": "online", "paper": False, "kinds": ["a"]}),
    ("no_defaults", SAME, {}),
]

RATES = [
    {"province": "*", "channel": "*", "amount": 8000, "per": "copy"},
    {"province": "31", "channel": "online", "amount": 0, "per": "copy", "note": T},
    {"province": "31", "channel": "*", "amount": 6000, "per": "copy"},
    {"province": "*", "channel": "in_person", "amount": 9000, "per": "copy"},
]
RATE_CASES = [
    ("exact_both", "31", "online", 1), ("exact_province", "31", "in_person", 2), ("exact_channel", "01", "in_person", 3),
    ("general", "01", "online", 0), ("no_province", None, "online", 0), ("no_province_in_person", None, "in_person", 3),
]
FEE_PROC = {**proc([f("copies", "number", integer=True, min=0)]), "fees": {
    "rates": [{"province": "*", "channel": "*", "amount": 0, "per": "dossier", "part": "registration", "label": T},
              {"province": "*", "channel": "*", "amount": 8000, "per": "copy", "part": "copies", "label": T},
              {"province": "31", "channel": "online", "amount": 0, "per": "copy", "part": "copies"}],
    "quantity_field": "copies", "exemptions": [T], "basis": ["TT 281/2016/TT-BTC"], "note": T}}
SCALE_PROC = {**proc([f("pages", "number"), f("copies", "number")],
                     computed=[{"id": "fee_total",
                                "expr": "pages and copies * min(200000, 1000 * pages + 1000 * min(pages, 2))"}]),
              "fees": {"rates": [{"province": "*", "channel": "*", "amount": 2000, "per": "page"},
                                 {"province": "31", "channel": "*", "amount": 0, "per": "page"}],
                       "quantity_field": "pages"}}
PERSON_PROC = {**proc([f("members", "group", item_label=T, fields=[f("name", "text")])],
                      computed=[{"id": "people", "expr": "count(members) + 1"}]),
               "fees": {"rates": [{"province": "*", "channel": "*", "amount": 5000, "per": "person"}],
                        "quantity_field": "people"}}


def _line(part, per, amount, quantity, subtotal, label=T, note=None):
    return {"part": part, "label": label, "per": per, "amount": amount, "quantity": quantity, "subtotal": subtotal,
            "note": note}


def _quote(province, channel, lines, total, scale=False, fees=None):
    fees = fees or {}
    return {"province": province, "channel": channel, "lines": lines, "total": total, "scale": scale,
            "exemptions": fees.get("exemptions", []), "basis": fees.get("basis", []), "note": fees.get("note")}


FF = FEE_PROC["fees"]
QUOTES = [
    ("parts", FEE_PROC, {"copies": "2"}, None, "online",
     _quote(None, "online", [_line("registration", "dossier", 0, None, 0), _line("copies", "copy", 8000, 2, 16000)],
            16000, fees=FF)),
    ("parts_province_free_online", FEE_PROC, {"copies": "2"}, "31", "online",
     _quote("31", "online", [_line("registration", "dossier", 0, None, 0), _line("copies", "copy", 0, 2, 0)], 0,
            fees=FF)),
    ("count_missing", FEE_PROC, {}, "01", "in_person",
     _quote("01", "in_person", [_line("registration", "dossier", 0, None, 0), _line("copies", "copy", 8000, None, None)],
            None, fees=FF)),
    ("count_zero", FEE_PROC, {"copies": 0}, None, "online",
     _quote(None, "online", [_line("registration", "dossier", 0, None, 0), _line("copies", "copy", 8000, 0, 0)], 0,
            fees=FF)),
    ("count_not_whole", FEE_PROC, {"copies": "1,5"}, None, "online",
     _quote(None, "online", [_line("registration", "dossier", 0, None, 0), _line("copies", "copy", 8000, None, None)],
            None, fees=FF)),
    ("scale", SCALE_PROC, {"pages": "3", "copies": "2"}, None, "online",
     _quote(None, "online", [_line("fee", "page", 2000, 3, 6000, label=None)], 10000, scale=True)),
    ("scale_free_province", SCALE_PROC, {"pages": "3", "copies": "2"}, "31", "online",
     _quote("31", "online", [_line("fee", "page", 0, 3, 0, label=None)], 0)),
    ("per_person_computed_count", PERSON_PROC, {"members": [{"name": "a"}, {"name": "b"}]}, None, "online",
     _quote(None, "online", [_line("fee", "person", 5000, 3, 15000, label=None)], 15000)),
    ("no_fees", proc([f("x", "text")]), {}, None, "online", _quote(None, "online", [], 0)),
]


def cases():
    for name, procedure, answers, expect in RESOLVE:
        yield "validate_links", {"id": f"resolve.{name}", "kind": "resolve", "procedure": procedure,
                                 "answers": answers, "today": TODAY, "expect": expect}
    for name, procedure, answers, errors in VALIDATE:
        yield "validate_links", {"id": f"validate.{name}", "kind": "validate", "procedure": procedure,
                                 "answers": answers, "today": TODAY, "expect": {"errors": errors}}
    for name, procedure, answers, values in COMPUTE:
        yield "validate_links", {"id": f"compute.{name}", "kind": "compute", "procedure": procedure,
                                 "answers": answers, "today": TODAY, "expect": {"value": values}}
    for name, procedure, values in INITIAL:
        yield "validate_links", {"id": f"initial.{name}", "kind": "initial", "procedure": procedure,
                                 "expect": {"value": values}}
    yield "validate_links", {"id": "initial.group_item", "kind": "initial_item",
                             "field": DEFAULTS["steps"][0]["fields"][4], "expect": {"value": {"n": "2"}}}
    for name, province, channel, index in RATE_CASES:
        yield "fees_quote", {"id": f"rate.{name}", "kind": "rate", "rates": RATES, "province": province,
                             "channel": channel, "expect": {"value": RATES[index]}}
    for name, procedure, answers, province, channel, quote in QUOTES:
        yield "fees_quote", {"id": f"fee.{name}", "kind": "fee_quote", "procedure": procedure, "answers": answers,
                             "province": province, "channel": channel, "today": TODAY, "expect": {"value": quote}}
