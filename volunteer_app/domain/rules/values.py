"""Canonical value helpers shared by fields and expressions (mirrored in assets/js/rules/fields.js).

Dates are strings ``YYYY-MM-DD`` (entered and shown ``dd/mm/yyyy``); numbers are ints when whole.
Everything here is hand-written (no ``datetime``) so that the JS mirror behaves identically.
"""
from __future__ import annotations

import math
import re

# Largest integer both Python and JS represent exactly; bigger values are rejected, not rounded.
MAX_SAFE = 9007199254740991
MAX_SAFE_DIGITS = len(str(MAX_SAFE))

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DMY = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})")
_NUM_GROUPED = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_NUM_COMMA = re.compile(r"-?[0-9]+(?:,[0-9]+)?")
_NUM_DOT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_MONEY = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")
_MONEY_SUFFIX = re.compile(r"(?:đồng|đ|vnđ|vnd)$", re.IGNORECASE)
_BLANKS = re.compile(r"[ \t\u00a0\u202f]+")
# One whitespace class for Python and JS (their \s, strip() and trim() differ slightly).
WS = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_TRIM = re.compile(f"^[{WS}]+|[{WS}]+$")


def _expand(char_class: str) -> frozenset[str]:
    """The characters of a regex class body such as WS (single characters and ``a-b`` ranges)."""
    out, i = set(), 0
    while i < len(char_class):
        if i + 2 < len(char_class) and char_class[i + 1] == "-":
            out.update(map(chr, range(ord(char_class[i]), ord(char_class[i + 2]) + 1)))
            i += 3
        else:
            out.add(char_class[i])
            i += 1
    return frozenset(out)


_WS_CHARS = _expand(WS)


def trim(value: str) -> str:
    if not value or (value[0] not in _WS_CHARS and value[-1] not in _WS_CHARS):
        return value  # nothing to trim, as most answers (the regex is the costly part)
    return _TRIM.sub("", value)


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _valid(y: int, m: int, d: int) -> bool:
    return y >= 1 and 1 <= m <= 12 and 1 <= d <= days_in_month(y, m)


def parse_iso(value: object) -> tuple[int, int, int] | None:
    """Strict canonical ``YYYY-MM-DD`` → (y, m, d), or None when not a real calendar date."""
    if not isinstance(value, str):
        return None
    m = _ISO.fullmatch(value)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    return (y, mo, d) if _valid(y, mo, d) else None


def parse_date(value: object) -> str | None:
    """Accept ``YYYY-MM-DD``, ``dd/mm/yyyy`` or ``d/m/yyyy`` (also ``-``/``.``); return canonical or None."""
    if not isinstance(value, str):
        return None
    text = trim(value)
    if parse_iso(text):
        return text
    m = _DMY.fullmatch(text)
    if not m:
        return None
    d, mo, y = (int(g) for g in m.groups())
    if not _valid(y, mo, d):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def years_between(start: tuple[int, int, int], end: tuple[int, int, int]) -> int:
    """Whole years from start to end (a 29/02 birthday counts on 01/03 in common years)."""
    years = end[0] - start[0]
    if (end[1], end[2]) < (start[1], start[2]):
        years -= 1
    return years


def clean_number(value: int | float) -> int | float | None:
    """Whole floats become ints; non-finite or unsafe magnitudes become None."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            value = int(value)
    if abs(value) > MAX_SAFE:
        return None
    return value


def is_number(value: object) -> bool:
    # bool is an int subclass in Python but never a number here.
    return type(value) in (int, float)


def parse_number(value: object) -> int | float | None:
    """Vietnamese style: ``8.000`` = 8000, ``1.234,5`` = 1234.5, ``12,5`` = 12.5, ``8.5`` = 8.5."""
    if is_number(value):
        return clean_number(value)
    if not isinstance(value, str):
        return None
    text = _BLANKS.sub("", trim(value))
    if _NUM_GROUPED.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    elif _NUM_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    elif not _NUM_DOT.fullmatch(text):
        return None
    if "." in text:
        return clean_number(float(text))
    return clean_number(int(text)) if _fits_safe(text) else None


def _fits_safe(digits: str) -> bool:
    """Could these digits be a safe integer? Checked before int(), which refuses (a ValueError,
    so a 500) strings of thousands of digits, and is slow on long ones."""
    return len(digits.lstrip("-").lstrip("0")) <= MAX_SAFE_DIGITS


def parse_money(value: object) -> int | None:
    """Whole đồng: ``8.000``, ``8,000``, ``8000 đ``, ``8.000 đồng`` → 8000; anything else → None."""
    if is_number(value):
        cleaned = clean_number(value)
        return cleaned if type(cleaned) is int and cleaned >= 0 else None
    if not isinstance(value, str):
        return None
    text = _MONEY_SUFFIX.sub("", _BLANKS.sub("", trim(value)))
    if not _MONEY.fullmatch(text):
        return None
    digits = text.replace(".", "").replace(",", "")
    if not _fits_safe(digits):
        return None
    amount = int(digits)
    return amount if amount <= MAX_SAFE else None


def group_thousands(value: int, sep: str = ".") -> str:
    digits = str(abs(value))
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return ("-" if value < 0 else "") + sep.join(parts)


def format_money(amount: object) -> str:
    """8000 → ``8.000 đ``; unparseable input → ``""``."""
    parsed = parse_number(amount)
    if type(parsed) is not int:
        return ""
    return group_thousands(parsed) + " đ"


def format_date(value: object) -> str:
    """``2025-07-01`` → ``01/07/2025``; other text is returned unchanged, non-text as ``""``."""
    if not isinstance(value, str):
        return ""
    canonical = parse_date(value)
    if canonical is None:
        return value
    y, m, d = canonical.split("-")
    return f"{d}/{m}/{y}"
