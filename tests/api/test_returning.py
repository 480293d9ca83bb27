"""Returning citizens (issue 15) over real HTTP on SQLite and PostgreSQL: what an accepted dossier
with the keep consent leaves behind, the volunteer's look-up (ID number + PIN of a kept receipt,
limited per ID number and per client, a wrong PIN revealing nothing), the copy of a kept document
into a new dossier, the citizen's withdrawal, and expiry by housekeeping."""
from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlmodel import Session, select

from tests.support.dossiers import (VALID_ANSWERS, body, new_token, new_uuid, png_bytes, setup_accounts, sha256,
                                    staff_act, submit, upload)
from tests.support.servers import api_server
from volunteer_app import housekeeping
from volunteer_app.services import returning
from volunteer_app.models import Attachment, AuditEvent, KeptCitizen, KeptDocument, utcnow

PER_ID, PER_CLIENT = 4, 6
LIMITS = {"TRUSTED_PROXIES": "127.0.0.1", "RETURNING_MISSES_PER_ID": str(PER_ID),
          "RETURNING_MISSES_PER_ADDRESS": str(PER_CLIENT)}
_numbers = iter(range(100, 999))
_addresses = iter(range(1, 60000))


def address() -> dict[str, str]:
    n = next(_addresses)
    return {"X-Forwarded-For": f"10.15.{n // 250}.{n % 250 + 1}"}


def citizen_number() -> str:
    """A valid 12-digit ID number of its own (Hà Nội, male born 1990) per test."""
    return f"001090{next(_numbers):06d}"


@pytest.fixture(scope="module")
def api(db_env, tmp_path_factory):
    server = api_server({**db_env, **LIMITS}, tmp_path_factory.mktemp("logs") / "api.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def accounts(api, db_env):
    accounts = setup_accounts(api, db_env)
    yield accounts
    accounts.close()


def file_kept(accounts, number: str, keep: bool = True, photo: bytes | None = None,
              keep_months: int | None = None) -> dict:
    """A volunteer dossier for the citizen ``number`` (with a document when ``photo``), accepted by staff."""
    volunteer = accounts["volunteer"]
    token, client_uuid = new_token(), new_uuid()
    answers = {**VALID_ANSWERS, "applicant_id": number}
    if photo is not None:
        upload(volunteer, token, client_uuid, photo)
        answers |= {"fee_exemption": "poor", "upload_exemption_proof": [
            {"sha256": sha256(photo), "size": len(photo), "mime": "image/png", "name": "mien-phi.png"}]}
    payload = body(answers=answers, channel="volunteer")
    payload["consent"]["keep"] = keep
    if keep_months is not None:
        payload["consent"]["keep_months"] = keep_months
    _, _, res = submit(volunteer, payload, token=token, client_uuid=client_uuid)
    assert res.status_code == 201, res.text
    assert staff_act(accounts["staff"], res.json()["code"], "accept").status_code == 200
    return {**res.json(), "client_uuid": client_uuid, "token": token}


def look(client: httpx.Client, number: str, pin: str, headers: dict | None = None) -> httpx.Response:
    return client.post("/api/v1/returning/lookup", json={"id_number": number, "pin": pin},
                       headers=headers or address())


def forge(grant: str) -> str:
    """The grant with its last character changed (to another one: the test must not pass by luck)."""
    return grant[:-1] + ("1" if grant[-1] == "0" else "0")


def wrong(pin: str) -> str:
    return f"{(int(pin) + 1) % 1_000_000:06d}"


def test_an_accepted_dossier_with_the_keep_consent_is_prefilled_for_the_next_filing(accounts, engine):
    number = citizen_number()
    photo = png_bytes(3000)
    first = file_kept(accounts, number, photo=photo)
    res = look(accounts["volunteer"], number, first["pin"])
    assert res.status_code == 200, res.text
    out = res.json()
    assert out["values"]["applicant.id_number"] == number
    assert out["values"]["applicant.full_name"] == "Nguyễn Văn An"
    assert out["values"]["applicant.permanent_address"]["street"] == "12 Phố Huế"
    assert [d["document_id"] for d in out["documents"]] == ["exemption_proof"]
    assert out["documents"][0]["sha256"] == sha256(photo)
    # Each use is audited, with ids and counts only.
    with Session(engine) as db:
        events = db.exec(select(AuditEvent).where(AuditEvent.action.in_(["returning_kept", "returning_used"]))).all()
    assert {"returning_kept", "returning_used"} <= {e.action for e in events}
    assert all(number not in e.detail and "Nguyễn" not in e.detail for e in events)
    # The staff audit view of the first dossier shows the use.
    detail = accounts["staff"].get(f"/api/v1/staff/dossiers/{first['code']}").json()
    assert "returning_used" in [e["action"] for e in detail["audit"]]
    assert detail["consent"]["keep"] is True


def test_the_procedures_own_choices_are_kept_but_never_fees_counts_files_or_consents(accounts):
    number = citizen_number()
    first = file_kept(accounts, number, photo=png_bytes(3100))
    out = look(accounts["volunteer"], number, first["pin"]).json()
    assert out["values"][returning.CHOICES + "2.000635"] == {
        "applicant_relation": "self", "record_type": "birth", "registered_at": "UBND phường Ba Đình",
        "delivery": "online"}
    # Its row on the citizen's status page names the field and shows the option's label.
    from volunteer_app.pages.online.lookup import kept_rows
    rows = {r["label"]: r["value"] for r in kept_rows(out["values"])}
    assert rows["Quan hệ với người được đăng ký (2.000635)"] == "Bản thân"


def test_a_kept_document_is_copied_into_the_new_dossier_that_staff_then_see(accounts):
    number = citizen_number()
    photo = png_bytes(2500)
    first = file_kept(accounts, number, photo=photo)
    volunteer = accounts["volunteer"]
    kept = look(volunteer, number, first["pin"]).json()
    token, client_uuid = new_token(), new_uuid()
    doc = kept["documents"][0]
    res = volunteer.post(f"/api/v1/returning/documents/{doc['id']}/attach", headers={"X-Dossier-Token": token},
                         json={"grant": kept["grant"], "dossier_uuid": client_uuid, "procedure_code": "2.000635",
                               "document_id": "exemption_proof"})
    assert res.status_code == 200, res.text
    item = res.json()
    assert item["sha256"] == sha256(photo) and item["size"] == len(photo)
    answers = {**VALID_ANSWERS, "applicant_id": number, "fee_exemption": "poor", "upload_exemption_proof": [item]}
    _, _, put = submit(volunteer, body(answers=answers, channel="volunteer"), token=token, client_uuid=client_uuid)
    assert put.status_code == 201, put.text
    detail = accounts["staff"].get(f"/api/v1/staff/dossiers/{put.json()['code']}").json()
    assert [a["sha256"] for a in detail["attachments"]] == [sha256(photo)]
    preview = accounts["staff"].get(f"/api/v1/staff/attachments/{detail['attachments'][0]['id']}")
    assert preview.status_code == 200 and preview.content == photo
    # A forged grant, or another volunteer's, opens nothing.
    forged = volunteer.post(f"/api/v1/returning/documents/{doc['id']}/attach", headers={"X-Dossier-Token": token},
                            json={"grant": forge(kept["grant"]), "dossier_uuid": new_uuid(),
                                  "procedure_code": "2.000635", "document_id": "exemption_proof"})
    other = accounts["volunteer_other"].post(
        f"/api/v1/returning/documents/{doc['id']}/attach", headers={"X-Dossier-Token": new_token()},
        json={"grant": kept["grant"], "dossier_uuid": new_uuid(), "procedure_code": "2.000635",
              "document_id": "exemption_proof"})
    assert forged.status_code == other.status_code == 404


def test_without_the_keep_consent_nothing_is_kept(accounts):
    number = citizen_number()
    first = file_kept(accounts, number, keep=False)
    assert look(accounts["volunteer"], number, first["pin"]).status_code == 404


def test_only_a_signed_in_volunteer_may_look_up(accounts):
    number = citizen_number()
    first = file_kept(accounts, number)
    assert look(accounts["staff"], number, first["pin"]).status_code == 403
    with accounts.anonymous() as anonymous:
        assert look(anonymous, number, first["pin"]).status_code == 401


def test_a_wrong_pin_and_an_unknown_number_answer_identically(accounts):
    number = citizen_number()
    first = file_kept(accounts, number)
    volunteer = accounts["volunteer"]
    bad_pin = look(volunteer, number, wrong(first["pin"]))
    unknown = look(volunteer, citizen_number(), first["pin"])
    assert bad_pin.status_code == unknown.status_code == 404
    assert bad_pin.content == unknown.content
    assert bad_pin.json()["detail"]["key"] == "returning.not_found"
    assert number not in bad_pin.text


def test_misses_are_limited_per_client_over_any_numbers(accounts):
    number = citizen_number()
    first = file_kept(accounts, number)
    volunteer, here = accounts["volunteer"], address()
    for _ in range(PER_CLIENT):
        assert look(volunteer, citizen_number(), "123456", here).status_code == 404
    blocked = look(volunteer, number, first["pin"], here)  # even the right PIN, from this client
    assert blocked.status_code == 429 and blocked.headers["Retry-After"]
    assert look(volunteer, number, first["pin"]).status_code == 200  # another client is not blocked


def test_misses_are_limited_per_number_from_any_clients(accounts):
    number = citizen_number()
    first = file_kept(accounts, number)
    volunteer = accounts["volunteer"]
    for _ in range(PER_ID):
        assert look(volunteer, number, wrong(first["pin"])).status_code == 404  # a new address each time
    assert look(volunteer, number, first["pin"]).status_code == 429


def test_the_citizen_sees_and_withdraws_what_is_kept(accounts, engine):
    number = citizen_number()
    photo = png_bytes(2200)
    first = file_kept(accounts, number, photo=photo)
    with accounts.anonymous() as citizen:
        seen = citizen.post("/api/v1/lookup/kept", json={"code": first["code"], "pin": first["pin"]})
        assert seen.status_code == 200 and seen.json()["kept"] is True
        assert [d["document_id"] for d in seen.json()["documents"]] == ["exemption_proof"]
        refused = citizen.post("/api/v1/lookup/kept/withdraw", json={"code": first["code"],
                                                                     "pin": wrong(first["pin"])})
        assert refused.status_code == 404
        gone = citizen.post("/api/v1/lookup/kept/withdraw", json={"code": first["code"], "pin": first["pin"]})
        assert gone.status_code == 200 and gone.json() == {"withdrawn": True, "documents_deleted": 1}
        after = citizen.post("/api/v1/lookup/kept", json={"code": first["code"], "pin": first["pin"]})
        assert after.json()["kept"] is False
    assert look(accounts["volunteer"], number, first["pin"]).status_code == 404
    with Session(engine) as db:
        assert db.exec(select(KeptDocument).where(KeptDocument.dossier_code == first["code"])).all() == []
        assert all(first["code"] not in c.codes for c in db.exec(select(KeptCitizen)))
        events = db.exec(select(AuditEvent).where(AuditEvent.action == "returning_withdrawn")).all()
        # The dossier's own upload stays: the accepted dossier still needs it.
        assert db.exec(select(Attachment).where(Attachment.dossier_uuid == first["client_uuid"])).first() is not None
    assert events and all(number not in e.detail for e in events)


def test_kept_data_expires_after_the_retention_period(accounts, engine):
    number = citizen_number()
    first = file_kept(accounts, number, photo=png_bytes(2100))
    with Session(engine) as db:
        kept = db.exec(select(KeptCitizen)).all()
        record = next(c for c in kept if first["code"] in c.codes)
        months = (record.expires_at - record.updated_at).days
    assert 360 <= months <= 366  # KEPT_DATA_MONTHS defaults to 12
    # Before the end nothing goes; after it, the housekeeping step deletes the record and its references.
    with Session(engine) as db:
        returning.purge_expired(db, utcnow() + timedelta(days=300))
    assert look(accounts["volunteer"], number, first["pin"]).status_code == 200
    with Session(engine) as db:
        assert returning.purge_expired(db, utcnow() + timedelta(days=367)) >= 1
    assert look(accounts["volunteer"], number, first["pin"]).status_code == 404
    assert housekeeping.run_once(engine)["kept_records_expired"] == 0  # the step is part of each round
    with Session(engine) as db:
        assert db.get(KeptCitizen, record.id) is None
        assert db.exec(select(KeptDocument).where(KeptDocument.citizen_id == record.id)).all() == []
        assert db.exec(select(AuditEvent).where(AuditEvent.action == "returning_expired")).first() is not None


@pytest.mark.parametrize("stated, days", [(6, range(180, 186)), (24, range(360, 367))])
def test_nothing_is_kept_longer_than_the_consent_stated(accounts, engine, stated, days):
    """The device's consent states the server's KEPT_DATA_MONTHS (12 here) and the dossier says
    what it stated: 6 months stated keeps 6 months; more than the centre's setting keeps its 12."""
    first = file_kept(accounts, citizen_number(), keep_months=stated)
    with Session(engine) as db:
        record = next(c for c in db.exec(select(KeptCitizen)).all() if first["code"] in c.codes)
    assert (record.expires_at - record.updated_at).days in days


def test_the_device_catalog_carries_the_retention_the_consent_states(accounts):
    with accounts.anonymous() as client:
        device = client.get("/api/v1/catalog/device")
    assert device.status_code == 200 and device.json()["kept_months"] == 12  # KEPT_DATA_MONTHS


def test_unused_upload_purge_leaves_a_kept_file_alone(accounts, engine):
    """A kept file whose dossier no longer names it (say, after a supplement) is still kept."""
    number = citizen_number()
    first = file_kept(accounts, number, photo=png_bytes(2300))
    from volunteer_app.services import upload_purge

    with Session(engine) as db:
        record = next(c for c in db.exec(select(KeptCitizen)) if first["code"] in c.codes)
        [doc] = db.exec(select(KeptDocument).where(KeptDocument.citizen_id == record.id)).all()
        att = db.get(Attachment, doc.attachment_id)
        att.dossier_uuid = new_uuid()  # as if no dossier named it any more
        db.add(att)
        db.commit()
        upload_purge.purge_unused(db, utcnow() + timedelta(days=30), older_than=timedelta(hours=1))
        assert db.get(Attachment, doc.attachment_id) is not None
        # Withdrawal then deletes it: no dossier needs it.
    with accounts.anonymous() as citizen:
        assert citizen.post("/api/v1/lookup/kept/withdraw",
                            json={"code": first["code"], "pin": first["pin"]}).status_code == 200
    with Session(engine) as db:
        assert db.get(Attachment, doc.attachment_id) is None


def test_a_body_without_the_keep_consent_is_stored_and_hashed_as_before(accounts, engine):
    """Devices sent no ``keep`` before it existed: their bodies keep the same stored form (and
    hash), so a repeat after an upgrade is still a repeat, not a conflict."""
    from volunteer_app.models import Dossier, DossierVersion

    payload = body(channel="volunteer")
    token = new_token()
    client_uuid, _, res = submit(accounts["volunteer"], payload, token=token)
    assert res.status_code == 201, res.text
    with Session(engine) as db:
        extra = db.exec(select(DossierVersion.extra).join(Dossier, Dossier.id == DossierVersion.dossier_id)
                        .where(Dossier.client_uuid == client_uuid)).one()
    assert "keep" not in extra["consent"]
    again = accounts["volunteer"].put(f"/api/v1/dossiers/{client_uuid}", json=payload,
                                      headers={"X-Dossier-Token": token})
    assert again.status_code == 200
