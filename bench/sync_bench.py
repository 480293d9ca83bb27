"""Outbox sync: time and bytes on the wire to send 20 queued dossiers × 3 photos.

    PORT=3999 .venv/bin/python bench/sync_bench.py [--dossiers 20] [--photos 3]

Needs the production build. Starts the whole app as a separate process on the built port (fresh
SQLite, demo centre), puts the pass-through proxy of tests/support/flaky_proxy.py (fault rate 0)
in front of it to count the bytes on the wire (requests and responses, headers included), and
drives Debian's Chromium with the page loaded through the proxy:

1. loopback: no throttling;
2. emulated 3G: Chromium's network throttling (CDP ``Network.emulateNetworkConditions``)
   at 1.6 Mbit/s both ways and 300 ms latency, beside the physical limit bytes ÷ bandwidth.

Each run seeds the queued dossiers into IndexedDB (photos made in the page: noisy canvas JPEGs of
≈ 450 KB, what the on-device compression leaves of a camera photo, capped at 500 KB), then fires
``online`` and times until every dossier is ``sent`` (receipt stub kept, answers and files purged).
The outbox sends up to 3 dossiers at a time.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.sync_support import (
    FlakyProxy,
    ServerDb,
    ensure_db,
    new_draft,
    seed,
    wait_status,
)
from tests.support.accounts import bootstrap
from tests.support.servers import app_server, base_env, free_port, migrate

NAMES = "ABCDEFGHIKLMNOPQRSTUVXY"
MBIT = 1.6
LATENCY_MS = 300


def built_port() -> int:
    if not (ROOT / ".web" / "build" / "client" / "index.html").exists():
        sys.exit("No production build: run PORT=3999 reflex export --frontend-only --no-zip")
    return int(json.loads((ROOT / ".web" / "env.json").read_text())["PING"].split(":")[2].split("/")[0])


def one_run(browser, proxy: FlakyProxy, sdb: ServerDb, dossiers: int, photos: int, throttle: bool, tag: int) -> dict:
    ctx = browser.new_context(locale="vi-VN", service_workers="block")
    page = ctx.new_page()
    page.goto(proxy.url + "/ho-so")
    ensure_db(page)
    ids, payload = [], 0
    for i in range(dossiers):
        d = new_draft(name=f"Người Thử {NAMES[i % len(NAMES)]}")
        made = seed(page, d, [{"kind": "jpeg", "seed": tag * 1000 + i * photos + k, "w": 1100, "h": 1550}
                              for k in range(photos)])
        ids.append(d["id"])
        payload += sum(m["size"] for m in made)
    if throttle:
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        bw = MBIT * 1_000_000 / 8
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": LATENCY_MS,
                                                      "downloadThroughput": bw, "uploadThroughput": bw})
    proxy.reset()
    start = time.perf_counter()
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    wait_status(page, ids, ("sent",), timeout_ms=900_000)
    elapsed = time.perf_counter() - start
    stats = proxy.stats()
    ctx.close()
    assert all(len(sdb.dossiers(i)) == 1 for i in ids)
    return {"time": elapsed, "up": stats["bytes_up"], "down": stats["bytes_down"], "payload": payload,
            "requests": stats["requests"], "puts": stats["puts"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=20)
    parser.add_argument("--photos", type=int, default=3)
    args = parser.parse_args()
    built_port()
    port = free_port()  # a port of its own: the offline screens do not use the websocket baked into the build
    data = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    env = base_env(DATA_DIR=data, DATABASE_URL=f"sqlite:///{data / 'bench.db'}", PORT=port, HOST="127.0.0.1",
                   LOG_LEVEL="WARNING")
    migrate(env)
    bootstrap(env, demo=True)
    server = app_server(env, data / "app.log").start()
    proxy = FlakyProxy(port, rate=0.0, log=data / "proxy.log")
    sdb = ServerDb(env)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            rows = [("loopback", one_run(browser, proxy, sdb, args.dossiers, args.photos, False, 1)),
                    (f"3G {MBIT} Mbit/s {LATENCY_MS} ms", one_run(browser, proxy, sdb, args.dossiers, args.photos, True, 2))]
            browser.close()
    finally:
        proxy.stop()
        server.stop()
    bw = MBIT * 1_000_000 / 8
    print(f"\nSync of {args.dossiers} queued dossiers × {args.photos} photos (tus 256 KiB chunks, then PUT)\n")
    print(f"{'network':<24}{'time s':>9}{'up MB':>9}{'down MB':>9}{'photos MB':>11}{'overhead':>10}"
          f"{'requests':>10}{'bytes÷bw s':>12}{'time/limit':>12}")
    for name, r in rows:
        limit = (r["up"] + r["down"]) / bw
        print(f"{name:<24}{r['time']:>9.1f}{r['up'] / 1e6:>9.2f}{r['down'] / 1e6:>9.3f}{r['payload'] / 1e6:>11.2f}"
              f"{(r['up'] + r['down'] - r['payload']) / r['payload']:>9.1%} {r['requests']:>9}{limit:>12.1f}"
              + (f"{r['time'] / limit:>12.2f}" if "G" in name else f"{'—':>12}"))
    print("\nup/down: bytes on the wire through the proxy (HTTP requests and responses, headers included);"
          "\nbytes÷bw: (up + down) at 1.6 Mbit/s, the physical limit; the 3G row also pays 300 ms per request.")


if __name__ == "__main__":
    main()
