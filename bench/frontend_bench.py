"""Offline wizard: transfer sizes, repeat-visit bytes, offline cold start, autosave, compression.

    PORT=3999 .venv/bin/python bench/frontend_bench.py [--runs 5] [--saves 40]

Needs the production build (``./tiepsuc test`` or ``PORT=3999 reflex export --frontend-only
--no-zip``). Starts the whole app as a separate process on the built port (fresh SQLite), drives
Debian's Chromium, and prints one table:

1. first visit of the wizard route: bytes on the wire (gzip, as served), split JS / CSS / data /
   HTML / other, counted from the page's own requests (CDP ``encodedDataLength``), plus what the
   service worker precaches in the background;
2. repeat visit (service worker in control): bytes that still came from the network for the app
   shell (target 0) and for the rest (the health probe; Reflex's websocket is not HTTP);
3. offline cold start (server killed, browser offline, new page) → wizard interactive (first
   input typed and saved to IndexedDB), median and max of ``--runs``;
4. autosave latency, input → IndexedDB commit (including the ≤ 300 ms debounce), p50 / p95;
5. photos before and after on-device compression (12 MP and A4-scan sized "documents").
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, SW_READY  # noqa: E402
from bench.wizard_photos import open_document_slot, store_photo  # noqa: E402
from tests.browser.offline_support import draft_id, make_photo  # noqa: E402
from tests.support.servers import app_server, base_env, migrate  # noqa: E402

WIZARD = "/nop-ho-so?ma=2.000635"
SHELL_TYPES = {"Document", "Script", "Stylesheet", "Font", "Image", "Manifest"}


def built_port() -> int:
    env_json = ROOT / ".web" / "env.json"
    if not (ROOT / ".web" / "build" / "client" / "sw.js").exists():
        sys.exit("No production build with a service worker: run PORT=3999 reflex export --frontend-only --no-zip")
    return int(json.loads(env_json.read_text())["PING"].split(":")[2].split("/")[0])


class Traffic:
    """Per-request wire bytes of one page, from the DevTools protocol."""

    def __init__(self, page):
        self.requests: dict[str, dict] = {}
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def _response(self, ev):
        r = ev["response"]
        self.requests[ev["requestId"]] = {"url": r["url"], "type": ev.get("type", "Other"), "mime": r.get("mimeType", ""),
                                          "sw": bool(r.get("fromServiceWorker")), "bytes": 0}

    def _finished(self, ev):
        if ev["requestId"] in self.requests:
            self.requests[ev["requestId"]]["bytes"] = ev.get("encodedDataLength", 0)

    def split(self) -> dict[str, int]:
        out = {"js": 0, "css": 0, "data": 0, "html": 0, "other": 0}
        for r in self.requests.values():
            if r["sw"]:
                continue
            kind = ("js" if r["type"] == "Script" else "css" if r["type"] == "Stylesheet" else "html" if r["type"] == "Document"
                    else "data" if r["type"] in ("Fetch", "XHR") or "json" in r["mime"] else "other")
            out[kind] += r["bytes"]
        return out

    def network_bytes(self, shell: bool) -> int:
        return sum(r["bytes"] for r in self.requests.values()
                   if not r["sw"] and ((r["type"] in SHELL_TYPES or "/offline-data/" in r["url"]) == shell))


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--saves", type=int, default=40)
    args = ap.parse_args()
    port = built_port()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = base_env(DATA_DIR=tmp, DATABASE_URL=f"sqlite:///{tmp}/bench.db", PORT=port, HOST="127.0.0.1", LOG_LEVEL="WARNING")
        migrate(env)
        server = app_server(env, Path(tmp) / "app.log").start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                ctx = browser.new_context(locale="vi-VN", viewport={"width": 768, "height": 1024}, service_workers="allow")

                # 1. First visit.
                page = ctx.new_page()
                traffic = Traffic(page)
                page.goto(server.url + WIZARD)
                page.locator("#f-applicant_name").wait_for()
                page.wait_for_function(SW_READY)
                split = traffic.split()
                rows += [("first visit: JS (gzip)", kb(split["js"])), ("first visit: CSS (gzip)", kb(split["css"])),
                         ("first visit: data (procedure, messages, units)", kb(split["data"])),
                         ("first visit: HTML", kb(split["html"])), ("first visit: other (icons, manifest)", kb(split["other"])),
                         ("first visit: total", kb(sum(split.values())))]
                precache = page.evaluate("""async () => { let n = 0, b = 0; for (const k of await caches.keys()) {
                    const c = await caches.open(k); for (const r of await c.keys()) { n++; b += (await (await c.match(r)).blob()).size; } }
                    return [n, b]; }""")
                rows.append(("service worker precache (uncompressed, background)", f"{precache[0]} files, {kb(precache[1])}"))
                page.close()

                # 2. Repeat visit.
                page = ctx.new_page()
                traffic = Traffic(page)
                with page.expect_response("**/api/v1/health"):
                    page.goto(server.url + WIZARD)
                page.locator("#f-applicant_name").wait_for()
                rows.append(("repeat visit: app shell from network (target 0)", f"{traffic.network_bytes(True)} B"))
                others = [r["url"].split("?")[0].replace(server.url, "") for r in traffic.requests.values() if not r["sw"]
                          and not (r["type"] in SHELL_TYPES or "/offline-data/" in r["url"])]
                rows.append(("repeat visit: other network requests", ", ".join(sorted(set(others))) or "none"))

                # 4. Autosave latency (online or not makes no difference: IndexedDB only).
                draft = draft_id(page)
                field = page.locator("#f-applicant_name")
                for i in range(args.saves):
                    field.fill(f"Nguyễn Văn {chr(65 + i % 26)}{i}")
                    page.wait_for_function("(n) => (window.__tiepsucAutosave || []).length >= n", arg=i + 1)
                lat = sorted(page.evaluate("() => window.__tiepsucAutosave"))
                q = statistics.quantiles(lat, n=20)
                rows.append((f"autosave input → IndexedDB commit, p50 ({len(lat)} saves)", f"{statistics.median(lat):.0f} ms"))
                rows.append(("autosave input → IndexedDB commit, p95", f"{q[18]:.0f} ms"))

                # 5. Photo compression.
                slot = open_document_slot(page, server.url, draft)
                for w, h, label in ((3000, 4000, "12 MP phone photo"), (4032, 3024, "12 MP landscape"), (2480, 3508, "A4 scan 300 dpi")):
                    data = make_photo(page, w, h)
                    stored, ms = store_photo(page, slot, draft, data, f"{w}x{h}.jpg")
                    rows.append((f"photo {label} {w}×{h}", f"{kb(len(data))} → {kb(stored['size'])} ({ms:.0f} ms)"))
                page.close()

                # 3. Offline cold start → interactive wizard.
                server.kill()
                ctx.set_offline(True)
                times = []
                for _ in range(args.runs):
                    page = ctx.new_page()
                    started = time.perf_counter()
                    page.goto(server.url + WIZARD)
                    page.locator("#f-applicant_name").fill("Trần Thị Bích")
                    page.wait_for_function("() => window.__tiepsucSavedRev && window.__tiepsucSavedRev.rev >= 1")
                    times.append((time.perf_counter() - started) * 1000)
                    page.close()
                rows.append((f"offline cold start → wizard interactive, median of {args.runs}", f"{statistics.median(times):.0f} ms"))
                rows.append(("offline cold start → wizard interactive, max", f"{max(times):.0f} ms"))
                ctx.close()
                browser.close()
        finally:
            server.stop()

    width = max(len(k) for k, _ in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  {'-' * 28}")
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
