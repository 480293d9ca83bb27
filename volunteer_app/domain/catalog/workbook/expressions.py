"""Expression cells: a syntax error with its position (option values a condition compares a
choice field with are checked by ``..options.missing_options``)."""
from __future__ import annotations

import re

from volunteer_app.domain.rules.expr import ExprError, parse

from ..options import missing_options  # noqa: F401  (re-exported for the importer)

_AT = re.compile(r" at (\d+)$")


def syntax_problem(source: str) -> tuple[str, str] | None:
    """(vi, en) when the expression does not parse, naming the position (1 = first character)."""
    try:
        parse(source)
    except ExprError as exc:
        message = str(exc)
        found = _AT.search(message)
        if found:
            pos = int(found.group(1)) + 1
            detail = message[: found.start()]
            return (f"Biểu thức sai ở ký tự thứ {pos}: {detail}",
                    f"Invalid expression at character {pos}: {detail}")
        return f"Biểu thức sai: {message}", f"Invalid expression: {message}"
    return None
