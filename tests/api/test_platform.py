"""Health, sessions, CSRF, throttling, headers and logs over real HTTP, on SQLite and PostgreSQL."""
from __future__ import annotations

import json

import httpx
import pytest

from tests.support.accounts import DEMO_STAFF, DEMO_VOLUNTEER, bootstrap, login


@pytest.fixture(scope="module")
def admin_password(api, db_env) -> str:
    password = bootstrap(db_env)
    assert password, "the first bootstrap must print a one-time admin password"
    return password


@pytest.fixture
def client(api):
    with httpx.Client(base_url=api.url, timeout=30) as c:
        yield c


def test_health_reports_version_database_and_redis(client, db_env):
    res = client.get("/api/v1/health")
    assert res.status_code == 200
    body = res.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["redis"] == "disabled"
    assert body["version"]


def test_api_responses_carry_security_headers_and_no_store(client):
    res = client.get("/api/v1/health")
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "camera=(self)" in res.headers["permissions-policy"]
    assert res.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"  # JSON: no document
    assert res.headers["cache-control"] == "no-store"


def test_second_bootstrap_prints_no_new_password(api, db_env, admin_password):
    assert bootstrap(db_env) is None


def test_admin_must_change_one_time_password_first(client, admin_password):
    res = login(client, "admin", admin_password)
    assert res.status_code == 200, res.text
    assert res.json()["user"]["must_change_password"] is True
    csrf = res.json()["csrf_token"]
    short = client.post("/api/v1/auth/password", json={"old_password": admin_password, "new_password": "short"},
                        headers={"x-csrf-token": csrf})
    assert short.status_code == 400 and short.json()["detail"]["key"] == "auth.password_too_short"
    assert "ít nhất 10 ký tự" in short.json()["detail"]["vi"]
    ok = client.post("/api/v1/auth/password", json={"old_password": admin_password, "new_password": "a-long-new-pass"},
                     headers={"x-csrf-token": csrf})
    assert ok.status_code == 200
    assert client.get("/api/v1/auth/me").json()["must_change_password"] is False
    # The one-time password is gone for good.
    with httpx.Client(base_url=str(client.base_url)) as other:
        assert login(other, "admin", admin_password).status_code == 401


def test_wrong_password_and_unknown_user_answer_alike(client, admin_password):
    wrong = login(client, DEMO_VOLUNTEER[0], "not-the-password")
    unknown = login(client, "nobody.here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["detail"]["vi"].startswith("Tên đăng nhập hoặc mật khẩu không đúng")


def test_session_cookie_is_httponly_and_writes_need_csrf(client, admin_password):
    res = login(client, *DEMO_STAFF)
    assert res.status_code == 200
    cookie = res.headers.get_list("set-cookie")
    assert any("ts_session=" in c and "HttpOnly" in c and "SameSite=lax" in c for c in cookie)
    assert client.get("/api/v1/auth/me").json()["role"] == "staff"
    forged = client.post("/api/v1/auth/logout")
    assert forged.status_code == 403 and forged.json()["detail"]["key"] == "auth.csrf_failed"
    assert client.get("/api/v1/auth/me").status_code == 200  # the forged request changed nothing
    out = client.post("/api/v1/auth/logout", headers={"x-csrf-token": res.json()["csrf_token"]})
    assert out.status_code == 200
    assert client.get("/api/v1/auth/me").status_code == 401


def test_revoked_session_cookie_stays_dead(client, api, admin_password):
    res = login(client, *DEMO_VOLUNTEER)
    token = client.cookies.get("ts_session")
    client.post("/api/v1/auth/logout", headers={"x-csrf-token": res.json()["csrf_token"]})
    with httpx.Client(base_url=api.url, cookies={"ts_session": token}) as replay:
        assert replay.get("/api/v1/auth/me").status_code == 401


def test_repeated_failed_sign_ins_are_throttled(client, admin_password):
    for _ in range(5):
        assert login(client, DEMO_VOLUNTEER[0], "wrong-password").status_code == 401
    locked = login(client, *DEMO_VOLUNTEER)  # even the right password waits now
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0
    assert "thử lại sau" in locked.json()["detail"]["vi"]


def test_logs_are_json_lines_without_personal_data(client, api, admin_password):
    citizen_id, name, phone = "079203001234", "Nguyễn Thị Minh Khai", "0912345678"
    client.get("/api/v1/health", params={"q": citizen_id, "name": name, "phone": phone})
    login(client, name, citizen_id)
    lines = [line for line in api.log_path.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    requests = [json.loads(line) for line in lines if '"event": "request"' in line]
    assert any(r["path"] == "/api/v1/health" and r["status"] == 200 for r in requests)
    text = api.log_path.read_text(encoding="utf-8")
    for secret in (citizen_id, name, phone, "Nguyễn"):
        assert secret not in text
