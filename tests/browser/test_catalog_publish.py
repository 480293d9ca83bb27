"""Issue 13, "What must be shown" (browser): Playwright drives Debian's Chromium against the
production build; the server is a separate process with a database of its own.

1. An admin imports a workbook that adds a procedure and changes a fee (errors first: sheet, row,
   column; nothing published), previews it and publishes it.
2. A tablet that was online picks up the new version, goes offline (server killed too), files the
   new procedure; it arrives once.
3. A draft started on the old version before publishing is submitted afterwards and accepted;
   staff see its version.
4. The new procedure is a generic one, filed with two document photos.
5. The fee screen: the centre's province and the channel, a line per part.
6. The admin sets the centres' grace days on the settings screen; a draft whose old version is
   past them moves to the current version when opened: what fits is kept, only what is new is asked.

The tests run in order and share the server, like the story they tell.
"""
from __future__ import annotations

import copy
import json
import os
import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SW_READY
from tests.browser.offline_support import (HANOI, HANOI_COMMUNE, READ_FILES, fill, make_photo, next_screen, read_draft,
                                          wait_saved)
from tests.browser.staff_support import TIMEOUT, cookie_login
from tests.browser.staff_support import env as staff_env
from tests.browser.sync_support import ServerDb, ensure_db, new_draft, seed
from tests.support.catalog_samples import GENERIC
from tests.support.servers import ROOT

pytestmark = pytest.mark.browser
NEW_CODE = "1.777777"
NEW_NAME = "Xác nhận tình trạng nhà ở của trung tâm"
COPIES = "2.000635"
SUBMIT = "Xác nhận và đưa vào hàng chờ gửi"
# The README's screenshots are refreshed only when asked (UPDATE_SCREENSHOTS=1): a test run leaves the tree clean.
SCREENSHOTS = ROOT / "docs" / "screenshots"


def screenshot(page, name: str) -> None:
    if os.environ.get("UPDATE_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
shared: dict = {}


def new_generic() -> dict:
    proc = copy.deepcopy(GENERIC)
    proc.update(code=NEW_CODE, name={"vi": NEW_NAME, "en": "Housing status confirmation"},
                keywords=["nha o", "xac nhan"])
    proc["documents"] = [{"id": "giay_to_nha", "name": {"vi": "Giấy tờ về nhà ở", "en": "Housing papers"},
                          "form": "copy", "count": 1, "required": True, "accept": ["image/jpeg", "image/png"],
                          "max_size_mb": 5}]
    return proc


def copies_changed() -> dict:
    """2.000635 with a dearer copy (10.000 đ; 5.000 đ online in Hà Nội), a legal source and a
    new required question."""
    from volunteer_app.domain.catalog import load_catalog

    source = copy.deepcopy(load_catalog().entry(COPIES).source)
    for rate in source["fees"]["rates"]:
        if rate.get("amount"):
            rate["amount"] = 10000
    source["fees"]["rates"].append({"province": HANOI, "channel": "online", "amount": 5000, "per": "copy"})
    source["fees"]["basis"] = ["Thông tư 281/2016/TT-BTC"]
    source["steps"][0]["fields"].append({"id": "purpose_code", "type": "text", "required": True,
                                         "label": {"vi": "Mã mục đích sử dụng", "en": "Purpose code"}})
    return source


def workbook(*definitions: dict) -> bytes:
    from volunteer_app.domain.catalog.workbook import export_workbook

    return export_workbook(list(definitions))


@pytest.fixture(scope="module")
def server(app, app_env):
    """The session's production app (the Reflex pages need the websocket port baked into the
    build). What this module publishes is rolled back after it, so later modules see the shipped
    catalog again."""
    accounts = staff_env(app, app_env)
    yield app
    while accounts.admin.post("/api/v1/admin/catalog/rollback").status_code == 200:
        pass


@pytest.fixture(scope="module")
def admin_client(server, app_env):
    return staff_env(server, app_env).admin


@pytest.fixture(scope="module")
def sdb(app_env):
    return ServerDb(app_env)


@pytest.fixture(scope="module")
def tablet(browser, server):
    """A citizen's tablet that visits the app online before anything is published: the service
    worker is installed and the device holds the shipped catalog."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768}, service_workers="allow")
    page = context.new_page()
    page.goto(server.url + "/ho-so")
    page.wait_for_function(SW_READY)
    ensure_db(page)
    page.close()
    yield context
    context.close()


def held_catalog(page, code: str, timeout_ms: int = 20_000) -> dict:
    """Wait until the device catalog in Cache Storage lists ``code``; return its etags."""
    etags = page.evaluate("""async ([code, timeout]) => {
      const deadline = Date.now() + timeout;
      for (;;) {
        const cache = await caches.open('tiepsuc-catalog');
        const res = await cache.match('/api/v1/catalog/device');
        const body = res ? await res.json() : null;
        if (body && body.etags && body.etags[code]) return body.etags;
        if (Date.now() > deadline) return null;
        await new Promise((r) => setTimeout(r, 50));
      }
    }""", [code, timeout_ms])
    assert etags, f"the device never held a catalog with {code}"
    return etags


def to_check(page, limit: int = 8) -> None:
    for _ in range(limit):
        if page.locator('[data-step="__check"]').count():
            return
        page.get_by_role("button", name="Tiếp tục", exact=True).click()
    expect(page.locator('[data-step="__check"]')).to_be_visible()


def test_1_admin_imports_previews_and_publishes(browser, server, tablet, sdb, admin_client):
    # Before publishing: the tablet starts a draft of 2.000635 on the shipped version.
    page = tablet.new_page()
    page.goto(f"{server.url}/nop-ho-so?ma={COPIES}")
    expect(page.locator("[data-step]").first).to_be_visible()
    old_etag = held_catalog(page, COPIES)[COPIES]
    draft = new_draft(status="draft", step="__check", fee_exemption="none")
    draft["catalog_version"] = old_etag
    seed(page, draft, [])
    # A second one stays unsent until the centre's grace days are over (test 6).
    stale = new_draft(status="draft", step="__check", name="Trần Thị Bình", fee_exemption="none")
    stale["catalog_version"] = old_etag
    seed(page, stale, [])
    shared.update(old_etag=old_etag, old_draft=draft["id"], stale_draft=stale["id"])
    page.close()

    admin = admin_client
    versions_before = sdb.query("select count(*) from catalogversion")
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        cookie_login(context, admin, server.url)
        page = context.new_page()
        page.goto(server.url + "/quan-tri")
        expect(page.get_by_role("heading", name=re.compile("Danh mục thủ tục"))).to_be_visible(timeout=TIMEOUT)
        upload = page.locator("#catalog-workbook input[type=file]")
        send = page.get_by_role("button", name=re.compile("^Tải lên và kiểm tra"))

        # A workbook with an error: every problem by sheet, row and column; nothing published.
        bad = new_generic()
        bad["name"] = {"vi": "", "en": "No Vietnamese"}
        upload.set_input_files(files=[{"name": "loi.xlsx", "buffer": workbook(copies_changed(), bad),
                                       "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
        send.click()
        problems = page.get_by_test_id("import-problems")
        expect(problems).to_be_visible(timeout=TIMEOUT)
        first = problems.locator(".problem-row").first
        expect(first.locator("td").nth(0)).to_have_text("procedure")
        expect(first.locator("td").nth(1)).to_have_text("3")
        expect(first.locator("td").nth(2)).to_have_text("name::vi")
        expect(page.get_by_test_id("catalog-error")).to_contain_text("không thủ tục nào được nhập")
        screenshot(page, "catalog-import-errors.png")
        assert sdb.query("select count(*) from catalogversion") == versions_before

        # The corrected workbook: previewed as the wizard will ask it, then published.
        upload.set_input_files(files=[{"name": "thang-12.xlsx", "buffer": workbook(new_generic(), copies_changed()),
                                       "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
        send.click()
        preview = page.get_by_test_id("catalog-preview")
        expect(preview).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_test_id("import-problems")).to_have_count(0)
        card = preview.locator(f'[data-code="{NEW_CODE}"]')
        expect(card).to_contain_text(NEW_NAME)
        expect(card.get_by_test_id("preview-documents")).to_contain_text("Giấy tờ về nhà ở")
        expect(card.get_by_test_id("preview-steps")).to_contain_text("Họ, chữ đệm và tên")
        changed = preview.locator(f'[data-code="{COPIES}"]')
        expect(changed.get_by_test_id("preview-fees")).to_contain_text("10.000 đ")
        expect(changed.get_by_test_id("preview-changes")).to_contain_text("purpose_code")
        screenshot(page, "catalog-preview.png")
        assert httpx.get(f"{server.url}/api/v1/procedures/{NEW_CODE}").status_code == 404  # not yet

        page.get_by_role("button", name=re.compile("^Xuất bản")).click()
        expect(page.get_by_test_id("catalog-notice")).to_contain_text("Đã xuất bản phiên bản", timeout=TIMEOUT)
        expect(page.locator('.version-row').first).to_have_attribute("data-status", "published")
        assert httpx.get(f"{server.url}/api/v1/procedures/{NEW_CODE}").status_code == 200
        # The centres are in Hà Nội: their fees are Hà Nội's.
        for centre in admin.get("/api/v1/admin/centres").json():
            res = admin.patch(f"/api/v1/admin/centres/{centre['id']}/catalog", json={"province_code": HANOI})
            assert res.status_code == 200, res.text
    finally:
        context.close()


def test_2_and_4_tablet_picks_up_the_version_offline_files_the_generic_procedure_with_two_photos(
        tablet, server, sdb):
    page = tablet.new_page()
    # Online again: the app start fetches the device catalog, with the new procedure in it.
    page.goto(server.url + "/thu-tuc")
    etags = held_catalog(page, NEW_CODE)
    assert etags[COPIES] != shared["old_etag"]
    expect(page.get_by_text(NEW_NAME)).to_be_visible(timeout=TIMEOUT)

    server.kill()
    tablet.set_offline(True)
    try:
        page.goto(f"{server.url}/nop-ho-so?ma={NEW_CODE}")
        expect(page.locator('[data-step="applicant"]')).to_be_visible(timeout=TIMEOUT)
        fill(page, {"applicant_name": "Trần Thị Bình", "applicant_dob": "20/03/1985", "applicant_sex": "nu",
                    "applicant_id": "001185012345", "applicant_phone": "0912345678",
                    "applicant_address": (HANOI, HANOI_COMMUNE, "Số 5 phố Huế")})
        page.get_by_role("button", name="Tiếp tục", exact=True).click()
        expect(page.locator('[data-step="documents"]')).to_be_visible()
        for doc, (w, h) in (("to_khai", (1600, 2200)), ("giay_to_nha", (1500, 2000))):
            photo = make_photo(page, w, h)  # two different photos (the device keeps one copy of equal bytes)
            page.locator(f"#f-upload_{doc}-camera").set_input_files(
                files=[{"name": f"{doc}.jpg", "mimeType": "image/jpeg", "buffer": photo}])
            expect(page.get_by_test_id("checklist").locator(f'[data-doc="{doc}"]')).to_have_attribute(
                "data-status", "ok")
        draft_id = page.evaluate("() => new URLSearchParams(location.search).get('ho-so')")
        next_screen(page, "consent")  # short steps may share the documents' screen
        fill(page, {"consent_data": True, "declaration": True})
        to_check(page)
        page.get_by_role("button", name=SUBMIT).click()
        expect(page.get_by_test_id("sync-state")).to_have_text("Chờ gửi")
        on_device = page.evaluate(READ_FILES, draft_id)
        assert len(on_device) == 2
    finally:
        server.start()
        tablet.set_offline(False)
    page.goto(server.url + "/ho-so")
    card = page.locator(f'[data-draft="{draft_id}"]')
    expect(card.get_by_test_id("receipt-code")).to_have_text(re.compile(r"^TS-\d{6}-\d{4}$"), timeout=30_000)
    rows = sdb.dossiers(draft_id)
    assert len(rows) == 1 and sdb.versions(draft_id) == [1]
    assert set(sdb.attachments(draft_id)) == {f["sha256"] for f in on_device}
    assert sdb.query("select procedure_code, catalog_version from dossier where client_uuid = ?", draft_id) == [
        (NEW_CODE, etags[NEW_CODE])]
    page.reload()
    expect(card.get_by_test_id("receipt-code")).to_have_text(rows[0][0])
    assert len(sdb.dossiers(draft_id)) == 1
    page.close()


def test_5_fee_screen_shows_the_centres_province_and_channel_with_a_line_per_part(tablet, server):
    page = tablet.new_page()
    page.goto(server.url + "/ho-so")
    etags = held_catalog(page, NEW_CODE)
    province = page.evaluate("""async () => (await (await caches.open('tiepsuc-catalog'))
      .match('/api/v1/catalog/device').then((r) => r.json())).province_code""")
    assert province == HANOI
    draft = new_draft(status="draft", step="__fee", fee_exemption="none", copies="2", purpose_code="HT-01")
    draft["catalog_version"] = etags[COPIES]
    seed(page, draft, [])
    page.goto(f"{server.url}/nop-ho-so?ma={COPIES}&ho-so={draft['id']}")
    summary = page.get_by_test_id("fee-summary")
    expect(summary).to_be_visible(timeout=TIMEOUT)
    lines = summary.get_by_test_id("fee-line")
    expect(lines).to_have_count(1)
    expect(lines.first).to_contain_text("5.000 đ")  # Hà Nội, online: not the 10.000 đ elsewhere
    expect(lines.first).to_contain_text("× 2 = 10.000 đ")
    expect(page.get_by_test_id("fee-total")).to_have_text("10.000 đ")
    expect(page.get_by_test_id("fee-basis")).to_contain_text("Thông tư 281/2016/TT-BTC")
    expect(page.get_by_text("Người thuộc hộ nghèo")).to_be_visible()  # the exemptions
    page.close()


def test_3_a_draft_started_on_the_old_version_is_accepted_and_staff_see_its_version(browser, tablet, server, sdb,
                                                                                    app_env):
    draft_id = shared["old_draft"]
    page = tablet.new_page()
    page.goto(f"{server.url}/nop-ho-so?ma={COPIES}&ho-so={draft_id}")
    # The draft keeps its version: the question the new version added is not asked.
    expect(page.locator('[data-step="__check"]')).to_be_visible(timeout=TIMEOUT)
    assert page.locator('[data-field="purpose_code"]').count() == 0
    page.get_by_role("button", name=SUBMIT).click()
    # Queued (written to the device) before the page is left: leaving earlier would abandon the tap.
    expect(page.get_by_test_id("queued")).to_be_visible(timeout=TIMEOUT)
    page.goto(server.url + "/ho-so")
    card = page.locator(f'[data-draft="{draft_id}"]')
    expect(card.get_by_test_id("receipt-code")).to_have_text(re.compile(r"^TS-\d{6}-\d{4}$"), timeout=30_000)
    (code, version, _), = sdb.dossiers(draft_id)
    assert sdb.query("select catalog_version from dossier where client_uuid = ?", draft_id) == [(shared["old_etag"],)]
    page.close()

    staff = staff_env(server, app_env).staff
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        cookie_login(context, staff, server.url)
        page = context.new_page()
        page.goto(f"{server.url}/can-bo/ho-so?ma={code}")
        expect(page.get_by_test_id("dossier-catalog-version")).to_have_text(shared["old_etag"], timeout=TIMEOUT)
    finally:
        context.close()


def test_6_past_the_grace_days_a_draft_moves_to_the_current_version(browser, tablet, server, sdb, admin_client):
    before = {cid: (json.loads(offered) if isinstance(offered, str) else offered, grace)
              for cid, offered, grace in sdb.query("select id, offered, draft_grace_days from centre")}
    try:
        grace_days_set_to_zero_on_the_settings_screen(browser, server, sdb, admin_client)
        a_stale_draft_moves_when_opened(tablet, server)
    finally:  # later modules see the centres as they were
        for cid, (offered, grace) in before.items():
            admin_client.patch(f"/api/v1/admin/centres/{cid}/catalog",
                               json={"offered": offered or [], "draft_grace_days": grace})

def grace_days_set_to_zero_on_the_settings_screen(browser, server, sdb, admin_client):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        cookie_login(context, admin_client, server.url)
        page = context.new_page()
        page.goto(server.url + "/quan-tri")
        table = page.get_by_test_id("centre-settings")
        expect(table.locator(".centre-settings-row").first).to_be_visible(timeout=TIMEOUT)
        codes = table.locator(".centre-settings-row").evaluate_all("rows => rows.map((r) => r.dataset.code)")
        for code in codes:
            row = table.locator(f'.centre-settings-row[data-code="{code}"]')
            row.get_by_role("button", name=re.compile("^Sửa cài đặt")).click()
            form = page.get_by_test_id("centre-settings-form")
            expect(form.get_by_label(re.compile("^Tỉnh, thành phố"))).to_have_value(HANOI, timeout=TIMEOUT)
            # An unknown code is refused with its name, nothing is saved, and the form keeps what was typed.
            form.get_by_label(re.compile("^Số ngày giữ phiên bản cũ")).fill("0")
            offered = form.get_by_label(re.compile("^Mã thủ tục trung tâm cung cấp"))
            offered.fill(f"{COPIES}, 9.999999")
            form.get_by_role("button", name=re.compile("^Lưu cài đặt")).click()
            expect(page.get_by_test_id("centre-settings-error")).to_contain_text("9.999999", timeout=TIMEOUT)
            expect(offered).to_have_value(f"{COPIES}, 9.999999")
            offered.fill(f"{COPIES}\n{NEW_CODE}")
            form.get_by_role("button", name=re.compile("^Lưu cài đặt")).click()
            expect(page.get_by_test_id("centre-settings-notice")).to_contain_text("Đã lưu cài đặt", timeout=TIMEOUT)
            expect(row.locator("td").nth(2)).to_have_text("2")
            expect(row.locator("td").nth(3)).to_have_text("0")
        assert sdb.query("select distinct draft_grace_days from centre") == [(0,)]
    finally:
        context.close()


def a_stale_draft_moves_when_opened(tablet, server):
    draft_id = shared["stale_draft"]
    page = tablet.new_page()
    page.goto(f"{server.url}/nop-ho-so?ma={COPIES}&ho-so={draft_id}")
    notice = page.get_by_test_id("moved-version")
    expect(notice).to_contain_text("đã chuyển sang phiên bản mới", timeout=TIMEOUT)
    # Opened where the new version asks something new, with what still fits kept.
    expect(page.get_by_label(re.compile("^Mã mục đích sử dụng"))).to_be_visible()
    expect(page.get_by_label(re.compile("^Họ, chữ đệm và tên")).first).to_have_value("Trần Thị Bình")
    current = httpx.get(f"{server.url}/api/v1/procedures/{COPIES}").headers["etag"].strip('"').removeprefix("W/")
    wait_saved(page, draft_id, f"d.catalog_version === '{current}'")
    saved = read_draft(page, draft_id)
    assert saved["moved_from"] == shared["old_etag"] and saved["answers"]["applicant_name"] == "Trần Thị Bình"
    assert saved["answers"]["consent_data"] is True, "a consent the new version still asks is kept"
    page.close()
