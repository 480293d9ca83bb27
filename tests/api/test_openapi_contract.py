"""What /openapi.json says is what the server does (issue 12, item 12), one finding of the
schemathesis run (tests/security/test_schemathesis.py) each, over real HTTP on both databases."""
from __future__ import annotations

import httpx
import pytest

from tests.support.dossiers import OTHER_CENTRE, body, new_token, new_uuid


@pytest.fixture(scope="module")
def openapi(api) -> dict:
    return httpx.get(f"{api.url}/openapi.json", timeout=30).json()


@pytest.fixture
def client(api):
    with httpx.Client(base_url=api.url, timeout=30) as c:
        yield c


def declared(openapi: dict, path: str) -> str:
    return ", ".join(sorted([m.upper() for m in openapi["paths"][path]] + ["OPTIONS"]))


@pytest.mark.parametrize("path, template", [
    ("/api/v1/admin/centres", "/api/v1/admin/centres"),
    ("/api/v1/dossiers/" + "0" * 8 + "-0000-4000-8000-" + "0" * 12, "/api/v1/dossiers/{client_uuid}"),
    ("/api/v1/uploads/" + "0" * 32, "/api/v1/uploads/{upload_id}"),
])
def test_options_names_every_documented_method_of_the_path(client, openapi, path, template):
    # Starlette answered 405 with the methods of the first matching route only (Allow: GET).
    res = client.options(path)
    assert res.status_code == 204 and res.headers["allow"] == declared(openapi, template)


def test_an_undocumented_method_gets_405_with_the_whole_allow_list(client, openapi):
    res = client.delete("/api/v1/admin/centres")
    assert res.status_code == 405 and res.headers["allow"] == "GET, OPTIONS, POST"
    assert res.json()["detail"]["key"] == "request.method_not_allowed"
    assert declared(openapi, "/api/v1/admin/centres") == "GET, OPTIONS, POST"


def test_tus_options_answers_without_tus_resumable_and_names_its_methods(client):
    res = client.options("/api/v1/uploads")
    assert res.status_code == 204 and res.headers["allow"] == "OPTIONS, POST"
    assert res.headers["tus-version"] == "1.0.0" and res.headers["tus-resumable"] == "1.0.0"


@pytest.mark.parametrize("method", ["post", "head", "patch", "delete"])
def test_tus_resumable_is_declared_required_and_its_absence_is_412(client, openapi, method):
    path = "/api/v1/uploads" if method == "post" else "/api/v1/uploads/{upload_id}"
    params = {p["name"]: p for p in openapi["paths"][path][method]["parameters"]}
    assert params["Tus-Resumable"]["required"] is True
    assert params["Tus-Resumable"]["schema"]["enum"] == ["1.0.0"]
    assert openapi["paths"][path][method]["responses"]["412"]["headers"]["Tus-Version"]["required"] is True
    url = "/api/v1/uploads" if method == "post" else "/api/v1/uploads/" + "0" * 32
    res = client.request(method.upper(), url, headers={"X-Dossier-Token": new_token()})
    assert res.status_code == 412 and res.headers["tus-version"] == "1.0.0"


def test_a_tus_chunk_body_is_declared_as_offset_octet_stream(openapi):
    patch = openapi["paths"]["/api/v1/uploads/{upload_id}"]["patch"]
    assert list(patch["requestBody"]["content"]) == ["application/offset+octet-stream"]
    assert "Content-Type" not in {p["name"] for p in patch["parameters"]}


def test_the_limit_answers_are_declared_where_they_happen(openapi):
    put = openapi["paths"]["/api/v1/dossiers/{client_uuid}"]["put"]["responses"]
    chunk = openapi["paths"]["/api/v1/uploads/{upload_id}"]["patch"]["responses"]
    for status in ("413", "429", "503"):
        assert status in put and status in chunk
    assert "423" in chunk and "Retry-After" in chunk["423"]["headers"]
    assert "Retry-After" in put["429"]["headers"] and "Retry-After" in put["503"]["headers"]


def test_a_report_date_is_only_yyyy_mm_dd(accounts):
    staff = accounts["staff"]
    # pydantic alone read "0" as 1970-01-01 although the schema says format: date.
    assert staff.get("/api/v1/reports/daily", params={"end": "0"}).status_code == 422
    assert staff.get("/api/v1/reports/daily.csv", params={"end": "0"}).status_code == 422
    assert staff.get("/api/v1/reports/daily", params={"start": "2026-11-01", "end": "2026-11-30"}).status_code == 200


def test_body_values_must_have_their_declared_type(accounts):
    admin = accounts["admin"]
    users = {u["username"]: u["id"] for u in admin.get("/api/v1/admin/users").json()}
    target = users["tnv.khac"]
    # "yes" is no boolean and "3" no integer: they were taken (lax pydantic) although the schema refuses them.
    for bad in ({"reset_password": "yes"}, {"is_active": "false"}, {"centre_id": "1"}, {"centre_id": True}):
        res = admin.patch(f"/api/v1/admin/users/{target}", json=bad)
        assert res.status_code == 422, (bad, res.text)
    # 3.0 is an integer in JSON Schema, and the server takes it as one.
    res = admin.patch(f"/api/v1/admin/users/{target}", json={"centre_id": float(accounts.centre_ids[OTHER_CENTRE])})
    assert res.status_code == 200, res.text
    res = accounts.anonymous().put(f"/api/v1/dossiers/{new_uuid()}", json=body(version=1.0),
                                   headers={"X-Dossier-Token": new_token()})
    assert res.status_code == 201, res.text


def test_a_volunteer_or_staff_account_needs_a_centre(accounts, openapi):
    assert "admin.centre_required" in openapi["components"]["schemas"]["UserIn"]["description"]
    res = accounts["admin"].post("/api/v1/admin/users", json={"username": "no.centre", "display_name": "X",
                                                              "role": "staff"})
    assert res.status_code == 422 and res.json()["detail"]["key"] == "admin.centre_required"
