"""Procedure definitions -> workbook rows (the inverse of importer.py: import(export(x)) == x)."""
from __future__ import annotations

from typing import Any

from . import cells
from .columns import SHEETS
from .rows import FIELD_COLUMNS, SCALAR_KEYS, TEXT_KEYS

Rows = dict[str, list[dict[str, Any]]]


def _bi(out: dict, name: str, text: dict | None) -> None:
    if text:
        out[f"{name}::vi"], out[f"{name}::en"] = text["vi"], text["en"]


def _procedure_row(p: dict) -> dict:
    row = {k: p[k] for k in ("code", "kind", "level", "agency_level", "legal_basis", "delivery_options",
                             "payment_options", "keywords", "source", "verified_on", "withdrawn") if k in p}
    for key in ("name", "field_of_law", "agency"):
        _bi(row, key, p[key])
    time = p["processing_time"]
    row["processing_days"], row["rule_15h"] = time["working_days"], time["rule_15h"]
    _bi(row, "processing_note", time.get("note"))
    fees = p["fees"]
    row["fees_quantity_field"], row["fees_basis"] = fees.get("quantity_field"), fees.get("basis")
    _bi(row, "fees_note", fees.get("note"))
    return row


class _Lists:
    """Option lists of one procedure, named after the first field that uses each distinct list."""

    def __init__(self, code: str, rows: list[dict]):
        self.code, self.rows, self.names = code, rows, {}

    def name(self, field_id: str, options: list[dict]) -> str:
        key = repr(options)
        if key not in self.names:
            name = field_id if field_id not in self.names.values() else f"{field_id}_{len(self.names)}"
            self.names[key] = name
            for option in options:
                row = {"code": self.code, "list_name": name, "value": option["value"]}
                _bi(row, "label", option["label"])
                self.rows.append(row)
        return self.names[key]


def _field_rows(code: str, fields: list[dict], lists: _Lists) -> list[dict]:
    out = []
    for f in fields:
        group = f["type"] == "group"
        row = {"code": code, "type": "begin_group" if group else f["type"], "id": f["id"]}
        for key in TEXT_KEYS:
            _bi(row, FIELD_COLUMNS[key].split("::")[0], f.get(key))
        if f.get("required"):
            row["required"] = True
        for key in SCALAR_KEYS:
            if key in f:
                row[FIELD_COLUMNS[key]] = f[key]
        if "default" in f:
            row["default"] = f["default"] if isinstance(f["default"], str) else cells.render(
                "words" if isinstance(f["default"], list) else "bool", f["default"])
        if "same_as" in f:
            row["same_as"], row["same_as_when"] = f["same_as"]["field"], f["same_as"]["when"]
        if "min_years_before" in f:
            row["min_years_before_field"] = f["min_years_before"]["field"]
            row["min_years_before_years"] = f["min_years_before"]["years"]
        if "options" in f:
            row["choices"] = lists.name(f["id"], f["options"])
        out.append(row)
        if group:
            out += _field_rows(code, f["fields"], lists)
            out.append({"code": code, "type": "end_group", "id": f["id"]})
    return out


def procedure_rows(p: dict, rows: Rows) -> None:
    """Append one canonical definition's rows to every sheet."""
    code = p["code"]
    rows["procedure"].append(_procedure_row(p))
    lists = _Lists(code, rows["choices"])
    for step in p.get("steps") or []:
        row = {"code": code, "type": "step", "id": step["id"], "visible_if": step.get("visible_if")}
        _bi(row, "label", step["title"])
        rows["fields"].append(row)
        rows["fields"] += _field_rows(code, step["fields"], lists)
    for d in p["documents"]:
        row = {"code": code, **{k: d[k] for k in ("id", "form", "count", "required", "required_if", "accept",
                                                  "max_size_mb") if k in d}}
        _bi(row, "name", d["name"])
        _bi(row, "note", d.get("note"))
        rows["documents"].append(row)
    for rate in p["fees"]["rates"]:
        row = {"code": code, "type": "rate", **{k: rate[k] for k in ("part", "province", "channel", "amount", "per")
                                               if k in rate}}
        _bi(row, "label", rate.get("label"))
        _bi(row, "note", rate.get("note"))
        rows["fees"].append(row)
    for text in p["fees"].get("exemptions") or []:
        row = {"code": code, "type": "exemption"}
        _bi(row, "label", text)
        rows["fees"].append(row)
    for rule in p.get("rules") or []:
        row = {"code": code, **rule}
        if "params" in rule:
            row["params"] = [f"{name}: {expr}" for name, expr in rule["params"].items()]
        rows["rules"].append(row)
    rows["computed"] += [{"code": code, **c} for c in p.get("computed") or []]
    rows["unverified"] += [{"code": code, **u} for u in p.get("unverified") or []]


def export_sheets(definitions: list[dict]) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Sheets (headers, rows of cells) for canonical definitions, in the given order."""
    rows: Rows = {name: [] for name in SHEETS}
    for definition in definitions:
        procedure_rows(definition, rows)
    out = {}
    for name, columns in SHEETS.items():
        out[name] = ([c.name for c in columns],
                     [[cells.render(c.kind, row.get(c.name)) for c in columns] for row in rows[name]])
    return out
