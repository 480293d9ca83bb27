"""How many inputs a volunteer needs to file a dossier, and how long it takes (issue 15).

    PORT=4108 .venv/bin/python bench/inputs_bench.py [--runs 1] [--json]

Needs the production build (``./tiepsuc test`` builds it for $PORT). Starts the app on a database
of its own with the demo accounts, signs the demo volunteer in on a 1024×768 tablet (Debian's
Chromium) and files, through the wizard as a volunteer would:

- 2.000635 (copy of a civil-status extract) for a first-time citizen who asks for their own
  birth extract, no fee exemption, result online, typed by hand;
- the same for a first-time citizen whose card is scanned: when the applicant's screen has a
  "Quét CCCD" button (role + label), the card's QR (a generated photo of it) fills the applicant;
  when it has none, that row says "scan not available";
- 2.000635 for a returning citizen who consented last time: set-up, not counted, a first filing of
  the same citizen (card scanned, the keep consent ticked) sent and accepted by staff on their
  screen, its receipt PIN known; counted, the second filing: the card scanned, the PIN typed (the
  kept data fills the phone and this procedure's choices), what changed (nothing here), the
  consents, submit;
- 1.001193 (birth registration) by the mother, the father known and married to her, a birth
  certificate photographed (since Nghị định 07/2025 the marriage certificate is not asked for).

The counting (tests/browser/inputs_support.py, which tests/browser/test_fewer_inputs.py asserts
with): each fill, selection, tick, upload, scan, and press that moves on (Continue, the final
submit). A field the wizard already answered (a default, a lone option, a count of 1, a value
copied from the applicant, a derived value, a value the scan filled) costs nothing; short steps
share a screen, so moving to a step already on the screen costs nothing either.
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

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.inputs_support import (KINDS, SCANNABLE, Volunteer, card_payload, card_qr_png,  # noqa: E402
                                          file_1_001193, file_2_000635, keep_first_filing)
from tests.browser.offline_support import make_photo  # noqa: E402
from tests.browser.staff_support import ui_login  # noqa: E402
from tests.support.accounts import DEMO_STAFF, DEMO_VOLUNTEER, bootstrap  # noqa: E402
from tests.support.servers import app_server, base_env, migrate  # noqa: E402

RETURNING = "2.000635, returning citizen (consented last time)"
TARGETS = {"2.000635": None, "2.000635 scan": 12, RETURNING: 8, "1.001193": 30}  # issue 15; typed by hand has none
RETURNING_ID = "001090054321"  # the returning citizen's card (no other row files this number)


def shown(target: int | None) -> str:
    return f"≤{target}" if target else "—"


def built_port() -> int:
    env_json = ROOT / ".web" / "env.json"
    if not (ROOT / ".web" / "build" / "client" / "index.html").exists():
        sys.exit("No production build: run ./tiepsuc test (it builds the frontend for $PORT)")
    return int(json.loads(env_json.read_text())["PING"].split(":")[2].split("/")[0])


def report(name: str, v: Volunteer, seconds: float) -> dict:
    scannable = sum(1 for _, what in v.log if what in SCANNABLE)
    return {"procedure": name, "inputs": v.total, **{k: v.kinds.get(k, 0) for k in KINDS}, "target": TARGETS[name],
            "seconds": round(seconds, 1), "scannable": scannable, "log": v.log}


def scan_row(page, base: str) -> dict:
    """2.000635 with the card scanned, or {"procedure", "unavailable"} when the wizard has no scan yet."""
    page.goto(base + "/nop-ho-so?ma=2.000635")
    page.locator('[data-step="applicant"]').wait_for()
    if not Volunteer(page).can_scan():
        return {"procedure": "2.000635 scan", "unavailable": True, "target": TARGETS["2.000635 scan"]}
    v = Volunteer(page)
    started = time.perf_counter()
    try:
        file_2_000635(v, base, card=card_qr_png(card_payload()))
    except AssertionError as exc:  # a scan that does not fill the applicant from the card's photo
        return {"procedure": "2.000635 scan", "unavailable": True, "target": TARGETS["2.000635 scan"],
                "why": f"the scan did not fill the applicant ({str(exc).splitlines()[0]})"}
    return report("2.000635 scan", v, time.perf_counter() - started)


def returning_row(page, base: str, pin: str) -> dict:
    """2.000635 for the citizen whose first filing (keep consent ticked) staff accepted."""
    v = Volunteer(page)
    started = time.perf_counter()
    file_2_000635(v, base, card=card_qr_png(card_payload(id_number=RETURNING_ID)), pin=pin, id_number=RETURNING_ID)
    return report(RETURNING, v, time.perf_counter() - started)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print the rows as JSON too")
    args = ap.parse_args()
    port = built_port()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = base_env(DATA_DIR=tmp, DATABASE_URL=f"sqlite:///{tmp}/bench.db", PORT=port, HOST="127.0.0.1",
                       LOG_LEVEL="WARNING")
        migrate(env)
        bootstrap(env, demo=True)
        server = app_server(env, Path(tmp) / "app.log").start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                ctx = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768})
                page = ctx.new_page()
                ui_login(page, server.url, *DEMO_VOLUNTEER, expect_path="/tnv")
                photo = make_photo(page, 1200, 1600)
                staff = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768}).new_page()
                ui_login(staff, server.url, *DEMO_STAFF, expect_path="/can-bo")
                pin = keep_first_filing(page, staff, server.url, card_qr_png(card_payload(id_number=RETURNING_ID)),
                                        RETURNING_ID)
                for _ in range(args.runs):
                    for name, run in (("2.000635", lambda v: file_2_000635(v, server.url)),
                                      ("1.001193", lambda v: file_1_001193(v, server.url, photo))):
                        v = Volunteer(page)
                        started = time.perf_counter()
                        run(v)
                        rows.append(report(name, v, time.perf_counter() - started))
                    rows.append(scan_row(page, server.url))
                    rows.append(returning_row(page, server.url, pin))
                browser.close()
        finally:
            server.stop()
    print("Debian chromium, 1024×768, demo volunteer; seconds = first screen to queued")
    width = max(len(r["procedure"]) for r in rows)
    print(f"{'procedure':<{width}} {'inputs':>6} {'target':>6}  fill select tick upload scan press  seconds")
    for r in rows:
        if r.get("unavailable"):
            why = r.get("why", "scan not available (no “Quét CCCD” button yet)")
            print(f"{r['procedure']:<{width}} {'—':>6} {shown(r['target']):>6}  {why}")
            continue
        print(f"{r['procedure']:<{width}} {r['inputs']:>6} {shown(r['target']):>6}  {r['fill']:>4} {r['select']:>6} "
              f"{r['tick']:>4} {r['upload']:>6} {r['scan']:>4} {r['press']:>5}  {r['seconds']:>7}")
    first = next(r for r in rows if r["procedure"] == "2.000635")
    print(f"(2.000635 typed by hand: {first['scannable']} of its inputs are what a card scan fills, so a scan would "
          f"make it {first['inputs'] - first['scannable'] + 1})")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
