"""Helpers for the offline wizard tests: fill a screen from a dict, read IndexedDB, make a photo.

Every wait is on a condition (a locator, or IndexedDB state through wait_for_function).
"""
from __future__ import annotations

import base64
import json
from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
_UNITS = json.loads((ROOT / "volunteer_app" / "catalog" / "admin_units.json").read_text(encoding="utf-8"))
HANOI = "01"
HANOI_COMMUNE = next(c[0] for c in _UNITS["communes"] if c[1] == HANOI)

# Reads one draft as the app sees it: through the app's own store (window.__tiepsucDevice,
# lifecycle/store.js), which opens the sealed record with the key in memory (the device encrypts
# drafts at rest: docs/device-encryption.md). Raw IndexedDB only before the app has loaded.
READ_DRAFT = """async (id) => {
  if (window.__tiepsucDevice) return (await window.__tiepsucDevice.readDraft(id)) || null;
  const db = await new Promise((ok, ko) => { const r = indexedDB.open('tiepsuc'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
  try {
    return await new Promise((ok, ko) => {
      const req = db.transaction('drafts').objectStore('drafts').get(id);
      req.onsuccess = () => ok(req.result || null); req.onerror = ko;
    });
  } finally { db.close(); }
}"""

READ_FILES = """async (id) => (await window.__tiepsucDevice.files(id)).map((f) => ({sha256: f.sha256,
  size: f.blob.size, type: f.blob.type, original_size: f.original_size, is_blob: f.blob instanceof Blob}))"""

# Everything the device holds, raw (no app code): every record of every object store of every
# IndexedDB database, Blobs and ArrayBuffers read as bytes, plus localStorage, as one latin-1
# string and its base64 form, to search for what must never be stored in clear.
RAW_DEVICE = """async () => {
  const parts = [];
  const bytes = (u8) => { let s = ''; for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000)); return s; };
  const walk = async (v, depth = 0) => {
    if (v === null || v === undefined || depth > 12) return;
    if (v instanceof Blob) { parts.push(bytes(new Uint8Array(await v.arrayBuffer()))); return; }
    if (v instanceof ArrayBuffer) { parts.push(bytes(new Uint8Array(v))); return; }
    if (ArrayBuffer.isView(v)) { parts.push(bytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))); return; }
    if (typeof CryptoKey !== 'undefined' && v instanceof CryptoKey) return;
    if (typeof v === 'string') { parts.push(unescape(encodeURIComponent(v))); return; }
    if (typeof v !== 'object') { parts.push(String(v)); return; }
    for (const [k, x] of Object.entries(v)) { parts.push(k); await walk(x, depth + 1); }
  };
  let records = 0;
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    try {
      for (const name of db.objectStoreNames) {
        const all = await new Promise((ok, ko) => { const q = db.transaction(name).objectStore(name).getAll(); q.onsuccess = () => ok(q.result); q.onerror = ko; });
        records += all.length;
        for (const rec of all) await walk(rec);
      }
    } finally { db.close(); }
  }
  for (let i = 0; i < localStorage.length; i += 1) { const k = localStorage.key(i); parts.push(k); await walk(localStorage.getItem(k)); }
  const text = parts.join(String.fromCharCode(10));
  return { text: btoa(text), records, local: localStorage.length };
}"""


def raw_device(page: Page) -> tuple[bytes, int]:
    """Every byte the device stores for this origin (IndexedDB, all stores; localStorage), raw."""
    got = page.evaluate(RAW_DEVICE)
    return base64.b64decode(got["text"]), got["records"]


TABLET_PIN = "482915"
GATE_SETTLED = "() => ['setup', 'locked', 'open', 'citizen'].includes(document.documentElement.dataset.tabletLock)"


def tablet_pin(page: Page, pin: str = TABLET_PIN, timeout_ms: int = 30_000) -> str:
    """Past the tablet's lock gate (assets/offline/app/lock-gate.jsx) on an offline screen: sets
    the tablet PIN ("mã mở khóa máy") at a volunteer's first sign-in, or types it after the app
    started again; nothing in citizen mode. Returns what the gate asked: setup|locked|open|citizen."""
    page.wait_for_function(GATE_SETTLED, timeout=timeout_ms)
    state = page.evaluate("() => document.documentElement.dataset.tabletLock")
    if state == "setup":
        page.get_by_label("Mã mở khóa máy mới").fill(pin)
        page.get_by_label("Nhập lại mã mở khóa máy").fill(pin)
        page.get_by_role("button", name="Lưu mã mở khóa máy").click()
    elif state == "locked":
        page.get_by_label("Mã mở khóa máy", exact=True).fill(pin)
        page.get_by_role("button", name="Mở khóa", exact=True).click()
    if state in ("setup", "locked"):
        page.wait_for_function("() => document.documentElement.dataset.tabletLock === 'open'", timeout=timeout_ms)
    return state


# A 3000×4000 "photo of an A4 page": text lines plus camera grain, as a quality-0.95 JPEG.
MAKE_PHOTO = """async ([w, h]) => {
  const c = new OffscreenCanvas(w, h); const g = c.getContext('2d');
  g.fillStyle = '#f4f1ea'; g.fillRect(0, 0, w, h); g.fillStyle = '#222';
  g.font = `${Math.round(h / 70)}px serif`;
  for (let y = h / 20, i = 0; y < h * 0.95; y += h / 45, i++) g.fillText(`Dòng ${i} — CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập, Tự do, Hạnh phúc 0123456789`, w / 20, y);
  const img = g.getImageData(0, 0, w, h); const d = img.data; let s = 12345;
  for (let i = 0; i < d.length; i += 4) { s = (s * 1103515245 + 12345) & 0x7fffffff; const n = (s % 41) - 20; d[i] += n; d[i + 1] += n; d[i + 2] += n; }
  g.putImageData(img, 0, 0);
  const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
  const bytes = new Uint8Array(await blob.arrayBuffer()); let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}"""


def make_photo(page: Page, width: int = 3000, height: int = 4000) -> bytes:
    return base64.b64decode(page.evaluate(MAKE_PHOTO, [width, height]))


def draft_id(page: Page) -> str:
    page.wait_for_function("() => new URLSearchParams(location.search).get('ho-so')")
    return page.evaluate("() => new URLSearchParams(location.search).get('ho-so')")


def read_draft(page: Page, draft: str) -> dict | None:
    return page.evaluate(READ_DRAFT, draft)


def wait_saved(page: Page, draft: str, predicate_js: str, timeout_ms: int = 10_000) -> None:
    """Wait until the draft stored in IndexedDB satisfies `predicate_js` (a JS expression over d).
    (wait_for_function does not await promises, so the page itself polls IndexedDB until the
    condition holds or the deadline passes.)"""
    ok = page.evaluate(f"""async ([id, timeout]) => {{
      const read = {READ_DRAFT};
      const deadline = Date.now() + timeout;
      for (;;) {{
        const d = await read(id);
        let ok = false;
        try {{ ok = !!d && ({predicate_js}); }} catch {{ ok = false; }}
        if (ok) return true;
        if (Date.now() > deadline) return JSON.stringify(d);
        await new Promise((r) => setTimeout(r, 25));
      }}
    }}""", [draft, timeout_ms])
    assert ok is True, f"draft never satisfied {predicate_js}: {ok}"


def field(page: Page, path: str):
    return page.locator(f'[data-field="{path}"]')


def fill(page: Page, values: dict) -> None:
    """Fill the current screen. Values: text for inputs; option value for select/radio;
    True/False for yes_no and consent; ("address", province, commune, street)."""
    for path, value in values.items():
        box = field(page, path)
        kind = box.get_attribute("data-type")
        base = "f-" + path.replace(".", "-")
        if kind in ("select",):
            page.locator(f"#{base}").select_option(value)
        elif kind in ("radio",):
            box.locator(f'input[type=radio][value="{value}"]').check()
        elif kind == "yes_no":
            page.locator(f"#{base}-{0 if value else 1}").check()
        elif kind == "consent":
            page.locator(f"#{base}").set_checked(bool(value))
        elif kind == "address":
            province, commune, street = value
            page.locator(f"#{base}-province").select_option(province)
            page.locator(f"#{base}-commune").select_option(commune)
            page.locator(f"#{base}-street").fill(street)
        else:
            page.locator(f"#{base}").fill(str(value))


def screen_steps(page: Page) -> list[str]:
    """The catalog steps (and __fee) on the wizard's screen: short steps share one."""
    return (page.locator(".ts-wizard").get_attribute("data-steps") or "").split()


def next_screen(page: Page, expect_step: str | None = None) -> None:
    """Continue to the screen that asks `expect_step`; no press when it shares the current screen."""
    if expect_step and expect_step in screen_steps(page)[1:]:
        return
    page.get_by_role("button", name="Tiếp tục", exact=True).click()
    if expect_step:
        expect(page.locator(f'.ts-wizard[data-steps~="{expect_step}"]')).to_be_visible()
