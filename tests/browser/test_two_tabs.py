"""Issue 12, item 1: two tabs on one draft never lose the newer edit.

A write never replaces a newer revision of the draft (compare-and-set on `rev` in
assets/offline/lifecycle/store.js); the stale tab says the draft changed elsewhere and shows the
current values before anything is submitted. Playwright drives Debian's Chromium against the
production build; the server's database is read to see what arrived.
"""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SW_READY
from tests.browser.offline_support import HANOI, HANOI_COMMUNE, draft_id, fill, next_screen, read_draft, wait_saved
from tests.browser.sync_support import ServerDb, device_state, ensure_db, new_draft, seed
from tests.support.accounts import bootstrap

pytestmark = pytest.mark.browser
SUBMIT = "Xác nhận và đưa vào hàng chờ gửi"
CHANGED = "Hồ sơ này vừa được sửa ở một thẻ hoặc cửa sổ khác"
ADDRESS = (HANOI, HANOI_COMMUNE, "Số 12 ngõ 34 phố Hàng Bông")

# Another writer the tab has not heard from (a window whose change notice never reached it):
# a newer revision written straight into IndexedDB, behind the app's back.
WRITE_BEHIND = """async ([id, name]) => {
  const db = await new Promise((ok, ko) => { const r = indexedDB.open('tiepsuc'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
  try {
    await new Promise((ok, ko) => {
      const tx = db.transaction('drafts', 'readwrite');
      const store = tx.objectStore('drafts');
      const req = store.get(id);
      req.onsuccess = () => {
        const d = req.result;
        d.answers.applicant_name = name;
        d.rev = (d.rev || 0) + 1;
        d.updated_at = Date.now();
        store.put(d);
      };
      tx.oncomplete = ok; tx.onerror = () => ko(tx.error);
    });
  } finally { db.close(); }
}"""


def received_answers(sdb: ServerDb, client_uuid: str, version: int = 1) -> dict:
    rows = sdb.query("select v.answers from dossierversion v join dossier d on d.id = v.dossier_id "
                     "where d.client_uuid = ? and v.version = ?", client_uuid, version)
    assert len(rows) == 1, rows
    return json.loads(rows[0][0])


def fill_to_check_page(page) -> None:
    expect(page.get_by_test_id("progress")).to_have_text("Bước 1/3")
    fill(page, {"applicant_name": "Nguyễn Văn An", "applicant_dob": "15/06/1990", "applicant_sex": "nam",
                "applicant_id": "001090012345", "applicant_address": ADDRESS, "applicant_phone": "0912345678",
                "applicant_relation": "self"})
    next_screen(page, "record")
    fill(page, {"record_type": "birth", "registered_at": "UBND phường Hàng Trống"})
    next_screen(page, "copies_fee")
    fill(page, {"copies": "2", "fee_exemption": "none"})  # no exemption: no documents to attach
    next_screen(page, "result")
    fill(page, {"delivery": "online"})
    next_screen(page, "__fee")
    page.get_by_label("Thanh toán trực tuyến").check()
    next_screen(page, "consent")
    fill(page, {"consent_data": True, "declaration": True})
    next_screen(page, "__check")


def test_offline_two_tabs_the_dossier_arrives_with_the_newer_edit(browser, app, app_env):
    """The issue's scenario: tab A fills the form offline up to the check page; tab B opens the
    same draft, changes the name through "Sửa"; tab A, which showed the old name, submits; online,
    the dossier arrives with tab B's name, and tab A said the draft had changed."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 768, "height": 1024}, service_workers="allow")
    try:
        bootstrap(app_env)  # the demo centre receives citizens' dossiers
        tab_a = context.new_page()
        errors: list[str] = []
        tab_a.on("pageerror", lambda exc: errors.append(str(exc)))
        tab_a.goto(app.url + "/nop-ho-so?ma=2.000635")
        tab_a.wait_for_function(SW_READY)
        draft = draft_id(tab_a)
        context.set_offline(True)
        fill_to_check_page(tab_a)
        expect(tab_a.locator('[data-answer="applicant_name"] dd').first).to_have_text("Nguyễn Văn An")
        wait_saved(tab_a, draft, "d.step === '__check' && d.consent && d.consent.given")

        tab_b = context.new_page()
        tab_b.goto(f"{app.url}/nop-ho-so?ma=2.000635&ho-so={draft}")  # offline: from the precache
        expect(tab_b.locator('[data-step="__check"]')).to_be_visible()
        tab_b.get_by_role("button", name="Sửa Họ, chữ đệm và tên").click()
        tab_b.locator("#f-applicant_name").fill("Trần Thị Bình")
        next_screen(tab_b, "__check")
        wait_saved(tab_b, draft, "d.answers.applicant_name === 'Trần Thị Bình' && d.step === '__check'")
        newer = read_draft(tab_b, draft)["rev"]

        # Before anything is submitted, tab A says the draft changed elsewhere and shows its values.
        expect(tab_a.get_by_test_id("changed-elsewhere")).to_contain_text(CHANGED)
        expect(tab_a.locator('[data-answer="applicant_name"] dd').first).to_have_text("Trần Thị Bình")
        expect(tab_a.locator('[data-step="__check"]')).to_be_visible()  # still on its own screen
        tab_a.get_by_role("button", name=SUBMIT).click()
        expect(tab_a.get_by_test_id("sync-state")).to_have_text("Chờ gửi")
        queued = read_draft(tab_a, draft)
        assert queued["status"] == "queued" and queued["rev"] > newer  # the revision never goes back
        assert queued["answers"]["applicant_name"] == "Trần Thị Bình"

        context.set_offline(False)
        expect(tab_a.get_by_test_id("receipt-code")).to_have_text(re.compile(r"^TS-\d{6}-\d{4}$"), timeout=30_000)
        sdb = ServerDb(app_env)
        assert len(sdb.dossiers(draft)) == 1
        assert received_answers(sdb, draft)["applicant_name"] == "Trần Thị Bình"
        expect(tab_b.get_by_test_id("receipt-code")).to_have_text(re.compile(r"^TS-"))  # B follows the outbox too
        assert errors == []
    finally:
        context.close()


def test_a_stale_copy_is_never_queued(browser, app, app_env):
    """The last line of defence: a tab that missed the other writer's notice submits its stale
    copy; the store refuses it (the stored revision is newer), nothing is queued, the tab shows the
    current values and says why; submitting again sends what is stored."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 768, "height": 1024}, service_workers="block")
    try:
        bootstrap(app_env)
        page = context.new_page()
        page.goto(app.url + "/ho-so")
        ensure_db(page)
        draft = new_draft(status="draft", step="__check", fee_exemption="none")
        seed(page, draft, [])
        page.goto(f"{app.url}/nop-ho-so?ma=2.000635&ho-so={draft['id']}")
        expect(page.locator('[data-answer="applicant_name"] dd').first).to_have_text("Nguyễn Văn An")

        page.evaluate(WRITE_BEHIND, [draft["id"], "Lê Văn Cường"])
        page.get_by_role("button", name=SUBMIT).click()
        expect(page.get_by_test_id("changed-elsewhere")).to_contain_text(CHANGED)
        expect(page.locator('[data-answer="applicant_name"] dd').first).to_have_text("Lê Văn Cường")
        state = device_state(page, draft["id"])
        assert state["draft"]["status"] == "draft" and state["outbox"] == []  # the stale copy was not queued
        assert state["draft"]["answers"]["applicant_name"] == "Lê Văn Cường" and state["draft"]["rev"] == draft["rev"] + 1

        page.get_by_role("button", name=SUBMIT).click()  # the person has seen the current values
        expect(page.get_by_test_id("receipt-code")).to_have_text(re.compile(r"^TS-"), timeout=30_000)
        assert received_answers(ServerDb(app_env), draft["id"])["applicant_name"] == "Lê Văn Cường"
    finally:
        context.close()
