"""The cost of encryption at rest on the device (issue 16): autosave, and opening a draft with
3 photos, encrypted against clear, as a ratio.

    PORT=<built port> .venv/bin/python bench/encryption_bench.py [--saves 40] [--opens 20]

Needs the production build (``./tiepsuc test``). Starts the app on the built port (fresh SQLite),
drives Debian's Chromium in citizen mode (the device's own key: the same sealing as a
volunteer's, without the PIN), twice, each in a fresh browser context:

- encrypted: the app as shipped;
- clear: the same app with the cipher replaced by the identity before any page script runs
  (``crypto.subtle.encrypt``/``decrypt`` return their input), so the store does the very same
  work (split, JSON, one IndexedDB transaction) minus AES-GCM: the ratio is the cipher's cost.
  (Before encryption the store also skipped the split and JSON of the sealed part, which this
  baseline includes.)

Measures, per mode: autosave, the write itself (``saveDraft``: seal + one transaction, to the
commit; ``window.__tiepsucSaveWrite``) and input → IndexedDB commit including the debounce
(``window.__tiepsucAutosave``), p50/p95 of ``--saves`` edits; then 3 photos (12 MP, compressed on
the device to ≤ 400 KB each) are added, and opening the draft (the record and its 3 files, read
and opened through the app's store) is timed ``--opens`` times, p50/p95.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.frontend_bench import built_port  # noqa: E402
from bench.wizard_photos import open_document_slot, store_photo  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.offline_support import draft_id, make_photo  # noqa: E402
from tests.support.servers import app_server, base_env, migrate  # noqa: E402

WIZARD = "/nop-ho-so?ma=2.000635"
GOALS = {"autosave_p95": 1.5, "open_p50": 2.0}
IDENTITY_CIPHER = """(() => {
  const s = crypto.subtle;
  const copy = (d) => (d instanceof ArrayBuffer ? d.slice(0) : d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
  s.encrypt = async (alg, key, data) => copy(data);
  s.decrypt = async (alg, key, data) => copy(data);
})();"""
OPEN = """async ([id, n]) => {
  const dev = window.__tiepsucDevice; const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const d = await dev.readDraft(id); const files = await dev.files(id);
    let bytes = 0; for (const f of files) bytes += (await f.blob.arrayBuffer()).byteLength;  // the photos as shown
    times.push(performance.now() - t0);
    if (!d.answers || files.length !== 3 || !bytes) throw new Error('draft not opened: ' + JSON.stringify([!!d.answers, files.length, bytes, d.locked]));
  }
  return times;
}"""


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=20)[q] if len(values) >= 2 else values[0]


def run_mode(browser, url: str, clear: bool, saves: int, opens: int) -> dict:
    ctx = browser.new_context(locale="vi-VN", viewport={"width": 768, "height": 1024}, service_workers="block")
    if clear:
        ctx.add_init_script(IDENTITY_CIPHER)
    try:
        page = ctx.new_page()
        page.goto(url + WIZARD)
        field = page.locator("#f-applicant_name")
        field.wait_for()
        draft = draft_id(page)
        for i in range(saves):
            field.fill(f"Nguyễn Văn {chr(65 + i % 26)}{i}")
            page.wait_for_function("(n) => (window.__tiepsucAutosave || []).length >= n", arg=i + 1)
        autosave = page.evaluate("() => window.__tiepsucAutosave.slice()")
        writes = page.evaluate("() => window.__tiepsucSaveWrite.slice()")
        slot = open_document_slot(page, url, draft)
        sizes = []
        for k, (w, h) in enumerate(((3000, 4000), (4032, 3024), (2480, 3508))):  # 3 different photos (a slot keeps each once)
            stored, _ = store_photo(page, slot, draft, make_photo(page, w, h), f"giay-to-{k}.jpg")
            sizes.append(stored["size"])
        opened = page.evaluate(OPEN, [draft, opens])
        return {"autosave": autosave, "write": writes[:len(autosave)], "open": opened, "photo_bytes": sum(sizes)}
    finally:
        ctx.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--saves", type=int, default=40)
    ap.add_argument("--opens", type=int, default=20)
    args = ap.parse_args()
    port = built_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = base_env(DATA_DIR=tmp, DATABASE_URL=f"sqlite:///{tmp}/bench.db", PORT=port, HOST="127.0.0.1", LOG_LEVEL="WARNING")
        migrate(env)
        server = app_server(env, Path(tmp) / "app.log").start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                clear = run_mode(browser, server.url, True, args.saves, args.opens)
                sealed = run_mode(browser, server.url, False, args.saves, args.opens)
                browser.close()
        finally:
            server.stop()

    rows = [
        ("autosave write (seal + commit), p50", statistics.median(clear["write"]), statistics.median(sealed["write"]), None),
        ("autosave write (seal + commit), p95", pct(clear["write"], 18), pct(sealed["write"], 18), GOALS["autosave_p95"]),
        ("autosave input → commit (150 ms debounce), p95", pct(clear["autosave"], 18), pct(sealed["autosave"], 18), None),
        ("open draft + 3 photos, p50", statistics.median(clear["open"]), statistics.median(sealed["open"]), GOALS["open_p50"]),
        ("open draft + 3 photos, p95", pct(clear["open"], 18), pct(sealed["open"], 18), None),
    ]
    print(f"{args.saves} autosaves, {args.opens} opens; 3 photos = {sealed['photo_bytes'] / 1024:.0f} KB on the device")
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'clear':>9}  {'encrypted':>9}  {'ratio':>6}  goal")
    print(f"{'-' * width}  {'-' * 9}  {'-' * 9}  {'-' * 6}  {'-' * 12}")
    for name, c, e, goal in rows:
        ratio = e / c if c else float("inf")
        verdict = "" if goal is None else (f"≤ {goal:.1f}× " + ("ok" if ratio <= goal else "MISSED"))
        print(f"{name:<{width}}  {c:>7.1f}ms  {e:>7.1f}ms  {ratio:>5.2f}×  {verdict}")


if __name__ == "__main__":
    main()
