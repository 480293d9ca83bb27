"""Workbook files: an .xlsx (openpyxl), a folder of CSV files, or a .zip of CSV files, one per
sheet (``fields.csv`` ...). Reading gives, per sheet, the header row and the data rows with their
spreadsheet row numbers (the header is row 1)."""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

MAX_ROWS = 100_000  # per sheet: a workbook is authored by people, not generated without bound


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row number, cells)


class WorkbookFileError(ValueError):
    """The file is not a workbook this importer reads (message: Vietnamese / English)."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet(name: str, rows: list[list[Any]]) -> Sheet:
    rows = [list(r) for r in rows]
    headers = [str(h).strip() if h is not None else "" for h in (rows[0] if rows else [])]
    sheet = Sheet(name, headers)
    for number, cells in enumerate(rows[1:MAX_ROWS + 1], start=2):
        if not all(_blank(c) for c in cells):
            sheet.rows.append((number, cells))
    return sheet


def _read_xlsx(data: bytes) -> dict[str, Sheet]:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return {ws.title: _sheet(ws.title, list(ws.iter_rows(values_only=True))) for ws in book.worksheets}
    finally:
        book.close()


def _read_csv(name: str, text: str) -> Sheet:
    return _sheet(name, list(csv.reader(io.StringIO(text.lstrip("\ufeff")))))


def read_workbook(source: str | Path | bytes) -> dict[str, Sheet]:
    """Sheets by name from an .xlsx, a .zip of CSVs, or a folder of CSVs."""
    if isinstance(source, (str, Path)) and Path(source).is_dir():
        return {p.stem: _read_csv(p.stem, p.read_text(encoding="utf-8")) for p in sorted(Path(source).glob("*.csv"))}
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookFileError("Tệp không phải bảng tính .xlsx hay tệp .zip các tệp CSV / "
                                "the file is neither an .xlsx workbook nor a .zip of CSV files")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if "[Content_Types].xml" in names:
            try:
                return _read_xlsx(data)
            except Exception as exc:  # openpyxl raises many kinds on a damaged file
                raise WorkbookFileError(f"Không đọc được bảng tính / cannot read the workbook: {exc}") from None
        return {Path(n).stem: _read_csv(Path(n).stem, archive.read(n).decode("utf-8"))
                for n in sorted(names) if n.endswith(".csv")}


def write_xlsx(sheets: dict[str, tuple[list[str], list[list[Any]]]], path: str | Path | None = None) -> bytes:
    """Write sheets (headers, rows) to an .xlsx; return its bytes (and save it when path is given)."""
    book = Workbook()
    book.remove(book.active)
    for name, (headers, rows) in sheets.items():
        ws = book.create_sheet(name)
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for column in ws.columns:  # wrap the one-item-per-line cells
            for cell in column:
                if isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data


def write_csv_folder(sheets: dict[str, tuple[list[str], list[list[Any]]]], folder: str | Path) -> None:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, (headers, rows) in sheets.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers)
            writer.writerows([["" if v is None else v for v in row] for row in rows])
