"""The chip ID card's QR (volunteer_app/domain/card_qr.py): the shared vectors (the JS twin runs
the same ones in tests/js/card_qr.test.mjs) and the cases the issue names, asserted outright."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from volunteer_app.domain.card_qr import parse_card_qr

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "card_qr.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_vectors(case):
    assert parse_card_qr(case["payload"]) == case["result"]


def test_a_real_shaped_card_with_its_old_9_digit_number():
    r = parse_card_qr("001089012345|012345678|Nguyễn Văn An|15031989|Nam|Số 12 Ngõ 5 Phố Huế, Phường Hàng Bài, "
                      "Quận Hoàn Kiếm, Hà Nội|20042021")
    assert r["ok"] and r["card"] == {
        "id_number": "001089012345", "old_id": "012345678", "full_name": "Nguyễn Văn An", "dob": "1989-03-15",
        "sex": "nam", "address": "Số 12 Ngõ 5 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội", "issued": "2021-04-20"}


def test_old_number_empty_and_address_without_commas():
    r = parse_card_qr("066201005678||Lê Văn Cường|30122001|Nam|Thôn 3 Xã Ea Kao Thành phố Buôn Ma Thuột Tỉnh Đắk Lắk|05092021")
    assert r["ok"] and r["card"]["old_id"] == "" and r["card"]["address"].startswith("Thôn 3 Xã Ea Kao")


def test_decomposed_text_comes_out_nfc():
    r = parse_card_qr(unicodedata.normalize("NFD", "038303004567||Hoàng Thị Hoà|07072003|Nữ|Thôn Đông, Thanh Hóa|11112021"))
    assert r["card"]["full_name"] == unicodedata.normalize("NFC", "Hoàng Thị Hoà") and r["card"]["sex"] == "nu"
    assert unicodedata.is_normalized("NFC", r["card"]["address"])


def test_a_sex_other_than_the_number_says_is_reported_and_nothing_is_used():
    r = parse_card_qr("001089012345||Nguyễn Thị Lan|15031989|Nữ|Hà Nội|20042021")
    assert not r["ok"] and r["card"] is None and [p["code"] for p in r["problems"]] == ["id_sex"]


def test_a_number_failing_the_rules_checks_is_reported():
    assert parse_card_qr("003089012345||A|15031989|Nam|Hà Nội|20042021")["problems"] == [
        {"code": "id_province", "params": {"code": "003"}}]
    assert parse_card_qr("0010890123||A|15031989|Nam|Hà Nội|20042021")["problems"] == [
        {"code": "id_number", "params": {"count": 10}}]
    assert parse_card_qr("not a card")["problems"] == [{"code": "format", "params": {}}]
