"""Returning citizens (issue 15) in Chromium against the production build, every step on a screen:

a volunteer files 2.000635 for a citizen who ticks the separate keep consent → staff accept it →
the citizen comes back: the volunteer types the ID number (a CCCD scan fills the same field), the
wizard offers "Dùng dữ liệu đã lưu" (not while offline), the citizen gives the PIN of the first
receipt (its sixth digit asks), every shared-vocabulary field and this procedure's choices are
prefilled and the document slot offers the kept photo instead of a new one → the second dossier arrives with that file, staff see the use in the audit →
on the status page the citizen sees what is kept and withdraws it: it is gone (page and API).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.offline_support import (
    HANOI, HANOI_COMMUNE, draft_id, fill, make_photo, next_screen, tablet_pin, wait_saved,
)
from tests.browser.staff_support import TIMEOUT, env, ui_login
from tests.browser.test_a11y import assert_accessible
from tests.support.accounts import DEMO_STAFF, DEMO_VOLUNTEER

pytestmark = pytest.mark.browser
NUMBER = "001090067890"  # this test's citizen only
ADDRESS = (HANOI, HANOI_COMMUNE, "Số 5 phố Hàng Gai")


def attachments_of(app_env: dict, client_uuid: str) -> list[str]:
    from sqlalchemy import text
    from sqlmodel import Session

    from volunteer_app.core.db import get_engine

    with Session(get_engine(app_env["DATABASE_URL"])) as db:
        return [r[0] for r in db.execute(text("SELECT document_id FROM attachment WHERE dossier_uuid = :u "
                                              "AND complete"), {"u": client_uuid})]


def file_until_consent(page, photo: bytes | None, first: bool) -> None:
    """From the applicant's screen (the ID number filled) to the consent screen."""
    if first:
        fill(page, {"applicant_name": "Trần Thị Bích", "applicant_dob": "02/03/1990", "applicant_sex": "nam",
                    "applicant_address": ADDRESS, "applicant_phone": "0912000111", "applicant_relation": "self"})
    else:
        fill(page, {"applicant_relation": "self"})
    next_screen(page, "record")
    fill(page, {"record_type": "birth", "registered_at": "UBND phường Hàng Trống"})
    next_screen(page, "copies_fee")
    fill(page, {"copies": "1", "fee_exemption": "poor"})
    next_screen(page, "documents")
    if photo is not None:
        page.locator("#f-upload_exemption_proof-camera").set_input_files(
            files=[{"name": "ho-ngheo.jpg", "mimeType": "image/jpeg", "buffer": photo}])
        expect(page.get_by_test_id("checklist").locator('[data-doc="exemption_proof"]')).to_have_attribute(
            "data-status", "ok")


CONSENT_SCREEN = '.ts-wizard[data-steps~="consent"]'


def finish(page) -> None:
    """On to the screen that asks for consent (short steps may share it with the result and the fee)."""
    next_screen(page, "result")
    fill(page, {"delivery": "online"})
    if not page.locator(CONSENT_SCREEN).count():
        next_screen(page, "consent")
    expect(page.locator(CONSENT_SCREEN)).to_be_visible()


def test_returning_citizen_is_prefilled_offered_kept_photos_audited_and_can_withdraw(browser, app, app_env):
    env(app, app_env)
    tablet = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768}, service_workers="allow")
    staff_ctx = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768})
    phone_ctx = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    try:
        tnv = tablet.new_page()
        ui_login(tnv, app.url, *DEMO_VOLUNTEER, expect_path="/tnv")

        # 1. The first filing; the citizen ticks the separate keep consent, which starts unticked.
        tnv.goto(app.url + "/nop-ho-so?ma=2.000635")
        tablet_pin(tnv)  # the tablet PIN, at this volunteer's first sign-in on this tablet
        first_draft = draft_id(tnv)
        fill(tnv, {"applicant_id": NUMBER})
        file_until_consent(tnv, make_photo(tnv, 1200, 1600), first=True)
        finish(tnv)
        keep = tnv.get_by_label("Đồng ý lưu dữ liệu cho lần nộp sau (không bắt buộc)")
        expect(keep).not_to_be_checked()
        expect(tnv.get_by_test_id("keep-consent")).to_contain_text("12 tháng")
        fill(tnv, {"consent_data": True, "declaration": True})
        keep.check()
        wait_saved(tnv, first_draft, "d.keep_data === true")
        next_screen(tnv, "__check")
        tnv.get_by_role("button", name="Xác nhận và đưa vào hàng chờ gửi").click()
        expect(tnv.get_by_test_id("receipt-code")).to_have_text(re.compile(r"^TS-\d{6}-\d{4}$"), timeout=TIMEOUT)
        code, pin = tnv.get_by_test_id("receipt-code").inner_text(), tnv.get_by_test_id("receipt-pin").inner_text()

        # 2. Staff accept it.
        staff = staff_ctx.new_page()
        ui_login(staff, app.url, *DEMO_STAFF, expect_path="/can-bo")
        staff.goto(f"{app.url}/can-bo/ho-so?ma={code}")
        expect(staff.get_by_test_id("consent-keep")).to_have_text("Có / Yes", timeout=TIMEOUT)
        staff.get_by_test_id("accept").click()
        staff.wait_for_url(re.compile(r"/giay-tiep-nhan\?ma=" + code), timeout=TIMEOUT)

        # 3. The citizen comes back. The offer appears once the ID number is valid, not offline.
        tnv.goto(app.url + "/nop-ho-so?ma=2.000635")
        tablet_pin(tnv)  # the same tab: open without the PIN
        second_draft = draft_id(tnv)
        offer = tnv.get_by_role("button", name="Dùng dữ liệu đã lưu")
        fill(tnv, {"applicant_id": NUMBER[:11]})
        expect(offer).to_have_count(0)
        fill(tnv, {"applicant_id": NUMBER})
        expect(offer).to_be_visible()
        tablet.set_offline(True)
        expect(offer).to_have_count(0)
        tablet.set_offline(False)
        expect(offer).to_be_visible(timeout=40_000)  # the next health probe finds the server again
        scanned: list = []  # axe: the new controls, at the three sizes
        assert_accessible(tnv, "wizard:returning-offer", scanned)
        # The PIN field is there at once; its sixth digit asks (no press), the button asks again.
        wrong = f"{(int(pin) + 1) % 1_000_000:06d}"
        tnv.get_by_label("Mã PIN trên giấy tiếp nhận trước").fill(wrong[:5])
        expect(tnv.get_by_test_id("returning-message")).to_have_count(0)
        tnv.get_by_label("Mã PIN trên giấy tiếp nhận trước").fill(wrong)
        expect(tnv.get_by_test_id("returning-message")).to_contain_text("Không tìm thấy dữ liệu đã lưu")
        expect(tnv.locator("#f-applicant_name")).to_have_value("")
        with tnv.expect_response(lambda r: r.url.endswith("/api/v1/returning/lookup")) as asked:
            offer.click()
        assert asked.value.status == 404
        tnv.get_by_label("Mã PIN trên giấy tiếp nhận trước").fill(pin)
        expect(tnv.get_by_test_id("returning-message")).to_contain_text("Đã điền sẵn")
        # This procedure's kept choices are prefilled too (the relation; the record and the delivery later).
        expect(tnv.locator("#f-applicant_relation")).to_have_value("self")
        expect(tnv.locator("#f-applicant_name")).to_have_value("Trần Thị Bích")
        expect(tnv.locator("#f-applicant_phone")).to_have_value("0912000111")
        expect(tnv.locator("#f-applicant_address-street")).to_have_value(ADDRESS[2])
        file_until_consent(tnv, None, first=False)
        # The kept photo is offered instead of a new one.
        use_kept = tnv.get_by_role("button", name=re.compile(r"^Dùng giấy tờ đã lưu: .* · " + code))
        expect(use_kept).to_be_visible()
        assert_accessible(tnv, "wizard:documents:kept", scanned)
        use_kept.click()
        expect(tnv.get_by_test_id("checklist").locator('[data-doc="exemption_proof"]')).to_have_attribute(
            "data-status", "ok")
        wait_saved(tnv, second_draft, "(d.kept_files || []).length === 1")
        finish(tnv)
        expect(tnv.get_by_label("Đồng ý lưu dữ liệu cho lần nộp sau (không bắt buộc)")).not_to_be_checked()
        fill(tnv, {"consent_data": True, "declaration": True})
        next_screen(tnv, "__check")
        tnv.get_by_role("button", name="Xác nhận và đưa vào hàng chờ gửi").click()
        expect(tnv.get_by_test_id("receipt-code")).to_have_text(re.compile(r"^TS-\d{6}-\d{4}$"), timeout=TIMEOUT)
        second_code = tnv.get_by_test_id("receipt-code").inner_text()
        assert attachments_of(app_env, second_draft) == ["exemption_proof"]

        # 4. Staff see the kept photo in the second dossier, and the use in the first one's audit.
        staff.goto(f"{app.url}/can-bo/ho-so?ma={second_code}")
        staff.get_by_test_id("attachment").locator("img").first.wait_for(timeout=TIMEOUT)
        expect(staff.get_by_test_id("audit")).to_contain_text("Dùng giấy tờ đã lưu")
        staff.goto(f"{app.url}/can-bo/ho-so?ma={code}")
        audit = staff.get_by_test_id("audit")
        expect(audit).to_contain_text("Dùng dữ liệu đã lưu của công dân", timeout=TIMEOUT)
        expect(audit).to_contain_text("Lưu dữ liệu cho lần nộp sau")
        assert NUMBER not in audit.inner_text() and "Trần Thị Bích" not in audit.inner_text()

        # 5. On the status page the citizen sees what is kept and withdraws it.
        phone = phone_ctx.new_page()
        phone.goto(f"{app.url}/tra-cuu#ma={code}&pin={pin}")
        kept = phone.get_by_test_id("kept-values")
        expect(kept).to_contain_text("Trần Thị Bích", timeout=TIMEOUT)
        expect(phone.get_by_test_id("kept-documents")).to_contain_text(code)
        assert_accessible(phone, "status:kept", scanned)
        assert len(scanned) == 9
        phone.get_by_role("button", name=re.compile("^Rút lại sự đồng ý và xóa dữ liệu đã lưu")).click()
        expect(phone.get_by_test_id("kept-message")).to_contain_text("Đã xóa dữ liệu đã lưu", timeout=TIMEOUT)
        expect(phone.get_by_test_id("kept-none")).to_be_visible()
        expect(phone.get_by_test_id("kept-values")).to_have_count(0)
        # … and the API says so too: the volunteer's look-up finds nothing any more.
        gone = tnv.request.post(app.url + "/api/v1/returning/lookup", data={"id_number": NUMBER, "pin": pin},
                                headers={"X-CSRF-Token": _csrf(tablet)})
        assert gone.status == 404
        seen = phone.request.post(app.url + "/api/v1/lookup/kept", data={"code": code, "pin": pin})
        assert seen.status == 200 and seen.json()["kept"] is False
    finally:
        tablet.close()
        staff_ctx.close()
        phone_ctx.close()


def _csrf(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "ts_csrf")
