"""Workbook authoring: round trip over the whole catalog, the template, and one test per kind of
import error asserting the sheet, the row, the column and the message."""
import copy
import io
import zipfile
from pathlib import Path

import pytest

from volunteer_app.domain.catalog import load_catalog
from volunteer_app.domain.catalog.workbook import (
    diff, export_sheets, export_workbook, import_workbook, template_workbook, write_csv_folder,
)
from volunteer_app.domain.catalog.workbook.columns import HELP_SHEET, SHEETS
from volunteer_app.domain.catalog.workbook.files import read_workbook, write_xlsx

from tests.support.catalog_samples import GENERIC

CATALOG = load_catalog()
SOURCES = [e.source for e in CATALOG.entries.values()]


def test_round_trip_of_the_whole_catalog_through_xlsx():
    withdrawn = {**copy.deepcopy(SOURCES[0]), "code": "1.999999", "withdrawn": True}
    definitions = SOURCES + [GENERIC, withdrawn]
    result = import_workbook(export_workbook(definitions))
    assert result.errors == []
    assert result.procedures == {d["code"]: d for d in [*SOURCES, *(import_workbook(
        export_workbook([GENERIC, withdrawn])).procedures.values())]}
    assert result.procedures["1.999998"]["kind"] == "generic" and result.procedures["1.999999"]["withdrawn"] is True
    for source in SOURCES:  # identical canonical JSON
        assert result.procedures[source["code"]] == source


def test_round_trip_through_csv_folder_and_zip(tmp_path):
    sheets = export_sheets(SOURCES)
    write_csv_folder(sheets, tmp_path / "csv")
    assert import_workbook(tmp_path / "csv").procedures == {s["code"]: s for s in SOURCES}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted((tmp_path / "csv").glob("*.csv")):
            archive.write(path, path.name)
    assert import_workbook(buffer.getvalue()).procedures == {s["code"]: s for s in SOURCES}


def test_template_imports_and_explains_every_column():
    data = template_workbook()
    result = import_workbook(data)
    assert result.errors == [] and list(result.procedures) == ["2.000635"]
    example = result.procedures["2.000635"]
    fields = {f["id"]: f for s in example["steps"] for f in s["fields"]}
    assert fields["copies"]["default"] == "1"
    assert fields["subject_name"]["same_as"] == {"field": "applicant_name", "when": "applicant_relation == 'self'"}
    helped = {(r[0], r[1]) for _, r in read_workbook(data)[HELP_SHEET].rows}
    assert {(sheet, c.name) for sheet, columns in SHEETS.items() for c in columns} <= helped
    assert all(r[2] for _, r in read_workbook(data)[HELP_SHEET].rows)  # every column explained


def sheets_of(*definitions):
    return {name: (headers, [list(r) for r in rows]) for name, (headers, rows) in export_sheets(
        list(definitions)).items()}


def set_cell(sheets, sheet, column, value, where=lambda row: True, nth=0):
    """Change one cell; return its spreadsheet row number (header = row 1)."""
    headers, rows = sheets[sheet]
    matches = [i for i, row in enumerate(rows) if where(dict(zip(headers, row)))]
    index = matches[nth]
    rows[index][headers.index(column)] = value
    return index + 2


def import_sheets_xlsx(sheets):
    return import_workbook(write_xlsx(sheets))


TRICH_LUC = CATALOG.entry("2.000635").source


def only_error(result):
    assert result.procedures == {}, "a workbook with any error yields no definitions"
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    return result.errors[0]


def test_unknown_field_type():
    sheets = sheets_of(TRICH_LUC)
    row = set_cell(sheets, "fields", "type", "txet", lambda r: r["id"] == "registered_at")
    e = only_error(import_sheets_xlsx(sheets))
    assert (e.sheet, e.row, e.column) == ("fields", row, "type")
    assert e.vi == "Loại trường “txet” không hợp lệ" and e.en == "unknown field type 'txet'"


def test_duplicated_field_id():
    sheets = sheets_of(TRICH_LUC)
    first = set_cell(sheets, "fields", "id", "subject_name", lambda r: r["id"] == "subject_name")
    row = set_cell(sheets, "fields", "id", "subject_name", lambda r: r["id"] == "registered_at")
    e = only_error(import_sheets_xlsx(sheets))
    assert (e.sheet, e.row, e.column) == ("fields", row, "id")
    assert e.vi == f"Mã “subject_name” bị trùng (đã có ở dòng {first})"


def test_bad_expression_names_the_position():
    sheets = sheets_of(TRICH_LUC)
    row = set_cell(sheets, "fields", "visible_if", "delivery = 'post'", lambda r: r["id"] == "delivery_address")
    e = only_error(import_sheets_xlsx(sheets))
    assert (e.sheet, e.row, e.column) == ("fields", row, "visible_if")
    assert e.vi == "Biểu thức sai ở ký tự thứ 10: unexpected character"
    assert e.en == "Invalid expression at character 10: unexpected character"


def test_condition_on_a_value_the_option_list_lacks():
    sheets = sheets_of(TRICH_LUC)
    row = set_cell(sheets, "fields", "visible_if", "record_type == 'birthx'", lambda r: r["id"] == "registration_date")
    e = only_error(import_sheets_xlsx(sheets))
    assert (e.sheet, e.row, e.column) == ("fields", row, "visible_if")
    assert e.vi == "Danh sách lựa chọn của “record_type” không có giá trị “birthx”"
    assert e.en == "the options of 'record_type' have no value 'birthx'"


def test_missing_vietnamese_label():
    sheets = sheets_of(TRICH_LUC)
    row = set_cell(sheets, "fields", "label::vi", None, lambda r: r["id"] == "purpose_detail")
    e = only_error(import_sheets_xlsx(sheets))
    assert (e.sheet, e.row, e.column, e.vi, e.en) == (
        "fields", row, "label::vi", "Thiếu nhãn tiếng Việt", "the Vietnamese text is missing")


def test_missing_vietnamese_label_of_a_choice():
    sheets = sheets_of(TRICH_LUC)
    row = set_cell(sheets, "choices", "label::vi", " ", lambda r: r["value"] == "parentage")
    e = only_error(import_sheets_xlsx(sheets))
    assert (e.sheet, e.row, e.column, e.vi) == ("choices", row, "label::vi", "Thiếu nhãn tiếng Việt")


@pytest.mark.parametrize("sheet, column, value, where, message", [
    ("fields", "vocab", "applicant.telephone", lambda r: r["id"] == "applicant_phone",
     "unknown vocabulary 'applicant.telephone'"),
    ("fees", "province", "99", lambda r: r["type"] == "rate", "unknown province code '99'"),
    ("procedure", "level", "muc_4", lambda r: True, "Input should be 'toan_trinh' or 'mot_phan'"),
    ("documents", "max_size_mb", 500, lambda r: r["id"] == "authorisation", "less than or equal to 50"),
    ("fields", "same_as", "applicant_nam", lambda r: r["id"] == "subject_name", "unknown field 'applicant_nam'"),
])
def test_schema_errors_are_mapped_back_to_their_cell(sheet, column, value, where, message):
    sheets = sheets_of(TRICH_LUC)
    if column == "same_as":
        set_cell(sheets, "fields", "same_as_when", "true", where)
    row = set_cell(sheets, sheet, column, value, where)
    result = import_sheets_xlsx(sheets)
    assert result.procedures == {}
    e = result.errors[0]
    assert (e.sheet, e.row, e.column) == (sheet, row, column)
    assert e.vi.startswith("Giá trị không hợp lệ") and message in e.vi and message in e.en


def test_cell_kind_errors_and_unknown_columns():
    sheets = sheets_of(TRICH_LUC)
    row = set_cell(sheets, "fields", "required", "có lẽ", lambda r: r["id"] == "copies")
    headers, rows = sheets["documents"]
    headers.append("colour")
    errors = import_sheets_xlsx(sheets).errors
    assert [(e.sheet, e.row, e.column) for e in errors] == [("fields", row, "required"), ("documents", 1, "colour")]
    assert errors[0].vi == "“có lẽ” không phải yes/no (có/không)"


def test_one_bad_procedure_blocks_the_whole_workbook():
    sheets = sheets_of(TRICH_LUC, CATALOG.entry("1.001193").source)
    set_cell(sheets, "fields", "type", "txet", lambda r: r["code"] == "1.001193" and r["type"] == "text")
    result = import_sheets_xlsx(sheets)
    assert result.procedures == {} and len(result.errors) == 1 and result.errors[0].sheet == "fields"


def test_rows_of_a_procedure_missing_from_the_procedure_sheet():
    sheets = sheets_of(TRICH_LUC)
    row = set_cell(sheets, "documents", "code", "1.000001", lambda r: r["id"] == "authorisation")
    errors = import_sheets_xlsx(sheets).errors
    assert (errors[0].sheet, errors[0].row, errors[0].column) == ("documents", row, "code")
    assert errors[0].vi == "Mã thủ tục “1.000001” không có ở trang procedure"


def test_not_a_workbook():
    result = import_workbook(b"just text")
    assert result.procedures == {} and "không phải bảng tính" in result.errors[0].vi


def test_diff_says_what_changed():
    old = {s["code"]: s for s in SOURCES}
    changed = copy.deepcopy(old["2.000635"])
    changed["fees"]["rates"][0]["amount"] = 10000
    changed["steps"][0]["fields"].pop()  # applicant_relation
    changed["steps"][1]["fields"][0]["label"] = {"vi": "Loại", "en": "Kind"}
    gone = {**old["1.001193"], "withdrawn": True}
    result = diff(old, {"2.000635": changed, "1.001193": gone, "1.999998": GENERIC, "1.004194": old["1.004194"]})
    assert result["added"] == ["1.999998"] and result["withdrawn"] == ["1.001193"]
    assert result["unchanged"] == ["1.004194"]
    c = result["changed"]["2.000635"]
    assert c["fees_changed"] and c["fields_removed"] == ["applicant_relation"] and c["fields_changed"] == ["record_type"]
    assert "Thêm / added: 1.999998" in result["text"] and "đổi lệ phí" in result["text"]


def test_every_workbook_column_is_documented():
    text = (Path(__file__).resolve().parents[3] / "docs" / "catalog-format.md").read_text(encoding="utf-8")
    for sheet, columns in SHEETS.items():
        for column in columns:
            assert f"| `{column.name}` | {column.kind} | {column.help_vi} |" in text, (sheet, column.name)
