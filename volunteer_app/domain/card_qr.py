"""The QR code of the chip ID card (CCCD / thẻ căn cước):

    ID number|old ID number|full name|date of birth ddmmyyyy|sex|permanent address|issue date ddmmyyyy

read into the vocabulary's values (dates ISO, sex ``nam`` / ``nu``), checked with the rules' own
ID checks (rules/id_numbers.py). A card whose number fails them, or says another sex than its
number, is refused with its problems: nothing of it is used. Twin of
``assets/offline/scan/card-qr.js``; shared vectors ``tests/vectors/card_qr.json``.
"""
from __future__ import annotations

import re
from typing import Any

from .rules.id_numbers import id_problems
from .text import fold, nfc

FIELDS = 7
_DIGITS = re.compile(r"[0-9]+")
_DMY = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})")
_SPACES = re.compile(r"\s+")
_SEXES = {"nam": "nam", "nu": "nu"}


def _clean(value: str) -> str:
    return _SPACES.sub(" ", nfc(value)).strip()


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def card_date(text: str) -> tuple[int, int, int] | None:
    """'ddmmyyyy' -> (y, m, d) of a real date, else None."""
    m = _DMY.fullmatch(text)
    if not m:
        return None
    d, mo, y = (int(g) for g in m.groups())
    return (y, mo, d) if y >= 1900 and 1 <= mo <= 12 and 1 <= d <= _days_in(y, mo) else None


def _iso(ymd: tuple[int, int, int]) -> str:
    return f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"


def parse_card_qr(raw: Any) -> dict:
    """{ok, problems: [{code, params}], card: {...} | None}; ``card`` is None whenever a problem is found."""
    text = nfc(raw).lstrip("\ufeff").strip() if isinstance(raw, str) else ""
    parts = text.split("|")
    if len(parts) < FIELDS:
        return {"ok": False, "problems": [{"code": "format", "params": {}}], "card": None}
    id_raw, old_raw, name_raw, dob_raw, sex_raw, address_raw, issued_raw = (_clean(p) for p in parts[:FIELDS])
    problems: list[dict] = []

    def add(problem: str, **params: Any) -> None:
        problems.append({"code": problem, "params": params})

    dob = card_date(dob_raw)
    if not dob:
        add("dob")
    sex = _SEXES.get(fold(sex_raw))
    if not sex:
        add("sex_value")
    if not _DIGITS.fullmatch(id_raw) or len(id_raw) != 12:
        add("id_number", count=len(id_raw))
    else:
        for problem in id_problems(id_raw, dob, sex):
            if problem == "province":
                add("id_province", code=id_raw[:3])
            else:
                add(f"id_{problem}")
    if old_raw and not (_DIGITS.fullmatch(old_raw) and len(old_raw) in (9, 12)):
        add("old_id")
    if not name_raw:
        add("name")
    if not address_raw:
        add("address")
    issued = card_date(issued_raw) if issued_raw else None
    if issued_raw and not issued:
        add("issued")
    if problems:
        return {"ok": False, "problems": problems, "card": None}
    return {
        "ok": True,
        "problems": [],
        "card": {
            "id_number": id_raw,
            "old_id": old_raw,
            "full_name": name_raw,
            "dob": _iso(dob),
            "sex": sex,
            "address": address_raw,
            "issued": _iso(issued) if issued else "",
        },
    }
