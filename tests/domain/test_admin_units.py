"""Administrative units: counts, lookup, picker search, old-address conversion."""
import json
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from volunteer_app.domain.admin_units import (
    CURRENT_FILE, convert_old_address, load_admin_units, strip_unit_prefixes,
)
from volunteer_app.domain.text import sort_key


@pytest.fixture(scope="module")
def units():
    return load_admin_units()


def test_counts_and_provenance(units):
    assert len(units.provinces) == 34
    assert len(units.communes) == 3321
    types = [c.type for c in units.communes]
    assert (types.count("xa"), types.count("phuong"), types.count("dac_khu")) == (2621, 687, 13)
    assert units.version and "vietnamadminunits" in units.source and "19/2025" in units.decree
    assert len({c.code for c in units.communes}) == 3321


def test_sorted_by_vietnamese_collation(units):
    data = json.loads(CURRENT_FILE.read_text(encoding="utf-8"))
    keys = [sort_key(p[1].split(" ", 1)[1] if p[1].startswith("Tỉnh") else p[1].removeprefix("Thành phố ")) for p in data["provinces"]]
    assert keys == sorted(keys)
    assert [p.name for p in units.provinces[:2]] == ["Tỉnh An Giang", "Tỉnh Bắc Ninh"]


def test_lookup_by_code(units):
    assert units.province("79").name == "Thành phố Hồ Chí Minh"
    assert units.commune("25747").name == "Phường Thủ Dầu Một"
    assert units.label("25747") == "Phường Thủ Dầu Một, Thành phố Hồ Chí Minh"
    assert units.commune("99999") is None
    assert len(units.communes_of("79")) > 100


@pytest.mark.parametrize("query", ["thu dau mot", "Thủ Dầu Một", "phường thủ dầu một", "TP. Thủ Dầu Một", "thu dau mot hcm",
                                   "thu dau mot ho chi minh", unicodedata.normalize("NFD", "Thủ Dầu Một")])
def test_picker_finds_thu_dau_mot_under_hcm(units, query):
    first = units.search(query)[0]
    assert first.name == "Phường Thủ Dầu Một" and first.province_code == "79"


def test_picker_other_examples(units):
    assert units.search("dac khu con dao")[0].name == "Đặc khu Côn Đảo"
    assert units.search("ba dinh ha noi")[0].name == "Phường Ba Đình"
    assert all(c.province_code == "01" for c in units.search("ba", province_code="01"))
    assert [c.name for c in units.search("tan hiep")][:1] and all("tan h" in c.key for c in units.search("tan h"))
    assert units.search("xyzzy") == []
    assert units.search("") == []
    assert units.search("thu dau mot tp hcm")[0].code == units.search("hcm thu dau mot")[0].code == "25747"
    assert units.search("xa phuong binh")[0].name == "Xã Phương Bình"


def test_prefix_stripping():
    assert strip_unit_prefixes("Phường Thủ Dầu Một") == ["thu", "dau", "mot"]
    assert strip_unit_prefixes("Thành phố Hồ Chí Minh") == ["ho", "chi", "minh"]
    assert strip_unit_prefixes("TP. HCM") == ["hcm"]
    assert strip_unit_prefixes("Đặc khu Côn Đảo") == ["con", "dao"]
    assert strip_unit_prefixes("xã") == ["xa"]  # nothing else to search for, keep it
    assert strip_unit_prefixes("Xã Phương Bình") == ["phuong", "binh"]  # only the leading unit word


def test_province_search(units):
    assert [p.code for p in units.search_provinces("tp hcm")] == ["79"]
    assert units.search_provinces("Đà Nẵng")[0].code == "48"


def test_convert_old_address_by_names():
    result = convert_old_address("Tỉnh Bình Dương", "Thành phố Thủ Dầu Một", "Phường Phú Cường")
    assert result.commune.name == "Phường Thủ Dầu Một" and result.province.code == "79"
    assert result.old_province == "Tỉnh Bình Dương"
    same = convert_old_address("binh duong", "thu dau mot", "phu cuong")
    assert same == result


def test_convert_old_address_by_code_and_islands():
    assert convert_old_address(ward_code="00001").commune.code == "00097"
    island = convert_old_address("Bà Rịa - Vũng Tàu", "Huyện Côn Đảo")
    assert island.commune.name == "Đặc khu Côn Đảo" and island.old_ward is None


def test_convert_old_address_split_ward_has_alternatives():
    from volunteer_app.domain.admin_units import _legacy
    code = next(c for c, row in _legacy()["wards"].items() if len(row[2]) > 1)
    result = convert_old_address(ward_code=code)
    assert result.ambiguous and result.commune not in result.alternatives


def test_convert_old_address_unknown():
    assert convert_old_address("Tỉnh Không Có", "Huyện X", "Xã Y") is None
    assert convert_old_address(ward_code="abc") is None
    assert convert_old_address("Thành phố Hà Nội", "Quận Ba Đình") is None  # a district alone is ambiguous


def test_every_commune_is_found_by_its_own_name(units):
    for commune in units.communes:
        assert commune in units.search(commune.name, limit=50), commune.name


@settings(max_examples=100)
@given(st.integers(min_value=0, max_value=3320))
def test_name_plus_province_puts_the_commune_on_top(index):
    units = load_admin_units()
    commune = units.communes[index]
    query = f"{commune.name} {units.province(commune.province_code).name}"
    top = units.search(query, limit=3)
    # folding can make two names in one province identical (Ba Tô / Ba Tơ): then both lead
    assert commune in top and all(c.key == commune.key for c in top[: top.index(commune) + 1])


def test_picker_vectors_shared_with_js(units):
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parents[1] / "vectors" / "search_admin_units.json").read_text())
    assert data["data_version"] == units.version
    for case in data["strip"]:
        assert strip_unit_prefixes(case["input"]) == case["expect"]
    for case in data["exists"]:
        assert units.exists(case["province"], case["commune"]) == case["expect"]
    for case in data["cases"]:
        got = [c.code for c in units.search(case["query"], province_code=case["province"], limit=10)]
        assert got == case["expect"], case["query"]


def test_exists_is_the_validator_units_callable(units):
    assert units.exists("79", "25747") and units.exists("79")
    assert not units.exists("01", "25747") and not units.exists("99")
    rules = pytest.importorskip("volunteer_app.domain.rules.fields")
    check = getattr(rules, "check_field", None)
    if check is None:
        pytest.skip("rules.fields.check_field not available")
    field = {"id": "addr", "type": "address", "label": {"vi": "Địa chỉ", "en": "Address"}}
    errors = check(field, {"province": "01", "commune": "25747", "street": ""}, required=True, path="addr",
                   answers={}, scope=None, today="2026-11-28", units=units.exists, document=None)
    assert [e["key"] for e in errors] == ["address.commune_unknown"]
