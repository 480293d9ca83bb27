"""One cell's text to a JSON value by column kind, and back (see columns.py for the kinds)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from volunteer_app.domain.text import fold, nfc

_TRUE = {"yes", "co", "true", "1", "x"}
_FALSE = {"no", "khong", "false", "0"}
_INT = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class CellError(ValueError):
    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi = vi
        self.en = en


def text_of(value: Any) -> str:
    """The cell as text: NFC, trimmed; whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return nfc(str(value)).replace("\r\n", "\n").strip()


def parse(kind: str, value: Any) -> Any:
    """The JSON value of a non-blank cell; raises CellError."""
    if kind == "code" and isinstance(value, float):
        return f"{value:.6f}"  # a code typed into a number cell: 1.001193 -> "1.001193"
    text = text_of(value)
    if kind in ("text", "code"):
        return text
    if kind == "lines":
        return [line.strip() for line in text.split("\n") if line.strip()]
    if kind == "words":
        return text.split()
    if kind == "bool":
        key = fold(text)
        if key in _TRUE or key in _FALSE:
            return key in _TRUE
        raise CellError(f"“{text}” không phải yes/no (có/không)", f"“{text}” is not yes/no")
    if kind == "int":
        if _INT.fullmatch(text):
            return int(text)
        raise CellError(f"“{text}” không phải số nguyên", f"“{text}” is not a whole number")
    if kind == "number":
        if _NUMBER.fullmatch(text):
            return float(text) if "." in text else int(text)
        raise CellError(f"“{text}” không phải số (dùng dấu chấm cho phần thập phân)",
                        f"“{text}” is not a number (use a dot for decimals)")
    if kind == "date":
        if _DATE.fullmatch(text):
            return text
        raise CellError(f"“{text}” không phải ngày dạng YYYY-MM-DD", f"“{text}” is not a YYYY-MM-DD date")
    raise AssertionError(kind)


def render(kind: str, value: Any) -> Any:
    """The cell for a JSON value (None: leave the cell blank)."""
    if value is None:
        return None
    if kind == "lines":
        return "\n".join(value) if value else None
    if kind == "words":
        return " ".join(value) if value else None
    if kind == "bool":
        return "yes" if value else "no"
    return value
