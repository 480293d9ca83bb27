"""Issue 14: five catalog procedures of different fields of law (civil status, certification,
household business, social protection, land, residence) are completed and queued in the wizard
with the browser offline and the server dead, then arrive at the server when it returns.

The answers are the generated vectors (tests/vectors/catalog_answers.json); each draft is put on
the device at its check screen with one photo per upload slot (as the sync tests seed drafts),
then the wizard itself opens it offline, shows the complete checklist and queues it.
"""
from __future__ import annotations

import json
import re
import time
import uuid

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SW_READY
from tests.browser.sync_support import ServerDb, ensure_db, wait_status
from tests.support.accounts import bootstrap
from tests.support.catalog_answers import VECTORS
from tests.support.servers import ROOT, app_server, base_env, free_port, migrate

pytestmark = pytest.mark.browser
SUBMIT = "Xác nhận và đưa vào hàng chờ gửi"
CODES = ["1.004746", "2.000884", "1.001266", "1.014027", "1.012812", "1.002755"]
VECTOR = {c["code"]: c["answers"] for c in json.loads((ROOT / VECTORS).read_text(encoding="utf-8"))["cases"]}

# Put a draft on the device: one small JPEG made in the page per upload slot, hashed there.
SEED = """async ([draft, slots]) => {
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
  const rows = [];
  for (const [field, documentId] of slots) {
    const c = new OffscreenCanvas(300, 400); const g = c.getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, 300, 400); g.fillStyle = '#123'; g.fillText(`${draft.id} ${field}`, 10, 20);
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
    const sha256 = hex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
    const name = `${field}.jpg`;
    draft.answers[field] = [{ sha256, size: blob.size, mime: 'image/jpeg', name }];
    rows.push({ key: `${draft.id}:${sha256}`, draft_id: draft.id, sha256, blob, mime: 'image/jpeg', size: blob.size,
                created_at: Date.now(), name, original_size: blob.size, document_id: documentId, field });
  }
  const db = await new Promise((ok, ko) => { const r = indexedDB.open('tiepsuc'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
  try {
    await new Promise((ok, ko) => {
      const tx = db.transaction(['drafts', 'files'], 'readwrite');
      tx.objectStore('drafts').put(draft);
      for (const row of rows) tx.objectStore('files').put(row);
      tx.oncomplete = ok; tx.onerror = () => ko(tx.error);
    });
  } finally { db.close(); }
}"""


@pytest.fixture(scope="module")
def server_env(built_port, tmp_path_factory) -> dict:
    data_dir = tmp_path_factory.mktemp("catalog-filing")
    env = base_env(DATA_DIR=data_dir, DATABASE_URL=f"sqlite:///{data_dir / 'filing.db'}", PORT=free_port(),
                   HOST="127.0.0.1")
    migrate(env)
    bootstrap(env, demo=True)
    return env


@pytest.fixture(scope="module")
def server(server_env, tmp_path_factory):
    app = app_server(server_env, tmp_path_factory.mktemp("catalog-filing-logs") / "app.log").start()
    yield app
    app.stop()


def draft_record(procedure: dict, answers: dict, version: str) -> dict:
    now = int(time.time() * 1000)
    name = answers["applicant_name"]
    return {
        "id": str(uuid.uuid4()), "procedure_code": procedure["code"], "catalog_version": version,
        "version": 1, "channel": "citizen", "owner": "citizen", "device_token": uuid.uuid4().hex + uuid.uuid4().hex,
        "status": "draft", "step": "__check", "answers": answers, "extra": {},
        "consent": {"given": True, "given_at": "2026-11-30T09:15:00+07:00", "assisted_by": None, "subject": name,
                    "statement": f"công dân {name} tự khai"},
        "created_at": now, "updated_at": now, "device_created_at": "2026-11-30T09:00:00+07:00", "rev": 1,
        "summary": {"procedure_name": procedure["name"], "citizen_name": name, "id_masked": "*********" + answers["applicant_id"][-3:]},
    }


def test_five_fields_of_law_filed_offline(browser, server, server_env):
    sdb = ServerDb(server_env)
    context = browser.new_context(locale="vi-VN", viewport={"width": 768, "height": 1024}, service_workers="allow")
    try:
        page = context.new_page()
        page.goto(server.url + "/ho-so")
        page.wait_for_function(SW_READY)
        ensure_db(page)
        drafts = []
        for code in CODES:
            procedure = json.loads((ROOT / f"volunteer_app/catalog/procedures/{code}.json").read_text(encoding="utf-8"))
            page.goto(f"{server.url}/nop-ho-so?ma={code}")  # the definition is cached for offline use
            expect(page.get_by_test_id("progress")).to_have_text(re.compile(r"^Bước 1/\d+$"))
            answers = {k: v for k, v in VECTOR[code].items() if not (isinstance(v, list) and v and isinstance(v[0], dict) and "sha256" in v[0])}
            slots = [[f["id"], f["document"]] for s in procedure["steps"] for f in s["fields"]
                     if f["type"] == "document" and f["id"] in VECTOR[code]]
            # Started on the version the device holds (a draft pinned to an unknown version moves to the
            # current one when opened, and is asked its consent again: issue 13).
            etag = httpx.get(f"{server.url}/api/v1/procedures/{code}").headers["etag"].strip('"').removeprefix("W/")
            draft = draft_record(procedure, answers, etag)
            page.evaluate(SEED, [draft, slots])
            drafts.append((code, draft["id"]))

        server.kill()
        context.set_offline(True)
        for code, draft_id in drafts:
            page.goto(f"{server.url}/nop-ho-so?ma={code}&ho-so={draft_id}")
            expect(page.locator('[data-step="__check"]')).to_be_visible()
            expect(page.get_by_test_id("checklist")).to_contain_text("Đã đủ giấy tờ bắt buộc.")
            page.get_by_role("button", name=SUBMIT).click()
            expect(page.get_by_test_id("sync-state")).to_have_text("Chờ gửi")
        ids = [d for _, d in drafts]
        assert all(sdb.dossiers(d) == [] for d in ids)

        server.start()
        context.set_offline(False)
        page.goto(server.url + "/ho-so")
        wait_status(page, ids, ("sent",), timeout_ms=90_000)
        for code, draft_id in drafts:
            rows = sdb.dossiers(draft_id)
            assert len(rows) == 1 and re.fullmatch(r"TS-\d{6}-\d{4}", rows[0][0]), code
            assert len(sdb.attachments(draft_id)) == sum(1 for k in VECTOR[code] if k.startswith("upload_")), code
        assert sdb.query("select count(distinct procedure_code) from dossier")[0][0] >= 5
    finally:
        context.close()
