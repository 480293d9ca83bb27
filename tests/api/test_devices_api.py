"""Shared tablets over real HTTP, SQLite and PostgreSQL (issue 16): the report carries no personal
data (its schema refuses any other field), staff see their own centre's tablets, revoking a tablet
ends its sessions at once and answers its next call with 410, and a draft is handed over only
within the centre."""
from __future__ import annotations

import base64
import hashlib
import uuid

import httpx

from tests.support.accounts import DEMO_VOLUNTEER
from tests.support.dossiers import signed_in


def _register(client: httpx.Client, name: str = "Máy quầy 1") -> str:
    device_id = str(uuid.uuid4())
    res = client.post("/api/v1/devices", json={"id": device_id, "name": name})
    assert res.status_code == 200, res.text
    return device_id


def _tablet(api, name: str = "Máy quầy") -> tuple[httpx.Client, str]:
    """tnv.demo signed in on a new tablet (its own session, bound to the tablet)."""
    client = signed_in(api.url, *DEMO_VOLUNTEER)
    return client, _register(client, name)


def _report(device_id: str, **extra) -> dict:
    return {"device_id": device_id, "waiting": [{"username": "tnv.demo", "drafts": 2, "queued": 1},
                                                {"username": None, "drafts": 1, "queued": 0}],
            "oldest_queued_age_s": 90_000, "app_version": "abc123", "catalog_version": "3",
            "storage_used": 2048, "storage_quota": 10**9, "persisted": False, **extra}


def test_a_report_with_any_other_field_is_refused_and_nothing_is_kept(api, accounts):
    tablet, device_id = _tablet(api)
    for smuggled in ({"citizen_name": "Nguyễn Văn An"}, {"answers": {"applicant_id": "001090123456"}}):
        res = tablet.post("/api/v1/devices/report", json=_report(device_id, **smuggled))
        assert res.status_code == 422, res.text
    res = tablet.post("/api/v1/devices/report", json=_report(device_id, waiting=[
        {"username": "tnv.demo", "drafts": 1, "queued": 0, "citizen_id": "001090123456"}]))
    assert res.status_code == 422
    rows = {r["id"]: r for r in accounts["staff"].get("/api/v1/staff/devices").json()}
    assert rows[device_id]["waiting"] == [] and rows[device_id]["last_seen_at"] is not None  # registered, no report
    assert "Nguyễn" not in str(rows) and "001090123456" not in str(rows)


def test_staff_see_their_own_centres_tablets_with_counts_and_warnings(api, accounts):
    tablet, device_id = _tablet(api, "Máy chờ lâu")
    res = tablet.post("/api/v1/devices/report", json=_report(device_id))
    assert res.status_code == 200, res.text
    rows = {r["id"]: r for r in accounts["staff"].get("/api/v1/staff/devices").json()}
    row = rows[device_id]
    assert (row["name"], row["drafts"], row["queued"], row["warnings"]) == ("Máy chờ lâu", 3, 1, ["queued_too_long"])
    assert row["waiting"][0]["username"] == "tnv.demo" and row["waiting"][0]["name"]  # shown by display name
    assert device_id not in {r["id"] for r in accounts["staff_other"].get("/api/v1/staff/devices").json()}
    assert accounts["volunteer"].get("/api/v1/staff/devices").status_code == 403
    # Another centre's staff cannot revoke it either.
    assert accounts["staff_other"].post(f"/api/v1/staff/devices/{device_id}/revoke").status_code == 404


def test_revoking_a_tablet_ends_its_session_at_once_and_its_next_call_says_revoked(api, accounts):
    tablet, device_id = _tablet(api, "Máy bị mất")
    assert tablet.get("/api/v1/auth/me").status_code == 200
    res = accounts["staff"].post(f"/api/v1/staff/devices/{device_id}/revoke")
    assert res.status_code == 200 and res.json()["state"] == "revoked"
    assert tablet.get("/api/v1/auth/me").status_code == 401
    assert accounts["volunteer"].get("/api/v1/auth/me").status_code == 200  # the volunteer elsewhere stays in
    anonymous = accounts.anonymous()
    res = anonymous.post("/api/v1/devices/report", json=_report(device_id))
    assert res.status_code == 410 and res.json()["detail"]["key"] == "device.revoked"
    res = anonymous.post("/api/v1/auth/login", json={"username": DEMO_VOLUNTEER[0], "password": DEMO_VOLUNTEER[1],
                                                     "device_id": device_id})
    assert res.status_code == 410
    assert anonymous.post("/api/v1/devices/wiped", json={"device_id": device_id}).status_code == 204
    row = next(r for r in accounts["staff"].get("/api/v1/staff/devices").json() if r["id"] == device_id)
    assert row["revoked_at"] and row["wiped_at"]


def test_a_draft_is_handed_over_only_within_the_centre(api, accounts, db_env):
    """Security: the receiver list and the hand-over itself stop at the centre's edge."""
    admin = accounts["admin"]
    centre = next(c["id"] for c in admin.get("/api/v1/admin/centres").json() if c["code"] == "TTPVHCC-DEMO")
    made = admin.post("/api/v1/admin/users", json={"username": f"tnv.b{uuid.uuid4().hex[:5]}", "display_name": "Bình",
                                                  "role": "volunteer", "centre_id": centre})
    assert made.status_code == 201, made.text
    binh_name = made.json()["username"]
    binh = signed_in(api.url, binh_name, made.json()["one_time_password"])
    ann = accounts["volunteer"]
    names = {r["username"] for r in ann.get("/api/v1/handovers/recipients").json()}
    assert binh_name in names and "tnv.khac" not in names and "tnv.demo" not in names
    photo = b"\xff\xd8\xff\xe0" + b"photo" * 100
    draft = {"id": str(uuid.uuid4()), "procedure_code": "2.000635", "channel": "volunteer", "owner": "tnv.demo",
             "status": "draft", "answers": {"applicant_name": "Trần Thị Bình"}}
    files = [{"sha256": hashlib.sha256(photo).hexdigest(), "mime": "image/jpeg", "name": "a.jpg",
              "document_id": "id_card", "field": "upload_id_card", "data": base64.b64encode(photo).decode()}]
    refused = ann.post("/api/v1/handovers", json={"to": "tnv.khac", "draft": draft, "files": files})
    assert refused.status_code == 422 and refused.json()["detail"]["key"] == "transfer.no_such_receiver"
    assert accounts["volunteer_other"].get("/api/v1/handovers/incoming").json() == []

    sent = ann.post("/api/v1/handovers", json={"to": binh_name, "draft": draft, "files": files})
    assert sent.status_code == 201, sent.text
    package = sent.json()["id"]
    assert accounts["volunteer_other"].post(f"/api/v1/handovers/{package}/collect").status_code == 404
    assert [p["id"] for p in binh.get("/api/v1/handovers/incoming").json()] == [package]
    got = binh.post(f"/api/v1/handovers/{package}/collect").json()
    assert got["draft"] == draft and base64.b64decode(got["files"][0]["data"]) == photo
    assert ann.get(f"/api/v1/handovers/{package}").json()["state"] == "waiting"
    assert binh.post(f"/api/v1/handovers/{package}/received").json()["state"] == "received"
    assert ann.get(f"/api/v1/handovers/{package}").json()["state"] == "received"
    assert binh.post(f"/api/v1/handovers/{package}/collect").status_code == 410
