"""Authoring procedures in a workbook (XLSForm in spirit): import with every problem named by
sheet, row and column; export; a template with a worked example; a readable diff of versions.

    from volunteer_app.domain.catalog.workbook import import_workbook, export_workbook, diff
"""
from .diff import diff
from .exporter import export_sheets
from .files import read_workbook, write_csv_folder, write_xlsx
from .importer import ImportProblem, ImportResult, import_sheets, import_workbook
from .template import template_workbook


def export_workbook(definitions: list[dict], path=None) -> bytes:
    """An .xlsx of canonical definitions (``Entry.source``); returns its bytes, saved when path is given."""
    return write_xlsx(export_sheets(definitions), path)


__all__ = ["ImportProblem", "ImportResult", "diff", "export_sheets", "export_workbook", "import_sheets",
           "import_workbook", "read_workbook", "template_workbook", "write_csv_folder", "write_xlsx"]
