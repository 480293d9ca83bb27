"""Helpers for the outbox/sync tests (issue 6): seed drafts into the device store, read the
server's database, wait on IndexedDB conditions, run the flaky proxy.

Seeding writes the same records the wizard writes (docs/architecture.md, "Device store"); the
files are made in the page (canvas JPEGs, PDFs) and hashed there, as the device does.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

from tests.browser.offline_support import HANOI, HANOI_COMMUNE
from tests.support.blobs import StoredBlobs
from tests.support.servers import ROOT, free_port

PROCEDURE = json.loads((ROOT / "volunteer_app/catalog/procedures/2.000635.json").read_text(encoding="utf-8"))
CHUNK = 256 * 1024

ANSWERS = {  # 2.000635, typed as the wizard stores them; the exemption makes its proof mandatory
    "applicant_name": "Nguyễn Văn An", "applicant_dob": "15/06/1990", "applicant_sex": "nam",
    "applicant_id": "001090012345", "applicant_phone": "0912345678",
    "applicant_address": {"province": HANOI, "commune": HANOI_COMMUNE, "street": "Số 12 ngõ 34 phố Hàng Bông"},
    "applicant_relation": "self", "record_type": "birth", "subject_name": "Nguyễn Văn An",
    "subject_dob": "15/06/1990", "registered_at": "UBND phường Hàng Trống", "copies": "2",
    "fee_exemption": "poor", "delivery": "online", "consent_data": True, "declaration": True,
}


def new_draft(status: str = "queued", step: str = "__check", name: str = "Nguyễn Văn An", **answers) -> dict:
    now = int(time.time() * 1000)
    values = {**ANSWERS, "applicant_name": name, "subject_name": name, **answers}
    return {
        "id": str(uuid.uuid4()), "procedure_code": PROCEDURE["code"], "catalog_version": "",  # no pin: the current version (issue 13 moves a draft pinned to an unknown one)
        "version": 1, "channel": "citizen", "owner": "citizen", "device_token": secrets.token_urlsafe(32),
        "status": status, "step": step, "answers": values, "extra": {"payment_method": "online"},
        "consent": {"given": True, "given_at": "2026-11-28T09:15:00+07:00", "assisted_by": None, "subject": name,
                    "statement": f"công dân {name} tự khai"},
        "created_at": now, "updated_at": now, "device_created_at": "2026-11-28T09:00:00+07:00", "rev": 1,
        "summary": {"procedure_name": PROCEDURE["name"], "citizen_name": name, "id_masked": "*********345"},
    }


# files: [{"kind": "jpeg", "seed", "w", "h"} | {"kind": "pdf", "size", "seed"} | {"kind": "fake_pdf", "seed"}]
SEED = """async ([draft, files]) => {
  let s = 0;
  const rnd = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s; };
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
  const made = [];
  for (const f of files) {
    s = f.seed || 1;
    let blob; let name;
    if (f.kind === 'jpeg') {
      const c = new OffscreenCanvas(f.w || 900, f.h || 1200); const g = c.getContext('2d');
      g.fillStyle = '#f4f1ea'; g.fillRect(0, 0, c.width, c.height); g.fillStyle = '#222'; g.font = '22px serif';
      for (let y = 40, i = 0; y < c.height; y += 30, i++) g.fillText(`Giấy tờ ${f.seed} dòng ${i} — CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, 30, y);
      const img = g.getImageData(0, 0, c.width, c.height); const d = img.data;
      for (let i = 0; i < d.length; i += 4) { const n = (rnd() % 17) - 8; d[i] += n; d[i + 1] += n; d[i + 2] += n; }
      g.putImageData(img, 0, 0);
      blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
      name = `anh-${f.seed}.jpg`;
    } else if (f.kind === 'pdf') {
      const body = new Uint8Array(f.size - 20);
      for (let i = 0; i < body.length; i++) body[i] = rnd() & 0xff;
      blob = new Blob(['%PDF-1.4\\n', body, '\\n%%EOF\\n  '], { type: 'application/pdf' });
      name = `tai-lieu-${f.seed}.pdf`;
    } else {
      blob = new Blob([`Tệp Word đổi đuôi thành .pdf ${f.seed}`], { type: 'application/pdf' });
      name = `giay-ho-ngheo-${f.seed}.pdf`;
    }
    made.push({ blob, name, sha256: hex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())) });
  }
  draft.answers.upload_exemption_proof = made.map((m) => ({ sha256: m.sha256, size: m.blob.size, mime: m.blob.type, name: m.name }));
  const db = await new Promise((ok, ko) => { const r = indexedDB.open('tiepsuc'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
  try {
    await new Promise((ok, ko) => {
      const tx = db.transaction(['drafts', 'files', 'outbox'], 'readwrite');
      tx.objectStore('drafts').put(draft);
      for (const m of made) {
        tx.objectStore('files').put({ key: `${draft.id}:${m.sha256}`, draft_id: draft.id, sha256: m.sha256, blob: m.blob,
          mime: m.blob.type, size: m.blob.size, created_at: Date.now(), name: m.name, original_size: m.blob.size,
          document_id: 'exemption_proof', field: 'upload_exemption_proof' });
      }
      if (draft.status === 'queued') {
        tx.objectStore('outbox').add({ draft_id: draft.id, kind: 'submit', state: 'queued', attempts: 0, next_attempt_at: Date.now() });
      }
      tx.oncomplete = ok; tx.onerror = () => ko(tx.error);
    });
  } finally { db.close(); }
  return made.map((m) => ({ sha256: m.sha256, size: m.blob.size }));
}"""

# Everything the device holds about one draft: the record, its file rows, outbox rows, localStorage keys.
# What the device holds for a draft, as the app sees it (lifecycle/store.js opens the sealed
# records with the key in memory), plus the localStorage keys naming it.
DEVICE_STATE = """async (id) => {
  const dev = window.__tiepsucDevice;
  const draft = await dev.readDraft(id);
  const files = await dev.files(id);
  const outbox = await dev.outbox(id);
  const keys = Object.keys(localStorage).filter((k) => k.includes(id));
  return { draft: draft || null, files: files.map((f) => ({ sha256: f.sha256, size: f.blob ? f.blob.size : f.size })), outbox, keys };
}"""

WAIT_STATUS = """async ([ids, statuses, timeout]) => {
  const deadline = Date.now() + timeout;
  for (;;) {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open('tiepsuc'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    const all = await new Promise((ok, ko) => { const q = db.transaction('drafts').objectStore('drafts').getAll(); q.onsuccess = () => ok(q.result); q.onerror = ko; });
    db.close();
    const mine = all.filter((d) => ids.includes(d.id));
    if (mine.length === ids.length && mine.every((d) => statuses.includes(d.status))) return true;
    if (mine.some((d) => d.status === 'needs_fix' && !statuses.includes('needs_fix'))) {
      return JSON.stringify(mine.filter((d) => d.status === 'needs_fix').map((d) => [d.id, d.server_errors]));
    }
    if (Date.now() > deadline) return JSON.stringify(mine.map((d) => [d.id, d.status]));
    await new Promise((r) => setTimeout(r, 100));
  }
}"""


def seed(page, draft: dict, files: list[dict]) -> list[dict]:
    """Write a draft (and its files, and an outbox row when queued) into the page's IndexedDB."""
    return page.evaluate(SEED, [draft, files])


def device_state(page, draft_id: str) -> dict:
    return page.evaluate(DEVICE_STATE, draft_id)


def wait_status(page, ids: list[str], statuses: tuple[str, ...], timeout_ms: int = 60_000) -> None:
    ok = page.evaluate(WAIT_STATUS, [ids, list(statuses), timeout_ms])
    assert ok is True, f"drafts never reached {statuses}: {ok}"


def ensure_db(page) -> None:
    """The app opened its Dexie database (the connection bar's live query does it on load)."""
    page.wait_for_function("() => document.querySelector('[data-state]') !== null")
    ok = page.evaluate("""async () => {
      const deadline = Date.now() + 15000;
      for (;;) {
        if ((await indexedDB.databases()).some((d) => d.name === 'tiepsuc')) {
          const db = await new Promise((ok, ko) => { const r = indexedDB.open('tiepsuc'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
          const ready = db.objectStoreNames.contains('outbox');
          db.close();
          if (ready) return true;
        }
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
    }""")
    assert ok, "the app never opened its IndexedDB store"


class ServerDb:
    """Read the server's SQLite database and stored files directly (the source of truth)."""

    def __init__(self, env: dict):
        self.path = env["DATABASE_URL"].removeprefix("sqlite:///")
        self.env = env

    def query(self, sql: str, *args):
        with sqlite3.connect(self.path) as con:
            return con.execute(sql, args).fetchall()

    def dossiers(self, client_uuid: str) -> list[tuple]:
        return self.query("select code, version, state from dossier where client_uuid = ?", client_uuid)

    def versions(self, client_uuid: str) -> list[int]:
        return [v for (v,) in self.query("select v.version from dossierversion v join dossier d on d.id = v.dossier_id "
                                         "where d.client_uuid = ? order by v.version", client_uuid)]

    def attachments(self, client_uuid: str) -> dict[str, str]:
        """sha256 (declared) → sha256 of the bytes actually stored, for complete uploads."""
        rows = self.query("select sha256, storage_key from attachment where dossier_uuid = ? and complete = 1", client_uuid)
        blobs = StoredBlobs(self.env)  # through the app's attachment store, whichever it is
        try:
            return {sha: hashlib.sha256(blobs.read(key) or b"").hexdigest() for sha, key in rows}
        finally:
            blobs.close()


class FlakyProxy:
    def __init__(self, upstream_port: int, seed: int = 6, rate: float = 1 / 3, log: Path | None = None):
        self.port = free_port()
        self.log = log
        self.log_file = open(log, "ab") if log else None  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.flaky_proxy", "--upstream", f"127.0.0.1:{upstream_port}",
             "--port", str(self.port), "--seed", str(seed), "--rate", str(rate)],
            cwd=ROOT, stdout=self.log_file or subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # condition: the control endpoint answers
            try:
                if httpx.get(self.url + "/__proxy/stats", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise TimeoutError("flaky proxy did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stats(self) -> dict:
        return httpx.get(self.url + "/__proxy/stats", timeout=5).json()

    def reset(self) -> None:
        httpx.post(self.url + "/__proxy/reset", timeout=5)

    def set_rate(self, rate: float) -> None:
        httpx.post(self.url + f"/__proxy/rate?value={rate}", timeout=5)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        if self.log_file:
            self.log_file.close()
