"""Randomised Python/JS parity: the same generated expressions and field inputs give the same results.

Complements the hand-written vectors; seeded, so failures reproduce. Skipped when Node is absent.
"""
import json
import random
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from vector_runner import strict_equal
from volunteer_app.domain.rules.expr import ExprError, evaluate
from volunteer_app.domain.rules.fields import FIELD_TYPES, normalize, validate_field

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
# Both the venv's Node (24) and the system Node (20) must agree with Python.
NODES = sorted({str(p) for p in [ROOT / ".venv/bin/node", shutil.which("node")] if p and Path(p).exists()})
pytestmark = [pytest.mark.skipif(not NODES, reason="node is not installed"),
              pytest.mark.parametrize("node", NODES)]

PATHS = ["a", "b", "n", "s", "l", "o.x", "l.0", "l.9", "missing", "dob", "name"]
LITERALS = ["0", "1", "2", "3", "0.5", "2.25", "10", "9007199254740991", "'a'", "'b'", "''", "'Nguyễn'",
            "'2000-02-29'", "'01/07/2025'", "true", "false", "null", "'\U0001F600'", "'\uFFFD'"]
BINARY = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "and", "or"]
CALLS = {"len": 1, "empty": 1, "count": 1, "sum": 1, "min": 2, "max": 2, "round": 2, "age": 1,
         "years_between": 2, "date": 1, "contains": 2, "lower": 1}


def gen(rng: random.Random, depth: int) -> str:
    roll = rng.random()
    if depth <= 0 or roll < 0.3:
        return rng.choice(LITERALS + PATHS)
    if roll < 0.55:
        return f"({gen(rng, depth - 1)} {rng.choice(BINARY)} {gen(rng, depth - 1)})"
    if roll < 0.65:
        return f"{rng.choice(['-', 'not '])}{gen(rng, depth - 1)}"
    if roll < 0.9:
        name = rng.choice(list(CALLS))
        return f"{name}({', '.join(gen(rng, depth - 1) for _ in range(CALLS[name]))})"
    return "[" + ", ".join(gen(rng, depth - 1) for _ in range(rng.randint(0, 3))) + "]"


def answers(rng: random.Random) -> dict:
    return {
        "a": rng.choice([1, 2.5, -3, 0, None, "x"]), "b": rng.choice([True, False, 7, "7"]),
        "n": rng.choice([3.0, 1e20, 0.1, -0.0]), "s": rng.choice(["Thanh", unicodedata.normalize("NFD", "Nguyễn"), " "]),
        "l": rng.choice([[1, 2, 3], ["a", None], [], [{"x": 1}, {}]]), "o": rng.choice([{"x": 2}, {}, {"x": None}]),
        "dob": rng.choice(["2000-02-29", "31/12/1999", "bad", None]), "name": rng.choice(["ĐẶNG", "lê", ""]),
    }


def same(ours, theirs) -> bool:
    """strict_equal after a JSON round trip; unsafe-size numbers print differently (1e+20 vs 1000…0)."""
    ours = json.loads(json.dumps(ours))
    if isinstance(ours, (int, float)) and isinstance(theirs, (int, float)) and abs(ours) > 2**53:
        return float(ours) == float(theirs) and not isinstance(ours, bool) and not isinstance(theirs, bool)
    if isinstance(ours, list) and isinstance(theirs, list):
        return len(ours) == len(theirs) and all(same(a, b) for a, b in zip(ours, theirs))
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return ours.keys() == theirs.keys() and all(same(ours[k], theirs[k]) for k in ours)
    return strict_equal(ours, theirs)


def run_js(node: str, cases: list[dict]) -> list[dict]:
    result = subprocess.run([node, str(HERE / "js_eval.mjs")], input=json.dumps(cases), capture_output=True,
                            text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout)


def test_random_expressions_match_js(node):
    rng = random.Random(20261128)
    cases = [{"kind": "expr", "expr": gen(rng, 4), "answers": answers(rng),
              "today": rng.choice(["2026-11-28", "2024-02-29", None])} for _ in range(1500)]
    js = run_js(node, cases)
    mismatches = []
    for case, theirs in zip(cases, js):
        try:
            ours = {"value": evaluate(case["expr"], case["answers"], today=case["today"])}
        except ExprError:
            ours = {"error": "ExprError"}
        if not same(ours, theirs):
            mismatches.append((case["expr"], case["answers"], ours, theirs))
    assert not mismatches[:5], mismatches[:5]
    assert sum("value" in r for r in js) > 300  # the generator reaches evaluation, not just parse errors


RAW_VALUES = ["", " ", "8.000", "1.234,5", "12,5", "-3", "8.000 đ", "8,000", "1/7/2025", "31/02/2025",
              "2025-07-01", "+84 912 345 678", "(024) 3825 1234", "001 095 012345", "123456789", "có", "Không",
              "a", " b ", unicodedata.normalize("NFD", " Nguyễn  Văn ") , "H'Hen Niê", "an@x.vn", "x@", 0, 1, 2.5,
              8000, -1, True, False, None, [], ["a", "a", " b"], ["z"], {}, {"province": "79", "commune": " 1 "},
              {"province": "", "street": "  12  Lê Lợi"}, [{"name": " An ", "dob": "1/1/2000"}, "x"],
              [{"sha256": "a" * 64, "size": 5, "mime": "image/png", "name": "a.png"}], 1e20, "99999999999999999999"]
OPTIONS = [{"value": v, "label": {"vi": v, "en": v}} for v in ("a", "b")]


def test_random_field_inputs_match_js(node):
    rng = random.Random(7)
    cases = []
    for kind in FIELD_TYPES:
        for raw in RAW_VALUES:
            field = {"id": "f", "type": kind, "options": OPTIONS, "required": rng.random() < 0.5,
                     "fields": [{"id": "name", "type": "full_name"}, {"id": "dob", "type": "date"}]}
            if rng.random() < 0.7:
                field.update({"min": 1, "max": 9000, "min_items": 1, "max_items": 2, "max_length": 5,
                              "integer": True, "not_future": True, "dob_field": "dob", "sex_field": "sex",
                              "require_street": True, "pattern": "[a-z]+"})
            cases.append({"kind": "field", "field": field, "raw": raw,
                          "answers": {"dob": "1995-03-02", "sex": rng.choice(["nam", "Nữ", None])},
                          "today": "2026-11-28"})
    js = run_js(node, cases)
    mismatches = []
    for case, theirs in zip(cases, js):
        ours = {"value": normalize(case["field"], case["raw"]),
                "errors": validate_field(case["field"], case["raw"], answers=case["answers"], today=case["today"])}
        if not same(ours, theirs):
            mismatches.append((case["field"]["type"], case["raw"], ours, theirs))
    assert not mismatches[:5], mismatches[:5]


def test_random_forms_match_js(node):
    from test_rules_validate import PROCEDURE

    from volunteer_app.domain.rules.validate import compute, validate

    rng = random.Random(99)
    pool = RAW_VALUES + ["2030-01-01", "01/01/2000", "001095012345"]
    cases = []
    for _ in range(400):
        answers = {k: rng.choice(pool) for k in ("name", "dob", "agree") if rng.random() < 0.8}
        answers["show"] = rng.choice([True, False, "có", None])
        answers["members"] = rng.choice([[{"full_name": rng.choice(pool), "cccd": rng.choice(pool)}
                                          for _ in range(rng.randint(0, 3))], rng.choice(pool)])
        cases.append({"kind": "validate", "procedure": PROCEDURE, "answers": answers, "today": "2026-11-28"})
    js = run_js(node, cases)
    mismatches = []
    for case, theirs in zip(cases, js):
        ours = {"errors": validate(PROCEDURE, case["answers"], case["today"]),
                "computed": compute(PROCEDURE, case["answers"], case["today"])}
        if not same(ours, theirs):
            mismatches.append((case["answers"], ours, theirs))
    assert not mismatches[:3], mismatches[:3]
    assert sum(bool(r["errors"]) for r in js) > 100
