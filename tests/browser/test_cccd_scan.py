"""Issue 15, "Quét CCCD", in Debian's Chromium against the production build: a card QR made here
(segno) is read by the tablet camera (Chromium's fake capture device, fed from a Y4M file of the
QR) and fills the applicant and the address, converted from the old three-level units; a photo of
a card (file input) fills them too, for a new-format address; a QR whose ID number fails the
checks is reported and fills nothing. Debian's Chromium has no BarcodeDetector on Linux, so ZXing
(loaded on demand) is what reads the QR here. Nothing of the QR is kept beyond the draft's values.
"""
from __future__ import annotations

import io

import pytest
import segno
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.offline_support import draft_id, read_draft, wait_saved
from tests.browser.test_a11y import assert_accessible

pytestmark = pytest.mark.browser

OLD_CARD = ("001089012345|012345678|Nguyễn Văn An|15031989|Nam|"
            "Số 12 Ngõ 5 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội|20042021")
NEW_CARD = "079305001234||Trần Thị Bình|02022005|Nữ|Số 5 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội|15082025"
BAD_CARD = "003089012345||Lê Văn Cường|15031989|Nam|Số 1, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội|20042021"
SCAN = "Quét CCCD người nộp"
PHOTO = "Ảnh chụp thẻ (khi máy ảnh không lấy nét được)"


def qr_png(payload: str) -> bytes:
    out = io.BytesIO()
    segno.make(payload, encoding="utf-8", error="m", micro=False).save(out, kind="png", scale=6, border=4)
    return out.getvalue()


def qr_y4m(payload: str, width: int = 640, height: int = 480, frames: int = 2) -> bytes:
    """A Y4M video (4:2:0) of the QR, black on white, centred: what the fake camera shows."""
    qr = segno.make(payload, encoding="utf-8", error="m", micro=False)
    rows = [bytes(16 if dark else 235 for dark in row) for row in qr.matrix_iter(scale=5, border=4)]
    top, left = (height - len(rows)) // 2, (width - len(rows[0])) // 2
    assert top >= 0 and left >= 0, "the QR does not fit the frame"
    luma = bytearray(b"\xeb" * (width * height))
    for y, row in enumerate(rows):
        luma[(top + y) * width + left:(top + y) * width + left + len(row)] = row
    chroma = b"\x80" * (width // 2 * height // 2)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    return f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode() + frame * frames


@pytest.fixture(scope="module")
def camera_browser(tmp_path_factory):
    """Chromium whose camera shows the old-format card's QR (permission granted by the fake UI);
    the photo tests use it too (one Playwright per thread: conftest's browser would be a second)."""
    from playwright.sync_api import sync_playwright

    video = tmp_path_factory.mktemp("camera") / "card.y4m"
    video.write_bytes(qr_y4m(OLD_CARD))
    args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield browser
        browser.close()


def applicant(page):
    return {
        "name": page.locator("#f-applicant_name").input_value(),
        "id": page.locator("#f-applicant_id").input_value(),
        "dob": page.locator("#f-applicant_dob").input_value(),
        "province": page.locator("#f-applicant_address-province").input_value(),
        "commune": page.locator("#f-applicant_address-commune").input_value(),
        "street": page.locator("#f-applicant_address-street").input_value(),
    }


def test_the_camera_reads_an_old_card_and_fills_the_applicant_and_the_converted_address(camera_browser, app):
    ctx = camera_browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768})
    try:
        page = ctx.new_page()
        page.goto(app.url + "/nop-ho-so?ma=2.000635")
        draft = draft_id(page)
        assert page.evaluate("() => 'BarcodeDetector' in window") is False  # so ZXing reads it
        page.get_by_role("button", name=SCAN).click()
        page.get_by_role("button", name="Dùng máy ảnh").click()
        filled = page.get_by_test_id("scan-filled")
        expect(filled).to_be_visible(timeout=20_000)
        expect(filled).to_be_focused()
        expect(filled).to_contain_text("Họ và tên: Nguyễn Văn An")
        expect(filled).to_contain_text("Số định danh: *********345")
        expect(filled).to_contain_text("Địa chỉ: Số 12 Ngõ 5 Phố Huế, Phường Cửa Nam, Thành phố Hà Nội")
        expect(filled).to_contain_text("Phường Hàng Bài, Quận Hoàn Kiếm, Thành phố Hà Nội")  # the old units, named
        assert applicant(page) == {"name": "Nguyễn Văn An", "id": "001089012345", "dob": "15/03/1989", "province": "01",
                                   "commune": "00082", "street": "Số 12 Ngõ 5 Phố Huế"}
        expect(page.get_by_role("radio", name="Nam", exact=True)).to_be_checked()
        expect(page.get_by_role("button", name="Dừng máy ảnh")).to_have_count(0)  # the camera stopped once read
        wait_saved(page, draft, "d.answers.applicant_id === '001089012345' && d.answers.applicant_address.commune === '00082'")
        stored = read_draft(page, draft)
        assert stored["answers"]["applicant_sex"] == "nam" and stored["answers"]["applicant_dob"] == "1989-03-15"
        # Nothing of the QR beyond the draft's values: not its text, not the old number it carries.
        kept = page.evaluate("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
        assert "012345678" not in str(stored) and "|" not in str(stored["answers"]) and "001089012345" not in kept
    finally:
        ctx.close()


def test_a_photo_of_a_new_card_fills_the_applicant_with_the_2025_units(camera_browser, app, tmp_path):
    ctx = camera_browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768})
    try:
        page = ctx.new_page()
        page.goto(app.url + "/nop-ho-so?ma=2.000635")
        page.get_by_role("button", name=SCAN).click()
        photo = tmp_path / "card.png"
        photo.write_bytes(qr_png(NEW_CARD))
        page.get_by_label(PHOTO).set_input_files(str(photo))
        filled = page.get_by_test_id("scan-filled")
        expect(filled).to_contain_text("Giới tính: Nữ", timeout=20_000)
        expect(filled).not_to_contain_text("đơn vị hành chính cũ")  # already the new units
        assert applicant(page) == {"name": "Trần Thị Bình", "id": "079305001234", "dob": "02/02/2005", "province": "01",
                                   "commune": "00070", "street": "Số 5 Hàng Bài"}
        expect(page.get_by_role("radio", name="Nữ", exact=True)).to_be_checked()
        assert_accessible(page, "wizard:applicant:scanned", [])  # the open scanner with what it filled
    finally:
        ctx.close()


def test_a_card_whose_id_number_fails_the_checks_is_reported_and_fills_nothing(camera_browser, app, tmp_path):
    ctx = camera_browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768})
    try:
        page = ctx.new_page()
        page.goto(app.url + "/nop-ho-so?ma=2.000635")
        page.get_by_role("button", name=SCAN).click()
        photo = tmp_path / "bad.png"
        photo.write_bytes(qr_png(BAD_CARD))
        page.get_by_label(PHOTO).set_input_files(str(photo))
        alert = page.get_by_role("alert").filter(has_text="Không dùng được mã QR này")
        expect(alert).to_contain_text("Mã tỉnh 003 của số định danh không đúng.", timeout=20_000)
        expect(alert).to_be_focused()
        assert applicant(page) == {"name": "", "id": "", "dob": "", "province": "", "commune": "", "street": ""}
        expect(page.get_by_test_id("scan-filled")).to_have_count(0)
        assert_accessible(page, "wizard:applicant:scan-refused", [])
    finally:
        ctx.close()
