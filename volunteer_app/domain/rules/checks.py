"""Per-type checks of already-normalised values (mirrored in assets/js/rules/fields.js)."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from volunteer_app.domain.text import fold

from .expr_values import is_empty
from .id_numbers import id_problems
from .values import format_date, format_money, is_number, parse_date, parse_iso, years_between

_MOBILE = re.compile(r"0(?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])[0-9]{7}")
_LANDLINE = re.compile(r"02[0-9]{9}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_DIGITS = re.compile(r"[0-9]+")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_NAME_EXTRA = frozenset(" '\u2019")

Units = Callable[[str, "str | None"], bool]

# Longest value of each text-like type when the catalog sets no ``max_length``: far above any
# real answer, but a bound, so nobody can store megabytes through a form (address: the street;
# select, radio and checkbox: each chosen value; document: each file name).
DEFAULT_MAX_LENGTH = {
    "text": 500, "long_text": 2000, "full_name": 200, "email": 254, "phone": 30, "personal_id": 40,
    "old_id": 40, "select": 200, "radio": 200, "checkbox": 200, "address": 300, "document": 255,
}


def max_length(field: Mapping) -> int | None:
    """The catalog's ``max_length`` of the field, else the default of its type."""
    high = field.get("max_length")
    return high if is_number(high) else DEFAULT_MAX_LENGTH.get(field.get("type"))


class _Check:
    """Collects errors for one field value; ``sibling`` reads other answers (group item first)."""

    def __init__(self, field: Mapping, path: str, answers: Mapping, scope: Mapping | None,
                 today: str | None, units: Units | None, document: Mapping | None):
        self.field = field
        self.path = path
        self.answers = answers
        self.scope = scope
        self.today = today
        self.units = units
        self.document = document
        self.errors: list[dict] = []

    def add(self, key: str, path: str | None = None, **params: Any) -> None:
        self.errors.append({"field": path or self.path, "key": key, "params": params})

    def sibling(self, field_id: Any) -> Any:
        if not isinstance(field_id, str):
            return None
        if self.scope is not None and field_id in self.scope:
            return self.scope[field_id]
        return self.answers.get(field_id)

    def sibling_date(self, field_id: Any) -> str | None:
        if field_id == "today":
            return self.today
        value = self.sibling(field_id)
        return parse_date(value) if isinstance(value, str) else None


def _length(c: _Check, value: str) -> None:
    count = len(value)
    low, high = c.field.get("min_length"), max_length(c.field)
    if is_number(low) and count < low:
        c.add("text.min_length", min=low, count=count)
    if is_number(high) and count > high:
        c.add("text.max_length", max=high, count=count)


def _too_long(c: _Check, value: Any) -> bool:
    """For types with a format of their own: an over-long value gets only this error (its
    format is not even looked at)."""
    high = max_length(c.field)
    if isinstance(value, str) and is_number(high) and len(value) > high:
        c.add("text.max_length", max=high, count=len(value))
        return True
    return False


def _check_text(c: _Check, value: Any) -> None:
    if not isinstance(value, str):
        return c.add("text.invalid")
    _length(c, value)
    pattern = c.field.get("pattern")
    if isinstance(pattern, str):
        try:
            matched = re.fullmatch(pattern, value, re.ASCII)  # \d, \w as in JS
        except re.error:
            return  # a catalog bug, reported by the catalog loader, not the citizen's fault
        if not matched:
            c.add("text.pattern")


def _check_full_name(c: _Check, value: Any) -> None:
    if not isinstance(value, str):
        return c.add("text.invalid")
    # Letters (any script, all Vietnamese diacritics), combining marks, spaces, apostrophes (H'Hen).
    if unicodedata.category(value[0])[0] != "L" or any(
        unicodedata.category(ch)[0] not in "LM" and ch not in _NAME_EXTRA for ch in value
    ):
        return c.add("full_name.invalid_chars")
    _length(c, value)


def _sex(value: Any) -> str | None:
    key = fold(value) if isinstance(value, str) else None
    return key if key in ("nam", "nu") else None


def _check_personal_id(c: _Check, value: Any) -> None:
    if _too_long(c, value):
        return
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return c.add("personal_id.digits")
    if len(value) == 9 and c.field.get("allow_old_id"):
        return
    if len(value) != 12:
        return c.add("personal_id.length", count=len(value))
    birth_text = c.sibling_date(c.field.get("dob_field")) if c.field.get("dob_field") else None
    birth = parse_iso(birth_text)
    sex = _sex(c.sibling(c.field.get("sex_field"))) if c.field.get("sex_field") else None
    for problem in id_problems(value, birth, sex):
        params = {"code": value[:3]} if problem == "province" else {}
        if problem == "birth_year" and birth:
            params = {"year": birth[0]}
        c.add(f"personal_id.{problem}", **params)


def _check_old_id(c: _Check, value: Any) -> None:
    if _too_long(c, value):
        return
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        return c.add("old_id.digits")
    if len(value) != 9:
        c.add("old_id.length", count=len(value))


def _check_phone(c: _Check, value: Any) -> None:
    if _too_long(c, value):
        return
    if not isinstance(value, str) or not (_MOBILE.fullmatch(value) or _LANDLINE.fullmatch(value)):
        c.add("phone.invalid")


def _check_email(c: _Check, value: Any) -> None:
    if _too_long(c, value):
        return
    if not isinstance(value, str) or not _EMAIL.fullmatch(value):
        c.add("email.invalid")


def _check_date(c: _Check, value: Any) -> None:
    if parse_iso(value) is None:
        return c.add("date.invalid")
    f = c.field
    if f.get("not_future") and c.today and value > c.today:
        c.add("date.future")
    if f.get("not_past") and c.today and value < c.today:
        c.add("date.past")
    rule = f.get("min_years_before")
    if isinstance(rule, Mapping) and type(rule.get("years")) is int:
        other = parse_iso(c.sibling_date(rule.get("field")))
        if other and years_between(parse_iso(value), other) < rule["years"]:
            c.add("date.min_years_before", years=rule["years"], date=format_date(_iso(other)))
    after = c.sibling_date(f.get("after_field")) if f.get("after_field") else None
    if after and value <= after:
        c.add("date.after", date=format_date(after))
    before = c.sibling_date(f.get("before_field")) if f.get("before_field") else None
    if before and value >= before:
        c.add("date.before", date=format_date(before))


def _iso(ymd: tuple[int, int, int]) -> str:
    return f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"


def _bounds(c: _Check, value: int | float, prefix: str) -> None:
    low, high = c.field.get("min"), c.field.get("max")
    show = format_money if prefix == "money" else (lambda n: n)  # money params read "8.000 đ"
    if is_number(low) and value < low:
        c.add(f"{prefix}.min", min=show(low))
    if is_number(high) and value > high:
        c.add(f"{prefix}.max", max=show(high))


def _check_number(c: _Check, value: Any) -> None:
    if not is_number(value):
        return c.add("number.invalid")
    if c.field.get("integer") and not (type(value) is int or value.is_integer()):
        return c.add("number.integer")
    _bounds(c, value, "number")


def _check_money(c: _Check, value: Any) -> None:
    if not is_number(value) or not (type(value) is int or value.is_integer()) or value < 0:
        return c.add("money.invalid")
    _bounds(c, value, "money")


def _option_values(field: Mapping) -> list[Any]:
    # type() first: the ABC check of Mapping costs more than the rest of this line
    return [o.get("value") for o in field.get("options") or [] if type(o) is dict or isinstance(o, Mapping)]


def _check_choice(c: _Check, value: Any) -> None:
    if _too_long(c, value):
        return
    if not isinstance(value, str) or value not in _option_values(c.field):
        c.add("choice.invalid")


def _check_items(c: _Check, count: int, prefix: str) -> None:
    low, high = c.field.get("min_items"), c.field.get("max_items")
    if is_number(low) and count < low:
        c.add(f"{prefix}.min_items", min=low, count=count)
    if is_number(high) and count > high:
        c.add(f"{prefix}.max_items", max=high, count=count)


def _check_checkbox(c: _Check, value: Any) -> None:
    if isinstance(value, list) and any(_too_long(c, v) for v in value):
        return
    allowed = _option_values(c.field)
    if not isinstance(value, list) or any(not isinstance(v, str) or v not in allowed for v in value):
        return c.add("choice.invalid")
    _check_items(c, len(value), "checkbox")


def _check_yes_no(c: _Check, value: Any) -> None:
    if not isinstance(value, bool):
        c.add("yes_no.invalid")


def _check_address(c: _Check, value: Any) -> None:
    if not isinstance(value, Mapping) or any(
        v is not None and not isinstance(v, str)
        for v in (value.get("province"), value.get("commune"), value.get("street"))
    ):
        return c.add("address.invalid")
    province, commune = value.get("province"), value.get("commune")
    province_ok = not is_empty(province)
    if not province_ok:
        c.add("address.province")
    elif c.units is not None and not c.units(province, None):
        province_ok = False
        c.add("address.province_unknown")
    if is_empty(commune):
        c.add("address.commune")
    elif province_ok and c.units is not None and not c.units(province, commune):
        c.add("address.commune_unknown")
    if c.field.get("require_street") and is_empty(value.get("street")):
        c.add("address.street")
    _too_long(c, value.get("street"))


def _check_group(c: _Check, value: Any) -> None:
    if not isinstance(value, list):
        return c.add("group.invalid")
    _check_items(c, len(value), "group")
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            c.add("group.invalid", path=f"{c.path}.{index}")


def _check_document(c: _Check, value: Any) -> None:
    if not isinstance(value, list):
        return c.add("document.invalid")
    doc = c.document or {}
    accept = doc.get("accept")
    max_mb = doc.get("max_size_mb")
    for index, item in enumerate(value):
        path = f"{c.path}.{index}"
        if not (isinstance(item, Mapping) and isinstance(item.get("sha256"), str)
                and _SHA256.fullmatch(item["sha256"]) and type(item.get("size")) is int
                and item["size"] >= 0 and isinstance(item.get("mime"), str)
                and isinstance(item.get("name"), str) and len(item["name"]) <= max_length(c.field)):
            c.add("document.invalid", path=path)
            continue
        if isinstance(accept, list) and accept and item["mime"] not in accept:
            c.add("document.mime", path=path, name=item["name"])
        if is_number(max_mb) and item["size"] > max_mb * 1024 * 1024:
            c.add("document.too_large", path=path, name=item["name"], max_mb=max_mb)


def _check_consent(c: _Check, value: Any) -> None:
    if value is not True:
        c.add("consent.required")


_CHECKS = {
    "text": _check_text, "long_text": _check_text, "full_name": _check_full_name,
    "personal_id": _check_personal_id, "old_id": _check_old_id, "phone": _check_phone,
    "email": _check_email, "date": _check_date, "number": _check_number, "money": _check_money,
    "select": _check_choice, "radio": _check_choice, "checkbox": _check_checkbox,
    "yes_no": _check_yes_no, "address": _check_address, "group": _check_group,
    "document": _check_document, "consent": _check_consent,
}




def run_check(field: Mapping, value: Any, path: str, answers: Mapping, scope: Mapping | None,
              today: str | None, units: Units | None, document: Mapping | None) -> list[dict]:
    """Errors of one non-empty value of a known type (unknown types have none)."""
    check = _CHECKS.get(field.get("type"))
    if check is None:
        return []
    c = _Check(field, path, answers, scope, today, units, document)
    check(c, value)
    return c.errors
