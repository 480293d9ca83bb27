"""Issue 15, "Quét CCCD" works offline: on a volunteer's tablet that visited the app online (first
visit, then a second page load: the precache's later list fetched), with the server killed and
the browser offline, a photo of an old card fills the applicant and converts the address: the
scanner's code, ZXing's QR reader, its messages and the pre-2025 units all come from the precache.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.offline_support import draft_id, tablet_pin
from tests.browser.test_cccd_scan import OLD_CARD, PHOTO, SCAN, applicant, qr_png

pytestmark = pytest.mark.browser


def test_a_photo_of_a_card_fills_the_applicant_offline(offline_volunteer_page, app, tmp_path):
    page = offline_volunteer_page
    page.goto(app.url + "/nop-ho-so?ma=2.000635")  # the server is dead and the tablet offline
    tablet_pin(page)  # the tablet PIN, set offline on this tablet
    draft_id(page)
    page.get_by_role("button", name=SCAN).click()
    photo = tmp_path / "card.png"
    photo.write_bytes(qr_png(OLD_CARD))
    page.get_by_label(PHOTO).set_input_files(str(photo))
    filled = page.get_by_test_id("scan-filled")
    expect(filled).to_contain_text("Đã điền từ thẻ", timeout=20_000)
    expect(filled).to_contain_text("Phường Hàng Bài, Quận Hoàn Kiếm, Thành phố Hà Nội")
    assert applicant(page) == {"name": "Nguyễn Văn An", "id": "001089012345", "dob": "15/03/1989", "province": "01",
                               "commune": "00082", "street": "Số 12 Ngõ 5 Phố Huế"}
    assert page.errors == []
