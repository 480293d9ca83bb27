"""The whole loop of issue 5 in Chromium against the production build:

staff return a dossier with two reasons → the volunteer sees them → the volunteer fixes them and
resubmits → staff accept → the receipt shows the code and a QR code that opens the citizen's
status page.

The device steps (first submission, reading the reasons back, resubmitting version 2) go over the
real sync API (HTTP PUT/GET with the dossier's device token and the volunteer's session, plus a
tus upload), exactly the requests the offline wizard's outbox sends; the browser drives every
online screen: staff sign-in, queue, dossier page, supplement form (Mẫu 02), the volunteer's
dashboard, acceptance, the receipt (Mẫu 01) and the citizen status page.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.staff_support import TIMEOUT, env, submit_dossier, ui_login
from tests.support.accounts import DEMO_STAFF, DEMO_VOLUNTEER
from tests.support.dossiers import png_bytes, sha256, upload

pytestmark = pytest.mark.browser


def test_return_fix_resubmit_accept_and_the_qr_opens_the_status_page(browser, app, app_env):
    accounts = env(app, app_env)
    device = submit_dossier(accounts.volunteer, attachment=True)
    code = device["code"]

    staff_ctx = browser.new_context(locale="vi-VN", viewport={"width": 768, "height": 1024})
    tnv_ctx = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    try:
        # Staff sign in, find the dossier in the queue and open it.
        staff = staff_ctx.new_page()
        ui_login(staff, app.url, *DEMO_STAFF, expect_path="/can-bo")
        staff.locator(f"tr.queue-row[data-code='{code}'] a").click()
        staff.wait_for_url(re.compile(r"/can-bo/ho-so\?ma=" + code), timeout=TIMEOUT)
        staff.get_by_test_id("dossier-code").wait_for(timeout=TIMEOUT)

        # Return for supplement with two structured reasons (Mẫu 02), all at once.
        staff.get_by_test_id("return").click()
        staff.get_by_test_id("add-reason").click()
        staff.locator("#target_1").wait_for(timeout=TIMEOUT)
        staff.locator("#target_0").select_option("field:applicant_phone")
        staff.locator("#text_0").fill("Số điện thoại không liên lạc được")
        staff.locator("#target_1").select_option("document:exemption_proof")
        staff.locator("#text_1").fill("Ảnh giấy xác nhận hộ nghèo bị mờ")
        staff.get_by_test_id("submit-supplement").click()
        staff.get_by_test_id("action-done").wait_for(timeout=TIMEOUT)
        assert staff.get_by_test_id("dossier-state").get_attribute("data-state") == "needs_supplement"

        # The volunteer's device learns it (the outbox's poll: read-back with the device token)...
        seen = accounts.volunteer.get(f"/api/v1/dossiers/{device['client_uuid']}",
                                      headers={"X-Dossier-Token": device["token"]}).json()
        assert seen["state"] == "needs_supplement"
        assert [r["target"] for r in seen["reasons"]] == ["field:applicant_phone", "document:exemption_proof"]
        # ...and the volunteer's dashboard shows it first, with both reasons.
        tnv = tnv_ctx.new_page()
        ui_login(tnv, app.url, *DEMO_VOLUNTEER, expect_path="/tnv")
        first = tnv.locator(".dossier-row").first
        first.wait_for(timeout=TIMEOUT)
        assert first.get_attribute("data-code") == code
        assert first.get_attribute("data-state") == "needs_supplement"
        text = first.inner_text()
        assert "Số điện thoại không liên lạc được" in text and "Ảnh giấy xác nhận hộ nghèo bị mờ" in text
        tnv.screenshot(path="/tmp/loop-volunteer-returned-360.png", full_page=True)

        # The volunteer fixes both items and resubmits version 2 from the device.
        clearer = png_bytes(4000)
        upload(accounts.volunteer, device["token"], device["client_uuid"], clearer)
        body = dict(device["body"], version=2)
        body["answers"] = {**body["answers"], "applicant_phone": "0987654321", "upload_exemption_proof": [
            {"sha256": sha256(clearer), "size": len(clearer), "mime": "image/png", "name": "ho-ngheo.png"}]}
        res = accounts.volunteer.put(f"/api/v1/dossiers/{device['client_uuid']}", json=body,
                                     headers={"X-Dossier-Token": device["token"]})
        assert res.status_code == 201, res.text
        assert res.json()["state"] == "resubmitted" and res.json()["version"] == 2

        # Staff see the new version and accept it: the receipt (Mẫu 01) is printed.
        staff.reload()
        staff.locator("[data-testid=dossier-state][data-state=resubmitted]").wait_for(timeout=TIMEOUT)
        assert "0987654321" in staff.get_by_test_id("answers").inner_text()
        staff.get_by_test_id("accept").click()
        staff.wait_for_url(re.compile(r"/giay-tiep-nhan\?ma=" + code), timeout=TIMEOUT)
        staff.get_by_test_id("receipt-code").wait_for(timeout=TIMEOUT)
        assert staff.get_by_test_id("receipt-code").inner_text() == code
        qr = staff.get_by_test_id("receipt-qr")
        assert qr.locator("svg").count() == 1
        url = qr.get_attribute("data-qr-url")
        assert url == f"{app.url}/tra-cuu#ma={code}&pin={device['pin']}"
        staff.screenshot(path="/tmp/loop-receipt.png", full_page=True)

        # The QR code's URL opens the citizen status page: accepted, with the due date.
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
    finally:
        staff_ctx.close()
        tnv_ctx.close()
