"""The permanent address printed in a chip ID card's QR, mapped to the 2025 two-level units
(province, commune) and the street.

Cards issued before 01/07/2025 carry the old three-level address ("..., Phường Hàng Bài, Quận
Hoàn Kiếm, Hà Nội"): the old ward is found inside its old district and province and converted
with the official table (admin_units_legacy: the most likely new commune first, the others as
alternatives). Later cards may carry the new units ("..., Phường Hoàn Kiếm, Thành phố Hà Nội"),
which map directly. Addresses with or without commas; unit-type words optional.

``legacy_table`` makes the browser's compact copy of the legacy table (no codes but the new
ones: the build writes it to /offline-data/, loaded on first need); ``resolve_card_address``
works on that same copy. Twin of ``assets/offline/scan/card-address.js``; shared vectors
``tests/vectors/card_address.json``.
"""
from __future__ import annotations

import re
from typing import Any

from .admin_units import AdminUnits, strip_unit_prefixes
from .text import words

PREFIXES = {
    "province": (("tinh",), ("thanh", "pho"), ("tp",)),
    "district": (("quan",), ("huyen",), ("thi", "xa"), ("thanh", "pho"), ("tp",), ("tx",), ("q",), ("h",)),
    "commune": (("phuong",), ("xa",), ("thi", "tran"), ("dac", "khu"), ("tt",), ("p",), ("x",)),
}
# Unit-type words of some level (single letters left out: too easily a street's own).
_TYPE_WORDS = tuple({p for ps in PREFIXES.values() for p in ps if len(p[0]) > 1 or len(p) > 1})
_SEPARATOR = re.compile(r"([\s,]+)")
_EDGES = re.compile(r"^[\s,]+|[\s,]+$")


def legacy_table(legacy: dict) -> dict:
    """The browser's copy: provinces [name, new province code, districts [name, island commune
    code or None, wards [name, new commune codes..., most likely first]]], by old code."""
    districts: dict[str, list] = {}
    for code in sorted(legacy["districts"]):
        name, province, island = legacy["districts"][code]
        districts[code] = [name, island, []]
    for code in sorted(legacy["wards"]):
        name, district, candidates = legacy["wards"][code]
        districts[district][2].append([name, *candidates])
    provinces = {code: [name, new, []] for code, (name, new) in sorted(legacy["provinces"].items())}
    for code in sorted(legacy["districts"]):
        provinces[legacy["districts"][code][1]][2].append(districts[code])
    return {"version": legacy["version"], "provinces": list(provinces.values())}


def _key(name: str) -> tuple[str, ...]:
    return tuple(strip_unit_prefixes(name))


def _match_end(tokens: list[str], end: int, candidates: list[tuple[list[tuple[str, ...]], Any]], level: str):
    """The candidate whose name ends the tokens at ``end`` (its unit-type word before it, if
    any, included): (start, payload), the longest match, the first on a tie; or None."""
    best = None
    for keys, payload in candidates:
        for key in keys:
            start = end - len(key)
            if not key or start < 0 or tuple(tokens[start:end]) != key:
                continue
            own = max((p for p in PREFIXES[level] if tuple(tokens[max(0, start - len(p)):start]) == p), key=len, default=None)
            if own is not None:
                start -= len(own)
            elif all(k.isdigit() for k in key):
                continue  # "Quận 1", "Phường 5": a number alone names nothing
            elif any(tuple(tokens[max(0, start - len(p)):start]) == p for p in _TYPE_WORDS):
                continue  # "Quận Hoàn Kiếm" is no commune "Hoàn Kiếm"
            if best is None or start < best[0]:
                best = (start, payload)
    return best


def _prefix_text(pieces: list[str], owner: list[int], index: int) -> str:
    return _EDGES.sub("", "".join(pieces[: owner[index]])) if index < len(owner) else ""


def resolve_card_address(text: str, table: dict, units: AdminUnits) -> dict:
    """{status, province, commune, street, alternatives, old}. status: ``converted`` (an old
    ward, mapped), ``new`` (already the 2025 units), ``province`` (only the province is known),
    ``none``. Codes are the 2025 units'; ``old`` names the old units when converted."""
    pieces = _SEPARATOR.split(text or "")
    tokens: list[str] = []
    owner: list[int] = []
    for i in range(0, len(pieces), 2):
        for w in words(pieces[i]):
            tokens.append(w)
            owner.append(i)
    end = len(tokens)
    aliases = {p.key: [tuple(a.split()) for a in p.aliases] for p in units.provinces}

    old_provinces = [([_key(row[0]), *aliases.get(" ".join(_key(row[0])), [])], row) for row in table["provinces"]]
    p = _match_end(tokens, end, old_provinces, "province")
    d = _match_end(tokens, p[0], [([_key(r[0])], r) for r in p[1][2]], "district") if p else None
    w = _match_end(tokens, d[0], [([_key(r[0])], r) for r in d[1][2]], "commune") if d else None

    new_provinces = [([_key(pr.name), *aliases[pr.key]], pr) for pr in units.provinces]
    np_ = _match_end(tokens, end, new_provinces, "province")
    c = _match_end(tokens, np_[0], [([_key(x.name)], x) for x in units.communes_of(np_[1].code)], "commune") if np_ else None

    def result(status, province="", commune="", street_at=None, alternatives=(), old=None):
        street = _prefix_text(pieces, owner, street_at) if street_at is not None else _EDGES.sub("", text or "")
        return {"status": status, "province": province, "commune": commune, "street": street,
                "alternatives": list(alternatives), "old": old}

    if w:
        candidates = w[1][1:]
        old = {"ward": w[1][0], "district": d[1][0], "province": p[1][0]}
        return result("converted", p[1][1], candidates[0] if candidates else "", w[0], candidates[1:], old)
    if c:
        return result("new", np_[1].code, c[1].code, c[0])
    if d and d[1][1]:
        return result("converted", p[1][1], d[1][1], d[0], (), {"ward": None, "district": d[1][0], "province": p[1][0]})
    if p:
        return result("province", p[1][1], "", d[0] if d else p[0])
    if np_:
        return result("province", np_[1].code, "", np_[0])
    return result("none")
