"""PUT /dossiers over real HTTP on SQLite and PostgreSQL: idempotency, races, 422s, lifecycle."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import httpx
import pytest
from sqlalchemy import text

from volunteer_app.domain import deadlines
from volunteer_app.domain.lifecycle import TRANSITIONS, Action, State
from tests.support.servers import api_server
from tests.support.dossiers import (VALID_ANSWERS, body, new_token, new_uuid, png_bytes, staff_act, submit, upload)


@pytest.fixture
def client(api):
    with httpx.Client(base_url=api.url, timeout=60) as c:
        yield c


def count_dossiers(engine, client_uuid: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM dossier WHERE client_uuid = :u"), {"u": client_uuid}).scalar()


def test_first_put_creates_and_same_put_gets_same_answer(client, accounts, engine):
    client_uuid, token, first = submit(client)
    assert first.status_code == 201, first.text
    out = first.json()
    assert re.fullmatch(r"TS-\d{6}-\d{4}", out["code"]) and re.fullmatch(r"\d{6}", out["pin"])
    assert out["state"] == "submitted" and out["version"] == 1
    again = client.put(f"/api/v1/dossiers/{client_uuid}", json=body(), headers={"X-Dossier-Token": token})
    assert again.status_code == 200
    assert again.json() == out
    assert count_dossiers(engine, client_uuid) == 1


def test_due_date_follows_the_procedure_time_limit(client, accounts):
    _, _, res = submit(client)
    out = res.json()
    received = datetime.fromisoformat(out["received_at"])
    # 2.000635 is same-day with the 15:00 rule.
    assert datetime.fromisoformat(out["due_at"]) == deadlines.due_at(received, 0, True)


@pytest.fixture(scope="module")
def two_workers(db_env, accounts, tmp_path_factory):
    """A second server with two worker processes on the same database: no in-process lock can
    serialise their requests, only the database can."""
    server = api_server(db_env, tmp_path_factory.mktemp("logs") / "api2.log", workers=2).start()
    yield server
    server.stop()


def test_hundred_concurrent_identical_puts_create_one_dossier(api, two_workers, accounts, engine):
    client_uuid, token, payload = new_uuid(), new_token(), body()
    urls = [api.url, two_workers.url]

    def put(i):
        with httpx.Client(base_url=urls[i % 2], timeout=120) as c:
            return c.put(f"/api/v1/dossiers/{client_uuid}", json=payload, headers={"X-Dossier-Token": token})

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(put, range(100)))
    statuses = sorted(r.status_code for r in results)
    # One device's burst: the first RATE_PUT_PER_TOKEN (20 by default) are answered, one of them
    # 201, the rest 200 from what it stored; the others are throttled (never a 500).
    assert statuses == [200] * 19 + [201] + [429] * 80, statuses
    assert all(int(r.headers["retry-after"]) > 0 for r in results if r.status_code == 429)
    assert len({r.json()["code"] for r in results if r.status_code < 300}) == 1
    assert count_dossiers(engine, client_uuid) == 1


def test_a_repeat_gets_the_very_receipt_the_first_answer_gave(client, accounts):
    """The first answer's receipt is built from the values written (no read back); a repeat's is
    read from the database: the same code, PIN, state and times to the microsecond."""
    client_uuid, token, first = submit(client)
    assert first.status_code == 201, first.text
    again = client.put(f"/api/v1/dossiers/{client_uuid}", json=body(), headers={"X-Dossier-Token": token})
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert first.json()["due_at"] is not None and first.json()["received_at"].endswith(("Z", "+00:00"))


def test_repeats_take_no_number_so_the_days_codes_have_no_gap(client, accounts):
    """A device resending after a lost answer is common; on PostgreSQL each first INSERT attempt
    would otherwise draw from the id sequence, leaving gaps staff could take for lost dossiers."""
    client_uuid, token, first = submit(client)
    assert first.status_code == 201, first.text
    for _ in range(3):
        again = client.put(f"/api/v1/dossiers/{client_uuid}", json=body(), headers={"X-Dossier-Token": token})
        assert again.status_code == 200 and again.json()["code"] == first.json()["code"]
    _, _, second = submit(client)
    assert second.status_code == 201, second.text
    number = lambda res: int(res.json()["code"].rsplit("-", 1)[1])  # noqa: E731
    assert number(second) == number(first) + 1


def test_conflicting_resend_of_a_received_version_is_409(client, accounts):
    client_uuid, token, res = submit(client)
    changed = body(answers={**VALID_ANSWERS, "copies": 5})
    conflict = client.put(f"/api/v1/dossiers/{client_uuid}", json=changed, headers={"X-Dossier-Token": token})
    assert conflict.status_code == 409
    detail = conflict.json()["detail"]
    assert detail["key"] == "dossier.conflict" and "Phiên bản 1" in detail["vi"] and "Version 1" in detail["en"]


def test_another_device_cannot_touch_a_dossier(client, accounts):
    client_uuid, _, _ = submit(client)
    other = client.put(f"/api/v1/dossiers/{client_uuid}", json=body(), headers={"X-Dossier-Token": new_token()})
    assert other.status_code == 403
    assert client.put(f"/api/v1/dossiers/{new_uuid()}", json=body()).status_code == 401


def test_nfc_at_the_boundary_makes_nfd_input_the_same_body(client, accounts):
    import unicodedata

    client_uuid, token, first = submit(client)
    nfd = body(answers={**VALID_ANSWERS, "applicant_name": unicodedata.normalize("NFD", "Nguyễn Văn An")})
    again = client.put(f"/api/v1/dossiers/{client_uuid}", json=nfd, headers={"X-Dossier-Token": token})
    assert again.status_code == 200 and again.json()["code"] == first.json()["code"]


# One wrong value per field type of the real procedure; the error must name that field.
FIELD_CASES = [
    ("full_name", {"applicant_name": "Nguyen 123"}, "applicant_name", "full_name."),
    ("date", {"applicant_dob": "2999-01-01"}, "applicant_dob", "date."),
    ("radio", {"applicant_sex": "khac"}, "applicant_sex", "choice."),
    ("personal_id", {"applicant_id": "12345"}, "applicant_id", "personal_id."),
    ("address", {"applicant_address": {"province": "01", "commune": "", "street": "12 Phố Huế"}},
     "applicant_address", "address."),
    ("phone", {"applicant_phone": "12345"}, "applicant_phone", "phone."),
    ("email", {"applicant_email": "khong-phai-email"}, "applicant_email", "email."),
    ("select", {"applicant_relation": "boss"}, "applicant_relation", "choice."),
    ("text", {"registered_at": "x" * 201}, "registered_at", "text."),
    ("number", {"copies": 0}, "copies", "number."),
    ("consent", {"consent_data": False}, "consent_data", "consent."),
    # (the subject's name is the applicant's when the relation is "self": never asked twice)
    ("required", {"registered_at": ""}, "registered_at", "field.required"),
    ("document", {"fee_exemption": "poor"}, "upload_exemption_proof", "document."),
    ("attachment not uploaded", {"fee_exemption": "poor", "upload_exemption_proof": [
        {"sha256": "a" * 64, "size": 100, "mime": "image/png", "name": "mien-phi.png"}]},
     "upload_exemption_proof.0", "dossier.attachment_missing"),
]


# Field types the trích lục form does not use, on other real procedures. The rest of the form is
# left empty: only the error on the named path matters here.
OTHER_FORM_CASES = [
    ("money", "1.001612", {"capital": -1}, "capital", "money."),
    ("yes_no", "1.001612", {"applicant_is_owner": "có lẽ"}, "applicant_is_owner", "yes_no."),
    ("group", "1.001612", {"business_lines": "không phải danh sách"}, "business_lines", "group."),
    ("field inside a group", "1.004222", {"members": [{"full_name": "Lê 9"}]}, "members.0.full_name", "full_name."),
    ("long_text", "1.004222", {"request_content": "x" * 1001}, "request_content", "text."),
]


@pytest.mark.parametrize("case, code, answers, field, key", OTHER_FORM_CASES, ids=[c[0] for c in OTHER_FORM_CASES])
def test_field_types_of_other_procedures_error_on_their_field(client, accounts, case, code, answers, field, key):
    _, _, res = submit(client, body(answers=answers, procedure_code=code))
    assert res.status_code == 422, res.text
    hits = [e for e in res.json()["detail"]["errors"] if e["field"] == field]
    assert hits and hits[0]["key"].startswith(key), res.json()["detail"]["errors"]
    assert hits[0]["vi"] and hits[0]["en"]


@pytest.mark.parametrize("case, change, field, key", FIELD_CASES, ids=[c[0] for c in FIELD_CASES])
def test_each_field_type_error_is_a_422_on_its_field(client, accounts, case, change, field, key):
    _, _, res = submit(client, body(answers={**VALID_ANSWERS, **change}))
    assert res.status_code == 422, res.text
    detail = res.json()["detail"]
    assert detail["key"] == "dossier.invalid" and detail["vi"] and detail["en"]
    hits = [e for e in detail["errors"] if e["field"] == field]
    assert hits, detail["errors"]
    assert hits[0]["key"].startswith(key) and hits[0]["vi"] and hits[0]["en"]
    assert hits[0]["vi"] != hits[0]["en"]


def test_uploaded_attachment_is_accepted_with_the_dossier(client, accounts):
    client_uuid, token, data = new_uuid(), new_token(), png_bytes()
    upload(client, token, client_uuid, data)
    from tests.support.dossiers import sha256

    answers = {**VALID_ANSWERS, "fee_exemption": "poor", "upload_exemption_proof": [
        {"sha256": sha256(data), "size": len(data), "mime": "image/png", "name": "mien-phi.png"}]}
    _, _, res = submit(client, body(answers=answers), token=token, client_uuid=client_uuid)
    assert res.status_code == 201, res.text
    detail = accounts["staff"].get(f"/api/v1/staff/dossiers/{res.json()['code']}").json()
    assert [a["document_id"] for a in detail["attachments"]] == ["exemption_proof"]
    assert {c["document_id"]: c["uploaded"] for c in detail["checklist"]}["exemption_proof"] is True


def test_unknown_procedure_is_a_422_on_procedure_code(client, accounts):
    _, _, res = submit(client, body(procedure_code="9.999999"))
    assert res.status_code == 422
    assert res.json()["detail"]["errors"][0]["field"] == "procedure_code"


# ---------------------------------------------------------------- lifecycle through the API

def bring_to(client: httpx.Client, staff: httpx.Client, state: State) -> tuple[str, str, str]:
    """A fresh dossier moved to ``state`` through the API; returns (uuid, token, code)."""
    client_uuid, token, res = submit(client)
    assert res.status_code == 201, res.text
    code = res.json()["code"]
    steps = {
        State.SUBMITTED: [], State.IN_REVIEW: ["start_review"],
        State.NEEDS_SUPPLEMENT: ["start_review", "request_supplement"],
        State.RESUBMITTED: ["start_review", "request_supplement", "resubmit"],
        State.ACCEPTED: ["start_review", "accept"], State.REFUSED: ["start_review", "refuse"],
        State.WITHDRAWN: ["withdraw"],
    }[state]
    for step in steps:
        if step == "resubmit":
            r = client.put(f"/api/v1/dossiers/{client_uuid}", json=body(version=2),
                           headers={"X-Dossier-Token": token})
            assert r.status_code == 201, r.text
        elif step == "withdraw":
            assert client.post(f"/api/v1/dossiers/{client_uuid}/withdraw",
                               headers={"X-Dossier-Token": token}).status_code == 200
        else:
            assert staff_act(staff, code, step).status_code == 200
    return client_uuid, token, code


API_STATES = [State.SUBMITTED, State.IN_REVIEW, State.NEEDS_SUPPLEMENT, State.RESUBMITTED, State.ACCEPTED,
              State.REFUSED, State.WITHDRAWN]
STAFF_ACTIONS = [Action.START_REVIEW, Action.REQUEST_SUPPLEMENT, Action.ACCEPT, Action.REFUSE]
DECISIONS = [Action.REQUEST_SUPPLEMENT, Action.ACCEPT, Action.REFUSE]


def moves(state: State, action: Action) -> list[Action]:
    """The lifecycle moves one request makes: a staff decision opened on a dossier whose review has
    not started starts the review first (the staff page and the REST route alike)."""
    if action in DECISIONS and state in (State.SUBMITTED, State.RESUBMITTED):
        return [Action.START_REVIEW, action]
    return [action]


@pytest.mark.parametrize("state", API_STATES, ids=str)
def test_every_transition_from_each_state_is_allowed_or_refused_as_the_lifecycle_says(client, accounts, state):
    staff = accounts["staff"]
    for action in [*STAFF_ACTIONS, Action.WITHDRAW, Action.RESUBMIT]:
        client_uuid, token, code = bring_to(client, staff, state)
        if action == Action.WITHDRAW:
            res = client.post(f"/api/v1/dossiers/{client_uuid}/withdraw", headers={"X-Dossier-Token": token})
        elif action == Action.RESUBMIT:
            version = 3 if state == State.RESUBMITTED else 2
            res = client.put(f"/api/v1/dossiers/{client_uuid}", json=body(version=version),
                             headers={"X-Dossier-Token": token})
        else:
            res = staff_act(staff, code, action.value)
        reached, legal = state, True
        for move in moves(state, action):
            legal = legal and (reached, move) in TRANSITIONS
            reached = TRANSITIONS.get((reached, move), reached)
        assert (res.status_code in (200, 201)) == legal, (state, action, res.status_code, res.text)
        after = staff.get(f"/api/v1/staff/dossiers/{code}").json()
        if legal:
            assert after["state"] == reached.value
            made = [e["action"] for e in after["audit"][-len(moves(state, action)):]]
            assert made == [f"transition:{m.value}" for m in moves(state, action)]
        else:
            assert res.status_code == 409
            assert res.json()["detail"]["key"].startswith(("lifecycle.error.", "dossier."))
            assert after["state"] == state.value


def test_every_transition_writes_an_audit_event_without_personal_data(client, accounts):
    _, _, code = bring_to(client, accounts["staff"], State.ACCEPTED)
    detail = accounts["staff"].get(f"/api/v1/staff/dossiers/{code}").json()
    assert [e["action"] for e in detail["audit"]] == [
        "consent_recorded", "dossier_submitted", "transition:start_review", "transition:accept"]
    flat = str(detail["audit"])
    for secret in ("Nguyễn", "001090123456", "0912345678"):
        assert secret not in flat
    assert detail["receipt"]["code"] == code and detail["receipt"]["due_at"]


def test_a_decision_on_a_submitted_dossier_starts_the_review_first_as_the_staff_page_does(client, accounts):
    staff = accounts["staff"]
    _, _, code = bring_to(client, staff, State.SUBMITTED)
    res = staff_act(staff, code, "accept")
    assert res.status_code == 200, res.text
    detail = res.json()
    assert detail["state"] == "accepted" and detail["receipt"]["code"] == code
    assert [e["action"] for e in detail["audit"]] == [
        "consent_recorded", "dossier_submitted", "transition:start_review", "transition:accept"]
    # One transaction: a decision refused by its checks leaves the dossier submitted, not in review.
    _, _, other = bring_to(client, staff, State.SUBMITTED)
    refused = staff_act(staff, other, "request_supplement", reasons=[])
    assert refused.status_code == 422 and refused.json()["detail"]["key"] == "review.reasons_required"
    after = staff.get(f"/api/v1/staff/dossiers/{other}").json()
    assert after["state"] == "submitted"
    assert [e["action"] for e in after["audit"]] == ["consent_recorded", "dossier_submitted"]


def test_resubmission_after_supplement_is_version_two(client, accounts):
    staff = accounts["staff"]
    client_uuid, token, code = bring_to(client, staff, State.NEEDS_SUPPLEMENT)
    headers = {"X-Dossier-Token": token}
    seen = client.get(f"/api/v1/dossiers/{client_uuid}", headers=headers).json()
    assert seen["state"] == "needs_supplement"
    assert [r["target"] for r in seen["reasons"]] == ["field:applicant_phone", "document:exemption_proof"]
    fixed = body(answers={**VALID_ANSWERS, "applicant_phone": "0987654321"}, version=2)
    first = client.put(f"/api/v1/dossiers/{client_uuid}", json=fixed, headers=headers)
    assert first.status_code == 201 and first.json()["version"] == 2 and first.json()["state"] == "resubmitted"
    assert client.put(f"/api/v1/dossiers/{client_uuid}", json=fixed, headers=headers).status_code == 200
    assert client.put(f"/api/v1/dossiers/{client_uuid}", json=body(version=2), headers=headers).status_code == 409
    skipped = client.put(f"/api/v1/dossiers/{client_uuid}", json=body(version=4), headers=headers)
    assert skipped.status_code == 409 and skipped.json()["detail"]["key"] == "dossier.version_unexpected"
    # Version 1 resent by a slow outbox is still a harmless repeat.
    assert client.put(f"/api/v1/dossiers/{client_uuid}", json=body(), headers=headers).status_code == 200
    assert staff_act(staff, code, "start_review").status_code == 200
    accepted = staff_act(staff, code, "accept")
    assert accepted.status_code == 200 and accepted.json()["version"] == 2
    assert accepted.json()["answers"]["applicant_phone"] == "0987654321"


def test_supplement_request_needs_reasons_on_real_targets(client, accounts):
    _, _, code = bring_to(client, accounts["staff"], State.IN_REVIEW)
    empty = staff_act(accounts["staff"], code, "request_supplement", reasons=[])
    assert empty.status_code == 422 and empty.json()["detail"]["key"] == "review.reasons_required"
    bad = staff_act(accounts["staff"], code, "request_supplement",
                    reasons=[{"target": "field:no_such_field", "text": "?"}])
    assert bad.status_code == 422 and bad.json()["detail"]["key"] == "review.bad_target"


def test_volunteer_submission_needs_a_session_and_records_the_helper(client, accounts):
    _, _, anon = submit(client, body(channel="volunteer"))
    assert anon.status_code == 401 and anon.json()["detail"]["key"] == "dossier.sign_in_required"
    client_uuid, token, res = submit(accounts["volunteer"], body(channel="volunteer"))
    assert res.status_code == 201, res.text
    rows = accounts["staff"].get("/api/v1/staff/queue").json()
    row = next(r for r in rows if r["client_uuid"] == client_uuid)
    assert row["helper"] == "Phạm Minh Tâm"
    assert row["citizen_name"] == "N. V. An" and row["citizen_id"] == "0010******56"
    mine = accounts["volunteer"].get("/api/v1/dossiers").json()
    assert client_uuid in {r["client_uuid"] for r in mine}


def test_queue_is_sorted_by_due_date_and_filters(client, accounts):
    staff = accounts["staff"]
    rows = staff.get("/api/v1/staff/queue", params={"limit": 500}).json()
    dues = [r["due_at"] for r in rows]
    assert dues == sorted(dues)
    only = staff.get("/api/v1/staff/queue", params={"state": "accepted"}).json()
    assert only and {r["state"] for r in only} == {"accepted"}
    assert staff.get("/api/v1/staff/queue", params={"procedure": "1.004222"}).json() == []
    # A filter no database can store (NUL: PostgreSQL refused it with a 500, found by schemathesis).
    assert staff.get("/api/v1/staff/queue", params={"procedure": "1.00\x004222"}).status_code == 422
    assert staff.get("/api/v1/staff/queue", params={"state": "accep\x00ted"}).status_code == 422
    assert staff.get("/api/v1/staff/queue", params={"overdue": True}).json() == []
    assert staff.get("/api/v1/staff/queue", params={"min_age_days": 3}).json() == []


def test_staff_see_the_whole_consent_record_and_the_audit_carries_it(accounts):
    volunteer, staff = accounts["volunteer"], accounts["staff"]
    sent = {"given": True, "given_at": "2026-11-28T09:15:00+07:00", "assisted_by": "tnv.demo",
            "subject": "Nguyễn Văn An"}
    client_uuid, token, res = submit(volunteer, body(channel="volunteer", consent=sent))
    assert res.status_code == 201, res.text
    code = res.json()["code"]
    detail = staff.get(f"/api/v1/staff/dossiers/{code}").json()
    record = detail["consent"]
    assert record["given"] is True and record["given_at"] == sent["given_at"] and record["received_at"]
    assert (record["assisted_by"], record["assisted_by_name"]) == ("tnv.demo", "Phạm Minh Tâm")
    assert record["subject"] == "Nguyễn Văn An"
    assert record["statement"] == {"vi": "tình nguyện viên Phạm Minh Tâm (tnv.demo) hỗ trợ công dân Nguyễn Văn An",
                                   "en": "volunteer Phạm Minh Tâm (tnv.demo) assisting citizen Nguyễn Văn An"}
    clauses = {c["field"]: c for c in record["clauses"]}
    assert set(clauses) == {"consent_data", "declaration"} and all(c["given"] for c in clauses.values())
    assert "Luật Bảo vệ dữ liệu cá nhân" in clauses["consent_data"]["text"]["vi"]
    # In the audit at submission: the facts, with the name masked and never the ID number.
    [event] = [e for e in detail["audit"] if e["action"] == "consent_recorded"]
    assert event["actor_role"] == "volunteer"
    assert event["detail"] == ("v1 given=yes given_at=2026-11-28T09:15:00+07:00 assisted_by=tnv.demo "
                               "subject=N. V. An clauses=consent_data,declaration keep=no")
    flat = str(detail["audit"])
    assert VALID_ANSWERS["applicant_id"] not in flat and "Nguyễn" not in flat
    # A resubmission records the consent of the new version too.
    for action in ("start_review", "request_supplement"):
        assert staff_act(staff, code, action).status_code == 200
    again = volunteer.put(f"/api/v1/dossiers/{client_uuid}", headers={"X-Dossier-Token": token},
                          json=body(channel="volunteer", version=2,
                                    consent={**sent, "given_at": "2026-11-29T10:00:00+07:00"}))
    assert again.status_code == 201, again.text
    detail = staff.get(f"/api/v1/staff/dossiers/{code}").json()
    assert detail["consent"]["given_at"] == "2026-11-29T10:00:00+07:00"
    assert [e["detail"].split(" ")[0] for e in detail["audit"] if e["action"] == "consent_recorded"] == ["v1", "v2"]


def test_a_citizen_dossier_has_no_helper_whatever_the_body_claims(client, accounts):
    claimed = {"given": True, "given_at": "2026-11-28T09:15:00+07:00", "assisted_by": "tnv.demo"}
    _, _, res = submit(client, body(consent=claimed))
    assert res.status_code == 201, res.text
    record = accounts["staff"].get(f"/api/v1/staff/dossiers/{res.json()['code']}").json()["consent"]
    assert record["assisted_by"] is None and record["assisted_by_name"] is None
    assert record["statement"]["vi"] == "công dân Nguyễn Văn An tự khai"
