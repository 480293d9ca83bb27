"""The template workbook: one worked example (copy of a civil-status extract, 2.000635, with a
default, "same as the applicant" copies and fees by province and channel) and a sheet that
explains every column in Vietnamese. Built from the column table, so it never drifts."""
from __future__ import annotations

import copy
from typing import Any

from ..loader import DEFAULT_DIR, check_definition
from .columns import HELP_SHEET, SHEET_HELP, SHEETS
from .exporter import export_sheets
from .files import write_xlsx

EXAMPLE = "2.000635"
_SELF = "applicant_relation == 'self'"


def example() -> dict:
    """The worked example: the shipped 2.000635 showing default, same_as and a provincial rate."""
    _, source, problems = check_definition((DEFAULT_DIR / f"{EXAMPLE}.json").read_bytes())
    assert not problems, problems
    data = copy.deepcopy(source)
    fields = {f["id"]: f for s in data["steps"] for f in s["fields"]}
    fields["copies"]["default"] = "1"
    for attribute in ("name", "dob", "sex", "id"):
        fields[f"subject_{attribute}"]["same_as"] = {"field": f"applicant_{attribute}", "when": _SELF}
    data["fees"]["rates"].append({"province": "31", "channel": "online", "amount": 0, "per": "copy", "note": {
        "vi": "Ví dụ: tỉnh quy định miễn khi nộp trực tuyến", "en": "Example: the province waives it online"}})
    _, checked, problems = check_definition(data)
    assert not problems, problems
    return checked


def help_rows() -> tuple[list[str], list[list[Any]]]:
    rows = []
    for sheet, columns in SHEETS.items():
        rows.append([sheet, "", SHEET_HELP[sheet], ""])
        rows += [[sheet, c.name, c.help_vi, c.example] for c in columns]
    return ["trang / sheet", "cột / column", "ý nghĩa", "ví dụ"], rows


def template_workbook(path=None) -> bytes:
    sheets = {HELP_SHEET: help_rows(), **export_sheets([example()])}
    return write_xlsx(sheets, path)
