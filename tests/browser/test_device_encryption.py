"""Issue 16, "Encrypted at rest" and "Locking": a volunteer's tablet keeps nothing personal in
clear, locks after the idle time (unlocking offline with the tablet PIN), limits wrong PINs, and
sends a queued dossier while locked. Playwright drives Debian's Chromium against the production
build; the device's storage is read raw (every IndexedDB store and record, localStorage), never
through the app. docs/device-encryption.md.
"""
from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from tests.browser.offline_support import (
    HANOI, HANOI_COMMUNE, TABLET_PIN, draft_id, fill, make_photo, next_screen, raw_device, read_draft, tablet_pin,
    wait_saved,
)
from tests.browser.staff_support import TIMEOUT, ui_login
from tests.browser.test_a11y import assert_accessible
from tests.browser.sync_support import ServerDb
from tests.support.accounts import DEMO_VOLUNTEER, bootstrap

pytestmark = pytest.mark.browser
NAME = "Nguyễn Văn Khải"
ID_NUMBER = "001090067891"
ADDRESS = (HANOI, HANOI_COMMUNE, "Số 5 phố Lò Sũ")
APPLICANT = {"applicant_name": NAME, "applicant_dob": "15/06/1990", "applicant_sex": "nam", "applicant_id": ID_NUMBER,
             "applicant_address": ADDRESS, "applicant_phone": "0912345678", "applicant_relation": "self"}
# A JFIF file's first 11 bytes (start of image, the APP0 segment's marker, length and name), raw
# and as base64 would write them: long enough that ciphertext never holds them by chance (the
# 3-byte start-of-image marker alone turns up in a few hundred KB of random bytes about 1 run in 50).
JFIF_START = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
JPEG_HEADERS = (JFIF_START, b"/9j/4AAQSkZJRg")


def assert_nothing_in_clear(page, when: str) -> None:
    raw, records = raw_device(page)
    assert records > 0, "the device store is empty: nothing was searched"
    for needle in (NAME.encode("utf-8"), "Khải".encode("utf-8"), ID_NUMBER.encode(), "0912345678".encode(), *JPEG_HEADERS):
        assert needle not in raw, f"{when}: {needle!r} is stored in clear"


def wait_device(page, predicate_js: str, arg, timeout_ms: int = 60_000) -> None:
    """Poll, in the page, an async predicate over the app's own reads (window.__tiepsucDevice)
    until it holds (wait_for_function does not await promises)."""
    ok = page.evaluate(f"""async ([arg, timeout]) => {{
      const dev = window.__tiepsucDevice; const holds = {predicate_js};
      const deadline = Date.now() + timeout; let last = null;
      for (;;) {{
        try {{ if (await holds(arg)) return true; }} catch (e) {{ last = String(e); }}
        if (Date.now() > deadline) return last || 'timeout';
        await new Promise((r) => setTimeout(r, 100));
      }}
    }}""", [arg, timeout_ms])
    assert ok is True, f"never held: {predicate_js}: {ok}"


def go_idle_fast(page, seconds: int) -> None:
    """The idle-lock setting, changed as another tab of the app would change it (localStorage +
    its storage event): the page re-arms its idle timer."""
    page.evaluate("""(s) => { localStorage.setItem('tiepsuc.lock_idle_s', String(s));
      window.dispatchEvent(new StorageEvent('storage', { key: 'tiepsuc.lock_idle_s' })); }""", seconds)


@pytest.fixture(scope="module")
def tablet(browser, app, app_env):
    bootstrap(app_env)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768}, service_workers="block")
    yield context
    context.close()


@pytest.fixture(scope="module")
def sdb(app_env):
    return ServerDb(app_env)


@pytest.fixture(scope="module")
def filed():
    """The dossier the first test files (saved, queued, sent while locked), for the next ones."""
    return {}


def test_saved_queued_and_locked_send(tablet, app, sdb, filed):
    page = tablet.new_page()
    ui_login(page, app.url, *DEMO_VOLUNTEER, expect_path="/tnv")
    page.goto(app.url + "/nop-ho-so?ma=2.000635")
    # First sign-in on this tablet: the tablet PIN is set, apart from the citizen's receipt PIN.
    expect(page.get_by_role("heading", name="Đặt mã mở khóa máy")).to_be_visible()
    expect(page.get_by_test_id("pin-setup")).to_contain_text("khác với mã PIN tra cứu của công dân")
    assert_accessible(page, "PIN setup", [])
    assert tablet_pin(page) == "setup"
    expect(page.get_by_test_id("progress")).to_have_text(re.compile(r"^Bước 1/\d+$"))
    draft = draft_id(page)
    fill(page, APPLICANT)
    next_screen(page, "record")
    fill(page, {"record_type": "birth", "registered_at": "UBND phường Hàng Trống"})
    next_screen(page, "copies_fee")
    fill(page, {"copies": "2", "fee_exemption": "poor"})
    next_screen(page, "documents")
    photo = make_photo(page, 900, 1200)
    assert photo.startswith(JFIF_START) and base64.b64encode(photo).startswith(JPEG_HEADERS[1])
    page.locator("#f-upload_exemption_proof-camera").set_input_files(
        files=[{"name": f"ho-ngheo-{ID_NUMBER}.jpg", "mimeType": "image/jpeg", "buffer": photo}])
    wait_saved(page, draft, f"d.answers.applicant_id === '{ID_NUMBER}' && d.answers.upload_exemption_proof.length === 1")
    assert_nothing_in_clear(page, "after the draft was saved")

    # Queued while the uploads cannot get through: the runner freezes the request body, then retries.
    page.route("**/api/v1/uploads**", lambda route: route.abort())
    next_screen(page, "result")
    # The pagehide stash: a change still inside the autosave debounce is stashed synchronously
    # (read in the same task, before the write that follows it drops the stash).
    stash = page.evaluate("""(id) => {
      document.querySelector('[data-field="delivery"] input[type=radio][value="online"]').click();
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
      return localStorage.getItem('tiepsuc.unsaved.' + id); }""", draft)
    assert stash and stash.startswith("ts1."), f"no sealed stash was written: {stash!r}"
    assert NAME not in stash and ID_NUMBER not in stash and "Kh" not in stash.split(".")[0]
    next_screen(page, "__fee")
    page.get_by_label("Thanh toán trực tuyến").check()
    next_screen(page, "consent")
    fill(page, {"consent_data": True, "declaration": True})
    next_screen(page, "__check")
    page.get_by_role("button", name="Xác nhận và đưa vào hàng chờ gửi").click()
    expect(page.get_by_test_id("queued")).to_be_visible()
    wait_device(page, """async (id) => { const rows = await dev.outbox(id);
      return rows.length === 1 && !!rows[0].body && rows[0].attempts >= 1; }""", draft)
    assert page.evaluate("""async (id) => { const db = await new Promise((ok) => { const r = indexedDB.open('tiepsuc'); r.onsuccess = () => ok(r.result); });
      const rows = await new Promise((ok) => { const q = db.transaction('outbox').objectStore('outbox').getAll(); q.onsuccess = () => ok(q.result); });
      db.close(); const row = rows.find((r) => r.draft_id === id); return !!row.body.sealed && !row.body.answers; }""", draft)
    assert_nothing_in_clear(page, "after the dossier was queued (request body frozen)")
    assert read_draft(page, draft)["answers"]["applicant_name"] == NAME  # the app itself reads it

    # Idle → locked: everything is hidden, the key stays in memory.
    go_idle_fast(page, 2)
    expect(page.get_by_test_id("lock-screen")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="Máy đang khóa")).to_be_visible()
    assert NAME not in page.content() and ID_NUMBER not in page.content()
    assert_accessible(page, "lock screen", [])
    assert sdb.dossiers(draft) == []
    # While locked, the uploads get through again and the connection comes back: the dossier goes.
    page.unroute("**/api/v1/uploads**")
    tablet.set_offline(True)
    tablet.set_offline(False)  # the `online` event wakes the outbox
    wait_device(page, "async (id) => (await dev.readDraft(id)).status === 'sent'", draft)
    assert len(sdb.dossiers(draft)) == 1
    assert sdb.attachments(draft), "the photo did not arrive"
    expect(page.get_by_test_id("lock-screen")).to_be_visible()  # sent while the tablet stayed locked

    # Unlock offline: only the PIN.
    tablet.set_offline(True)
    go_idle_fast(page, 300)
    page.get_by_label("Mã mở khóa máy", exact=True).fill("000111")
    page.get_by_role("button", name="Mở khóa", exact=True).click()
    expect(page.get_by_test_id("pin-wrong")).to_contain_text("Còn 4 lần thử")
    page.get_by_label("Mã mở khóa máy", exact=True).fill(TABLET_PIN)
    page.get_by_role("button", name="Mở khóa", exact=True).click()
    expect(page.get_by_test_id("lock-screen")).to_have_count(0)
    expect(page.get_by_test_id("queued")).to_have_attribute("data-status", "sent")
    tablet.set_offline(False)
    filed["draft"] = draft
    page.close()


def test_restart_waits_for_pin_and_five_wrong_pins_need_online_sign_in(tablet, app, filed):
    page = tablet.new_page()
    page.goto(app.url + "/ho-so")  # the app starts again: no key in memory
    page.wait_for_function("() => document.documentElement.dataset.tabletLock === 'locked'", timeout=TIMEOUT)
    expect(page.get_by_test_id("lock-screen")).to_contain_text("Hồ sơ chờ gửi sẽ được gửi sau khi bạn nhập mã mở khóa máy")
    raw, _ = raw_device(page)
    assert NAME.encode() not in raw
    for left in (4, 3, 2, 1):
        page.get_by_label("Mã mở khóa máy", exact=True).fill("135790")
        page.get_by_role("button", name="Mở khóa", exact=True).click()
        expect(page.get_by_test_id("pin-wrong")).to_contain_text(f"Còn {left} lần thử")
    page.get_by_label("Mã mở khóa máy", exact=True).fill("135790")
    page.get_by_role("button", name="Mở khóa", exact=True).click()
    expect(page.get_by_test_id("pin-blocked")).to_contain_text("Đã nhập sai mã 5 lần")
    assert_accessible(page, "5 wrong PINs", [])
    # Restarting the app does not reset the count; the right PIN is not even tried.
    page.reload()
    expect(page.get_by_test_id("pin-blocked")).to_be_visible()
    expect(page.get_by_label("Mã mở khóa máy", exact=True)).to_have_count(0)
    # Signing in online (the password, checked by the server) lets the volunteer try again.
    page.get_by_role("link", name="Đăng nhập lại").click()
    page.wait_for_url(re.compile(r"/dang-nhap\?mo-khoa=1"))
    page.get_by_label(re.compile("Tên đăng nhập")).fill(DEMO_VOLUNTEER[0])
    page.get_by_label(re.compile("^Mật khẩu")).fill(DEMO_VOLUNTEER[1])
    page.get_by_role("button", name=re.compile("^Đăng nhập")).click()
    page.wait_for_url(re.compile(r"/ho-so"), timeout=TIMEOUT)
    assert tablet_pin(page) == "locked"
    expect(page.locator(f'[data-draft="{filed["draft"]}"]')).to_be_visible()
    page.close()


def test_forgotten_pin_new_pin_and_old_dossiers_recovered_only_with_old_pin(tablet, app, filed):
    page = tablet.new_page()
    page.goto(app.url + "/ho-so")
    page.wait_for_function("() => document.documentElement.dataset.tabletLock === 'locked'", timeout=TIMEOUT)
    page.get_by_role("link", name="Quên mã mở khóa máy?").click()
    page.wait_for_url(re.compile(r"/dang-nhap\?quen-ma=1"))
    page.get_by_label(re.compile("Tên đăng nhập")).fill(DEMO_VOLUNTEER[0])
    page.get_by_label(re.compile("^Mật khẩu")).fill(DEMO_VOLUNTEER[1])
    page.get_by_role("button", name=re.compile("^Đăng nhập")).click()
    page.wait_for_url(re.compile(r"/ho-so"), timeout=TIMEOUT)
    expect(page.get_by_test_id("pin-forgotten")).to_contain_text("chỉ mở được bằng mã cũ")
    assert tablet_pin(page, "570284") == "setup"
    # What the old PIN sealed stays sealed: recover it with the old PIN, or discard it.
    retired = page.get_by_test_id("pin-retired")
    expect(retired).to_contain_text("1 hồ sơ đang khóa bằng mã cũ")
    assert_accessible(page, "dossiers sealed with the old PIN", [])
    expect(page.locator(f'[data-draft="{filed["draft"]}"]')).to_have_count(0)
    retired.get_by_label("Mã mở khóa máy cũ").fill("570284")
    retired.get_by_role("button", name="Lấy lại hồ sơ").click()
    expect(retired.get_by_role("alert")).to_have_text("Mã cũ không đúng.")
    retired.get_by_label("Mã mở khóa máy cũ").fill(TABLET_PIN)
    retired.get_by_role("button", name="Lấy lại hồ sơ").click()
    expect(page.get_by_test_id("pin-retired")).to_have_count(0)
    expect(page.locator(f'[data-draft="{filed["draft"]}"]')).to_be_visible()
    # Re-sealed with the new key: the next start opens it with the new PIN.
    page.reload()
    tablet_pin(page, "570284")
    expect(page.locator(f'[data-draft="{filed["draft"]}"]')).to_be_visible()
    page.close()


def test_the_pin_is_asked_once_per_tab_and_again_after_a_lock(browser, app, app_env):
    """The offline screens link with full page loads: the unlocked key is carried across them in
    this tab (wrapped with the IndexedDB tab key, the blob in sessionStorage), so going from the
    drafts to the wizard and back asks for no PIN; after "Khóa máy" a reload asks for it again."""
    bootstrap(app_env)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768}, service_workers="block")
    try:
        page = context.new_page()
        ui_login(page, app.url, *DEMO_VOLUNTEER, expect_path="/tnv")
        page.goto(app.url + "/ho-so")
        assert tablet_pin(page) == "setup"
        blob = page.evaluate("() => sessionStorage.getItem('tiepsuc.tab_key')")
        assert blob and TABLET_PIN not in blob
        page.goto(app.url + "/nop-ho-so?ma=2.000635")  # a full page load
        assert tablet_pin(page) == "open"
        expect(page.get_by_test_id("progress")).to_have_text(re.compile(r"^Bước 1/\d+$"))
        page.get_by_role("button", name="Lưu và làm tiếp sau").click()
        page.wait_for_url(re.compile(r"/ho-so/?$"), timeout=TIMEOUT)
        assert tablet_pin(page) == "open"
        page.reload()
        assert tablet_pin(page) == "open"
        # Another tab has no carried key: the PIN.
        other = context.new_page()
        other.goto(app.url + "/ho-so")
        assert tablet_pin(other) == "locked"
        other.close()
        # Locked ("Khóa máy"): the carried key is gone, a reload asks for the PIN.
        page.get_by_role("button", name="Khóa máy").click()
        expect(page.get_by_test_id("lock-screen")).to_be_visible()
        assert page.evaluate("() => sessionStorage.getItem('tiepsuc.tab_key')") is None
        page.reload()
        page.wait_for_function("() => document.documentElement.dataset.tabletLock === 'locked'", timeout=TIMEOUT)
        assert tablet_pin(page) == "locked"
        page.goto(app.url + "/nop-ho-so?ma=2.000635")
        assert tablet_pin(page) == "open"  # unlocked again: carried again
    finally:
        context.close()


def test_citizen_mode_at_home_is_sealed_with_a_non_extractable_device_key(browser, app):
    """Nobody signed in (a phone at home): no PIN, but the drafts and files are sealed all the same,
    with a data key wrapped by this device's non-extractable WebCrypto key."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(app.url + "/nop-ho-so?ma=2.000635")
        assert tablet_pin(page) == "citizen"
        draft = draft_id(page)
        fill(page, APPLICANT)
        next_screen(page, "record")
        fill(page, {"record_type": "birth", "registered_at": "UBND phường Hàng Trống"})
        next_screen(page, "copies_fee")
        fill(page, {"copies": "1", "fee_exemption": "poor"})
        next_screen(page, "documents")
        page.locator("#f-upload_exemption_proof-camera").set_input_files(
            files=[{"name": "ho-ngheo.jpg", "mimeType": "image/jpeg", "buffer": make_photo(page, 900, 1200)}])
        wait_saved(page, draft, f"d.answers.applicant_id === '{ID_NUMBER}' && d.answers.upload_exemption_proof.length === 1")
        assert_nothing_in_clear(page, "citizen mode, after the draft was saved")
        key = page.evaluate("""async () => { const db = await new Promise((ok) => { const r = indexedDB.open('tiepsuc'); r.onsuccess = () => ok(r.result); });
          const get = (k) => new Promise((ok) => { const q = db.transaction('meta').objectStore('meta').get(k); q.onsuccess = () => ok(q.result); });
          const kek = await get('kek:device'); const wrapped = await get('dk:citizen'); db.close();
          return { isKey: kek.crypto_key instanceof CryptoKey, extractable: kek.crypto_key.extractable,
                   wrapped: wrapped.ct instanceof ArrayBuffer && wrapped.ct.byteLength === 48 }; }""")
        assert key == {"isKey": True, "extractable": False, "wrapped": True}
        # A new page (the app reopened) opens it without any PIN.
        page.close()
        page = context.new_page()
        page.goto(app.url + "/ho-so")
        assert tablet_pin(page) == "citizen"
        expect(page.locator(f'[data-draft="{draft}"]').get_by_role("heading")).to_have_text(NAME)
    finally:
        context.close()
