"""Shared tablets (issue 16), two browser contexts as two tablets of one centre against the
production build: the centre's dashboard lists both with what waits on them and warns of a dossier
queued for two days; a draft handed from one volunteer to the other opens on the second tablet and
is removed from the first; a revoked tablet deletes its data the next time it reaches the server.

The old queued dossier is a record written as the tablet writes it, queued two days ago by its own
clock (``queued_at``), by a colleague who is not signed in (so the outbox holds it for them)."""
from __future__ import annotations

import re
import time
import uuid

import pytest

from tests.browser.offline_support import tablet_pin
from tests.browser.staff_support import TIMEOUT, cookie_login, env, ui_login
from tests.browser.test_a11y import assert_accessible
from tests.browser.sync_support import device_state, ensure_db, new_draft, seed
from tests.support.accounts import DEMO_VOLUNTEER
from tests.support.dossiers import NEW_PASSWORD, signed_in

pytestmark = pytest.mark.browser
DAY_MS = 86_400_000
TICK_OK = "(since) => window.__tiepsucDeviceTick && window.__tiepsucDeviceTick.at > since && window.__tiepsucDeviceTick.outcome === 'ok'"


@pytest.fixture(scope="module")
def centre(app, app_env, browser):
    e = env(app, app_env)
    centres = e.admin.get("/api/v1/admin/centres").json()
    centre_id = next(c["id"] for c in centres if c["code"] == "TTPVHCC-DEMO")
    username = f"tnv.binh{uuid.uuid4().hex[:5]}"
    made = e.admin.post("/api/v1/admin/users", json={"username": username, "display_name": "Trần Thị Bình",
                                                    "role": "volunteer", "centre_id": centre_id})
    assert made.status_code == 201, made.text
    signed_in(app.url, username, made.json()["one_time_password"]).close()  # sets NEW_PASSWORD
    suffix = uuid.uuid4().hex[:4]
    tablets = {}
    for key, (user, password) in {"a": DEMO_VOLUNTEER, "b": (username, NEW_PASSWORD)}.items():
        ctx = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768})
        page = ctx.new_page()
        if key == "b":  # the naming screen itself, checked with axe once
            page.goto(app.url + "/dang-nhap")
            page.get_by_label(re.compile("Tên đăng nhập")).fill(user)
            page.get_by_label(re.compile("^Mật khẩu")).fill(password)
            page.get_by_role("button", name=re.compile("^Đăng nhập")).click()
            page.get_by_label("Tên máy tính bảng").wait_for(timeout=TIMEOUT)
            assert_accessible(page, "device name", [])
            page.get_by_label("Tên máy tính bảng").fill(f"Máy B {suffix}")
            page.get_by_role("button", name="Lưu tên máy").click()
            page.wait_for_url(re.compile(r"/tnv/?$"), timeout=TIMEOUT)
        else:
            ui_login(page, app.url, user, password, expect_path="/tnv", device_name=f"Máy {key.upper()} {suffix}")
        tablets[key] = {"ctx": ctx, "page": page, "name": f"Máy {key.upper()} {suffix}", "user": user}
    staff = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    cookie_login(staff, e.staff, app.url)
    yield {"env": e, "url": app.url, "binh": username, "tablets": tablets, "staff": staff.new_page(), "drafts": {}}
    for t in tablets.values():
        t["ctx"].close()
    staff.close()


def _reload_and_report(page, url: str) -> None:
    since = page.evaluate("Date.now()")
    page.goto(url + "/ho-so")
    tablet_pin(page)  # a new page load: the tablet PIN again (docs/device-encryption.md)
    page.wait_for_function(TICK_OK, arg=since, timeout=TIMEOUT)


def _row(staff, name: str):
    return staff.locator("tr.device-row", has=staff.get_by_text(name, exact=True))


def test_the_dashboard_lists_both_tablets_with_what_waits_and_warns_of_an_old_queue(centre):
    url, a, b = centre["url"], centre["tablets"]["a"], centre["tablets"]["b"]
    for t in (a, b):
        t["page"].goto(url + "/ho-so")
        ensure_db(t["page"])
        tablet_pin(t["page"])  # each volunteer sets the tablet PIN at the first sign-in
    mine = {**new_draft(status="draft", step="__check", name="Lê Văn Cường"), "channel": "volunteer", "owner": "tnv.demo"}
    now = int(time.time() * 1000)
    colleague = {**new_draft(status="queued", name="Phạm Thị Dung"), "channel": "volunteer", "owner": centre["binh"],
                 "queued_at": now - 2 * DAY_MS, "updated_at": now - 2 * DAY_MS}
    seed(a["page"], mine, [{"kind": "jpeg", "seed": 3, "w": 600, "h": 800}])
    seed(a["page"], colleague, [])
    seed(b["page"], {**new_draft(status="draft", name="Hoàng Văn Em"), "channel": "volunteer", "owner": centre["binh"]}, [])
    centre["drafts"]["mine"] = mine["id"]
    for t in (a, b):
        _reload_and_report(t["page"], url)
    assert device_state(a["page"], colleague["id"])["draft"]["status"] == "queued"  # held for its volunteer

    staff = centre["staff"]
    staff.goto(url + "/can-bo/may-tinh-bang")
    row_a, row_b = _row(staff, a["name"]), _row(staff, b["name"])
    row_a.wait_for(timeout=TIMEOUT)
    assert (row_a.get_attribute("data-drafts"), row_a.get_attribute("data-queued")) == ("1", "1")
    assert (row_b.get_attribute("data-drafts"), row_b.get_attribute("data-queued")) == ("1", "0")
    assert "Trần Thị Bình" in row_a.get_by_test_id("device-waiting").inner_text()
    assert re.search(r"hơn 1 ngày", row_a.get_by_test_id("device-warning").inner_text())
    assert row_a.get_by_test_id("device-oldest").inner_text().startswith("2 ngày")
    assert row_b.get_by_test_id("device-warning").count() == 0
    # Counts and names of volunteers only: no citizen's name reached the dashboard.
    assert "Cường" not in staff.content() and "Dung" not in staff.content()
    assert_accessible(staff, "devices dashboard", [])


def test_a_handed_draft_opens_on_the_second_tablet_and_leaves_the_first(centre):
    url, a, b = centre["url"], centre["tablets"]["a"], centre["tablets"]["b"]
    draft_id = centre["drafts"]["mine"]
    page = a["page"]
    page.goto(url + "/ho-so")
    tablet_pin(page)
    card = page.locator(f"li[data-draft='{draft_id}']")
    card.get_by_role("button", name=re.compile("^Chuyển cho tình nguyện viên khác")).click()
    card.get_by_label("Chuyển cho", exact=True).wait_for(timeout=TIMEOUT)
    assert_accessible(page, "hand-over panel", [])
    card.get_by_label("Chuyển cho", exact=True).select_option(label="Trần Thị Bình")
    card.get_by_role("button", name="Chuyển hồ sơ").click()
    card.get_by_test_id("sync-state").filter(has_text="Đã chuyển cho Trần Thị Bình").wait_for(timeout=TIMEOUT)
    before = device_state(page, draft_id)
    assert before["draft"]["status"] == "handed" and len(before["files"]) == 1

    _reload_and_report(b["page"], url)  # the receiver's tablet collects it
    received = b["page"].locator(f"li[data-draft='{draft_id}']")
    received.get_by_test_id("received-from").wait_for(timeout=TIMEOUT)
    held = device_state(b["page"], draft_id)
    assert held["draft"]["owner"] == centre["binh"] and held["draft"]["consent"] is None
    assert held["files"] == before["files"]
    received.get_by_role("link", name=re.compile("^Tiếp tục")).click()
    b["page"].wait_for_url(re.compile(r"/nop-ho-so"), timeout=TIMEOUT)
    tablet_pin(b["page"])  # a full page load: the tablet PIN again
    b["page"].get_by_text("Lê Văn Cường").first.wait_for(timeout=TIMEOUT)  # the wizard opens it

    _reload_and_report(page, url)  # the sender's tablet learns it was received
    page.locator(f"li[data-draft='{draft_id}']").wait_for(state="detached", timeout=TIMEOUT)
    gone = device_state(page, draft_id)
    assert gone["draft"] is None and gone["files"] == [] and gone["outbox"] == []


def test_a_revoked_tablet_deletes_its_data_when_it_next_reaches_the_server(centre):
    url, a, b = centre["url"], centre["tablets"]["a"], centre["tablets"]["b"]
    page = a["page"]
    page.goto(url + "/ho-so")
    ensure_db(page)
    tablet_pin(page)
    page.evaluate("localStorage.setItem('tiepsuc.unsaved.x', JSON.stringify({draft: {id: 'x', answers: {n: 'Cường'}}}))")
    assert page.evaluate("async () => (await (await fetch('/api/v1/auth/me')).status)") == 200

    staff = centre["staff"]
    staff.goto(url + "/can-bo/may-tinh-bang")
    row = _row(staff, a["name"])
    row.get_by_role("button", name=re.compile(rf"^Thu hồi máy .*{a['name']}$")).click()
    row.get_by_role("button", name=re.compile(rf"^Thu hồi \/ Revoke {a['name']}$")).click()
    row.get_by_test_id("device-state").wait_for(timeout=TIMEOUT)
    assert page.evaluate("async () => (await (await fetch('/api/v1/auth/me')).status)") == 401  # sessions ended

    page.goto(url + "/thu-tuc")  # the next time it reaches the server
    page.get_by_test_id("device-revoked").wait_for(timeout=TIMEOUT)
    assert a["name"] in page.get_by_test_id("device-revoked").inner_text()
    assert_accessible(page, "revoked notice", [])
    left = page.evaluate("""async () => {
      const db = await new Promise((ok, ko) => { const r = indexedDB.open('tiepsuc'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
      const count = (s) => new Promise((ok) => { const q = db.transaction(s).objectStore(s).count(); q.onsuccess = () => ok(q.result); });
      const out = { drafts: await count('drafts'), files: await count('files'), outbox: await count('outbox'), meta: await count('meta') };
      db.close();
      out.keys = Object.keys(localStorage).filter((k) => /^(tiepsuc\.unsaved|tiepsuc\.session|tiepsuc:|tus::)/.test(k));
      return out;
    }""")
    assert left == {"drafts": 0, "files": 0, "outbox": 0, "meta": 0, "keys": []}, left
    staff.reload()
    _row(staff, a["name"]).get_by_test_id("device-state").filter(has_text="đã xoá dữ liệu").wait_for(timeout=TIMEOUT)
    # The other tablet is untouched.
    assert device_state(b["page"], centre["drafts"]["mine"])["draft"] is not None
