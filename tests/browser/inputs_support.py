"""Counting a volunteer's inputs in the wizard (issue 15): shared by bench/inputs_bench.py and
tests/browser/test_fewer_inputs.py, so the test asserts the very count the bench prints.

Every input is counted by kind: each fill, selection, tick, upload, scan, and press that moves on
(Continue, the final submit). A field the wizard already answered (a default, a lone option, a
count of 1, a value copied from the applicant, a derived value, a value the card scan filled) is
left as it is and costs nothing; a field that needs another value is counted. Short steps may share
a screen: `reach(step)` presses Continue only when the step is not on the screen already.
"""
from __future__ import annotations

import re
import time
from collections import Counter

from playwright.sync_api import Page, expect

from tests.browser.offline_support import _UNITS, HANOI, HANOI_COMMUNE, draft_id, tablet_pin, wait_saved
from tests.browser.staff_support import ui_login

SUBMIT = "Xác nhận và đưa vào hàng chờ gửi"
SCAN = "Quét CCCD"
PIN = "Mã PIN trên giấy tiếp nhận trước"  # the returning citizen's PIN (wizard/returning-offer.jsx)
KEEP = "Đồng ý lưu dữ liệu cho lần nộp sau (không bắt buộc)"
# What the chip ID card's QR code fills on the applicant's screen (issue 15, "Quét CCCD").
SCANNABLE = ("applicant_name", "applicant_dob", "applicant_sex", "applicant_id", "applicant_address.province",
             "applicant_address.commune", "applicant_address.street")
STREET = "Số 12 ngõ 34 phố Hàng Bông"
KINDS = ("fill", "select", "tick", "upload", "scan", "press")


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    """Set-up, not counted: a volunteer signs in on this tablet and sets the tablet PIN
    (tablet_pin), once for the tab: the tab keeps the unlocked key across page loads."""
    ui_login(page, base, username, password, expect_path="/tnv")
    page.goto(base + "/ho-so")
    tablet_pin(page)


class Volunteer:
    """Drives the wizard and counts each input by kind; answers already given cost nothing."""

    def __init__(self, page: Page):
        self.page = page
        self.kinds: Counter = Counter()
        self.log: list[tuple[str, str]] = []

    @property
    def total(self) -> int:
        return sum(self.kinds.values())

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

    def screen_steps(self) -> list[str]:
        return (self.page.locator(".ts-wizard").get_attribute("data-steps") or "").split()

    def open(self, url: str) -> None:
        """A full page load of an offline screen: the PIN, if the tablet asks for it again, is an input."""
        self.page.goto(url)
        asked = tablet_pin(self.page)
        if asked in ("setup", "locked"):
            self._count("pin", asked)

    def reach(self, step: str) -> None:
        """Go on to the screen that asks `step`: one press of Continue, none when it is on this screen."""
        if step in self.screen_steps():
            return
        self.page.get_by_role("button", name="Tiếp tục", exact=True).click()
        self._count("press", "Tiếp tục")
        expect(self.page.locator(f'.ts-wizard[data-steps~="{step}"]')).to_be_visible()

    def submit(self) -> None:
        self.page.get_by_role("button", name=SUBMIT).click()
        self._count("press", SUBMIT)
        expect(self.page.get_by_test_id("queued")).to_be_visible()

    def can_scan(self) -> bool:
        """The applicant's "Quét CCCD …" button (role + label), once the scan is in the wizard."""
        return self.page.get_by_role("button", name=SCAN).count() > 0

    def scan(self, card_photo: bytes) -> None:
        """The card scan from a photo of the card (the camera's fallback): one scan input."""
        self.page.get_by_role("button", name=SCAN).first.click()
        self._count("scan", "applicant")
        # The scanner's photo path (the camera's fallback): part of the one scan.
        self.page.get_by_label(re.compile("^Ảnh chụp thẻ")).set_input_files(
            files=[{"name": "cccd.png", "mimeType": "image/png", "buffer": card_photo}])
        expect(self.page.get_by_test_id("scan-filled")).to_be_visible(timeout=30_000)
        expect(self._control("applicant_id")).not_to_have_value("")

    def kept_data(self, pin: str) -> None:
        """A returning citizen's PIN (one fill; its sixth digit asks the server): the kept data fills the form."""
        self.page.get_by_label(PIN).fill(pin)
        self._count("fill", "returning_pin")
        expect(self.page.get_by_test_id("returning-message")).to_contain_text("Đã điền sẵn", timeout=30_000)


def applicant(v: Volunteer, relation: str, sex: str = "nam", name: str = "Nguyễn Văn An", dob: str = "15/06/1990",
              id_number: str = "001090012345", card: bytes | None = None) -> None:
    if card is not None:
        v.scan(card)
    v.text("applicant_name", name)
    v.text("applicant_dob", dob)
    v.radio("applicant_sex", sex)
    v.text("applicant_id", id_number)
    v.address("applicant_address", HANOI, HANOI_COMMUNE, STREET)
    v.text("applicant_phone", "0912345678")
    v.select("applicant_relation", relation)


def consent_and_submit(v: Volunteer, keep: bool = False) -> None:
    v.reach("consent")
    v.tick("consent_data")
    v.tick("declaration")
    if keep:  # the separate keep consent, never ticked in advance
        box = v.page.get_by_label(KEEP)
        expect(box).not_to_be_checked()
        box.check()
        v._count("tick", "keep_data")
        wait_saved(v.page, draft_id(v.page), "d.keep_data === true")
    v.reach("__check")
    v.submit()


def file_2_000635(v: Volunteer, base: str, card: bytes | None = None, pin: str | None = None,
                  keep: bool = False, id_number: str = "001090012345") -> None:
    """A citizen asks for a copy of their own birth extract, no exemption, online: typed, or the card
    scanned; `pin`: a returning citizen's receipt PIN, given once the scan filled the ID number;
    `keep`: the citizen ticks the keep consent."""
    v.open(base + "/nop-ho-so?ma=2.000635")
    if pin is not None:
        assert card is not None, "a returning citizen's card is scanned"
        v.scan(card)
        v.kept_data(pin)
    applicant(v, "self", id_number=id_number, card=None if pin is not None else card)
    v.reach("record")
    v.select("record_type", "birth")
    v.text("registered_at", "UBND phường Hàng Trống")
    v.reach("copies_fee")
    v.reach("result")
    v.radio("delivery", "online")
    v.reach("__fee")
    consent_and_submit(v, keep=keep)


def keep_first_filing(page: Page, staff: Page, base: str, card: bytes, id_number: str) -> str:
    """Set-up of a returning citizen (not counted): a first 2.000635 filing with the card scanned and
    the keep consent ticked, sent, then accepted by staff on their screen. → the receipt's PIN."""
    file_2_000635(Volunteer(page), base, card=card, keep=True, id_number=id_number)
    code = page.get_by_test_id("receipt-code")
    expect(code).to_have_text(re.compile(r"^TS-\d{6}-\d{4}$"), timeout=60_000)
    number, pin = code.inner_text(), page.get_by_test_id("receipt-pin").inner_text()
    staff.goto(f"{base}/can-bo/ho-so?ma={number}")
    expect(staff.get_by_test_id("consent-keep")).to_have_text("Có / Yes", timeout=60_000)
    staff.get_by_test_id("accept").click()
    staff.wait_for_url(re.compile(r"/giay-tiep-nhan\?ma=" + number), timeout=60_000)
    return pin


def file_1_001193(v: Volunteer, base: str, photo: bytes) -> None:
    """The mother registers her child's birth; the father is known, lives with her and is married to her."""
    v.open(base + "/nop-ho-so?ma=1.001193")
    applicant(v, "mother", sex="nu", name="Trần Thị Bình", dob="20/03/1995", id_number="001195012345")
    v.reach("child")
    v.text("child_name", "Lê Minh Khang")
    v.text("child_dob", time.strftime("%d/%m/%Y", time.localtime(time.time() - 10 * 86400)))
    v.radio("child_sex", "nam")
    v.text("child_ethnicity", "Kinh")
    v.text("child_nationality", "Việt Nam")
    v.text("child_birthplace", "Bệnh viện Phụ sản Hà Nội")
    v.text("child_hometown", "Hà Nội")
    v.reach("mother")
    v.yes_no("mother_known", True)
    v.text("mother_ethnicity", "Kinh")
    v.text("mother_nationality", "Việt Nam")
    v.reach("father")
    v.yes_no("father_known", True)
    v.text("father_name", "Lê Văn Cường")
    v.text("father_dob", "10/10/1993")
    v.radio("father_sex", "nam")
    v.text("father_id", "001093012345")
    v.text("father_ethnicity", "Kinh")
    v.text("father_nationality", "Việt Nam")
    v.yes_no("father_same_address", True)  # lives with the mother: his address is not asked
    v.reach("documents")
    v.radio("birth_proof", "birth_certificate")
    v.yes_no("parents_married", True)
    v.upload("upload_birth_certificate", "giay-chung-sinh.jpg", photo)
    v.reach("result")
    v.radio("delivery", "online")
    v.reach("__fee")
    consent_and_submit(v)


def card_payload(id_number: str = "001090012345", name: str = "Nguyễn Văn An", dob: str = "15061990", sex: str = "Nam",
                 issued: str = "01072025") -> str:
    """The chip ID card's QR text (ID|old ID|name|date of birth|sex|address|issue date), its address
    in the 2025 units the typed applicant lives in (street, commune, province)."""
    commune = next(c[2] for c in _UNITS["communes"] if c[0] == HANOI_COMMUNE)
    province = next(p[1] for p in _UNITS["provinces"] if p[0] == HANOI)
    return "|".join((id_number, "", name, dob, sex, f"{STREET}, {commune}, {province}", issued))


def card_qr_png(payload: str) -> bytes:
    """A photo-sized PNG of the card's QR code (segno; a quiet zone as printed on the card)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(payload, encoding="utf-8", error="m", micro=False).save(out, kind="png", scale=8, border=4)
    return out.getvalue()
