"""The online screens of issue 5 in Chromium against the production build: staff queue (filters,
masking), dossier page (accept → receipt + QR → citizen status page; return with two reasons;
refuse), admin, reports CSV, volunteer dashboard, look-up throttling."""
from __future__ import annotations

import re

import pytest
import segno

from tests.browser.staff_support import (
    TIMEOUT,
    arrive,
    cookie_login,
    env,
    fill_supplement_reasons,
    submit_dossier,
    ui_login,
)
from tests.support.accounts import DEMO_STAFF
from tests.support.dossiers import VALID_ANSWERS, accepted_with_forwarding_problem, staff_act

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def accounts(app, app_env):
    return env(app, app_env)


def staff_page(context, accounts, path: str):
    cookie_login(context, accounts.staff, accounts.url)
    page = context.new_page()
    page.goto(accounts.url + path)
    return page


def test_staff_signs_in_and_the_queue_masks_and_filters(page, app, accounts):
    mine = submit_dossier(accounts.volunteer)
    other = submit_dossier(accounts.volunteer)
    started = staff_act(accounts.staff, other["code"], "start_review")
    assert started.status_code == 200, started.text
    ui_login(page, app.url, *DEMO_STAFF, expect_path="/can-bo")
    row = page.locator(f"tr.queue-row[data-code='{mine['code']}']")
    row.wait_for(timeout=TIMEOUT)
    # Masked name and ID number only; the full ID never reaches the page.
    assert "N. V. An" in row.inner_text()
    assert row.locator("[data-testid=masked-id]").inner_text() == "0010******56"
    assert VALID_ANSWERS["applicant_id"] not in page.content()
    assert "Nguyễn Văn An" not in page.content()
    # Sorted by due date.
    dues = page.locator("tr.queue-row").evaluate_all("rows => rows.map(r => r.dataset.code)")
    assert dues.index(mine["code"]) < dues.index(other["code"])
    # State filter: only in_review rows remain.
    page.screenshot(path="/tmp/staff-queue.png", full_page=True)
    page.locator("#f-state").select_option("in_review")
    page.locator(f"tr.queue-row[data-code='{mine['code']}']").wait_for(state="detached", timeout=TIMEOUT)
    page.locator(f"tr.queue-row[data-code='{other['code']}']").wait_for(timeout=TIMEOUT)
    states = page.locator("tr.queue-row").evaluate_all("rows => rows.map(r => r.dataset.state)")
    assert set(states) == {"in_review"}
    # Overdue filter: nothing submitted today is overdue yet... unless after 15:00 of a same-day
    # procedure; either way every row shown must be flagged overdue.
    page.locator("#f-state").select_option("all")
    page.locator("#f-overdue").select_option("yes")
    page.wait_for_function("() => !document.querySelector(`tr.queue-row[data-overdue='']`)", timeout=TIMEOUT)
    # Procedure and age filters.
    page.locator("#f-overdue").select_option("all")
    page.locator("#f-procedure").select_option("1.000656")
    page.get_by_test_id("queue-empty").wait_for(timeout=TIMEOUT)
    page.locator("#f-procedure").select_option("2.000635")
    page.locator("#f-age").select_option("0-1")
    page.locator(f"tr.queue-row[data-code='{mine['code']}']").wait_for(timeout=TIMEOUT)
    page.locator("#f-age").select_option("8-30")
    page.get_by_test_id("queue-empty").wait_for(timeout=TIMEOUT)


def test_accept_prints_the_receipt_whose_qr_opens_the_status_page(context, accounts):
    dossier = submit_dossier(accounts.volunteer, attachment=True)
    page = staff_page(context, accounts, f"/can-bo/ho-so?ma={dossier['code']}")
    page.get_by_test_id("dossier-code").wait_for(timeout=TIMEOUT)
    assert page.get_by_test_id("dossier-code").inner_text() == dossier["code"]
    answers = page.get_by_test_id("answers").inner_text()
    assert "Nguyễn Văn An" in answers and "01/05/1990" in answers  # the full answers, for the reviewer
    # The image preview really loads (served by the staff attachment endpoint with the cookie).
    img = page.get_by_test_id("attachment").locator("img")
    img.wait_for(timeout=TIMEOUT)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle(), timeout=TIMEOUT)
    checkbox = page.locator("#chk-exemption_proof")
    checkbox.click()  # controlled by the server state: the tick appears after the round trip
    page.wait_for_function("() => document.querySelector('#chk-exemption_proof').checked", timeout=TIMEOUT)
    # The audit trail names events in Vietnamese from the message catalog, never by raw name.
    trail = page.get_by_test_id("audit").inner_text()
    assert "Nộp hồ sơ" in trail and "Ghi nhận sự đồng ý của công dân" in trail
    assert "dossier_submitted" not in trail and "consent_recorded" not in trail
    # The checklist as the answers made it: the exemption proof is required (fee_exemption=poor),
    # the letter of authorisation does not apply (the applicant files for themself) and is not listed.
    checklist = page.get_by_test_id("checklist")
    assert "Giấy tờ chứng minh thuộc diện miễn lệ phí" in checklist.inner_text()
    assert "Bắt buộc" in checklist.locator("li", has=page.locator("#chk-exemption_proof")).inner_text()
    assert "Nộp nếu thuộc trường hợp" not in checklist.inner_text()
    assert page.locator("#chk-authorisation").count() == 0 and "Văn bản ủy quyền" not in checklist.inner_text()
    # The whole consent record the tablet made (issue 12): when, which volunteer, for whom, what.
    assert page.get_by_test_id("consent-given-at").inner_text() == "28/11/2026 09:15"
    assert page.get_by_test_id("consent-helper").inner_text() == "Phạm Minh Tâm (tnv.demo)"
    assert page.get_by_test_id("consent-statement").inner_text() == \
        "tình nguyện viên Phạm Minh Tâm (tnv.demo) hỗ trợ công dân Nguyễn Văn An"
    clauses = page.get_by_test_id("consent-clauses").inner_text()
    assert "Đồng ý xử lý dữ liệu cá nhân" in clauses and "Luật Bảo vệ dữ liệu cá nhân" in clauses and "Cam đoan" in clauses
    consent_audit = page.get_by_test_id("audit").inner_text()
    assert "Ghi nhận sự đồng ý" in consent_audit and "assisted_by=tnv.demo" in consent_audit
    assert VALID_ANSWERS["applicant_id"] not in consent_audit
    page.get_by_test_id("accept").click()
    page.wait_for_url(re.compile(r"/giay-tiep-nhan\?ma=" + dossier["code"]), timeout=TIMEOUT)
    page.get_by_test_id("receipt-code").wait_for(timeout=TIMEOUT)
    assert page.get_by_test_id("receipt-code").inner_text() == dossier["code"]
    assert re.search(r"\d{2}/\d{2}/\d{4}", page.get_by_test_id("receipt-due").inner_text())
    assert page.get_by_test_id("receipt-pin").inner_text() == dossier["pin"]
    assert page.get_by_test_id("receipt-consent").inner_text() == \
        "tình nguyện viên Phạm Minh Tâm (tnv.demo) hỗ trợ công dân Nguyễn Văn An — 28/11/2026 09:15"
    qr = page.get_by_test_id("receipt-qr")
    url = qr.get_attribute("data-qr-url")
    assert url == f"{accounts.url}/tra-cuu#ma={dossier['code']}&pin={dossier['pin']}"
    # The SVG on the page is exactly the QR code of that URL.
    svg = qr.locator("svg")
    expected = segno.make(url, error="m")
    assert svg.count() == 1
    width = int(float(svg.get_attribute("width")))
    assert width == expected.symbol_size(scale=4, border=2)[0]
    assert svg.inner_html().count("path") >= 1
    page.screenshot(path="/tmp/staff-receipt.png", full_page=True)
    # Opening the QR's URL (a fresh page, as a phone would) shows the citizen status page.
    citizen = context.browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    try:
        phone = citizen.new_page()
        phone.goto(url)
        phone.get_by_test_id("status-state").wait_for(timeout=TIMEOUT)
        assert phone.get_by_test_id("status-state").get_attribute("data-state") in ("accepted", "forwarded")
        assert phone.get_by_test_id("status-code").inner_text() == dossier["code"]
        phone.screenshot(path="/tmp/staff-status-360.png", full_page=True)
    finally:
        citizen.close()


def test_pdf_attachment_previews_inline_and_only_our_pages_may_frame_it(context, accounts):
    dossier = submit_dossier(accounts.volunteer, attachment="pdf")
    refused: list[str] = []
    page = staff_page(context, accounts, f"/can-bo/ho-so?ma={dossier['code']}")
    page.on("console", lambda msg: ("Refused" in msg.text or "frame-ancestors" in msg.text) and refused.append(msg.text))
    preview = page.get_by_test_id("pdf-preview")
    preview.wait_for(timeout=TIMEOUT)
    url = preview.get_attribute("src")
    assert re.fullmatch(r"/api/v1/staff/attachments/[0-9a-f]{32}", url)
    assert preview.get_attribute("title") == "Giấy tờ chứng minh thuộc diện miễn lệ phí"
    # The frame really navigated to the file: a refused frame would hold Chromium's error page,
    # whose location this page cannot read.
    page.wait_for_function("""url => [...document.querySelectorAll('iframe')].some((f) => {
      try { return f.contentWindow.location.href.endsWith(url); } catch { return false; } })""",
                           arg=url, timeout=TIMEOUT)
    frame = next(f for f in page.frames if f.url.endswith(url))
    assert frame.url == accounts.url + url
    res = page.request.get(accounts.url + url)
    assert res.status == 200 and res.headers["content-type"] == "application/pdf"
    assert res.body().startswith(b"%PDF-")
    # Framable by our own pages only; every other response still refuses any framing.
    assert res.headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in res.headers["content-security-policy"]
    assert "script-src" not in res.headers["content-security-policy"]  # default-src 'none': no script
    other = page.request.get(accounts.url + "/can-bo")
    assert other.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in other.headers["content-security-policy"]
    assert refused == []
    page.screenshot(path="/tmp/staff-pdf-preview.png", full_page=True)


def test_return_for_supplement_with_two_structured_reasons(context, accounts):
    dossier = submit_dossier(accounts.volunteer)
    page = staff_page(context, accounts, f"/can-bo/ho-so?ma={dossier['code']}")
    fill_supplement_reasons(page, [("field:applicant_phone", "Số điện thoại không liên lạc được"),
                                   ("document:exemption_proof", "Thiếu giấy xác nhận hộ nghèo")])
    page.get_by_test_id("supplement-form").wait_for(timeout=TIMEOUT)
    page.locator("#note").fill("Bổ sung trong 5 ngày")
    page.screenshot(path="/tmp/staff-supplement-form.png", full_page=True)
    page.get_by_test_id("submit-supplement").click()
    page.get_by_test_id("action-done").wait_for(timeout=TIMEOUT)
    assert page.get_by_test_id("dossier-state").get_attribute("data-state") == "needs_supplement"
    stored = accounts.staff.get(f"/api/v1/staff/dossiers/{dossier['code']}").json()
    review = stored["reviews"][-1]
    assert review["action"] == "request_supplement" and review["note"] == "Bổ sung trong 5 ngày"
    assert [(r["target"], r["text"]) for r in review["reasons"]] == [
        ("field:applicant_phone", "Số điện thoại không liên lạc được"),
        ("document:exemption_proof", "Thiếu giấy xác nhận hộ nghèo")]


def test_refuse_needs_a_reason(context, accounts):
    dossier = submit_dossier(accounts.volunteer)
    page = staff_page(context, accounts, f"/can-bo/ho-so?ma={dossier['code']}")
    page.get_by_test_id("refuse").click()
    page.locator("#refuse_note").fill("Không thuộc thẩm quyền giải quyết")
    page.get_by_test_id("submit-refuse").click()
    page.get_by_test_id("action-done").wait_for(timeout=TIMEOUT)
    assert page.get_by_test_id("dossier-state").get_attribute("data-state") == "refused"
    assert page.get_by_test_id("decision").count() == 0
    stored = accounts.staff.get(f"/api/v1/staff/dossiers/{dossier['code']}").json()
    assert stored["state"] == "refused" and stored["reviews"][-1]["note"] == "Không thuộc thẩm quyền giải quyết"


def test_admin_creates_an_account_and_sees_its_one_time_password_once(context, accounts):
    cookie_login(context, accounts.admin, accounts.url)
    page = context.new_page()
    page.goto(accounts.url + "/quan-tri")
    page.get_by_test_id("users-table").wait_for(timeout=TIMEOUT)
    form = page.get_by_test_id("user-form")
    form.locator("#username").fill("tnv.moi")
    form.locator("#display_name").fill("Trần Thị Bình")
    form.locator("#role").select_option("volunteer")
    form.locator("#centre_id").select_option(label="Trung tâm Phục vụ hành chính công (demo)")
    page.get_by_test_id("create-user").click()
    otp = page.get_by_test_id("otp")
    otp.wait_for(timeout=TIMEOUT)
    password = otp.inner_text()
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", password)
    assert page.locator("tr.user-row[data-username='tnv.moi']").count() == 1
    import httpx

    res = httpx.post(accounts.url + "/api/v1/auth/login", json={"username": "tnv.moi", "password": password})
    assert res.status_code == 200 and res.json()["user"]["must_change_password"] is True
    httpx.post(accounts.url + "/api/v1/auth/logout", cookies=res.cookies,
               headers={"X-CSRF-Token": res.json()["csrf_token"]})
    # The new volunteer signs in with it and must choose a new password first (/dang-nhap).
    newcomer_ctx = context.browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    try:
        newcomer = newcomer_ctx.new_page()
        newcomer.goto(accounts.url + "/dang-nhap")
        newcomer.get_by_label(re.compile("Tên đăng nhập")).fill("tnv.moi")
        newcomer.get_by_label(re.compile("^Mật khẩu")).fill(password)
        newcomer.get_by_role("button", name=re.compile("^Đăng nhập")).click()
        newcomer.get_by_test_id("password-change-form").wait_for(timeout=TIMEOUT)
        newcomer.get_by_label(re.compile("^Mật khẩu mới")).fill("mot-mat-khau-moi-1")
        newcomer.get_by_label(re.compile("^Nhập lại mật khẩu mới")).fill("mot-mat-khau-moi-1")
        newcomer.get_by_role("button", name=re.compile("^Đổi mật khẩu")).click()
        arrive(newcomer, "/tnv")
        newcomer.get_by_test_id("nav-user").filter(has_text="Trần Thị Bình").wait_for(timeout=TIMEOUT)
        # Sign out ends the session and returns to the sign-in page.
        newcomer.get_by_test_id("sign-out").click()
        newcomer.wait_for_url(re.compile(r"/dang-nhap/?$"), timeout=TIMEOUT)
        newcomer.get_by_test_id("signin-form").wait_for(timeout=TIMEOUT)
    finally:
        newcomer_ctx.close()
    password = "mot-mat-khau-moi-1"
    # Shown once: a reload forgets it.
    page.reload()
    page.get_by_test_id("users-table").wait_for(timeout=TIMEOUT)
    assert page.get_by_test_id("otp").count() == 0
    # Deactivate it: the row says so and the account can no longer sign in.
    page.locator("tr.user-row[data-username='tnv.moi']").get_by_role("button", name=re.compile("^Khóa")).click()
    page.locator("tr.user-row[data-username='tnv.moi']", has_text="Đã khóa").wait_for(timeout=TIMEOUT)
    res = httpx.post(accounts.url + "/api/v1/auth/login", json={"username": "tnv.moi", "password": password})
    assert res.status_code == 401


def test_reports_show_counts_and_download_the_csv(context, accounts):
    submit_dossier(accounts.volunteer)
    cookie_login(context, accounts.staff, accounts.url)
    page = context.new_page()
    page.goto(accounts.url + "/bao-cao")
    page.get_by_test_id("counts-table").locator("tbody tr").first.wait_for(timeout=TIMEOUT)
    total = int(page.get_by_test_id("report-total").inner_text().rsplit(":", 1)[1])
    assert total >= 1
    href = page.get_by_test_id("csv-link").get_attribute("href")
    probe = page.request.get(accounts.url + href)
    assert probe.status == 200, (href, probe.status, probe.text()[:300])
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_test_id("csv-link").click()
    text = open(info.value.path(), encoding="utf-8").read()
    lines = text.strip().splitlines()
    assert lines[0] == "day,state,procedure_code,centre_id,count"
    assert sum(int(line.rsplit(",", 1)[1]) for line in lines[1:]) == total


def test_forwarding_problem_is_listed_and_put_back_in_the_outbox(context, accounts, app_env):
    code, row_id = accepted_with_forwarding_problem(accounts.staff, accounts.volunteer, app_env["DATABASE_URL"],
                                                    "rejected", "portal_rejected")
    cookie_login(context, accounts.staff, accounts.url)
    page = context.new_page()
    page.goto(accounts.url + "/bao-cao")
    row = page.locator(f"tr.problem-row[data-code='{code}']")
    row.wait_for(timeout=TIMEOUT)
    assert "Cổng DVC từ chối hồ sơ" in row.inner_text() and "portal_rejected" in row.inner_text()
    row.get_by_role("button", name=f"Gửi lại / Retry {code}").click()
    page.get_by_test_id("problem-message").wait_for(timeout=TIMEOUT)
    assert code in page.get_by_test_id("problem-message").inner_text()
    row.wait_for(state="detached", timeout=TIMEOUT)
    from sqlalchemy import create_engine, text

    engine = create_engine(app_env["DATABASE_URL"])
    try:
        with engine.connect() as con:
            status = con.execute(text("SELECT status FROM portaloutbox WHERE id = :i"), {"i": row_id}).scalar_one()
    finally:
        engine.dispose()
    assert status == "pending"


def test_volunteer_dashboard_lists_returned_dossiers_first(context, accounts):
    returned = submit_dossier(accounts.volunteer)
    submit_dossier(accounts.volunteer)  # newer, but not returned
    staff_act(accounts.staff, returned["code"], "start_review")
    assert staff_act(accounts.staff, returned["code"], "request_supplement").status_code == 200
    cookie_login(context, accounts.volunteer, accounts.url)
    page = context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(accounts.url + "/tnv")
    page.locator(".dossier-row").first.wait_for(timeout=TIMEOUT)
    states = page.locator(".dossier-row").evaluate_all("rows => rows.map(r => r.dataset.state)")
    first_other = next(i for i, s in enumerate(states) if s != "needs_supplement")
    assert all(s == "needs_supplement" for s in states[:first_other])
    assert "needs_supplement" not in states[first_other:]
    row = page.locator(f".dossier-row[data-code='{returned['code']}']")
    assert "Thiếu giấy tờ miễn lệ phí" in row.inner_text()
    page.screenshot(path="/tmp/staff-volunteer-360.png", full_page=True)


def test_signed_out_pages_send_to_sign_in_and_other_roles_are_refused(context, accounts):
    page = context.new_page()
    page.goto(accounts.url + "/can-bo")
    page.wait_for_url(re.compile(r"/dang-nhap\?next=%2Fcan-bo"), timeout=TIMEOUT)
    cookie_login(context, accounts.volunteer, accounts.url)
    page.goto(accounts.url + "/can-bo")
    page.get_by_role("alert").filter(has_text="không có quyền").wait_for(timeout=TIMEOUT)
    assert page.locator("tr.queue-row").count() == 0


@pytest.fixture
def lookup_allowance_restored(app_env):
    """The throttling test uses up this address's look-up allowance (counted in the database);
    give it back afterwards so later look-ups from 127.0.0.1 (other tests) are not refused."""
    yield
    from sqlmodel import Session, delete

    from volunteer_app.core.db import get_engine
    from volunteer_app.models import RateLimitCounter

    with Session(get_engine(app_env["DATABASE_URL"])) as db:
        db.exec(delete(RateLimitCounter))
        db.commit()


def test_status_lookup_errors_and_throttling_are_shown(context, accounts, lookup_allowance_restored):
    dossier = submit_dossier(accounts.volunteer)
    page = context.new_page()
    page.goto(accounts.url + "/tra-cuu")
    page.locator("#code").fill(dossier["code"])
    page.locator("#pin").fill("000000" if dossier["pin"] != "000000" else "111111")
    page.get_by_test_id("lookup-submit").click()
    error = page.get_by_test_id("lookup-error")
    error.wait_for(timeout=TIMEOUT)
    assert "không đúng" in error.inner_text()
    assert error.get_attribute("data-throttled") == ""
    # Use up the allowance of this code over the API (the same address as the browser), then the
    # page says clearly that the look-up is throttled and for how long.
    import httpx

    for _ in range(10):
        res = httpx.post(accounts.url + "/api/v1/lookup", json={"code": dossier["code"], "pin": "999999x"})
        if res.status_code == 429:
            break
    page.get_by_test_id("lookup-submit").click()
    page.locator("[data-testid=lookup-error][data-throttled='1']").wait_for(timeout=TIMEOUT)
    assert "phút" in page.get_by_test_id("lookup-error").inner_text()


def test_online_screens_pass_axe_at_both_sizes_with_no_csp_violation(browser, accounts):
    """axe-core: no serious or critical violation on each online screen at 768×1024 and 360×740;
    and nothing the CSP blocks (these screens use no eval and no inline script)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

    def scan(page, name):
        for viewport in ({"width": 768, "height": 1024}, {"width": 360, "height": 740}):
            page.set_viewport_size(viewport)
            result = axe.run(page, options={"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": tags}})
            bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
            assert bad == [], f"{name} at {viewport}: {bad}"

    dossier = submit_dossier(accounts.volunteer, attachment=True)
    staff_act(accounts.staff, dossier["code"], "start_review")
    staff_act(accounts.staff, dossier["code"], "accept")
    returned = submit_dossier(accounts.volunteer)
    staff_act(accounts.staff, returned["code"], "start_review")
    staff_act(accounts.staff, returned["code"], "request_supplement")
    init = ("document.addEventListener('securitypolicyviolation',"
            " e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI))")
    plans = [
        (None, "/dang-nhap", "signin-form"),
        (None, f"/tra-cuu#ma={returned['code']}&pin={returned['pin']}", "status-reasons"),
        (accounts.staff, "/can-bo", "queue-table"),
        (accounts.staff, f"/can-bo/ho-so?ma={dossier['code']}", "answers"),
        (accounts.staff, f"/giay-tiep-nhan?ma={dossier['code']}", "receipt-qr"),
        (accounts.staff, "/bao-cao", "counts-table"),
        (accounts.volunteer, "/tnv", "volunteer-list"),
        (accounts.admin, "/quan-tri", "users-table"),
    ]
    for client, path, ready in plans:
        ctx = browser.new_context(locale="vi-VN", viewport={"width": 768, "height": 1024})
        try:
            if client is not None:
                cookie_login(ctx, client, accounts.url)
            page = ctx.new_page()
            page.add_init_script(init)
            page.goto(accounts.url + path)
            page.get_by_test_id(ready).first.wait_for(timeout=TIMEOUT)
            scan(page, path)
            assert page.evaluate("window.__csp || []") == [], path
        finally:
            ctx.close()
