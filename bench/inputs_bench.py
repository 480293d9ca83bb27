"""How many inputs a volunteer needs to file a dossier, and how long it takes (issue 15).

    PORT=4108 .venv/bin/python bench/inputs_bench.py [--runs 1]

Needs the production build (``./tiepsuc test`` builds it for $PORT). Starts the app on a database
of its own with the demo accounts, signs the demo volunteer in on a 1024×768 tablet (Debian's
Chromium) and files, through the wizard as a volunteer would:

- 2.000635 (copy of a civil-status extract) for a first-time citizen who asks for their own
  birth extract, no fee exemption, result online;
- 1.001193 (birth registration) by the mother, the father known and married to her, a birth
  certificate photographed (since Nghị định 07/2025 the marriage certificate is not asked for).

Every input is counted by kind: each fill, selection, tick, upload, scan, and press that moves on
(Continue, the final submit). A field the wizard already answered (a default, a lone option, a
count of 1, a value copied from the applicant, a derived value) is left as it is and costs
nothing; a field that needs another value is counted. The ID-card scan is not built here (the
scan is another part of the issue), so the first-time figure is without it: the rows that a scan
would fill are printed too, so the reader can see what a scan would save.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.offline_support import HANOI, HANOI_COMMUNE, make_photo  # noqa: E402
from tests.browser.staff_support import ui_login  # noqa: E402
from tests.support.accounts import DEMO_VOLUNTEER, bootstrap  # noqa: E402
from tests.support.servers import app_server, base_env, migrate  # noqa: E402

TARGETS = {"2.000635": 12, "1.001193": 30}
# What the chip ID card's QR code would fill on the applicant's screen (issue 15, "Quét CCCD").
SCANNABLE = ("applicant_name", "applicant_dob", "applicant_sex", "applicant_id", "applicant_address.province",
             "applicant_address.commune", "applicant_address.street")
SUBMIT = "Xác nhận và đưa vào hàng chờ gửi"


def built_port() -> int:
    env_json = ROOT / ".web" / "env.json"
    if not (ROOT / ".web" / "build" / "client" / "index.html").exists():
        sys.exit("No production build: run ./tiepsuc test (it builds the frontend for $PORT)")
    return int(json.loads(env_json.read_text())["PING"].split(":")[2].split("/")[0])


class Volunteer:
    """Drives the wizard and counts each input by kind; answers already given cost nothing."""

    def __init__(self, page):
        self.page = page
        self.kinds: Counter = Counter()
        self.log: list[tuple[str, str]] = []

    def _count(self, kind: str, what: str) -> None:
        self.kinds[kind] += 1
        self.log.append((kind, what))

    def _control(self, path: str):
        return self.page.locator(f"#f-{path.replace('.', '-')}")

    def text(self, path: str, value: str) -> None:
        box = self._control(path)
        if box.input_value() != value:
            box.fill(value)
            self._count("fill", path)

    def select(self, path: str, value: str) -> None:
        box = self._control(path)
        if box.input_value() != value:
            box.select_option(value)
            self._count("select", path)

    def radio(self, path: str, value: str) -> None:
        box = self.page.locator(f'[data-field="{path}"] input[type=radio][value="{value}"]')
        if not box.is_checked():
            box.check()
            self._count("tick", path)

    def yes_no(self, path: str, value: bool) -> None:
        box = self._control(f"{path}-{0 if value else 1}")
        if not box.is_checked():
            box.check()
            self._count("tick", path)

    def tick(self, path: str) -> None:
        box = self._control(path)
        if not box.is_checked():
            box.check()
            self._count("tick", path)

    def address(self, path: str, province: str, commune: str, street: str) -> None:
        self.select(f"{path}.province", province)
        self.select(f"{path}.commune", commune)
        self.text(f"{path}.street", street)

    def upload(self, path: str, name: str, data: bytes) -> None:
        self._control(f"{path}-camera").set_input_files(files=[{"name": name, "mimeType": "image/jpeg", "buffer": data}])
        self._count("upload", path)
        expect(self.page.locator(f'[data-field="{path}"] .ts-files li')).to_have_count(1, timeout=30_000)

    def next(self, expect_step: str | None = None) -> None:
        self.page.get_by_role("button", name="Tiếp tục", exact=True).click()
        self._count("press", "Tiếp tục")
        if expect_step:
            expect(self.page.locator(f'[data-step="{expect_step}"]')).to_be_visible()

    def submit(self) -> None:
        self.page.get_by_role("button", name=SUBMIT).click()
        self._count("press", SUBMIT)
        expect(self.page.get_by_test_id("queued")).to_be_visible()


def applicant(v: Volunteer, relation: str, sex: str = "nam", name: str = "Nguyễn Văn An", dob: str = "15/06/1990",
              id_number: str = "001090012345") -> None:
    v.text("applicant_name", name)
    v.text("applicant_dob", dob)
    v.radio("applicant_sex", sex)
    v.text("applicant_id", id_number)
    v.address("applicant_address", HANOI, HANOI_COMMUNE, "Số 12 ngõ 34 phố Hàng Bông")
    v.text("applicant_phone", "0912345678")
    v.select("applicant_relation", relation)


def consent_and_submit(v: Volunteer) -> None:
    v.tick("consent_data")
    v.tick("declaration")
    v.next("__check")
    v.submit()


def file_2_000635(v: Volunteer, base: str) -> None:
    """A first-time citizen asks for a copy of their own birth extract, no exemption, online."""
    v.page.goto(base + "/nop-ho-so?ma=2.000635")
    applicant(v, "self")
    v.next("record")
    v.select("record_type", "birth")
    v.text("registered_at", "UBND phường Hàng Trống")
    v.next("copies_fee")
    v.next("result")
    v.radio("delivery", "online")
    v.next("__fee")
    v.next("consent")
    consent_and_submit(v)


def file_1_001193(v: Volunteer, base: str, photo: bytes) -> None:
    """The mother registers her child's birth; the father is known, lives with her and is married to her."""
    v.page.goto(base + "/nop-ho-so?ma=1.001193")
    applicant(v, "mother", sex="nu", name="Trần Thị Bình", dob="20/03/1995", id_number="001195012345")
    v.next("child")
    v.text("child_name", "Lê Minh Khang")
    v.text("child_dob", time.strftime("%d/%m/%Y", time.localtime(time.time() - 10 * 86400)))
    v.radio("child_sex", "nam")
    v.text("child_ethnicity", "Kinh")
    v.text("child_nationality", "Việt Nam")
    v.text("child_birthplace", "Bệnh viện Phụ sản Hà Nội")
    v.text("child_hometown", "Hà Nội")
    v.next("mother")
    v.yes_no("mother_known", True)
    v.text("mother_ethnicity", "Kinh")
    v.text("mother_nationality", "Việt Nam")
    v.next("father")
    v.yes_no("father_known", True)
    v.text("father_name", "Lê Văn Cường")
    v.text("father_dob", "10/10/1993")
    v.radio("father_sex", "nam")
    v.text("father_id", "001093012345")
    v.text("father_ethnicity", "Kinh")
    v.text("father_nationality", "Việt Nam")
    v.yes_no("father_same_address", True)  # lives with the mother: his address is not asked
    v.next("documents")
    v.radio("birth_proof", "birth_certificate")
    v.yes_no("parents_married", True)
    v.upload("upload_birth_certificate", "giay-chung-sinh.jpg", photo)
    v.next("result")
    v.radio("delivery", "online")
    v.next("__fee")
    v.next("consent")
    consent_and_submit(v)


def report(code: str, v: Volunteer, seconds: float) -> dict:
    total = sum(v.kinds.values())
    scannable = sum(1 for _, what in v.log if what in SCANNABLE)
    return {"procedure": code, "inputs": total, **{k: v.kinds.get(k, 0) for k in ("fill", "select", "tick", "upload",
            "scan", "press")}, "target": TARGETS[code], "seconds": round(seconds, 1), "scannable": scannable,
            "log": v.log}


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
                for _ in range(args.runs):
                    for code, run in (("2.000635", lambda v: file_2_000635(v, server.url)),
                                      ("1.001193", lambda v: file_1_001193(v, server.url, photo))):
                        v = Volunteer(page)
                        started = time.perf_counter()
                        run(v)
                        rows.append(report(code, v, time.perf_counter() - started))
                browser.close()
        finally:
            server.stop()
    print(f"{'procedure':<10} {'inputs':>6} {'target':>6}  fill select tick upload scan press  seconds  (scan would fill)")
    for r in rows:
        print(f"{r['procedure']:<10} {r['inputs']:>6} {'≤' + str(r['target']):>6}  {r['fill']:>4} {r['select']:>6} "
              f"{r['tick']:>4} {r['upload']:>6} {r['scan']:>4} {r['press']:>5}  {r['seconds']:>7}  ({r['scannable']})")
    first = next(r for r in rows if r["procedure"] == "2.000635")
    print(f"2.000635 with a card scan (not built here): {first['inputs'] - first['scannable'] + 1} inputs "
          f"(the {first['scannable']} scannable inputs replaced by one scan)")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
