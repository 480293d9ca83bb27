"""A card's address to the 2025 units (volunteer_app/domain/card_address.py): the shared vectors
(the JS twin runs them in tests/js/card_address.test.mjs), the browser's compact table against
the server's legacy table, and its size."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from volunteer_app.domain.admin_units import LEGACY_FILE, convert_old_address, load_admin_units
from volunteer_app.domain.card_address import legacy_table, resolve_card_address

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "card_address.json").read_text(encoding="utf-8"))
LEGACY = json.loads(gzip.open(LEGACY_FILE).read())
TABLE = legacy_table(LEGACY)


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_vectors(case):
    assert resolve_card_address(case["address"], TABLE, load_admin_units()) == case["result"]


def test_an_old_address_maps_as_the_server_converts_it():
    r = resolve_card_address("Số 1 Phố Điện Biên Phủ, Phường Điện Biên, Quận Ba Đình, Thành phố Hà Nội", TABLE, load_admin_units())
    server = convert_old_address("Hà Nội", "Ba Đình", "Điện Biên")
    assert r["status"] == "converted" and r["street"] == "Số 1 Phố Điện Biên Phủ"
    assert (r["province"], r["commune"], r["alternatives"]) == (server.province.code, server.commune.code,
                                                                [c.code for c in server.alternatives])
    assert r["alternatives"]  # a split ward offers the other new communes


def test_a_new_address_maps_directly_and_a_district_word_is_no_commune():
    units = load_admin_units()
    r = resolve_card_address("Số 5 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội", TABLE, units)
    assert (r["status"], units.label(r["commune"]), r["street"]) == ("new", "Phường Hoàn Kiếm, Thành phố Hà Nội", "Số 5 Hàng Bài")
    assert resolve_card_address("Số 5, Quận Hoàn Kiếm, Thành phố Hà Nội", TABLE, units)["commune"] == ""


def test_the_compact_table_keeps_every_old_ward_and_its_conversion():
    wards = {(p[0], d[0], w[0]): w[1:] for p in TABLE["provinces"] for d in p[2] for w in d[2]}
    assert len(wards) == len(LEGACY["wards"])
    for name, district, candidates in LEGACY["wards"].values():
        d_name, p_code, _ = LEGACY["districts"][district]
        assert wards[(LEGACY["provinces"][p_code][0], d_name, name)] == candidates


def test_the_browser_copy_is_compact():
    raw = json.dumps(TABLE, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    assert len(gzip.compress(raw, 9)) < LEGACY_FILE.stat().st_size * 0.8  # measured: 70 KB against 100 KB
