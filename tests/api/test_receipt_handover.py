""""Đã giao giấy tiếp nhận" over real HTTP (SQLite and PostgreSQL): the PIN is shown to the
applicant's side until the receipt is marked handed over, then nowhere; the mark is audited once;
only the applicant's side may set it; the staff page names the event in Vietnamese."""
from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from tests.support.dossiers import body, new_token, submit
from volunteer_app.core.audit import label_key
from volunteer_app.i18n import vi_en


@pytest.fixture
def client(api):
    with httpx.Client(base_url=api.url, timeout=60) as c:
        yield c


def handed_events(engine, client_uuid: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM auditevent WHERE dossier_id = :u AND action = "
                                 "'receipt_handed_over'"), {"u": client_uuid}).scalar()


def test_the_device_sees_the_pin_until_it_marks_the_receipt_handed_over(client, accounts, engine):
    client_uuid, token, res = submit(client)
    assert res.status_code == 201, res.text
    pin = res.json()["pin"]
    mine = {"X-Dossier-Token": token}
    before = client.get(f"/api/v1/dossiers/{client_uuid}", headers=mine).json()
    assert before["pin"] == pin and before["receipt_handed_over"] is False

    # Someone else's device may not mark it (and learns nothing: the dossier is "not found").
    other = client.post(f"/api/v1/dossiers/{client_uuid}/receipt-handed", headers={"X-Dossier-Token": new_token()})
    assert other.status_code == 404
    # Staff of the centre see the dossier but are not the applicant's side.
    staff = accounts["staff"].post(f"/api/v1/dossiers/{client_uuid}/receipt-handed")
    assert staff.status_code == 403
    assert handed_events(engine, client_uuid) == 0

    done = client.post(f"/api/v1/dossiers/{client_uuid}/receipt-handed", headers=mine)
    assert done.status_code == 200, done.text
    assert done.json()["pin"] is None and done.json()["receipt_handed_over"] is True
    after = client.get(f"/api/v1/dossiers/{client_uuid}", headers=mine).json()
    assert after["pin"] is None and after["receipt_handed_over"] is True
    again = client.post(f"/api/v1/dossiers/{client_uuid}/receipt-handed", headers=mine)
    assert again.status_code == 200
    assert handed_events(engine, client_uuid) == 1  # audited once

    # The citizen's own look-up with code + PIN still works: the receipt holds them.
    look = client.post("/api/v1/lookup", json={"code": done.json()["code"], "pin": pin})
    assert look.status_code == 200, look.text


def test_the_volunteer_who_filed_it_marks_it_with_the_session(accounts, engine):
    volunteer = accounts["volunteer"]
    client_uuid, token, res = submit(volunteer, body(channel="volunteer"))
    assert res.status_code == 201, res.text
    assert volunteer.get(f"/api/v1/dossiers/{client_uuid}").json()["pin"] == res.json()["pin"]
    done = volunteer.post(f"/api/v1/dossiers/{client_uuid}/receipt-handed")
    assert done.status_code == 200, done.text
    assert volunteer.get(f"/api/v1/dossiers/{client_uuid}").json()["pin"] is None
    # A volunteer of another centre does not see it at all.
    other = accounts["volunteer_other"].post(f"/api/v1/dossiers/{client_uuid}/receipt-handed")
    assert other.status_code == 404
    assert handed_events(engine, client_uuid) == 1


def test_every_dossier_audit_action_has_a_vietnamese_label():
    for action in ("dossier_submitted", "consent_recorded", "portal_requeued", "receipt_handed_over",
                   "transition:accept", "transition:request_supplement", "transition:forward"):
        key = label_key(action)
        assert key is not None, action
        assert "_" not in vi_en(key).split(" / ")[0], vi_en(key)
    assert vi_en(label_key("dossier_submitted")).startswith("Nộp hồ sơ")
    assert label_key("no_such_event") is None
