"""Whole-form parity cases: validate / compute / resolve / message (expectations written by hand)."""
import unicodedata

T = {"vi": "x", "en": "x"}
TODAY = "2026-11-28"
SHA = "b" * 64
FILE = {"sha256": SHA, "size": 10, "mime": "application/pdf", "name": "gcs.pdf"}


def f(fid, ftype, **opts):
    return {"id": fid, "type": ftype, "label": T, **opts}


def proc(*steps, rules=None, computed=None, documents=None):
    p = {"code": "1.001193", "steps": [
        {"id": f"s{i}", "title": T, **({"visible_if": s[0]} if isinstance(s, tuple) else {}),
         "fields": list(s[1] if isinstance(s, tuple) else s)}
        for i, s in enumerate(steps)]}
    if rules is not None:
        p["rules"] = rules
    if computed is not None:
        p["computed"] = computed
    if documents is not None:
        p["documents"] = documents
    return p


def err(field, key, params=None):
    e = {"field": field, "key": key}
    if params is not None:
        e["params"] = params
    return e


BASIC = proc([f("name", "full_name", required=True), f("phone", "phone", required=True)],
             [f("agree", "consent", text=T)])
FATHER = proc([f("has_father", "yes_no", required=True)],
              ("has_father == true", [f("father_name", "full_name", required=True)]))
HIDDEN_FIELD = proc([f("contact", "yes_no"), f("phone", "phone", visible_if="contact", required=True)])
REQ_IF = proc([f("copies", "number", integer=True, min=1), f("note", "long_text", required_if="copies > 1")])
MEMBER_FIELDS = [f("full_name", "full_name", required=True), f("dob", "date", not_future=True),
                 f("sex", "radio", options=[{"value": "nam", "label": T}, {"value": "nu", "label": T}]),
                 f("cccd", "personal_id", dob_field="dob", sex_field="sex", visible_if="age(dob) >= 14")]
MEMBERS = proc([f("members", "group", fields=MEMBER_FIELDS, min_items=1, max_items=3, item_label=T)])
ADULT = proc([f("dob", "date", required=True, not_future=True)],
             rules=[{"id": "adult", "check": "age(dob) >= 18", "fields": ["dob"], "message": "rule.applicant_adult",
                     "params": {"age": "age(dob)", "bad": "1 / 0"}}])
RANGE = proc([f("start_date", "date"), f("end_date", "date")],
             rules=[{"id": "order", "check": "end_date > start_date", "fields": ["start_date", "end_date"],
                     "message": "rule.end_after_start"}])
HIDDEN_RULE = proc([f("married", "yes_no"), f("wedding", "date", visible_if="married == true")],
                   rules=[{"id": "w", "check": "wedding >= '2000-01-01'", "fields": ["wedding"], "message": "rule.w"}])
DOCS = [{"id": "gcs", "name": T, "form": "original", "count": 1, "required": True, "accept": ["application/pdf"],
         "max_size_mb": 5},
        {"id": "witness", "name": T, "form": "original", "count": 1, "required": False,
         "required_if": "birth_place == 'home'", "accept": ["application/pdf"], "max_size_mb": 5}]
DOC_PROC = proc([f("birth_place", "select", options=[{"value": "hospital", "label": T}, {"value": "home", "label": T}]),
                 f("gcs_scan", "document", document="gcs"), f("witness_scan", "document", document="witness")],
                documents=DOCS)
FEE = proc([f("copies", "number", integer=True, min=1, max=50)],
           computed=[{"id": "fee_total", "expr": "copies * 8000"}, {"id": "fee_text", "expr": "fee_total + ' đ'"},
                     {"id": "double", "expr": "fee_total * 2"}],
           rules=[{"id": "cap", "check": "fee_total <= 200000", "fields": ["copies"], "message": "rule.fee_cap",
                   "params": {"total": "fee_total"}}])
CHAIN = proc([f("a", "select", options=[{"value": "yes", "label": T}, {"value": "no", "label": T}]),
              f("b", "text", visible_if="a == 'yes'"), f("c", "text", visible_if="not empty(b)", required=True)])
STEP_COMPUTED = proc([f("copies", "number")], ("total > 0", [f("pay", "select", required=True, options=[
    {"value": "online", "label": T}])]), computed=[{"id": "total", "expr": "copies * 8000"}])
ORDER = proc([f("cccd", "personal_id", dob_field="dob"), f("dob", "date", not_future=True,
                                                            min_years_before={"field": "today", "years": 18})],
             [f("agree", "consent")])
PLACE = proc([f("city", "select", required=True, options=[{"value": "Hà Nội", "label": T}])])
BROKEN_EXPR = proc([f("x", "text", visible_if="1 / 0", required=True), f("y", "text", required_if="1 / 0")],
                   rules=[{"id": "r", "check": "x + 1 > 0", "fields": ["x"], "message": "rule.r"}])
ADDRESS = proc([f("addr", "address", required=True, require_street=True)])
FORMLESS_RULE = proc([f("a", "number"), f("b", "number")],
                     rules=[{"id": "sum", "check": "a + b == 10", "fields": [], "message": "rule.sum"}])
NESTED_VIS = proc([f("kids", "group", fields=[f("name", "full_name", required=True),
                                              f("school", "text", visible_if="name == 'An'", required=True)])])
GLOBAL_IN_GROUP = proc([f("mode", "select", options=[{"value": "full", "label": T}, {"value": "short", "label": T}]),
                        f("people", "group", fields=[f("name", "full_name", required=True),
                                                     f("phone", "phone", required_if="mode == 'full'")])])

FIELD_ERRORS_BLOCK_RULE = proc([f("dob", "date", not_future=True)],
                               rules=[{"id": "adult", "check": "age(dob) >= 18", "fields": ["dob"],
                                       "message": "rule.applicant_adult"}])

GOOD_MEMBER = {"full_name": "Nguyễn Văn An", "dob": "02/03/1995", "sex": "nam", "cccd": "001095012345"}

VALIDATE = [
    ("required_in_step_order", BASIC, {}, [err("name", "field.required"), err("phone", "field.required"),
                                           err("agree", "consent.required")]),
    ("all_good", BASIC, {"name": "Lê Thị Hồng", "phone": "+84 912 345 678", "agree": True}, []),
    ("consent_false", BASIC, {"name": "Lê Thị Hồng", "phone": "0912345678", "agree": False},
     [err("agree", "consent.required")]),
    ("type_errors", BASIC, {"name": "Lê 2", "phone": "12345", "agree": True},
     [err("name", "full_name.invalid_chars"), err("phone", "phone.invalid")]),
    ("answers_not_a_mapping", BASIC, ["x"], [err("name", "field.required"), err("phone", "field.required"),
                                             err("agree", "consent.required")]),
    ("hidden_step_skipped", FATHER, {"has_father": False}, []),
    ("hidden_step_answered_invalid", FATHER, {"has_father": False, "father_name": "123"}, []),
    ("visible_step_required", FATHER, {"has_father": True}, [err("father_name", "field.required")]),
    ("visible_step_from_text", FATHER, {"has_father": "có", "father_name": "Trần Văn B"}, []),
    ("missing_yes_no", FATHER, {}, [err("has_father", "field.required")]),
    ("hidden_field_invalid_value", HIDDEN_FIELD, {"contact": False, "phone": "abc"}, []),
    ("shown_field_invalid_value", HIDDEN_FIELD, {"contact": True, "phone": "abc"}, [err("phone", "phone.invalid")]),
    ("required_if_true", REQ_IF, {"copies": "2"}, [err("note", "field.required")]),
    ("required_if_false", REQ_IF, {"copies": "1"}, []),
    ("required_if_null", REQ_IF, {}, []),
    ("group_paths", MEMBERS, {"members": [{"full_name": "An", "dob": "2030-01-01"}, {"full_name": ""}]},
     [err("members.0.dob", "date.future"), err("members.1.full_name", "field.required")]),
    ("group_item_visibility", MEMBERS, {"members": [{"full_name": "Bé", "dob": "2020-01-01", "cccd": "abc"},
                                                    {"full_name": "Ông", "dob": "1950-01-01", "cccd": "abc"}]},
     [err("members.1.cccd", "personal_id.digits")]),
    ("group_item_sibling_check", MEMBERS, {"members": [GOOD_MEMBER, {**GOOD_MEMBER, "sex": "nu"}]},
     [err("members.1.cccd", "personal_id.sex")]),
    ("group_min_items", MEMBERS, {"members": []}, [err("members", "group.min_items", {"min": 1, "count": 0})]),
    ("group_min_items_missing", MEMBERS, {}, [err("members", "group.min_items")]),
    ("group_max_items", MEMBERS, {"members": [GOOD_MEMBER] * 4}, [err("members", "group.max_items")]),
    ("group_bad_item_then_fields", MEMBERS, {"members": ["x", {"full_name": "1"}]},
     [err("members.0", "group.invalid"), err("members.1.full_name", "full_name.invalid_chars")]),
    ("group_not_a_list", MEMBERS, {"members": "x"}, [err("members", "group.invalid")]),
    ("rule_fails_with_params", ADULT, {"dob": "2015-01-01"},
     [err("dob", "rule.applicant_adult", {"age": 11, "bad": None})]),
    ("rule_passes", ADULT, {"dob": "01/01/2000"}, []),
    ("rule_skipped_when_empty", ADULT, {}, [err("dob", "field.required")]),
    ("rule_skipped_when_field_has_error", ADULT, {"dob": "31/02/2015"}, [err("dob", "date.invalid")]),
    ("rule_skipped_after_type_error", FIELD_ERRORS_BLOCK_RULE, {"dob": "2027-01-01"}, [err("dob", "date.future")]),
    ("rule_two_fields", RANGE, {"start_date": "2025-01-02", "end_date": "01/01/2025"},
     [err("start_date", "rule.end_after_start"), err("end_date", "rule.end_after_start")]),
    ("rule_two_fields_pass", RANGE, {"start_date": "2025-01-02", "end_date": "03/01/2025"}, []),
    ("rule_one_value_missing", RANGE, {"start_date": "2025-01-02"}, []),
    ("rule_on_hidden_field", HIDDEN_RULE, {"married": False, "wedding": "1990-01-01"}, []),
    ("rule_on_shown_field", HIDDEN_RULE, {"married": True, "wedding": "1990-01-01"}, [err("wedding", "rule.w")]),
    ("document_required", DOC_PROC, {"birth_place": "hospital"}, [err("gcs_scan", "document.required")]),
    ("document_required_if", DOC_PROC, {"birth_place": "home", "gcs_scan": [FILE]},
     [err("witness_scan", "document.required")]),
    ("documents_present", DOC_PROC, {"birth_place": "home", "gcs_scan": [FILE], "witness_scan": [FILE]}, []),
    ("document_wrong_type", DOC_PROC, {"gcs_scan": [{**FILE, "mime": "image/png", "name": "a.png"}]},
     [err("gcs_scan.0", "document.mime", {"name": "a.png"})]),
    ("computed_rule", FEE, {"copies": "30"}, [err("copies", "rule.fee_cap", {"total": 240000})]),
    ("computed_rule_ok", FEE, {"copies": "3"}, []),
    ("field_error_blocks_rule", FEE, {"copies": "60"}, [err("copies", "number.max")]),
    ("chain_hidden", CHAIN, {"a": "no", "b": "x"}, []),
    ("chain_shown", CHAIN, {"a": "yes", "b": "x", "c": ""}, [err("c", "field.required")]),
    ("chain_b_empty", CHAIN, {"a": "yes", "b": " "}, []),
    ("step_uses_computed", STEP_COMPUTED, {"copies": 2}, [err("pay", "field.required")]),
    ("step_uses_computed_hidden", STEP_COMPUTED, {"copies": 0}, []),
    ("order_within_field", ORDER, {"cccd": "999205012345", "dob": "2027-01-01"},
     [err("cccd", "personal_id.province"), err("cccd", "personal_id.birth_year"),
      err("dob", "date.future"), err("dob", "date.min_years_before"), err("agree", "consent.required")]),
    ("nfd_select", PLACE, {"city": unicodedata.normalize("NFD", "Hà Nội")}, []),
    ("expr_errors_are_safe", BROKEN_EXPR, {"x": ""}, [err("x", "field.required")]),
    ("rule_expr_error_skipped", BROKEN_EXPR, {"x": "a"}, []),
    ("address_parts", ADDRESS, {"addr": {"province": "79"}}, [err("addr", "address.commune"), err("addr", "address.street")]),
    ("address_empty", ADDRESS, {"addr": {"province": " ", "commune": ""}}, [err("addr", "field.required")]),
    ("rule_without_fields", FORMLESS_RULE, {"a": 1, "b": 2}, [err("", "rule.sum")]),
    ("rule_without_fields_pass", FORMLESS_RULE, {"a": 4, "b": 6}, []),
    ("nested_visibility", NESTED_VIS, {"kids": [{"name": "An"}, {"name": "Bình", "school": ""}]},
     [err("kids.0.school", "field.required")]),
    ("group_required_if_reads_root", GLOBAL_IN_GROUP, {"mode": "full", "people": [{"name": "An"}]},
     [err("people.0.phone", "field.required")]),
    ("group_required_if_root_false", GLOBAL_IN_GROUP, {"mode": "short", "people": [{"name": "An"}]}, []),
]

UNITS_CASE = ("units_lookup", ADDRESS, {"addr": {"province": "79", "commune": "99999", "street": "1 Lê Lợi"}},
              [err("addr", "address.commune_unknown")])

COMPUTE = [
    ("fee", FEE, {"copies": "3"}, {"fee_total": 24000, "fee_text": None, "double": 48000}),
    ("fee_missing", FEE, {}, {"fee_total": None, "fee_text": None, "double": None}),
    ("fee_text_input", FEE, {"copies": "ba"}, {"fee_total": None, "fee_text": None, "double": None}),
    ("hidden_values_are_null", proc([f("n", "number", visible_if="false")], computed=[{"id": "x", "expr": "n or 7"}]),
     {"n": 3}, {"x": 7}),
    ("count_members", proc([f("members", "group", fields=[f("name", "text")])],
                           computed=[{"id": "n", "expr": "count(members)"}, {"id": "fee", "expr": "n * 8000"}]),
     {"members": [{"name": "a"}, {"name": ""}, {"name": "b"}]}, {"n": 2, "fee": 16000}),
    ("age_today", proc([f("dob", "date")], computed=[{"id": "age", "expr": "age(dob)"}]), {"dob": "28/11/2008"}, {"age": 18}),
]

RESOLVE = [
    ("hidden_paths", CHAIN, {"a": "no", "b": "x", "c": "y"}, ["b", "c"], {"a": "no", "b": None, "c": None}),
    ("hidden_step", FATHER, {"has_father": "không", "father_name": "X"}, ["father_name"],
     {"has_father": False, "father_name": None}),
    ("group_hidden_items", MEMBERS, {"members": [{"full_name": " Bé  Na ", "dob": "1/1/2020", "cccd": "1"}]},
     ["members.0.cccd"], {"members": [{"full_name": "Bé Na", "dob": "2020-01-01", "sex": None, "cccd": None}]}),
]

MESSAGES = [
    ("personal_id.length", {"count": 11}, "vi",
     "Số định danh cá nhân phải có 12 chữ số; bạn đã nhập 11. Hãy đối chiếu lại với thẻ căn cước."),
    ("personal_id.length", {"count": 11}, "en",
     "The personal ID number must have 12 digits; you entered 11. Check it against the ID card."),
    ("money.min", {"min": "8.000 đ"}, "vi", "Số tiền tối thiểu là 8.000 đ. Hãy nhập số tiền lớn hơn."),
    ("group.min_items", {"min": 12000, "count": 1}, "vi", "Cần ít nhất 12.000 mục (hiện có 1). Hãy bấm “Thêm” để bổ sung."),
    ("group.min_items", {"min": 12000, "count": 1}, "en", "At least 12,000 entries are needed (there are 1). Press “Add” to add more."),
    ("document.too_large", {"name": "a.jpg", "max_mb": 2.5}, "vi",
     "Tệp “a.jpg” lớn hơn 2,5 MB. Hãy chụp lại với độ phân giải thấp hơn hoặc nén tệp."),
    ("document.too_large", {"name": "a.jpg", "max_mb": 2.5}, "en",
     "The file “a.jpg” is larger than 2.5 MB. Take the photo again at a lower resolution or compress the file."),
    ("personal_id.birth_year", {"year": 1995}, "vi",
     "Chữ số thứ 5 và 6 phải là hai số cuối của năm sinh 1995. Hãy kiểm tra lại số định danh và ngày sinh."),
    ("text.max_length", {"max": 5}, "vi", "Tối đa 5 ký tự; bạn đã nhập {count}. Hãy rút gọn lại."),
    ("date.min_years_before", {"years": 18, "date": "28/11/2026"}, "vi",
     "Ngày này phải trước ngày 28/11/2026 ít nhất 18 năm. Hãy kiểm tra lại năm."),
    ("field.required", {}, "en", "This is required. Enter or choose an answer."),
    ("personal_id.province", {"code": "999"}, "en",
     "The first three digits (999) are not a valid province code. Check the number on the ID card."),
    ("checkbox.max_items", {"max": 2, "count": -12345}, "vi",
     "Chỉ được chọn tối đa 2 mục (bạn đã chọn -12.345). Hãy bỏ bớt."),
    ("number.min", {"min": 2.0}, "vi", "Số nhỏ nhất được phép là 2. Hãy nhập số lớn hơn."),
]


def cases():
    for name, procedure, answers, errors in VALIDATE:
        yield "validate_forms", {"id": f"validate.{name}", "kind": "validate", "procedure": procedure,
                                 "answers": answers, "today": TODAY, "expect": {"errors": errors}}
    name, procedure, answers, errors = UNITS_CASE
    yield "validate_forms", {"id": f"validate.{name}", "kind": "validate", "procedure": procedure, "answers": answers,
                             "today": TODAY, "units": {"79": ["26734"]}, "expect": {"errors": errors}}
    for name, procedure, answers, values in COMPUTE:
        yield "validate_compute", {"id": f"compute.{name}", "kind": "compute", "procedure": procedure,
                                   "answers": answers, "today": TODAY, "expect": {"value": values}}
    for name, procedure, answers, hidden, resolved in RESOLVE:
        yield "validate_compute", {"id": f"resolve.{name}", "kind": "resolve", "procedure": procedure,
                                   "answers": answers, "today": TODAY,
                                   "expect": {"hidden": hidden, "answers": resolved}}
    for i, (key, params, lang, text) in enumerate(MESSAGES):
        yield "validate_messages", {"id": f"message.{i}.{key}", "kind": "message", "key": key, "params": params,
                                    "lang": lang, "expect": {"value": text}}
