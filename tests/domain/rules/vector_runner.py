"""Run one parity vector (tests/vectors/{expr,fields,validate,fees}_*.json) against the Python rules."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from volunteer_app.domain.catalog.fees import applicable_rate, fee_quote
from volunteer_app.domain.rules import expr, fields, values
from volunteer_app.domain.rules.validate import (
    compute,
    document_status,
    initial_answers,
    initial_item,
    resolve,
    start_answers,
    validate,
)
from volunteer_app.domain.text import fold, nfc
from volunteer_app.i18n import t

VECTORS = Path(__file__).resolve().parents[2] / "vectors"
PATTERNS = ("expr_*.json", "fields_*.json", "validate_*.json", "fees_*.json")


def load_cases() -> list[dict]:
    cases = []
    for pattern in PATTERNS:
        for path in sorted(VECTORS.glob(pattern)):
            cases.extend(json.loads(path.read_text(encoding="utf-8")))
    return cases


def strict_equal(a: Any, b: Any) -> bool:
    """Equality that tells 1 from 1.0 and from True (Python must mirror JS number rules)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(strict_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(strict_equal(a[k], b[k]) for k in a)
    return a == b


def units_lookup(table: dict[str, list[str]] | None):
    if table is None:
        return None
    return lambda province, commune: province in table and (commune is None or commune in table[province])


FORMATTERS = {"money": values.format_money, "date": values.format_date, "fold": fold, "nfc": nfc,
              "parse_date": values.parse_date}


def run(case: dict) -> dict:
    """Return the actual outcome in the same shape as case['expect']."""
    kind = case["kind"]
    if kind == "expr":
        try:
            return {"value": expr.evaluate(case["expr"], case["answers"], today=case.get("today"),
                                           scope=case.get("scope"))}
        except expr.ExprError:
            return {"error": "ExprError"}
    if kind == "references":
        return {"value": expr.references(case["expr"])}
    if kind == "normalize":
        return {"value": fields.normalize(case["field"], case["raw"])}
    if kind == "field":
        errors = fields.validate_field(
            case["field"], case["value"], answers=case["answers"], today=case["today"],
            units=units_lookup(case.get("units")), document=case.get("document"), required=case.get("required"))
        out = {"keys": [e["key"] for e in errors]}
        if "errors" in case["expect"]:
            out["errors"] = errors
        return out
    if kind == "format":
        return {"value": FORMATTERS[case["fn"]](case["input"])}
    if kind == "validate":
        errors = validate(case["procedure"], case["answers"], case["today"],
                                   units=units_lookup(case.get("units")))
        want = case["expect"]["errors"]
        shaped = [{k: e[k] for k in ("field", "key", "params") if k in w} for e, w in zip(errors, want)]
        return {"errors": shaped + errors[len(want):]}
    if kind == "compute":
        return {"value": compute(case["procedure"], case["answers"], case["today"])}
    if kind == "resolve":
        resolved = resolve(case["procedure"], case["answers"], case["today"])
        return {k: resolved[k] for k in ("hidden", "answers", "derived", "copied") if k in case["expect"]}
    if kind == "initial":
        return {"value": initial_answers(case["procedure"])}
    if kind == "initial_item":
        return {"value": initial_item(case["field"])}
    if kind == "start":
        return {"value": start_answers(case["procedure"])}
    if kind == "documents":
        return {"value": document_status(case["procedure"], case["answers"], case["today"])}
    if kind == "rate":
        return {"value": applicable_rate(case["rates"], case["province"], case["channel"])}
    if kind == "fee_quote":
        return {"value": fee_quote(case["procedure"], case["answers"], province=case["province"],
                                   channel=case["channel"], today=case["today"])}
    if kind == "message":
        return {"value": t(case["key"], case["lang"], **case["params"])}
    raise AssertionError(f"unknown vector kind {kind}")
