"""Issue 15 in Chromium against the production build: what a new user found confusing, each fix
asserted on the page, and "never ask twice" in the wizard: short steps share a screen, the step
counter holds while a screen is filled, the fee total is shown beside the count it follows, and
birth registration takes at most 30 inputs (counted as bench/inputs_bench.py counts them).

A volunteer signs in on a 1024×768 tablet and files 2.000635 for a citizen who asks for their own
extract: the subject is not asked again, the count starts at 1, the lone payment way is chosen,
the consent boxes stay unticked; the queued screen names the citizen and the procedure, offers the
next citizen and takes the focus; the PIN is on /ho-so and /tnv until "Đã giao giấy tiếp nhận",
after which the device deletes it.
"""
from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SW_READY
from tests.browser.inputs_support import (Volunteer, card_payload, card_qr_png, file_1_001193, file_2_000635,
                                          keep_first_filing, sign_in)
from tests.browser.offline_support import (
    HANOI, HANOI_COMMUNE, draft_id, fill, make_photo, next_screen, read_draft, tablet_pin,
)
from tests.browser.staff_support import TIMEOUT, env, ui_login
from tests.browser.sync_support import PROCEDURE as PROC_635
from tests.browser.sync_support import ensure_db, new_draft, seed, wait_status
from tests.support.accounts import DEMO_STAFF, DEMO_VOLUNTEER

pytestmark = pytest.mark.browser
ADDRESS = (HANOI, HANOI_COMMUNE, "Số 12 ngõ 34 phố Hàng Bông")
SUBMIT = "Xác nhận và đưa vào hàng chờ gửi"
HANDED = "Đã giao giấy tiếp nhận"
GENERIC_REQUIRED = "Mục này bắt buộc. Hãy nhập hoặc chọn câu trả lời."
LINK_STYLE = "(el) => { const s = getComputedStyle(el); return [s.textDecorationLine, s.borderTopWidth]; }"


@pytest.fixture(scope="module")
def accounts(app, app_env):
    return env(app, app_env)


@pytest.fixture
def tablet(browser, accounts):
    ctx = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768}, service_workers="allow")
    page = ctx.new_page()
    sign_in(page, accounts.url, *DEMO_VOLUNTEER)  # and the tablet PIN, once for this tab (set-up)
    yield page
    ctx.close()


def test_a_volunteer_files_without_being_asked_twice_and_hands_the_receipt_over(tablet, accounts):
    page, url = tablet, accounts.url
    page.goto(url + "/nop-ho-so?ma=2.000635")
    assert tablet_pin(page) == "open"  # set at sign-in; this tab keeps the key across page loads
    draft = draft_id(page)
    # Three screens: the applicant; the record (the subject's questions make it a screen of its
    # own); the copies, result, fee and consent, short steps sharing one screen.
    expect(page.get_by_test_id("progress")).to_have_text("Bước 1/3")

    # Seven empty required fields: one summary line, each field linked by its name, and the
    # inline messages name their field instead of repeating one generic sentence.
    next_screen(page)
    summary = page.locator(".ts-error-summary")
    expect(summary).to_be_focused()
    expect(page.get_by_test_id("missing-count")).to_have_text("Còn 7 mục bắt buộc chưa điền:")
    expect(summary.get_by_role("link")).to_have_count(7)
    expect(summary.get_by_role("link", name="Họ, chữ đệm và tên", exact=True)).to_be_visible()
    expect(page.get_by_text(GENERIC_REQUIRED)).to_have_count(0)
    expect(page.locator('[data-field="applicant_phone"] .ts-error-message')).to_contain_text(
        "Hãy nhập hoặc chọn “Số điện thoại”.")

    # The step counter holds while the step is filled, even when an answer adds a step later on.
    fill(page, {"applicant_name": "Nguyễn Văn An", "applicant_dob": "15/06/1990", "applicant_sex": "nam",
                "applicant_id": "001090012345", "applicant_address": ADDRESS, "applicant_phone": "0912345678",
                "applicant_relation": "authorised"})
    expect(page.get_by_test_id("progress")).to_have_text("Bước 1/3")
    # For oneself the record asks two questions only and joins the short steps after it: two
    # screens from now on, but the counter of the screen being filled does not move.
    fill(page, {"applicant_relation": "self"})
    expect(page.get_by_test_id("progress")).to_have_text("Bước 1/3")
    next_screen(page, "record")
    expect(page.get_by_test_id("progress")).to_have_text("Bước 2/2")
    expect(page.locator(".ts-wizard")).to_have_attribute("data-steps", "record copies_fee result __fee consent")

    # The subject is the applicant ("Bản thân"): shown, not asked again.
    expect(page.get_by_test_id("linked-subject_name")).to_have_text("Nguyễn Văn An")
    expect(page.get_by_test_id("linked-subject_dob")).to_have_text("15/06/1990")
    expect(page.locator("#f-subject_name")).to_have_count(0)
    expect(page.locator("#f-subject_id")).to_have_count(0)
    # One parenthetical only: "(nếu biết)" already says the answer is optional.
    expect(page.locator('label[for="f-registration_date"]')).to_have_text("Ngày đăng ký (nếu biết)")
    expect(page.locator('label[for="f-purpose_detail"]')).to_have_text("Mục đích sử dụng (không bắt buộc)")
    fill(page, {"record_type": "birth", "registered_at": "UBND phường Hàng Trống"})
    next_screen(page, "copies_fee")

    # Counts start at 1; no exemption is the starting answer.
    expect(page.locator("#f-copies")).to_have_value("1")
    expect(page.locator("#f-fee_exemption")).to_have_value("none")
    next_screen(page, "result")
    fill(page, {"delivery": "online"})
    next_screen(page, "__fee")
    # The one way to pay is chosen for the person.
    expect(page.get_by_label("Thanh toán trực tuyến")).to_be_checked()
    next_screen(page, "consent")
    # Consent stays an explicit tick: never ticked for the person.
    expect(page.locator("#f-consent_data")).not_to_be_checked()
    expect(page.locator("#f-declaration")).not_to_be_checked()
    fill(page, {"consent_data": True, "declaration": True})
    next_screen(page, "__check")
    check = page.locator('[data-answer="subject_name"]')
    expect(check).to_contain_text("Nguyễn Văn An")
    expect(check.get_by_role("button")).to_be_hidden()  # changed where it is asked: the applicant
    # "Sửa" of an answer on the shared screen opens that screen at the answer; Continue comes back.
    page.get_by_role("button", name="Sửa Số bản sao trích lục yêu cầu").click()
    expect(page.locator("#f-copies")).to_be_focused()
    expect(page.locator(".ts-wizard")).to_have_attribute("data-step", "record")
    expect(page.get_by_test_id("progress")).to_have_text("Bước 2/2")
    next_screen(page, "__check")
    page.get_by_role("button", name=SUBMIT).click()

    # The queued screen: its heading has the focus; it names the citizen and the procedure and
    # offers the next citizen; its links look like links, its buttons like buttons.
    queued = page.get_by_test_id("queued")
    expect(queued.get_by_role("heading", level=1)).to_be_focused()
    expect(page.get_by_test_id("queued-citizen")).to_have_text(re.compile("Nguyễn Văn An|N. V. An"))
    expect(page.get_by_test_id("queued-procedure")).to_have_text(f"{PROC_635['name']['vi']} · 2.000635")
    next_citizen = page.get_by_role("link", name="Tiếp nhận công dân tiếp theo")
    expect(next_citizen).to_have_attribute("href", "/nop-ho-so?ma=2.000635")
    other = page.get_by_role("link", name="Chọn thủ tục khác")
    decoration, border = other.evaluate(LINK_STYLE)
    assert "underline" in decoration and border == "0px"
    decoration, border = page.get_by_role("link", name="Xem hồ sơ trên máy này").evaluate(LINK_STYLE)
    assert "underline" in decoration

    # Sent: the PIN is on the panel, on /ho-so and on /tnv until the receipt is handed over.
    expect(page.get_by_test_id("receipt-code")).to_have_text(re.compile(r"^TS-\d{6}-\d{4}$"), timeout=TIMEOUT)
    code = page.get_by_test_id("receipt-code").inner_text()
    pin = page.get_by_test_id("receipt-pin").inner_text()
    assert re.fullmatch(r"\d{6}", pin)
    page.goto(url + "/ho-so")
    tablet_pin(page)
    card = page.locator(f'[data-draft="{draft}"]')
    expect(card.get_by_test_id("receipt-pin")).to_have_text(pin)
    expect(card.get_by_test_id("citizen-masked")).to_have_text("N. V. An")
    hand_over = card.get_by_role("button", name=re.compile("^" + HANDED))
    decoration, border = hand_over.evaluate(LINK_STYLE)
    assert "underline" not in decoration and border != "0px"
    page.goto(url + "/tnv")
    row = page.locator(f".dossier-row[data-code='{code}']")
    expect(row.get_by_test_id("receipt-pin")).to_have_text(pin, timeout=TIMEOUT)
    row.get_by_role("button", name=re.compile("^" + HANDED)).click()
    expect(row.get_by_test_id("receipt-pin")).to_have_count(0, timeout=TIMEOUT)

    # The device learns it when it next asks (start-up polls every sent dossier) and deletes the PIN.
    page.goto(url + "/ho-so")
    tablet_pin(page)
    expect(card.get_by_test_id("receipt-code")).to_have_text(code)
    expect(card.get_by_test_id("receipt-pin")).to_have_count(0, timeout=TIMEOUT)
    expect(card.get_by_role("button", name=re.compile("^" + HANDED))).to_have_count(0)
    stub = read_draft(page, draft)
    assert stub["pin"] is None and stub["receipt_handed"] is True and pin not in str(stub)


def test_the_device_marks_the_receipt_handed_over_and_forgets_the_pin(browser, accounts):
    ctx = browser.new_context(locale="vi-VN", viewport={"width": 768, "height": 1024}, service_workers="block")
    try:
        page = ctx.new_page()
        page.goto(accounts.url + "/ho-so")
        ensure_db(page)
        draft = new_draft()
        seed(page, draft, [{"kind": "jpeg", "seed": 15}])
        page.reload()
        wait_status(page, [draft["id"]], ("sent",))
        card = page.locator(f'[data-draft="{draft["id"]}"]')
        expect(card.get_by_test_id("receipt-pin")).to_have_text(re.compile(r"^\d{6}$"), timeout=TIMEOUT)
        pin = card.get_by_test_id("receipt-pin").inner_text()
        card.get_by_role("button", name=re.compile("^" + HANDED)).click()
        expect(card.get_by_test_id("receipt-pin")).to_have_count(0, timeout=TIMEOUT)
        stub = read_draft(page, draft["id"])
        assert stub["pin"] is None and pin not in str(stub)
        # The server says so to the device too, and shows the PIN to nobody any more.
        res = httpx.get(f"{accounts.url}/api/v1/dossiers/{draft['id']}", headers={"X-Dossier-Token": draft["device_token"]})
        assert res.json()["pin"] is None and res.json()["receipt_handed_over"] is True
    finally:
        ctx.close()


def test_drafts_page_stops_saying_offline_once_the_connection_returns(tablet, accounts):
    page = tablet
    page.goto(accounts.url + "/ho-so")
    tablet_pin(page)
    page.wait_for_function(SW_READY)
    expect(page.get_by_test_id("identity-unconfirmed")).to_have_count(0)
    page.context.set_offline(True)
    page.reload()
    tablet_pin(page)  # offline: the PIN alone unlocks
    expect(page.get_by_test_id("identity-unconfirmed")).to_be_visible()
    page.context.set_offline(False)
    expect(page.get_by_test_id("identity-unconfirmed")).to_have_count(0, timeout=TIMEOUT)
    expect(page.get_by_test_id("identity")).to_have_attribute("data-mode", "volunteer")


JUMP = """async ([id, step, answers]) => {
    const db = await new Promise((ok) => { const r = indexedDB.open('tiepsuc'); r.onsuccess = () => ok(r.result); });
    for (;;) {
      const d = await new Promise((ok) => { const q = db.transaction('drafts').objectStore('drafts').get(id); q.onsuccess = () => ok(q.result); });
      if (d) { const tx = db.transaction('drafts', 'readwrite');
        // step is a clear field of a sealed record (docs/device-encryption.md): answers only when given
        const more = Object.keys(answers).length ? { answers: { ...d.answers, ...answers } } : {};
        tx.objectStore('drafts').put({ ...d, step, ...more, rev: d.rev + 1 });
        await new Promise((ok) => { tx.oncomplete = ok; }); break; }
      await new Promise((r) => setTimeout(r, 50));
    }
    db.close(); }"""


def open_at(page, url: str, code: str, relation: str, step: str) -> None:
    """A new draft of `code` whose applicant has `relation`, reopened on `step`."""
    page.goto(url + f"/nop-ho-so?ma={code}")
    tablet_pin(page)
    draft = draft_id(page)
    fill(page, {"applicant_relation": relation})
    page.evaluate(JUMP, [draft, step, {}])
    page.reload()
    tablet_pin(page)
    expect(page.locator(f'[data-step="{step}"]')).to_be_visible()


def test_a_required_document_never_says_it_is_not_needed(tablet, accounts):
    page = tablet
    # An authorised applicant must bring the letter of authorisation: its "not needed if…" note
    # would contradict "Bắt buộc", so it is not shown then.
    open_at(page, accounts.url, "2.000635", "authorised", "documents")
    slot = page.locator('[data-field="upload_authorisation"]')
    expect(slot).to_contain_text("Bắt buộc")
    expect(slot).not_to_contain_text("Không cần")
    expect(slot.get_by_test_id("doc-note")).to_have_count(0)


def test_the_mother_who_registers_is_not_asked_again_as_the_mother(tablet, accounts):
    page = tablet
    open_at(page, accounts.url, "1.001193", "mother", "mother")
    expect(page.locator('[data-linked="copied"][data-field="mother_name"]')).to_be_visible()
    expect(page.locator("#f-mother_name")).to_have_count(0)
    expect(page.locator("#f-mother_known-0")).to_be_checked()  # known: the starting answer
    expect(page.locator("#f-mother_nationality")).to_have_value("Việt Nam")


def test_short_steps_share_a_screen_under_their_own_titles(tablet, accounts):
    page = tablet
    open_at(page, accounts.url, "1.001193", "mother", "mother")
    # The mother's step asks one question (the rest is the applicant's or starts answered), the
    # father's four: one screen, each step under its catalog title, the labels the catalog's.
    wizard = page.locator(".ts-wizard")
    expect(wizard).to_have_attribute("data-steps", "mother father")
    expect(page.locator(".ts-wizard h1")).to_have_text("Thông tin người mẹ")
    expect(page.get_by_role("heading", level=2, name="Thông tin người cha")).to_be_visible()
    expect(page.get_by_label("Dân tộc của mẹ")).to_be_visible()
    expect(page.get_by_label("Họ, chữ đệm và tên của cha")).to_be_visible()
    expect(page.get_by_role("button", name="Tiếp tục", exact=True)).to_have_count(1)
    expect(page.get_by_test_id("progress")).to_have_text("Bước 3/4")

    # Errors on the shared screen: one summary, each empty field named once, inline once.
    next_screen(page)
    summary = page.locator(".ts-error-summary")
    expect(summary).to_be_focused()
    expect(page.get_by_test_id("missing-count")).to_have_text("Còn 5 mục bắt buộc chưa điền:")
    labels = ["Dân tộc của mẹ", "Họ, chữ đệm và tên của cha", "Ngày, tháng, năm sinh của cha",
              "Số định danh cá nhân của cha", "Dân tộc của cha"]
    expect(summary.get_by_role("link")).to_have_count(len(labels))
    for label in labels:
        expect(summary.get_by_role("link", name=label, exact=True)).to_have_count(1)
        expect(page.locator(".ts-error-message", has_text=f"Hãy nhập hoặc chọn “{label}”.")).to_have_count(1)
    summary.get_by_role("link", name="Dân tộc của cha", exact=True).click()
    expect(page.locator("#f-father_ethnicity")).to_be_focused()
    expect(wizard).to_have_attribute("data-step", "mother")

    # The counter holds while an answer on this screen hides the father's fields.
    fill(page, {"father_known": False})
    expect(page.locator("#f-father_name")).to_have_count(0)
    expect(page.get_by_test_id("progress")).to_have_text("Bước 3/4")
    expect(wizard).to_have_attribute("data-steps", "mother father")


def test_the_fee_total_follows_the_count_on_the_same_screen_and_an_exemption_adds_its_proof_in_place(tablet, accounts):
    page = tablet
    open_at(page, accounts.url, "2.000635", "self", "record")
    wizard = page.locator(".ts-wizard")
    expect(wizard).to_have_attribute("data-steps", "record copies_fee result __fee consent")
    expect(page.get_by_test_id("progress")).to_have_text("Bước 2/2")
    # The total is shown, never asked, and follows the count typed on the same screen.
    expect(page.get_by_test_id("fee-total")).to_have_text("8.000 đ")
    fill(page, {"copies": "3"})
    expect(page.get_by_test_id("fee-total")).to_have_text("24.000 đ")
    expect(page.locator("#f-fee_total")).to_have_count(0)
    # An exemption shows the documents step: its proof appears here, the counter holds.
    fill(page, {"fee_exemption": "poor"})
    expect(page.locator('[data-part="documents"] [data-field="upload_exemption_proof"]')).to_be_visible()
    expect(wizard).to_have_attribute("data-steps", "record copies_fee documents result __fee consent")
    expect(page.get_by_test_id("progress")).to_have_text("Bước 2/2")
    expect(wizard).to_have_attribute("data-step", "record")


def test_birth_registration_takes_at_most_30_inputs(tablet, accounts):
    page = tablet
    v = Volunteer(page)
    file_1_001193(v, accounts.url, make_photo(page, 1200, 1600))
    presses = [what for kind, what in v.log if kind == "press"]
    assert v.total <= 30, v.log
    # Five presses: applicant, child, mother and father, documents to consent, submit.
    assert len(presses) == 5, presses


def test_a_first_time_citizen_whose_card_is_scanned_files_2_000635_in_at_most_12_inputs(tablet, accounts):
    page = tablet
    v = Volunteer(page)
    file_2_000635(v, accounts.url, card=card_qr_png(card_payload()))
    # The scan fills name, birth date, sex, ID number and address: none of them is typed.
    assert v.kinds["scan"] == 1 and not any(what.startswith(("applicant_name", "applicant_id", "applicant_address"))
                                            for kind, what in v.log if kind != "scan"), v.log
    assert v.total <= 12, v.log


def test_a_returning_citizen_who_consented_files_2_000635_in_at_most_8_inputs(browser, tablet, accounts):
    staff_ctx = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768})
    try:
        staff = staff_ctx.new_page()
        ui_login(staff, accounts.url, *DEMO_STAFF, expect_path="/can-bo")
        number = "001090054322"  # this test's citizen only
        card = card_qr_png(card_payload(id_number=number))
        pin = keep_first_filing(tablet, staff, accounts.url, card, number)  # set-up, not counted
    finally:
        staff_ctx.close()
    v = Volunteer(tablet)
    file_2_000635(v, accounts.url, card=card, pin=pin, id_number=number)
    # The scan, the PIN (its sixth digit asks: no press), the consents, the presses: the kept data
    # answers the phone, the relation, the record and the delivery, so none of them is asked again.
    assert v.kinds["scan"] == 1 and ("fill", "returning_pin") in v.log, v.log
    assert not any(what in ("applicant_phone", "applicant_relation", "record_type", "registered_at", "delivery")
                   for _, what in v.log), v.log
    assert "keep_data" not in [what for _, what in v.log]  # the keep consent is never ticked for them
    assert v.total <= 8, v.log


def test_favicon_is_served(accounts):
    res = httpx.get(accounts.url + "/favicon.ico")
    assert res.status_code == 200 and res.content[:4] == b"\x00\x00\x01\x00"
