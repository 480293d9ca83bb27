"""The ``fields`` sheet (step rows, field rows, begin_group/end_group) and the ``choices`` sheet
to a procedure's steps; and where each JSON path came from, to name the cell of any problem."""
from __future__ import annotations

from typing import Any

from volunteer_app.domain.rules.fields import FIELD_TYPES

from . import cells

# JSON key of a field -> its column (bilingual texts: the Vietnamese column)
FIELD_COLUMNS = {
    "id": "id", "type": "type", "label": "label::vi", "hint": "hint::vi", "required": "required",
    "required_if": "required_if", "visible_if": "visible_if", "options": "choices", "default": "default",
    "derive": "derive", "same_as": "same_as", "vocab": "vocab", "min_length": "min_length",
    "max_length": "max_length", "pattern": "pattern", "min": "min", "max": "max", "integer": "integer",
    "min_items": "min_items", "max_items": "max_items", "not_future": "not_future", "not_past": "not_past",
    "min_years_before": "min_years_before_field", "after_field": "after_field", "before_field": "before_field",
    "dob_field": "dob_field", "sex_field": "sex_field", "allow_old_id": "allow_old_id",
    "require_street": "require_street", "document": "document", "text": "text::vi", "item_label": "item_label::vi",
}
SCALAR_KEYS = ("required_if", "visible_if", "derive", "vocab", "min_length", "max_length", "pattern", "min", "max",
               "integer", "min_items", "max_items", "not_future", "not_past", "after_field", "before_field",
               "dob_field", "sex_field", "allow_old_id", "require_street", "document")
TEXT_KEYS = ("label", "hint", "text", "item_label")


class Located:
    """JSON path (as the loader names it: ``steps[0].fields[2].type``) -> (sheet, row, column)."""

    def __init__(self, root: tuple[str, int, str]):
        self.root = root
        self.cells: dict[str, tuple[str, int, str]] = {}

    def add(self, path: str, sheet: str, row: int, column: str) -> None:
        self.cells.setdefault(path, (sheet, row, column))

    def row(self, prefix: str, row: dict, columns: dict[str, str]) -> None:
        """Every key of a row's object: ``columns`` maps JSON keys to columns when they differ."""
        self.add(prefix, row["_sheet"], row["_row"], columns.get("", "id" if "id" in row else "code"))
        for key in [k for k in row if not k.startswith("_")] + list(columns):
            if key:
                self.add(f"{prefix}.{key}", row["_sheet"], row["_row"], columns.get(key, key))

    def find(self, path: str) -> tuple[str, int, str]:
        while path and path not in self.cells:
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.cells.get(path, self.root)


def bilingual(row: dict, name: str, book: Any, required: bool = False) -> dict | None:
    """A text from ``name::vi`` and ``name::en``; a missing Vietnamese (or English) text is an error."""
    vi, en = row.get(f"{name}::vi"), row.get(f"{name}::en")
    if vi is None and en is None and not required:
        return None
    if vi is None:
        book.error(row["_sheet"], row["_row"], f"{name}::vi", "Thiếu nhãn tiếng Việt", "the Vietnamese text is missing")
    if en is None:
        book.error(row["_sheet"], row["_row"], f"{name}::en", "Thiếu bản tiếng Anh", "the English text is missing")
    return {"vi": vi or "", "en": en or ""}


def _choices(rows: list[dict], code: str) -> dict[str, list[dict]]:
    """Option lists for a procedure: its own lists by name, else the workbook-wide ones (code blank)."""
    shared: dict[str, list[dict]] = {}
    own: dict[str, list[dict]] = {}
    for r in rows:
        if "list_name" in r and r.get("code") in (None, code):
            (shared if r.get("code") is None else own).setdefault(r["list_name"], []).append(r)
    return {**shared, **own}


def _field(r: dict, kind: str, book: Any, lists: dict[str, list[dict]], path: str, loc: Located) -> dict:
    item: dict[str, Any] = {"id": r.get("id", ""), "type": kind}
    for key in TEXT_KEYS:
        text = bilingual(r, key, book, required=key == "label")
        if text:
            item[key] = text
    if r.get("required"):
        item["required"] = True
    for key in SCALAR_KEYS:
        if key in r:
            item[key] = r[key]
    if "default" in r:
        try:
            item["default"] = cells.parse({"checkbox": "words", "yes_no": "bool"}.get(kind, "text"), r["default"])
        except cells.CellError as exc:
            book.error("fields", r["_row"], "default", exc.vi, exc.en)
    if "same_as" in r or "same_as_when" in r:
        item["same_as"] = {"field": r.get("same_as", ""), "when": r.get("same_as_when", "")}
        loc.add(f"{path}.same_as.when", "fields", r["_row"], "same_as_when")
    if "min_years_before_field" in r or "min_years_before_years" in r:
        item["min_years_before"] = {"field": r.get("min_years_before_field", ""),
                                    "years": r.get("min_years_before_years", 0)}
        loc.add(f"{path}.min_years_before.years", "fields", r["_row"], "min_years_before_years")
    for key, column in FIELD_COLUMNS.items():
        loc.add(f"{path}.{key}", "fields", r["_row"], column)
    loc.add(path, "fields", r["_row"], "type")
    if "choices" in r:
        options = lists.get(r["choices"])
        if options is None:
            book.error("fields", r["_row"], "choices", f"Không có danh sách lựa chọn “{r['choices']}” ở trang choices",
                       f"no option list {r['choices']!r} on the choices sheet")
        else:
            item["options"] = _options(options, book, f"{path}.options", loc)
    return item


def _options(rows: list[dict], book: Any, path: str, loc: Located) -> list[dict]:
    out, seen = [], set()
    for k, r in enumerate(rows):
        if r.get("value") in seen:
            book.error("choices", r["_row"], "value", f"Giá trị “{r['value']}” bị trùng trong danh sách",
                       f"duplicate value {r['value']!r} in the list")
        seen.add(r.get("value"))
        out.append({"value": r.get("value", ""), "label": bilingual(r, "label", book, required=True)})
        loc.row(f"{path}[{k}]", r, {"label": "label::vi"})
    return out


def build_fields(rows: list[dict], choice_rows: list[dict], code: str, book: Any, loc: Located) -> list[dict]:
    """Steps of one procedure from its ``fields`` rows, in order."""
    lists = _choices(choice_rows, code)
    steps: list[dict] = []
    stack: list[tuple[dict, str, dict]] = []  # open groups: (field, path, row)
    seen: dict[str, int] = {}  # scope + id -> first row
    for r in rows:
        kind = r.get("type")
        if kind == "step":
            for _, _, open_row in stack:
                book.error("fields", open_row["_row"], "type", "Nhóm chưa được đóng bằng dòng end_group",
                           "begin_group without end_group")
            stack = []
            path = f"steps[{len(steps)}]"
            step = {"id": r.get("id", ""), "title": bilingual(r, "label", book, required=True), "fields": []}
            if "visible_if" in r:
                step["visible_if"] = r["visible_if"]
            _unique(seen, "step:" + step["id"], r, book)
            steps.append(step)
            loc.row(path, r, {"title": "label::vi"})
            continue
        if kind == "end_group":
            if not stack:
                book.error("fields", r["_row"], "type", "Dòng end_group không có begin_group tương ứng",
                           "end_group without begin_group")
            else:
                stack.pop()
            continue
        if kind not in FIELD_TYPES and kind != "begin_group":
            book.error("fields", r["_row"], "type", f"Loại trường “{kind or ''}” không hợp lệ",
                       f"unknown field type {kind!r}")
            continue
        if not steps:
            book.error("fields", r["_row"], "type", "Trường phải nằm sau một dòng step", "a field needs a step row first")
            continue
        parent, parent_path = (stack[-1][0], stack[-1][1]) if stack else (steps[-1], f"steps[{len(steps) - 1}]")
        path = f"{parent_path}.fields[{len(parent['fields'])}]"
        field = _field(r, "group" if kind == "begin_group" else kind, book, lists, path, loc)
        scope = "".join(f"{g['id']}." for g, _, _ in stack)
        _unique(seen, scope + field["id"], r, book)
        parent["fields"].append(field)
        if kind == "begin_group":
            field["fields"] = []
            stack.append((field, path, r))
    for _, _, open_row in stack:
        book.error("fields", open_row["_row"], "type", "Nhóm chưa được đóng bằng dòng end_group",
                   "begin_group without end_group")
    return steps


def _unique(seen: dict[str, int], key: str, r: dict, book: Any) -> None:
    if key in seen:
        book.error("fields", r["_row"], "id", f"Mã “{key.split(':')[-1].split('.')[-1]}” bị trùng (đã có ở dòng "
                                              f"{seen[key]})", f"duplicate id (first on row {seen[key]})")
    seen.setdefault(key, r["_row"])


def field_options(steps: list[dict]) -> dict[str, list[str]]:
    """Option values of every choice field by id (group sub-fields too)."""
    out: dict[str, list[str]] = {}

    def walk(fields: list[dict]) -> None:
        for f in fields:
            if f.get("options") is not None:
                out[f["id"]] = [o["value"] for o in f["options"]]
            walk(f.get("fields") or [])

    for step in steps:
        walk(step["fields"])
    return out
