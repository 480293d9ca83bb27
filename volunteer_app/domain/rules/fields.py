"""Field types: ``normalize(field, raw)`` and per-type checks (mirrored in assets/js/rules/fields.js).

``normalize`` never raises: input it cannot make canonical is returned (trimmed) as it is, and
``check_field`` then reports it. Empty string, blank text, ``[]`` and null all normalise to null
("no answer"). Errors are ``{"field": path, "key": message key, "params": {...}}``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from volunteer_app.domain.text import fold, nfc

from .checks import DEFAULT_MAX_LENGTH, Units, max_length, run_check
from .expr_values import is_empty
from .values import (
    WS, clean_number, format_date, format_money, is_number, parse_date, parse_money, parse_number,
    trim,
)

FIELD_TYPES = (
    "text", "long_text", "full_name", "personal_id", "old_id", "phone", "email", "date", "number",
    "money", "select", "radio", "checkbox", "yes_no", "address", "group", "document", "consent",
)

_COLLAPSE = re.compile(f"[{WS}]+")
_ID_SEPARATORS = re.compile(r"[ .\-]")
_PHONE_SEPARATORS = re.compile(r"[ .\-()]")
_YES = frozenset({"true", "yes", "co", "1"})
_NO = frozenset({"false", "no", "khong", "0"})


# Every message key the field checks can emit (tests assert each is in the i18n catalog).
MESSAGE_KEYS = frozenset({
    "field.required", "document.required", "consent.required",
    "text.invalid", "text.min_length", "text.max_length", "text.pattern", "full_name.invalid_chars",
    "personal_id.digits", "personal_id.length", "personal_id.province", "personal_id.century",
    "personal_id.sex", "personal_id.birth_year", "old_id.digits", "old_id.length",
    "phone.invalid", "email.invalid",
    "date.invalid", "date.future", "date.past", "date.min_years_before", "date.after", "date.before",
    "number.invalid", "number.integer", "number.min", "number.max",
    "money.invalid", "money.min", "money.max",
    "choice.invalid", "checkbox.min_items", "checkbox.max_items", "yes_no.invalid",
    "address.invalid", "address.province", "address.commune", "address.street",
    "address.province_unknown", "address.commune_unknown",
    "group.invalid", "group.min_items", "group.max_items",
    "document.invalid", "document.mime", "document.too_large",
})


def _text(raw: Any, collapse: bool = False) -> Any:
    if is_number(raw) and type(clean_number(raw)) is int:
        raw = str(clean_number(raw))  # an ID or code typed as a number
    if not isinstance(raw, str):
        return raw
    value = trim(nfc(raw))
    if collapse:
        value = _COLLAPSE.sub(" ", value)
    return value or None


def _long_text(raw: Any) -> Any:
    if isinstance(raw, str):
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return _text(raw)


def _compact(raw: Any, separators: re.Pattern) -> Any:
    value = _text(raw)
    if not isinstance(value, str):
        return value
    return separators.sub("", value) or None


def _phone(raw: Any) -> Any:
    value = _compact(raw, _PHONE_SEPARATORS)
    if not isinstance(value, str):
        return value
    rest = None
    if value.startswith("+84"):
        rest = value[3:]
    elif value.startswith("84") and len(value) in (11, 12):
        rest = value[2:]
    if rest is not None:
        value = rest if rest.startswith("0") else "0" + rest
    return value


def _date(raw: Any) -> Any:
    if hasattr(raw, "isoformat") and not isinstance(raw, str):
        raw = raw.isoformat()[:10]
    value = _text(raw)
    return (parse_date(value) or value) if isinstance(value, str) else value


def _parsed(raw: Any, parser: Callable[[Any], Any]) -> Any:
    value = _text(raw) if isinstance(raw, str) else raw
    if value is None or isinstance(value, bool):
        return value
    parsed = parser(value)
    return value if parsed is None else parsed


def _checkbox(raw: Any) -> Any:
    if not isinstance(raw, (list, tuple)):
        return _text(raw) if raw == "" else raw
    items: list[Any] = []
    seen: set[str] = set()  # a set, not ``in items``: a long list must not cost its square
    for item in raw:
        item = _text(item) if isinstance(item, str) else item
        if item is None or (isinstance(item, str) and item in seen):
            continue
        if isinstance(item, str):
            seen.add(item)
        items.append(item)
    return items or None


def _yes_no(raw: Any) -> Any:
    if isinstance(raw, bool) or not isinstance(raw, str):
        return raw
    key = fold(raw)
    if key == "":
        return None
    return True if key in _YES else False if key in _NO else raw


def _address(raw: Any) -> Any:
    if not isinstance(raw, Mapping):
        return raw
    value = {
        "province": _text(raw.get("province")),
        "commune": _text(raw.get("commune")),
        "street": _text(raw.get("street"), collapse=True),
    }
    return None if all(v is None for v in value.values()) else value


def _group(field: Mapping, raw: Any) -> Any:
    if not isinstance(raw, (list, tuple)):
        return raw
    subfields = field.get("fields") or []
    items = [
        {f["id"]: normalize(f, item.get(f["id"])) for f in subfields}
        if isinstance(item, Mapping) else item
        for item in raw
    ]
    return items or None


def _document(raw: Any) -> Any:
    if not isinstance(raw, (list, tuple)):
        return raw
    items = [
        {**item, "name": nfc(item["name"])} if isinstance(item, Mapping) and isinstance(item.get("name"), str)
        else item
        for item in raw
    ]
    return items or None


def _consent(raw: Any) -> Any:
    # Only an explicit true is consent; false means "not given" (never pre-ticked).
    if raw is True:
        return True
    if raw is False or raw is None or raw == "":
        return None
    return raw


def _other(raw: Any) -> Any:
    return _text(raw) if isinstance(raw, str) else raw


# Each type's normaliser of a value that is not None (a group's needs its field: normalizer()).
_NORMALIZERS: dict[Any, Callable[[Any], Any]] = {
    "text": _text, "email": _text, "select": _text, "radio": _text, "long_text": _long_text,
    "full_name": lambda raw: _text(raw, collapse=True),
    "personal_id": lambda raw: _compact(raw, _ID_SEPARATORS),
    "old_id": lambda raw: _compact(raw, _ID_SEPARATORS),
    "phone": _phone, "date": _date,
    "number": lambda raw: _parsed(raw, parse_number),
    "money": lambda raw: _parsed(raw, parse_money),
    "checkbox": _checkbox, "yes_no": _yes_no, "address": _address, "document": _document,
    "consent": _consent,
}


def normalizer(field: Mapping) -> Callable[[Any], Any]:
    """``normalize`` for ``field``, chosen once: a function of a raw value that is not None."""
    kind = field.get("type")
    if kind == "group":
        return lambda raw: _group(field, raw)
    return _NORMALIZERS.get(kind, _other) if isinstance(kind, str) else _other


def normalize(field: Mapping, raw: Any) -> Any:
    """Turn user input into the canonical value of ``field`` (see module docstring)."""
    if raw is None:
        return None
    return normalizer(field)(raw)


def required_key(field: Mapping) -> str:
    kind = field.get("type")
    return "consent.required" if kind == "consent" else "document.required" if kind == "document" \
        else "field.required"


def check_field(
    field: Mapping,
    value: Any,
    *,
    required: bool | None = None,
    path: str | None = None,
    answers: Mapping | None = None,
    scope: Mapping | None = None,
    today: str | None = None,
    units: Units | None = None,
    document: Mapping | None = None,
) -> list[dict]:
    """Errors of an already-normalised value. ``required`` defaults to ``field['required']``;
    consent is always required. Group items' own fields are checked by ``validate``."""
    path = path or field.get("id", "")
    if required is None:
        required = bool(field.get("required"))
    if is_empty(value):
        if required or field.get("type") == "consent":
            return [{"field": path, "key": required_key(field), "params": {}}]
        low = field.get("min_items")
        # min_items >= 1 makes an empty list an error even when the field is not marked required.
        if field.get("type") in ("group", "checkbox") and is_number(low) and low > 0:
            return [{"field": path, "key": f"{field['type']}.min_items", "params": {"min": low, "count": 0}}]
        return []
    return run_check(field, value, path, answers or {}, scope, today, units, document)


def validate_field(field: Mapping, raw: Any, **kwargs: Any) -> list[dict]:
    """normalize + check_field, for a single field (handy in the UI and in tests)."""
    return check_field(field, normalize(field, raw), **kwargs)


__all__ = [
    "FIELD_TYPES", "MESSAGE_KEYS", "DEFAULT_MAX_LENGTH", "normalize", "check_field", "validate_field",
    "required_key", "max_length", "trim", "format_money", "format_date",
]
