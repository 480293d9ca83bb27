"""Loading, strict validation with file+path errors, ETags and summaries."""
import json
import shutil
from pathlib import Path

import pytest

from volunteer_app.domain.catalog import CatalogError, load_catalog, parse_procedure
from volunteer_app.domain.catalog.loader import DEFAULT_DIR

REQUIRED = ["1.001193", "1.000894", "1.004873", "2.000635", "1.000656", "1.004222", "1.004194", "2.000815", "1.001612"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def copy_dir(tmp_path) -> Path:
    for path in DEFAULT_DIR.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _edit(directory: Path, code: str, change) -> None:
    path = directory / f"{code}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_every_shipped_procedure_validates(catalog):
    assert len(catalog) >= 12
    for code in REQUIRED:
        assert code in catalog
    names = [p.name.vi for p in catalog.procedures]
    assert any("xây dựng" in n for n in names)
    assert any("lý lịch tư pháp" in n for n in names)
    assert any("trợ cấp xã hội" in n for n in names)


def test_broken_field_type_names_file_and_path(copy_dir):
    _edit(copy_dir, "1.001193", lambda d: d["steps"][2]["fields"][0].__setitem__("type", "txet"))
    with pytest.raises(CatalogError) as err:
        load_catalog(copy_dir)
    assert "1.001193.json: steps[2].fields[0].type" in str(err.value)
    assert err.value.file == "1.001193.json"


def test_unknown_key_is_rejected(copy_dir):
    _edit(copy_dir, "2.000635", lambda d: d["fees"].__setitem__("amout", 1))
    with pytest.raises(CatalogError, match=r"2\.000635\.json: fees\.amout"):
        load_catalog(copy_dir)


def test_option_not_allowed_for_type(copy_dir):
    _edit(copy_dir, "1.004194", lambda d: d["steps"][0]["fields"][0].__setitem__("options", []))
    with pytest.raises(CatalogError, match=r"1\.004194\.json: steps\[0\]\.fields\[0\]: .*options"):
        load_catalog(copy_dir)


def test_unknown_name_in_expression(copy_dir):
    _edit(copy_dir, "2.000635", lambda d: d["computed"].append({"id": "fee_total", "expr": "copeis * 8000"}))
    with pytest.raises(CatalogError, match=r"computed\[0\]\.expr: unknown name\(s\) \['copeis'\]"):
        load_catalog(copy_dir)


def test_document_without_upload_field(copy_dir):
    def drop_upload(d):
        for step in d["steps"]:
            step["fields"] = [f for f in step["fields"] if f.get("document") != "death_notice"]
    _edit(copy_dir, "1.000656", drop_upload)
    with pytest.raises(CatalogError, match=r"1\.000656\.json: documents\[0\]: document 'death_notice' has no upload field"):
        load_catalog(copy_dir)


def test_non_nfc_text_rejected(copy_dir):
    _edit(copy_dir, "1.000894", lambda d: d["name"].__setitem__("vi", "Đăng ky\u0301 kết hôn"))
    with pytest.raises(CatalogError, match=r"1\.000894\.json: name\.vi: .*NFC"):
        load_catalog(copy_dir)


def test_file_name_must_match_code():
    raw = (DEFAULT_DIR / "1.001193.json").read_bytes()
    with pytest.raises(CatalogError, match=r"wrong\.json: code"):
        parse_procedure(raw, "wrong.json")


def test_invalid_json_names_file():
    with pytest.raises(CatalogError, match=r"x\.json: "):
        parse_procedure(b"{not json", "x.json")


def test_etags_are_stable_and_content_based(copy_dir, catalog):
    again = load_catalog(copy_dir)
    assert {c: e.etag for c, e in again.entries.items()} == {c: e.etag for c, e in catalog.entries.items()}
    assert again.version == catalog.version
    _edit(copy_dir, "1.004194", lambda d: d["keywords"].append("ở trọ"))
    changed = load_catalog(copy_dir)
    assert changed.entry("1.004194").etag != catalog.entry("1.004194").etag
    assert changed.entry("1.001193").etag == catalog.entry("1.001193").etag
    assert changed.version != catalog.version


def test_summaries(catalog):
    by_code = {s.code: s for s in catalog.summaries()}
    trich_luc = by_code["2.000635"]
    assert trich_luc.fee_summary.vi == "8.000 đ/bản"
    assert trich_luc.fee_summary.en == "8,000 VND/copy"
    assert trich_luc.processing_time.vi.startswith("Trong ngày")
    assert "15:00" in trich_luc.processing_time.vi
    assert trich_luc.level == "toan_trinh"
    assert trich_luc.document_count == len(catalog.get("2.000635").documents)
    # Registration is free; the extract copies are not: each part says so.
    assert by_code["1.001193"].fee_summary.vi == "Lệ phí đăng ký: Miễn phí · Bản sao trích lục: 8.000 đ/bản"
    assert by_code["1.001776"].fee_summary.vi == "Miễn phí"
    assert by_code["1.004194"].fee_summary.vi == "15.000 đ"  # in person; 7.000 đ online (TT 75/2022)
    assert by_code["2.000815"].fee_summary.vi == "2.000 đ/trang"
    assert by_code["1.004222"].processing_time.vi == "7 ngày làm việc"
    assert by_code["1.013225"].unverified == ["fees", "processing_time", "name", "agency"]


def test_lookup(catalog):
    assert catalog.get("1.001193").name.vi == "Đăng ký khai sinh"
    assert catalog.get("9.999999") is None


def test_non_nfc_keyword_names_its_index(copy_dir):
    _edit(copy_dir, "1.004194", lambda d: d["keywords"].append("ta\u0323m tru\u0301"))
    with pytest.raises(CatalogError, match=r"1\.004194\.json: keywords\[\d+\]: .*NFC"):
        load_catalog(copy_dir)


def test_expression_syntax_error_names_path(copy_dir):
    pytest.importorskip("volunteer_app.domain.rules.expr")
    _edit(copy_dir, "1.004194", lambda d: d["steps"][1]["fields"][0].__setitem__("visible_if", "delivery = 1"))
    with pytest.raises(CatalogError, match=r"1\.004194\.json: steps\[1\]\.fields\[0\]\.visible_if: invalid expression"):
        load_catalog(copy_dir)
