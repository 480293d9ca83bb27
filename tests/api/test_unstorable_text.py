"""Text no database can store (NUL, lone UTF-16 surrogates) gets a clear 422 before any route
runs, the same on SQLite and PostgreSQL, and nothing is stored. Found by schemathesis: PostgreSQL
refused a centre name holding "\\u0000" with a 500."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tests.support.dossiers import body, new_token, new_uuid
from volunteer_app.core.clean_json import has_unstorable_text


@pytest.mark.parametrize("value, bad", [
    ("Nguyễn Văn An", False), ({"a": ["b", {"c": "d"}]}, False), (["tab\tand\nnewline"], False), (42, False),
    ("a\x00b", True), ({"k": ["ok", "\ud800"]}, True), ({"bad\x00key": 1}, True), ({"x": {"y": ["\udfff"]}}, True),
])
def test_finds_nul_and_lone_surrogates_anywhere(value, bad):
    assert has_unstorable_text(value) is bad


def _send(client, method: str, url: str, payload: dict, **headers):
    raw = json.dumps(payload)  # ensure_ascii: "\u0000" and "\ud800" travel as JSON escapes
    return client.request(method, url, content=raw, headers={"Content-Type": "application/json", **headers})


def _refused(res) -> None:
    assert res.status_code == 422, res.text
    detail = res.json()["detail"]
    assert detail["key"] == "request.unstorable_text" and detail["vi"].startswith("Dữ liệu gửi lên có ký tự")


def test_centre_name_with_nul_is_refused_and_not_stored(accounts, engine):
    admin = accounts["admin"]
    _refused(_send(admin, "PATCH", "/api/v1/admin/centres/1", {"name": "Trung tâm\x00 A"}))
    with engine.connect() as con:
        assert "\x00" not in con.execute(text("SELECT name FROM centre WHERE id = 1")).scalar_one()


def test_dossier_with_a_broken_name_is_refused_and_not_stored(accounts, engine):
    client_uuid, token = new_uuid(), new_token()
    payload = body()
    payload["answers"]["applicant_name"] = "Nguyễn \ud800An"
    _refused(_send(accounts["volunteer"], "PUT", f"/api/v1/dossiers/{client_uuid}", payload,
                   **{"X-Dossier-Token": token}))
    with engine.connect() as con:
        assert con.execute(text("SELECT count(*) FROM dossier WHERE client_uuid = :u"), {"u": client_uuid}).scalar_one() == 0
    # The same body without the broken character goes through.
    payload["answers"]["applicant_name"] = "Nguyễn Văn An"
    res = _send(accounts["volunteer"], "PUT", f"/api/v1/dossiers/{client_uuid}", payload, **{"X-Dossier-Token": token})
    assert res.status_code == 201, res.text


def test_non_json_and_clean_bodies_pass_untouched(accounts):
    res = accounts["admin"].request("PATCH", "/api/v1/admin/centres/1", content=b"{not json",
                                    headers={"Content-Type": "application/json"})
    # FastAPI's own answer to a body that is not JSON (its list shape), not ours.
    assert res.status_code == 422 and isinstance(res.json()["detail"], list)
    res = _send(accounts["admin"], "PATCH", "/api/v1/admin/centres/1",
                {"name": "Trung tâm Phục vụ hành chính công (demo)"})
    assert res.status_code == 200, res.text
