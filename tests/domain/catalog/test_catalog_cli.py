"""The catalog command line: template, export, import (dry run and writing JSON), errors."""
import json
import shutil
import subprocess
import sys

from volunteer_app.cli import main
from volunteer_app.domain.catalog import load_catalog
from volunteer_app.domain.catalog.loader import DEFAULT_DIR
from volunteer_app.domain.catalog.workbook import export_sheets, write_xlsx


def test_template_export_and_import(tmp_path, capsys):
    assert main(["catalog", "template", str(tmp_path / "mau.xlsx")]) == 0
    assert main(["catalog", "export", str(tmp_path / "two.xlsx"), "--code", "2.000635", "--code", "1.001193"]) == 0
    assert main(["catalog", "import", str(tmp_path / "two.xlsx"), "--dry-run"]) == 0
    assert "Không đổi / unchanged: 2" in capsys.readouterr().out
    out = tmp_path / "catalog"
    shutil.copytree(DEFAULT_DIR, out)
    assert main(["catalog", "import", str(tmp_path / "mau.xlsx"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Sửa / changed 2.000635" in printed and "đổi lệ phí" in printed
    written = json.loads((out / "2.000635.json").read_text(encoding="utf-8"))
    assert written["fees"]["rates"][-1]["province"] == "31"
    assert load_catalog(out).entry("2.000635").source == written


def test_import_errors_are_printed_and_fail(tmp_path):
    sheets = export_sheets([load_catalog().entry("2.000635").source])
    headers, rows = sheets["fields"]
    rows[3][headers.index("type")] = "txet"
    write_xlsx(sheets, tmp_path / "bad.xlsx")
    run = subprocess.run([sys.executable, "-m", "volunteer_app.cli", "catalog", "import", str(tmp_path / "bad.xlsx"),
                          "--dry-run"], capture_output=True, text=True)
    assert run.returncode == 1
    assert "fields, dòng 5, cột type: Loại trường “txet” không hợp lệ / unknown field type 'txet'" in run.stderr
    assert "nothing imported" in run.stderr
