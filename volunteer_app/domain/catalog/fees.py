"""Fees v2: the rate that applies for a (province, channel), and the total with one line per part.

Mirrored by assets/js/catalog/fees.js; tests/vectors/fees_*.json keep the two identical.

A procedure's ``fees.rates`` are grouped by ``part`` (default ``"fee"``): within a part the most
specific rate applies (exact province + exact channel > exact province + ``*`` > ``*`` + exact
channel > ``*`` + ``*``), and the parts add up. A rate ``per`` copy/page/person is multiplied by
the value of ``fees.quantity_field`` (a field or a computed id). When a procedure's fee is a scale
rather than a product it keeps the total in a computed value ``fee_total``, which then wins
(unless every applicable amount is 0).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from volunteer_app.domain.rules.validate import resolve

DEFAULT_PART = "fee"
ANY = "*"


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, Mapping) else None


def _specificity(rate: Mapping, province: str | None, channel: str | None) -> int:
    """2 bits: exact province, exact channel; -1 when the rate does not apply."""
    p, c = _get(rate, "province"), _get(rate, "channel")
    if p != ANY and p != province or c != ANY and c != channel:
        return -1
    return (2 if p != ANY else 0) + (1 if c != ANY else 0)


def parts(fees: Any) -> list[tuple[str, list[Mapping]]]:
    """(part id, its rates) in the order parts first appear."""
    out: dict[str, list[Mapping]] = {}
    for rate in _get(fees, "rates") or []:
        if isinstance(rate, Mapping):
            out.setdefault(rate.get("part") or DEFAULT_PART, []).append(rate)
    return list(out.items())


def applicable_rate(rates: list[Mapping], province: str | None, channel: str | None) -> Mapping | None:
    """The most specific rate for (province, channel); the first of equals; None when none applies."""
    best, best_score = None, -1
    for rate in rates:
        score = _specificity(rate, province, channel)
        if score > best_score:
            best, best_score = rate, score
    return best


def _quantity(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if value < 0 or value != int(value):
        return None
    return int(value)


def fee_quote(procedure: Any, answers: Any, *, province: str | None = None, channel: str | None = "online",
              today: Any = None) -> dict[str, Any]:
    """What the citizen pays for these answers: one line per part, the total (None while a count
    is missing), and the exemptions, basis and note to show beside it."""
    proc = procedure.model_dump(mode="json") if hasattr(procedure, "model_dump") else procedure or {}
    fees = _get(proc, "fees") or {}
    resolved = resolve(proc, answers, today)
    names = {**resolved["answers"], **resolved["computed"]}
    quantity_field = _get(fees, "quantity_field")
    quantity = _quantity(names.get(quantity_field)) if quantity_field else None
    lines = []
    for part, rates in parts(fees):
        rate = applicable_rate(rates, province, channel)
        if rate is None:
            continue
        label = next((r["label"] for r in rates if r.get("label")), None)
        per, amount = rate.get("per"), rate.get("amount")
        counted = per != "dossier"
        subtotal = amount if not counted or amount == 0 else (None if quantity is None else amount * quantity)
        lines.append({"part": part, "label": label, "per": per, "amount": amount,
                      "quantity": quantity if counted else None, "subtotal": subtotal, "note": rate.get("note")})
    charged = any(line["amount"] > 0 for line in lines)
    scale = names.get("fee_total")
    uses_scale = charged and _quantity(scale) is not None
    if uses_scale:
        total = _quantity(scale)
    elif any(line["subtotal"] is None for line in lines):
        total = None
    else:
        total = sum(line["subtotal"] for line in lines)
    return {"province": province, "channel": channel, "lines": lines, "total": total, "scale": uses_scale,
            "exemptions": list(_get(fees, "exemptions") or []), "basis": list(_get(fees, "basis") or []),
            "note": _get(fees, "note")}
