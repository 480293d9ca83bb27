"""The whole loop of issue 5 in Chromium against the production build, every step on a screen:

a volunteer signs in on a landscape tablet and files 2.000635 for a citizen through the offline
wizard (photo taken on the device) → the outbox sends it → staff return it with two reasons
(Mẫu 02) → the volunteer's device shows them, the volunteer fixes both in the wizard (only those
two items are editable) and resubmits version 2 → staff accept → the receipt (Mẫu 01) shows the
code and a QR code that opens the citizen's status page.

Nothing here goes around the app: the device steps are the wizard and its outbox, the staff steps
the Reflex screens; the database is only read, to check what arrived.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.offline_support import (
    HANOI, HANOI_COMMUNE, draft_id, fill, make_photo, next_screen, tablet_pin, wait_saved,
)
from tests.browser.staff_support import TIMEOUT, env, fill_supplement_reasons, ui_login
from tests.support.accounts import DEMO_STAFF, DEMO_VOLUNTEER

pytestmark = pytest.mark.browser
ADDRESS = (HANOI, HANOI_COMMUNE, "Số 12 ngõ 34 phố Hàng Bông")


def dossier_rows(app_env: dict, client_uuid: str) -> list[tuple]:
    from sqlalchemy import text
    from sqlmodel import Session

    from volunteer_app.core.db import get_engine

    with Session(get_engine(app_env["DATABASE_URL"])) as db:
        rows = db.execute(text("SELECT code, version, state, channel FROM dossier WHERE client_uuid = :u"),
                          {"u": client_uuid}).all()
        versions = db.execute(text("SELECT count(*) FROM dossierversion v JOIN dossier d ON d.id = v.dossier_id "
                                   "WHERE d.client_uuid = :u"), {"u": client_uuid}).scalar_one()
    return [tuple(r) for r in rows], versions


def fill_2_000635(page, photo: bytes) -> None:
    expect(page.get_by_test_id("progress")).to_have_text("Bước 1/3")
    fill(page, {"applicant_name": "Nguyễn Văn An", "applicant_dob": "15/06/1990", "applicant_sex": "nam",
                "applicant_id": "001090012345", "applicant_address": ADDRESS, "applicant_phone": "0912345678",
                "applicant_relation": "self"})
    next_screen(page, "record")
    fill(page, {"record_type": "birth", "registered_at": "UBND phường Hàng Trống"})
    next_screen(page, "copies_fee")
    fill(page, {"copies": "2", "fee_exemption": "poor"})
    next_screen(page, "documents")
    page.locator("#f-upload_exemption_proof-camera").set_input_files(
        files=[{"name": "ho-ngheo.jpg", "mimeType": "image/jpeg", "buffer": photo}])
    expect(page.get_by_test_id("checklist").locator('[data-doc="exemption_proof"]')).to_have_attribute("data-status", "ok")
    next_screen(page, "result")
    fill(page, {"delivery": "online"})
    next_screen(page, "__fee")
    page.get_by_label("Thanh toán trực tuyến").check()
    next_screen(page, "consent")
    expect(page.get_by_test_id("assisted")).to_contain_text("Tình nguyện viên Phạm Minh Tâm hỗ trợ công dân Nguyễn Văn An")
    fill(page, {"consent_data": True, "declaration": True})
    next_screen(page, "__check")


def test_volunteer_files_staff_return_volunteer_fixes_staff_accept_qr_opens_status(browser, app, app_env):
    env(app, app_env)  # the demo centre and accounts
    tablet = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768}, service_workers="allow")
    staff_ctx = browser.new_context(locale="vi-VN", viewport={"width": 768, "height": 1024})
    try:
        # The volunteer signs in on the tablet: the device files in volunteer mode.
        tnv = tablet.new_page()
        ui_login(tnv, app.url, *DEMO_VOLUNTEER, expect_path="/tnv")
        tnv.goto(app.url + "/ho-so")
        assert tablet_pin(tnv) == "setup"  # the tablet PIN, set at the first sign-in on this tablet
        expect(tnv.get_by_test_id("identity")).to_have_attribute("data-mode", "volunteer")
        expect(tnv.get_by_test_id("identity-volunteer")).to_contain_text("Phạm Minh Tâm (tnv.demo)")
        expect(tnv.get_by_test_id("identity-unconfirmed")).to_have_count(0)  # the server confirmed it

        # The wizard, then the outbox: the dossier arrives once, as the volunteer's.
        tnv.goto(app.url + "/nop-ho-so?ma=2.000635")
        tablet_pin(tnv)  # a new page load: the key is asked for again
        draft = draft_id(tnv)
        fill_2_000635(tnv, make_photo(tnv, 1200, 1600))
        tnv.get_by_role("button", name="Xác nhận và đưa vào hàng chờ gửi").click()
        expect(tnv.get_by_test_id("receipt-code")).to_have_text(re.compile(r"^TS-\d{6}-\d{4}$"), timeout=TIMEOUT)
        code = tnv.get_by_test_id("receipt-code").inner_text()
        pin = tnv.get_by_test_id("receipt-pin").inner_text()
        rows, versions = dossier_rows(app_env, draft)
        assert rows == [(code, 1, "submitted", "volunteer")] and versions == 1

        # Staff find it in the queue and return it with two structured reasons (Mẫu 02).
        staff = staff_ctx.new_page()
        ui_login(staff, app.url, *DEMO_STAFF, expect_path="/can-bo")
        staff.locator(f"tr.queue-row[data-code='{code}'] a").click()
        staff.wait_for_url(re.compile(r"/can-bo/ho-so\?ma=" + code), timeout=TIMEOUT)
        fill_supplement_reasons(staff, [("field:applicant_phone", "Số điện thoại không liên lạc được"),
                                        ("document:exemption_proof", "Ảnh giấy xác nhận hộ nghèo bị mờ")])
        staff.screenshot(path="/tmp/loop-staff-supplement-768.png")
        staff.get_by_test_id("submit-supplement").click()
        staff.get_by_test_id("action-done").wait_for(timeout=TIMEOUT)
        assert staff.get_by_test_id("dossier-state").get_attribute("data-state") == "needs_supplement"

        # The volunteer's dashboard shows it returned, with both reasons, and sends them to the
        # device; the device learns it when the app starts (the outbox polls sent dossiers).
        tnv.goto(app.url + "/tnv")
        row = tnv.locator(f".dossier-row[data-code='{code}']")
        row.wait_for(timeout=TIMEOUT)
        assert row.get_attribute("data-state") == "needs_supplement"
        assert "Số điện thoại không liên lạc được" in row.inner_text() and "Ảnh giấy xác nhận hộ nghèo bị mờ" in row.inner_text()
        row.get_by_test_id("fix-on-device").click()
        tnv.wait_for_url(re.compile(r"/ho-so/?$"), timeout=TIMEOUT)
        tablet_pin(tnv)
        card = tnv.locator(f'[data-draft="{draft}"]')
        expect(card.get_by_test_id("sync-state")).to_have_text("Cần bổ sung", timeout=TIMEOUT)
        card.get_by_role("link", name=re.compile("^Tiếp tục")).click()
        tnv.wait_for_url(re.compile(r"/nop-ho-so"), timeout=TIMEOUT)
        tablet_pin(tnv)
        expect(tnv.get_by_test_id("returned")).to_be_visible()
        expect(tnv.get_by_text("Số điện thoại không liên lạc được").first).to_be_visible()
        expect(tnv.get_by_text("Ảnh giấy xác nhận hộ nghèo bị mờ").first).to_be_visible()
        # The consent came back from the server with the answers, its statement whole.
        expect(tnv.get_by_test_id("consent-record")).to_contain_text(
            "tình nguyện viên Phạm Minh Tâm (tnv.demo) hỗ trợ công dân Nguyễn Văn An")
        tnv.screenshot(path="/tmp/loop-volunteer-returned-1024.png")  # what the tablet shows
        # Only the two named items can be changed.
        expect(tnv.get_by_role("button", name="Sửa Họ, chữ đệm và tên")).to_be_hidden()
        tnv.get_by_role("button", name="Sửa Số điện thoại").click()
        expect(tnv.locator("#f-applicant_name")).to_be_disabled()
        tnv.locator("#f-applicant_phone").fill("0987654321")
        next_screen(tnv, "__check")
        tnv.get_by_role("button", name="Sửa Giấy tờ chứng minh thuộc diện miễn lệ phí").click()
        tnv.get_by_role("button", name=re.compile("^Xóa tệp ")).click()
        expect(tnv.get_by_test_id("checklist").locator('[data-doc="exemption_proof"]')).to_have_attribute("data-status", "missing")
        tnv.locator("#f-upload_exemption_proof-camera").set_input_files(
            files=[{"name": "ho-ngheo-ro.jpg", "mimeType": "image/jpeg", "buffer": make_photo(tnv, 1500, 2000)}])
        expect(tnv.get_by_test_id("checklist").locator('[data-doc="exemption_proof"]')).to_have_attribute("data-status", "ok")
        wait_saved(tnv, draft, "d.answers.upload_exemption_proof.length === 1 && d.answers.upload_exemption_proof[0].name === 'ho-ngheo-ro.jpg'")
        next_screen(tnv, "__check")
        tnv.get_by_role("button", name=re.compile("^Gửi bổ sung")).click()
        expect(tnv.get_by_test_id("receipt-code")).to_have_text(code, timeout=TIMEOUT)
        rows, versions = dossier_rows(app_env, draft)
        assert rows == [(code, 2, "resubmitted", "volunteer")] and versions == 2

        # Staff see version 2 (the new phone number, the new photo) and accept it: Mẫu 01.
        staff.reload()
        staff.locator("[data-testid=dossier-state][data-state=resubmitted]").wait_for(timeout=TIMEOUT)
        assert "0987654321" in staff.get_by_test_id("answers").inner_text()
        img = staff.get_by_test_id("attachment").locator("img")
        img.first.wait_for(timeout=TIMEOUT)
        staff.get_by_test_id("accept").click()
        staff.wait_for_url(re.compile(r"/giay-tiep-nhan\?ma=" + code), timeout=TIMEOUT)
        staff.get_by_test_id("receipt-code").wait_for(timeout=TIMEOUT)
        assert staff.get_by_test_id("receipt-code").inner_text() == code
        qr = staff.get_by_test_id("receipt-qr")
        assert qr.locator("svg").count() == 1
        url = qr.get_attribute("data-qr-url")
        assert url == f"{app.url}/tra-cuu#ma={code}&pin={pin}"
        staff.screenshot(path="/tmp/loop-receipt.png", full_page=True)

        # The QR code's URL, opened on a citizen's phone, shows the status page.
        citizen_ctx = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
        try:
            phone = citizen_ctx.new_page()
            phone.goto(url)
            state = phone.get_by_test_id("status-state")
            state.wait_for(timeout=TIMEOUT)
            assert state.get_attribute("data-state") in ("accepted", "forwarded")
            assert re.search(r"\d{2}/\d{2}/\d{4}", phone.get_by_test_id("status-due").inner_text())
            assert phone.get_by_test_id("status-reasons").count() == 0
            phone.screenshot(path="/tmp/loop-status-360.png", full_page=True)
        finally:
            citizen_ctx.close()

        # The device heard it too, and keeps only the receipt stub (no answers, no files).
        tnv.goto(app.url + "/ho-so")
        tablet_pin(tnv)
        stub = tnv.evaluate("""async (id) => {
          const db = await new Promise((ok, ko) => { const r = indexedDB.open('tiepsuc'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
          const get = (store, key) => new Promise((ok, ko) => { const q = db.transaction(store).objectStore(store).get(key); q.onsuccess = () => ok(q.result); q.onerror = ko; });
          const files = await new Promise((ok) => { const q = db.transaction('files').objectStore('files').index('draft_id').count(id); q.onsuccess = () => ok(q.result); });
          const d = await get('drafts', id); db.close();
          return { status: d.status, answers: d.answers || null, files };
        }""", draft)
        assert stub == {"status": "sent", "answers": None, "files": 0}
    finally:
        tablet.close()
        staff_ctx.close()
