"""Whole-form validation properties: hidden fields never produce errors; nothing but lists come out."""
from hypothesis import given, settings
from hypothesis import strategies as st

from volunteer_app.domain.rules.validate import compute, resolve, validate

T = {"vi": "x", "en": "x"}
PROCEDURE = {
    "steps": [
        {"id": "s1", "title": T, "fields": [
            {"id": "show", "type": "yes_no", "label": T},
            {"id": "name", "type": "full_name", "label": T, "required": True, "visible_if": "show"},
            {"id": "dob", "type": "date", "label": T, "not_future": True, "visible_if": "show == true"},
            {"id": "members", "type": "group", "label": T, "visible_if": "show", "min_items": 1, "fields": [
                {"id": "full_name", "type": "full_name", "label": T, "required": True},
                {"id": "cccd", "type": "personal_id", "label": T, "dob_field": "dob"}]},
        ]},
        {"id": "s2", "title": T, "visible_if": "show", "fields": [
            {"id": "agree", "type": "consent", "label": T, "text": T}]},
    ],
    "rules": [{"id": "adult", "check": "age(dob) >= 18", "fields": ["dob"], "message": "rule.adult"}],
    "computed": [{"id": "n", "expr": "count(members) * 8000"}],
}
VALUE = st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=6) | st.sampled_from(
    ["2030-01-01", "01/01/2000", "abc", "001095012345"])
ITEM = st.dictionaries(st.sampled_from(["full_name", "cccd"]), VALUE, max_size=2)
ANSWERS = st.fixed_dictionaries({}, optional={
    "show": st.booleans() | st.just("có"), "name": VALUE, "dob": VALUE, "agree": VALUE,
    "members": st.lists(ITEM | VALUE, max_size=3) | VALUE})


@settings(max_examples=300, deadline=None)
@given(ANSWERS)
def test_hidden_fields_never_produce_errors(answers):
    errors = validate(PROCEDURE, answers, "2026-11-28")
    if answers.get("show") is not True and answers.get("show") != "có":
        assert errors == []
    hidden = resolve(PROCEDURE, answers, "2026-11-28")["hidden"]
    for error in errors:
        assert not any(error["field"] == h or error["field"].startswith(h + ".") for h in hidden)


@settings(max_examples=200, deadline=None)
@given(st.one_of(ANSWERS, st.none(), st.lists(VALUE)))
def test_validate_and_compute_never_raise(answers):
    assert isinstance(validate(PROCEDURE, answers, "2026-11-28"), list)
    assert set(compute(PROCEDURE, answers, "2026-11-28")) == {"n"}


def test_validation_is_deterministic():
    answers = {"show": True, "members": [{}, {"cccd": "1"}], "dob": "2030-01-01"}
    assert validate(PROCEDURE, answers, "2026-11-28") == validate(PROCEDURE, dict(answers), "2026-11-28")


def test_today_may_be_a_date_object():
    import datetime as dt

    assert validate(PROCEDURE, {"show": True, "name": "An", "dob": "2026-11-29", "members": [{"full_name": "An"}],
                                "agree": True}, dt.date(2026, 11, 28)) == [
        {"field": "dob", "key": "date.future", "params": {}}]


def test_pydantic_like_models_are_dumped():
    class Model:
        def model_dump(self, mode="python", exclude_none=False):
            assert (mode, exclude_none) == ("json", True)  # absent options stay absent
            return PROCEDURE

    assert compute(Model(), {"show": True, "members": [{"full_name": "A"}]}, "2026-11-28") == {"n": 8000}
