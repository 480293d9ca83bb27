"""Workbook -> procedure definitions, or every problem named by sheet, row and column.

``import_workbook(file)`` returns an ``ImportResult``: the canonical v2 definition of each
procedure in the workbook (exactly what ``check_definition`` accepts and the exporter writes),
or, when anything is wrong, no definitions at all and the list of problems, Vietnamese first.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..loader import check_definition
from . import cells
from .columns import HELP_SHEET, REQUIRED_COLUMNS, SHEETS
from .expressions import missing_options, syntax_problem
from .files import Sheet, WorkbookFileError, read_workbook
from .rows import Located, bilingual, build_fields, field_options


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int  # spreadsheet row number: the header is row 1
    column: str  # the column's header
    vi: str
    en: str

    def __str__(self) -> str:
        return f"{self.sheet}, dòng {self.row}, cột {self.column}: {self.vi} / {self.en}"


@dataclass
class ImportResult:
    procedures: dict[str, dict] = field(default_factory=dict)  # code -> canonical definition
    errors: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Book:
    """Rows by sheet, cells parsed by column kind, problems collected with their cell."""

    def __init__(self, sheets: dict[str, Sheet]):
        self.errors: list[ImportProblem] = []
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SHEETS}
        for name, sheet in sheets.items():
            if name == HELP_SHEET:
                continue
            if name not in SHEETS:
                self.error(name, 1, "", f"Trang tính “{name}” không được hỗ trợ (các trang: {', '.join(SHEETS)})",
                           f"unknown sheet {name!r}")
                continue
            self._read(sheet)
        if not sheets.get("procedure"):
            self.error("procedure", 1, "code", "Thiếu trang procedure", "the procedure sheet is missing")

    def error(self, sheet: str, row: int, column: str, vi: str, en: str) -> None:
        problem = ImportProblem(sheet, row, column, vi, en)
        if problem not in self.errors:
            self.errors.append(problem)

    def _read(self, sheet: Sheet) -> None:
        kinds = {c.name: c.kind for c in SHEETS[sheet.name]}
        for header in sheet.headers:
            if header and header not in kinds:
                self.error(sheet.name, 1, header, f"Cột “{header}” không có trong định dạng", f"unknown column {header!r}")
        for header in sorted(REQUIRED_COLUMNS[sheet.name] - set(sheet.headers)):
            self.error(sheet.name, 1, header, f"Thiếu cột “{header}”", f"missing column {header!r}")
        for number, values in sheet.rows:
            row: dict[str, Any] = {"_row": number, "_sheet": sheet.name}
            for header, value in zip(sheet.headers, values):
                if header not in kinds or value is None or (isinstance(value, str) and not value.strip()):
                    continue
                try:
                    row[header] = cells.parse(kinds[header], value)
                except cells.CellError as exc:
                    self.error(sheet.name, number, header, exc.vi, exc.en)
            self.rows[sheet.name].append(row)


def _procedure(row: dict, book: _Book, loc: Located) -> dict:
    where = ("procedure", row["_row"])
    proc: dict[str, Any] = {}
    simple = ["kind", "code", "level", "agency_level", "legal_basis", "delivery_options", "payment_options",
              "keywords", "source", "verified_on", "withdrawn"]
    for key in simple:
        if key in row:
            proc[key] = row[key]
        loc.add(key, *where, key)
    proc.setdefault("keywords", [])
    for key in ("name", "field_of_law", "agency"):
        proc[key] = bilingual(row, key, book, required=True)
        loc.add(key, *where, f"{key}::vi")
        loc.add(f"{key}.en", *where, f"{key}::en")
    time: dict[str, Any] = {}
    if "processing_days" in row:
        time["working_days"] = row["processing_days"]
    time["rule_15h"] = row.get("rule_15h", False)
    note = bilingual(row, "processing_note", book)
    if note:
        time["note"] = note
    proc["processing_time"] = time
    loc.add("processing_time", *where, "processing_days")
    loc.add("processing_time.note", *where, "processing_note::vi")
    fees: dict[str, Any] = {"rates": [], "exemptions": [], "basis": row.get("fees_basis", [])}
    if "fees_quantity_field" in row:
        fees["quantity_field"] = row["fees_quantity_field"]
    note = bilingual(row, "fees_note", book)
    if note:
        fees["note"] = note
    proc["fees"] = fees
    for key, column in (("fees", "code"), ("fees.quantity_field", "fees_quantity_field"),
                        ("fees.basis", "fees_basis"), ("fees.note", "fees_note::vi")):
        loc.add(key, *where, column)
    proc["documents"] = []
    return proc


def _add_rows(code: str, proc: dict, book: _Book, loc: Located, rows: dict[str, list[dict]]) -> None:
    def mine(sheet: str) -> list[dict]:
        return [r for r in rows[sheet] if r.get("code") == code]

    for r in mine("documents"):
        i = len(proc["documents"])
        doc = {k: r[k] for k in ("id", "form", "count", "required", "required_if", "accept", "max_size_mb") if k in r}
        doc["name"] = bilingual(r, "name", book, required=True)
        doc.setdefault("required", False)
        note = bilingual(r, "note", book)
        if note:
            doc["note"] = note
        proc["documents"].append(doc)
        loc.row(f"documents[{i}]", r, {"name": "name::vi", "note": "note::vi"})
    for r in mine("fees"):
        if r.get("type") == "exemption":
            i = len(proc["fees"]["exemptions"])
            proc["fees"]["exemptions"].append(bilingual(r, "label", book, required=True))
            loc.row(f"fees.exemptions[{i}]", r, {"": "label::vi"})
        elif r.get("type") == "rate":
            i = len(proc["fees"]["rates"])
            rate = {k: r[k] for k in ("province", "channel", "amount", "per", "part") if k in r}
            for key in ("label", "note"):
                text = bilingual(r, key, book)
                if text:
                    rate[key] = text
            proc["fees"]["rates"].append(rate)
            loc.row(f"fees.rates[{i}]", r, {"label": "label::vi", "note": "note::vi"})
            loc.add("fees.rates", "fees", r["_row"], "part")  # problems of the rates as a whole
        else:
            book.error("fees", r["_row"], "type", f"“{r.get('type', '')}” phải là rate hoặc exemption",
                       "type must be rate or exemption")
    for sheet, key, columns in (("rules", "rules", ("id", "check", "fields", "message")),
                                ("computed", "computed", ("id", "expr")),
                                ("unverified", "unverified", ("path", "reason"))):
        for r in mine(sheet):
            i = len(proc.setdefault(key, []))
            item = {k: r[k] for k in columns if k in r}
            if sheet == "rules" and "params" in r:
                item["params"] = _params(r, book)
            proc[key].append(item)
            loc.row(f"{key}[{i}]", r, {})


def _params(row: dict, book: _Book) -> dict[str, str]:
    params = {}
    for line in row["params"]:
        name, sep, expr = line.partition(":")
        if not sep or not name.strip().isidentifier():
            book.error("rules", row["_row"], "params", f"“{line}” phải có dạng tên: biểu thức",
                       "each line is name: expression")
        params[name.strip()] = expr.strip()
    return params


_EXPRESSIONS = (("fields", ("visible_if", "required_if", "derive", "same_as_when")), ("documents", ("required_if",)),
                ("rules", ("check",)), ("computed", ("expr",)))


def _check_expressions(code: str, rows: dict[str, list[dict]], options: dict[str, list[str]], book: _Book) -> None:
    for sheet, columns in _EXPRESSIONS:
        for r in (r for r in rows[sheet] if r.get("code") == code):
            for column in columns:
                source = r.get(column)
                if source is None:
                    continue
                problem = syntax_problem(source)
                if problem:
                    book.error(sheet, r["_row"], column, *problem)
                for field_id, value in missing_options(source, options):
                    book.error(sheet, r["_row"], column,
                               f"Danh sách lựa chọn của “{field_id}” không có giá trị “{value}”",
                               f"the options of {field_id!r} have no value {value!r}")


def import_sheets(sheets: dict[str, Sheet]) -> ImportResult:
    book = _Book(sheets)
    rows = book.rows
    built: dict[str, tuple[dict, Located]] = {}
    for r in rows["procedure"]:
        code = r.get("code")
        if code is None:
            book.error("procedure", r["_row"], "code", "Thiếu mã thủ tục", "the code is missing")
        elif code in built:
            book.error("procedure", r["_row"], "code", f"Mã thủ tục “{code}” bị trùng", f"duplicate code {code!r}")
        else:
            loc = Located(("procedure", r["_row"], "kind"))
            built[code] = (_procedure(r, book, loc), loc)
    for sheet in ("fields", "documents", "fees", "rules", "computed", "unverified", "choices"):
        for r in rows[sheet]:
            code = r.get("code")
            if code is None and sheet != "choices":
                book.error(sheet, r["_row"], "code", "Thiếu mã thủ tục", "the code is missing")
            elif code is not None and code not in built:
                book.error(sheet, r["_row"], "code", f"Mã thủ tục “{code}” không có ở trang procedure",
                           f"code {code!r} is not on the procedure sheet")
    out = ImportResult()
    for code, (proc, loc) in built.items():
        _add_rows(code, proc, book, loc, rows)
        steps = build_fields([r for r in rows["fields"] if r.get("code") == code], rows["choices"], code, book, loc)
        if steps:
            proc["steps"] = steps
        _check_expressions(code, rows, field_options(steps), book)
        _, source, problems = check_definition(proc)
        flagged = {(e.sheet, e.row, e.column) for e in book.errors}
        for path, message in problems:
            sheet, row, column = loc.find(path)
            if (sheet, row, column) not in flagged:  # one problem per cell: the workbook's own says it best
                book.error(sheet, row, column, f"Giá trị không hợp lệ ({path}): {message}", f"{path}: {message}")
        if source is not None and not problems:
            out.procedures[code] = source
    out.errors = book.errors
    if out.errors:
        out.procedures = {}  # a workbook with any error yields nothing
    return out


def import_workbook(source: str | Path | bytes) -> ImportResult:
    """Read an .xlsx, a .zip of CSVs or a folder of CSVs (see files.py) and import it."""
    try:
        sheets = read_workbook(source)
    except WorkbookFileError as exc:
        vi, _, en = str(exc).partition(" / ")
        return ImportResult(errors=[ImportProblem("", 0, "", vi, en or vi)])
    return import_sheets(sheets)
