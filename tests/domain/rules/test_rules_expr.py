"""Expression language: behaviour beyond the parity vectors (caching, limits, hostile input)."""
import datetime as dt
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from volunteer_app.domain.rules import expr
from volunteer_app.domain.rules.expr import ExprError, evaluate, parse, references

JSON_LEAF = st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False, width=64) | st.text(max_size=8)
JSON = st.recursive(JSON_LEAF, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(["a", "b", "m", "0", "n", "dob", "constructor"]), inner, max_size=4), max_leaves=12)
ANSWERS = st.dictionaries(st.sampled_from(["a", "b", "m", "n", "dob", "x", "name"]), JSON, max_size=5)

TOKENS = ["a", "b.0", "m.1.n", "dob", "1", "2.5", "0", "-", "+", "*", "/", "%", "(", ")", "[", "]", ",",
          "==", "!=", "<", "<=", ">", ">=", "and", "or", "not", "in", "true", "false", "null", "'x'", "'Nguyễn'",
          "len(", "empty(", "count(", "sum(", "min(", "max(", "round(", "age(", "years_between(", "date(",
          "contains(", "lower(", "today()", "'2000-01-01'", "'01/07/2025'"]


def test_parse_is_cached():
    assert parse("a + 1") is parse("a + 1")


def test_cache_is_bounded():
    for i in range(expr._CACHE_SIZE + 10):
        parse(f"a + {i}")
    assert len(expr._cache) <= expr._CACHE_SIZE


def test_today_comes_only_from_the_context():
    with pytest.raises(ExprError):
        evaluate("today()", {})
    assert evaluate("today()", {}, today="2025-07-01") == "2025-07-01"
    assert evaluate("today()", {}, today=lambda: "2024-02-29") == "2024-02-29"
    assert evaluate("age('2000-07-01')", {}, today=dt.date(2025, 7, 1)) == 25
    with pytest.raises(ExprError):
        evaluate("today()", {}, today="31/02/2025")


def test_whole_results_are_ints_and_others_floats():
    assert type(evaluate("4 / 2")) is int
    assert type(evaluate("0.5 + 0.5")) is int
    assert type(evaluate("1 / 4")) is float
    assert type(evaluate("round(2.5)")) is int


def test_nesting_limit_is_an_expr_error_not_recursion_error():
    for source in ["(" * 1000 + "1" + ")" * 1000, "-" * 5000 + "1", "not " * 2000 + "1",
                   "1" + "+1" * 999, "[" * 500, "len(" * 500]:
        with pytest.raises(ExprError):
            parse(source)


def test_deep_answers_are_an_expr_error():
    deep: object = 1
    for _ in range(100):
        deep = [deep]
    with pytest.raises(ExprError):
        evaluate("a", {"a": deep})


def test_unsupported_answer_types_are_rejected():
    with pytest.raises(ExprError):
        evaluate("a", {"a": object()})
    with pytest.raises(ExprError):
        evaluate("a", ["not", "a", "mapping"])


def test_references_accepts_a_parsed_tree():
    assert references(parse("a + b.c")) == ["a", "b.c"]


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_raises_only_expr_error(source):
    try:
        node = parse(source)
    except ExprError:
        return
    try:
        evaluate(node, {}, today="2026-11-28")
    except ExprError:
        pass


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=14), ANSWERS,
       st.sampled_from([None, "2026-11-28", "1999-12-31"]))
def test_token_soup_raises_only_expr_error(tokens, answers, today):
    source = " ".join(tokens)
    try:
        value = evaluate(source, answers, today=today)
    except ExprError:
        return
    # Whatever comes out is plain JSON with int-when-whole numbers.
    json.dumps(value, allow_nan=False)
    if isinstance(value, float):
        assert math.isfinite(value) and not value.is_integer()
