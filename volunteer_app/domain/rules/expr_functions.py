"""The fixed whitelist of expression functions (mirrored in assets/js/rules/expr.js ``call``)."""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from volunteer_app.domain.text import nfc

from .expr_values import ExprError, contains, is_empty, num
from .values import is_number, parse_date, parse_iso, years_between

# name -> (min args, max args or None for unbounded)
ARITY = {
    "len": (1, 1), "empty": (1, 1), "count": (1, 1), "sum": (1, 2), "min": (1, None),
    "max": (1, None), "round": (1, 2), "age": (1, 2), "years_between": (2, 2), "date": (1, 1),
    "contains": (2, 2), "lower": (1, 1), "today": (0, 0),
}


def _date_arg(value: Any) -> tuple[int, int, int] | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ExprError("dates are text like 2025-07-01")
    canonical = parse_date(value)
    return parse_iso(canonical) if canonical else None


def _extremes(name: str, args: list[Any]) -> Any:
    values = args[0] if len(args) == 1 and isinstance(args[0], list) else args
    values = [v for v in values if v is not None]
    if not values:
        return None
    if not (all(is_number(v) for v in values) or all(isinstance(v, str) for v in values)):
        raise ExprError(f"{name}() needs numbers or text of one kind")
    return min(values) if name == "min" else max(values)


def _round(value: Any, digits: Any) -> Any:
    if value is None:
        return None
    if not is_number(value) or type(digits) is not int or not 0 <= digits <= 10:
        raise ExprError("round(number, digits 0..10)")
    # Half away from zero, computed the same way in JS (float ops are IEEE in both).
    scale = 10.0**digits
    rounded = math.floor(abs(value) * scale + 0.5)
    return num((-1 if value < 0 else 1) * rounded / scale)


def _sum(items: Any, key: Any) -> Any:
    if items is None:
        return 0
    if not isinstance(items, list) or (key is not None and not isinstance(key, str)):
        raise ExprError("sum(list) or sum(list, 'field')")
    total: int | float = 0
    for item in items:
        if key is not None:
            if item is not None and not isinstance(item, dict):
                raise ExprError("sum(list, 'field') needs a list of objects")
            item = item.get(key) if item is not None else None
        if item is None:
            continue
        if not is_number(item):
            raise ExprError("sum() needs numbers")
        total = num(total + item)
    return total


def call(name: str, args: list[Any], today: Callable[[], str]) -> Any:
    """Apply whitelisted function ``name``; ``today()`` returns the context date or raises."""
    first = args[0] if args else None
    if name == "today":
        return today()
    if name == "len":
        if first is None:
            return 0
        if isinstance(first, (str, list)):
            return len(first)
        raise ExprError("len() needs text or a list")
    if name == "empty":
        return is_empty(first)
    if name == "count":
        if first is None:
            return 0
        if not isinstance(first, list):
            raise ExprError("count() needs a list")
        return sum(1 for item in first if not is_empty(item))
    if name == "sum":
        return _sum(first, args[1] if len(args) > 1 else None)
    if name in ("min", "max"):
        return _extremes(name, args)
    if name == "round":
        return _round(first, args[1] if len(args) > 1 else 0)
    if name == "age":
        end = _date_arg(args[1]) if len(args) > 1 else parse_iso(today())
        start = _date_arg(first)
        return None if start is None or end is None else years_between(start, end)
    if name == "years_between":
        start, end = _date_arg(first), _date_arg(args[1])
        return None if start is None or end is None else years_between(start, end)
    if name == "date":
        if first is None:
            return None
        if not isinstance(first, str):
            raise ExprError("date() needs text")
        return parse_date(first)
    if name == "contains":
        return contains(first, args[1])
    if name == "lower":
        if first is None:
            return None
        if not isinstance(first, str):
            raise ExprError("lower() needs text")
        return nfc(first.lower())
    raise ExprError(f"unknown function {name}")  # unreachable: the parser checks names
