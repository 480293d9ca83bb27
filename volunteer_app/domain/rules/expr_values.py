"""Expression values: the error type, truthiness, emptiness, equality (see expr.py docstring)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from volunteer_app.domain.text import nfc

from .values import clean_number, is_number, trim

_MAX_VALUE_DEPTH = 32


class ExprError(Exception):
    """The only exception parse() and evaluate() raise."""


def truthy(value: Any) -> bool:
    if value is None or value is False:
        return False
    if is_number(value):
        return value != 0
    if isinstance(value, (str, list, dict)):
        return len(value) > 0
    return True


def is_empty(value: Any) -> bool:
    """The 'no answer' test shared with validation: null, blank text, [], objects of empties."""
    if value is None:
        return True
    if isinstance(value, str):
        return trim(value) == ""
    if isinstance(value, (list, tuple)):
        return len(value) == 0
    if isinstance(value, Mapping):
        # An object (address, group item) with nothing filled in is no answer either.
        return all(is_empty(v) for v in value.values())
    return False


def to_value(raw: Any, depth: int = 0) -> Any:
    """Convert an answer into an expression value (NFC strings, int-when-whole numbers)."""
    if depth > _MAX_VALUE_DEPTH:
        raise ExprError("answer is nested too deeply")
    if raw is None or isinstance(raw, bool):
        return raw
    if is_number(raw):
        return num(raw)
    if isinstance(raw, str):
        return nfc(raw)
    if isinstance(raw, (list, tuple)):
        return [to_value(item, depth + 1) for item in raw]
    if isinstance(raw, Mapping):
        return {str(k): to_value(v, depth + 1) for k, v in raw.items()}
    raise ExprError(f"unsupported answer type {type(raw).__name__}")


def num(value: int | float) -> int | float:
    cleaned = clean_number(value)
    if cleaned is None:
        raise ExprError("number out of range")
    return cleaned


def equal(a: Any, b: Any) -> bool:
    """Deep equality without type coercion (shared with validation)."""
    if is_number(a) and is_number(b):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if type(a) is not type(b) or is_number(a) or is_number(b):
        return False
    return a == b


def contains(container: Any, item: Any) -> bool:
    if container is None:
        return False
    if isinstance(container, list):
        return any(equal(item, x) for x in container)
    if isinstance(container, str):
        if item is None:
            return False
        if not isinstance(item, str):
            raise ExprError("only text can be found in text")
        return item in container
    raise ExprError("in needs a list or text on the right")
