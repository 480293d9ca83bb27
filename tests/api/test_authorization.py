"""Every role against every dossier-service endpoint, table-driven, over real HTTP.

Roles: anonymous; citizen (the device token of the dossier, no account); the volunteer who filed
it; a volunteer of another centre; staff of the dossier's centre; staff of another centre; admin.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable

import httpx
import pytest

from tests.support.dossiers import (TUS, VALID_ANSWERS, accepted_with_forwarding_problem, body, new_token, new_uuid,
                                    png_bytes, setup_accounts, sha256, submit, tus_create, upload)

ROLES = ["anonymous", "citizen", "volunteer", "volunteer_other", "staff", "staff_other", "admin"]
_unique = itertools.count()


@dataclass
class World:
    accounts: object
    client_uuid: str
    token: str
    code: str
    pin: str
    attachment_id: str
    upload_location: str
    payload: dict
    database_url: str

    def client(self, role: str) -> httpx.Client:
        if role in ("anonymous", "citizen"):
            c = self.accounts.anonymous()
            if role == "citizen":
                c.headers["X-Dossier-Token"] = self.token
            return c
        return self.accounts[role]

    def fresh(self) -> tuple[str, str, str]:
        """A new dossier filed by the demo volunteer, for requests that change state."""
        token = new_token()
        client_uuid, _, res = submit(self.accounts["volunteer"], body(channel="volunteer"), token=token)
        assert res.status_code == 201, res.text
        return client_uuid, token, res.json()["code"]


@pytest.fixture(scope="module")
def world(api, db_env) -> World:
    accounts = setup_accounts(api, db_env)
    volunteer = accounts["volunteer"]
    client_uuid, token, data = new_uuid(), new_token(), png_bytes()
    location = upload(volunteer, token, client_uuid, data)
    answers = {**VALID_ANSWERS, "fee_exemption": "poor", "upload_exemption_proof": [
        {"sha256": sha256(data), "size": len(data), "mime": "image/png", "name": "mien-phi.png"}]}
    _, _, res = submit(volunteer, body(answers=answers, channel="volunteer"), token=token, client_uuid=client_uuid)
    assert res.status_code == 201, res.text
    detail = accounts["staff"].get(f"/api/v1/staff/dossiers/{res.json()['code']}").json()
    yield World(accounts, client_uuid, token, res.json()["code"], res.json()["pin"],
                detail["attachments"][0]["id"], location, body(answers=answers, channel="volunteer"),
                db_env["DATABASE_URL"])
    accounts.close()


def _with_token(w: World, role: str, token: str) -> dict:
    return {"X-Dossier-Token": token} if role == "citizen" else {}


def _withdraw(w: World, c: httpx.Client, role: str) -> httpx.Response:
    client_uuid, token, _ = w.fresh()
    return c.post(f"/api/v1/dossiers/{client_uuid}/withdraw", headers=_with_token(w, role, token))


def _hand_over(w: World, c: httpx.Client, role: str) -> httpx.Response:
    client_uuid, token, _ = w.fresh()
    return c.post(f"/api/v1/dossiers/{client_uuid}/receipt-handed", headers=_with_token(w, role, token))


def _start_review(w: World, c: httpx.Client, role: str) -> httpx.Response:
    _, _, code = w.fresh()
    return c.post(f"/api/v1/staff/dossiers/{code}/actions", json={"action": "start_review"})


def _retry_forwarding(w: World, c: httpx.Client, role: str) -> httpx.Response:
    _, row_id = accepted_with_forwarding_problem(w.accounts["staff"], w.accounts["volunteer"], w.database_url)
    return c.post(f"/api/v1/staff/forwarding/problems/{row_id}/retry")


def _revoke_device(w: World, c: httpx.Client, role: str) -> httpx.Response:
    """A tablet of the demo centre, registered on a session of its own (revoking it ends that one)."""
    from tests.support.accounts import DEMO_VOLUNTEER
    from tests.support.dossiers import signed_in

    tablet = signed_in(w.accounts.url, *DEMO_VOLUNTEER)
    device_id = new_uuid()
    assert tablet.post("/api/v1/devices", json={"id": device_id, "name": "Máy thử"}).status_code == 200
    tablet.close()
    return c.post(f"/api/v1/staff/devices/{device_id}/revoke")


def _create_upload(w: World, c: httpx.Client, role: str) -> httpx.Response:
    token = w.token if role == "citizen" else ""
    return tus_create(c, token, new_uuid(), png_bytes())


A, C, V, VO, S, SO, AD = ROLES
ALL = dict.fromkeys(ROLES)
STAFF_ONLY = {A: 401, C: 401, V: 403, VO: 403, S: 200, SO: 200, AD: 200}
OWN_CENTRE_STAFF = {A: 401, C: 401, V: 403, VO: 403, S: 200, SO: 404, AD: 200}
ADMIN_ONLY = {A: 401, C: 401, V: 403, VO: 403, S: 403, SO: 403, AD: 200}
ADMIN_CREATES = {**ADMIN_ONLY, AD: 201}
ADMIN_MISSING = {**ADMIN_ONLY, AD: 404}  # admin reaches the service, which finds no such version
CATALOG = "/api/v1/admin/catalog"


def _import_workbook(w: World, c: httpx.Client, role: str) -> httpx.Response:
    from volunteer_app.domain.catalog.workbook import template_workbook

    return c.post(f"{CATALOG}/imports", content=template_workbook(), params={"name": "mau.xlsx"},
                  headers={"Content-Type": "application/octet-stream"})

# (name, (method, path template), request, expected status per role)
CASES: list[tuple[str, tuple[str, str], Callable, dict]] = [
    ("read own dossier", ("GET", "/api/v1/dossiers/{client_uuid}"),
     lambda w, c, r: c.get(f"/api/v1/dossiers/{w.client_uuid}"),
     {A: 404, C: 200, V: 200, VO: 404, S: 200, SO: 404, AD: 200}),
    ("resend same version", ("PUT", "/api/v1/dossiers/{client_uuid}"),
     lambda w, c, r: c.put(f"/api/v1/dossiers/{w.client_uuid}", json=w.payload),
     {A: 401, C: 200, V: 401, VO: 401, S: 401, SO: 401, AD: 401}),
    ("resend with another device's token", ("PUT", "/api/v1/dossiers/{client_uuid}"),
     lambda w, c, r: c.put(f"/api/v1/dossiers/{w.client_uuid}", json=body(),
                           headers={"X-Dossier-Token": new_token()}),
     dict.fromkeys(ROLES, 403)),
    ("withdraw", ("POST", "/api/v1/dossiers/{client_uuid}/withdraw"), _withdraw,
     {A: 404, C: 200, V: 200, VO: 404, S: 403, SO: 404, AD: 403}),
    ("receipt handed over", ("POST", "/api/v1/dossiers/{client_uuid}/receipt-handed"), _hand_over,
     {A: 404, C: 200, V: 200, VO: 404, S: 403, SO: 404, AD: 403}),
    ("my dossiers", ("GET", "/api/v1/dossiers"), lambda w, c, r: c.get("/api/v1/dossiers"),
     {A: 401, C: 401, V: 200, VO: 200, S: 200, SO: 200, AD: 200}),
    ("centres for devices", ("GET", "/api/v1/centres"), lambda w, c, r: c.get("/api/v1/centres"),
     dict.fromkeys(ROLES, 200)),
    ("staff queue", ("GET", "/api/v1/staff/queue"), lambda w, c, r: c.get("/api/v1/staff/queue"), STAFF_ONLY),
    ("dossier page", ("GET", "/api/v1/staff/dossiers/{code}"),
     lambda w, c, r: c.get(f"/api/v1/staff/dossiers/{w.code}"), OWN_CENTRE_STAFF),
    ("decision", ("POST", "/api/v1/staff/dossiers/{code}/actions"), _start_review, OWN_CENTRE_STAFF),
    ("attachment preview", ("GET", "/api/v1/staff/attachments/{attachment_id}"),
     lambda w, c, r: c.get(f"/api/v1/staff/attachments/{w.attachment_id}"), OWN_CENTRE_STAFF),
    ("forwarding problems", ("GET", "/api/v1/staff/forwarding/problems"),
     lambda w, c, r: c.get("/api/v1/staff/forwarding/problems"), STAFF_ONLY),
    ("retry forwarding", ("POST", "/api/v1/staff/forwarding/problems/{row_id}/retry"), _retry_forwarding,
     OWN_CENTRE_STAFF),
    ("tablets of the centre", ("GET", "/api/v1/staff/devices"), lambda w, c, r: c.get("/api/v1/staff/devices"),
     STAFF_ONLY),
    ("revoke a tablet", ("POST", "/api/v1/staff/devices/{device_id}/revoke"), _revoke_device, OWN_CENTRE_STAFF),
    ("look-up", ("POST", "/api/v1/lookup"),
     lambda w, c, r: c.post("/api/v1/lookup", json={"code": w.code, "pin": w.pin}), dict.fromkeys(ROLES, 200)),
    ("kept data", ("POST", "/api/v1/lookup/kept"),
     lambda w, c, r: c.post("/api/v1/lookup/kept", json={"code": w.code, "pin": w.pin}), dict.fromkeys(ROLES, 200)),
    ("withdraw kept data", ("POST", "/api/v1/lookup/kept/withdraw"),  # this dossier's citizen kept nothing
     lambda w, c, r: c.post("/api/v1/lookup/kept/withdraw", json={"code": w.code, "pin": w.pin}),
     dict.fromkeys(ROLES, 404)),
    ("returning look-up", ("POST", "/api/v1/returning/lookup"),
     lambda w, c, r: c.post("/api/v1/returning/lookup", json={"id_number": VALID_ANSWERS["applicant_id"],
                                                              "pin": w.pin}),
     {A: 401, C: 401, V: 404, VO: 404, S: 403, SO: 403, AD: 403}),
    ("use a kept document", ("POST", "/api/v1/returning/documents/{kept_id}/attach"),
     lambda w, c, r: c.post(f"/api/v1/returning/documents/{'0' * 32}/attach", headers={"X-Dossier-Token": new_token()},
                            json={"grant": "1.1.x", "dossier_uuid": new_uuid(), "procedure_code": "2.000635",
                                  "document_id": "exemption_proof"}),
     {A: 401, C: 401, V: 404, VO: 404, S: 403, SO: 403, AD: 403}),
    ("daily report", ("GET", "/api/v1/reports/daily"), lambda w, c, r: c.get("/api/v1/reports/daily"), STAFF_ONLY),
    ("daily csv", ("GET", "/api/v1/reports/daily.csv"), lambda w, c, r: c.get("/api/v1/reports/daily.csv"),
     STAFF_ONLY),
    ("overdue report", ("GET", "/api/v1/reports/overdue"), lambda w, c, r: c.get("/api/v1/reports/overdue"),
     STAFF_ONLY),
    ("list centres", ("GET", "/api/v1/admin/centres"), lambda w, c, r: c.get("/api/v1/admin/centres"), ADMIN_ONLY),
    ("create centre", ("POST", "/api/v1/admin/centres"),
     lambda w, c, r: c.post("/api/v1/admin/centres", json={"code": f"C-{next(_unique)}", "name": "Mới"}),
     ADMIN_CREATES),
    ("rename centre", ("PATCH", "/api/v1/admin/centres/{centre_id}"),
     lambda w, c, r: c.patch("/api/v1/admin/centres/1", json={"name": "Trung tâm Phục vụ hành chính công (demo)"}),
     ADMIN_ONLY),
    ("list accounts", ("GET", "/api/v1/admin/users"), lambda w, c, r: c.get("/api/v1/admin/users"), ADMIN_ONLY),
    ("create account", ("POST", "/api/v1/admin/users"),
     lambda w, c, r: c.post("/api/v1/admin/users", json={"username": f"tnv.moi{next(_unique)}", "display_name": "Mới",
                                                         "role": "volunteer", "centre_id": 1}), ADMIN_CREATES),
    ("change account", ("PATCH", "/api/v1/admin/users/{user_id}"),
     lambda w, c, r: c.patch("/api/v1/admin/users/2", json={"display_name": "Phạm Minh Tâm"}),
     ADMIN_ONLY),
    ("catalog versions", ("GET", CATALOG), lambda w, c, r: c.get(CATALOG), ADMIN_ONLY),
    ("import workbook", ("POST", f"{CATALOG}/imports"), _import_workbook, ADMIN_CREATES),
    ("preview version", ("GET", f"{CATALOG}/versions/{{version_id}}/preview"),
     lambda w, c, r: c.get(f"{CATALOG}/versions/999999/preview"), ADMIN_MISSING),
    ("publish version", ("POST", f"{CATALOG}/versions/{{version_id}}/publish"),
     lambda w, c, r: c.post(f"{CATALOG}/versions/999999/publish"), ADMIN_MISSING),
    ("discard version", ("POST", f"{CATALOG}/versions/{{version_id}}/discard"),
     lambda w, c, r: c.post(f"{CATALOG}/versions/999999/discard"), ADMIN_MISSING),
    ("roll back", ("POST", f"{CATALOG}/rollback"), lambda w, c, r: c.post(f"{CATALOG}/rollback"),
     {**ADMIN_ONLY, AD: 409}),
    ("catalog conflicts", ("GET", f"{CATALOG}/conflicts"), lambda w, c, r: c.get(f"{CATALOG}/conflicts"), ADMIN_ONLY),
    ("resolve conflict", ("POST", f"{CATALOG}/conflicts/{{code}}"),
     lambda w, c, r: c.post(f"{CATALOG}/conflicts/1.001193", params={"keep": "centre"}), ADMIN_MISSING),
    ("catalog template", ("GET", f"{CATALOG}/template.xlsx"), lambda w, c, r: c.get(f"{CATALOG}/template.xlsx"),
     ADMIN_ONLY),
    ("catalog export", ("GET", f"{CATALOG}/export.xlsx"), lambda w, c, r: c.get(f"{CATALOG}/export.xlsx"),
     ADMIN_ONLY),
    ("centre catalog settings", ("PATCH", "/api/v1/admin/centres/{centre_id}/catalog"),
     lambda w, c, r: c.patch("/api/v1/admin/centres/1/catalog", json={"draft_grace_days": 30}), ADMIN_ONLY),
    ("tus options", ("OPTIONS", "/api/v1/uploads"), lambda w, c, r: c.options("/api/v1/uploads"),
     dict.fromkeys(ROLES, 204)),
    ("create upload", ("POST", "/api/v1/uploads"), _create_upload,
     {A: 401, C: 201, V: 401, VO: 401, S: 401, SO: 401, AD: 401}),
    ("upload offset", ("HEAD", "/api/v1/uploads/{upload_id}"),
     lambda w, c, r: c.head(w.upload_location, headers=TUS),
     {A: 401, C: 200, V: 401, VO: 401, S: 401, SO: 401, AD: 401}),
    ("upload chunk", ("PATCH", "/api/v1/uploads/{upload_id}"),
     lambda w, c, r: c.patch(w.upload_location, content=b"", headers={
         **TUS, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}),
     {A: 401, C: 409, V: 401, VO: 401, S: 401, SO: 401, AD: 401}),
    ("cancel upload", ("DELETE", "/api/v1/uploads/{upload_id}"),
     lambda w, c, r: c.delete(w.upload_location, headers=TUS),
     {A: 401, C: 409, V: 401, VO: 401, S: 401, SO: 401, AD: 401}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, route, request_fn, expected", CASES, ids=[c[0] for c in CASES])
def test_role_against_endpoint(world, role, name, route, request_fn, expected):
    client = world.client(role)
    try:
        res = request_fn(world, client, role)
    finally:
        if role in ("anonymous", "citizen"):
            client.close()
    assert res.status_code == expected[role], (name, role, res.status_code, res.text[:300])
    if res.status_code >= 400 and route[0] != "HEAD":
        detail = res.json()["detail"]
        assert detail["key"] and detail["vi"] and detail["en"]


def test_table_covers_every_dossier_service_endpoint(world):
    spec = world.accounts.anonymous().get("/openapi.json").json()
    ours = ("/api/v1/dossiers", "/api/v1/centres", "/api/v1/staff", "/api/v1/lookup", "/api/v1/reports",
            "/api/v1/admin/", "/api/v1/uploads", "/api/v1/returning")
    routes = {(method.upper(), path) for path, ops in spec["paths"].items() if path.startswith(ours)
              for method in ops}
    assert routes == {route for _, route, _, _ in CASES}


@pytest.mark.parametrize("role, sees", [("volunteer", True), ("volunteer_other", False), ("staff", True),
                                        ("staff_other", False), ("admin", True)])
def test_lists_only_show_what_the_role_may_see(world, role, sees):
    client = world.accounts[role]
    mine = {r["client_uuid"] for r in client.get("/api/v1/dossiers").json()}
    assert (world.client_uuid in mine) == sees
    if role.startswith("staff") or role == "admin":
        queue = {r["client_uuid"] for r in client.get("/api/v1/staff/queue", params={"limit": 500}).json()}
        assert (world.client_uuid in queue) == sees
        counted = sum(r["count"] for r in client.get("/api/v1/reports/daily").json())
        assert (counted > 0) == sees
