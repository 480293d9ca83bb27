"""Accounts and dossiers for the online-screen browser tests (staff, volunteer, admin, loop).

Dossiers are submitted over the real sync API (HTTP, tests/support/dossiers.py); the browser then
drives the Reflex screens. Every wait is on a condition (selector, URL, text), never a sleep.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from tests.support.accounts import DEMO_STAFF, DEMO_VOLUNTEER, bootstrap
from tests.support.dossiers import (
    NEW_PASSWORD,
    VALID_ANSWERS,
    body,
    new_token,
    new_uuid,
    pdf_bytes,
    png_bytes,
    sha256,
    signed_in,
    upload,
)

TIMEOUT = 20_000  # ms, for conditions the server has to meet (a websocket round trip, a DB write)
_CACHE: dict[str, "Env"] = {}


@dataclass
class Env:
    url: str
    admin_password: str
    staff: httpx.Client
    volunteer: httpx.Client
    admin: httpx.Client
    admin_user: str = "admin"


def _admin_by_service(app_env: dict) -> str:
    """When another module bootstrapped first, the admin's one-time password is gone: make a
    second admin through the admin service on the app's database (what an operator's script does)."""
    from sqlmodel import Session, select

    from volunteer_app.core.db import get_engine
    from volunteer_app.models import Role, User
    from volunteer_app.services import admin as svc
    from volunteer_app.services.actors import SYSTEM

    with Session(get_engine(app_env["DATABASE_URL"])) as db:
        existing = db.exec(select(User).where(User.username == "admin.browser")).first()
        if existing is None:
            _, password = svc.create_user(db, SYSTEM, "admin.browser", "Quản trị (kiểm thử)", Role.admin, None)
            return password
    raise RuntimeError("admin.browser exists but its password is unknown")


def env(app, app_env) -> Env:
    if app.url in _CACHE:
        return _CACHE[app.url]
    admin_otp = bootstrap(app_env)
    admin_user = "admin"
    if admin_otp is None:
        admin_otp, admin_user = _admin_by_service(app_env), "admin.browser"
    admin = signed_in(app.url, admin_user, admin_otp)  # changes the one-time password to NEW_PASSWORD
    out = Env(app.url, NEW_PASSWORD, signed_in(app.url, *DEMO_STAFF), signed_in(app.url, *DEMO_VOLUNTEER), admin,
              admin_user)
    _CACHE[app.url] = out
    return out


def submit_dossier(client: httpx.Client, answers: dict | None = None, attachment: bool | str = False,
                   channel: str = "volunteer") -> dict:
    """A real submission over HTTP; returns {code, pin, client_uuid, token, body, attachment_sha}.
    attachment: True (a PNG) or "pdf"."""
    client_uuid, token = new_uuid(), new_token()
    answers = dict(VALID_ANSWERS if answers is None else answers)
    digest = None
    if attachment:
        pdf = attachment == "pdf"
        data, mime, name = (pdf_bytes(), "application/pdf", "mien-phi.pdf") if pdf else (png_bytes(3000), "image/png", "mien-phi.png")
        upload(client, token, client_uuid, data, mime=mime, filename=name)
        digest = sha256(data)
        answers.update({"fee_exemption": "poor", "upload_exemption_proof": [
            {"sha256": digest, "size": len(data), "mime": mime, "name": name}]})
    payload = body(answers=answers, channel=channel)
    res = client.put(f"/api/v1/dossiers/{client_uuid}", json=payload, headers={"X-Dossier-Token": token})
    assert res.status_code == 201, res.text
    return {**res.json(), "token": token, "body": payload, "attachment_sha": digest}


def cookie_login(context, client: httpx.Client, url: str) -> None:
    """Give a browser context the session of an httpx client (both cookies, same origin)."""
    host = httpx.URL(url).host
    context.add_cookies([{"name": c.name, "value": c.value, "domain": host, "path": "/"}
                         for c in client.cookies.jar if c.name in ("ts_session", "ts_csrf")])


def ui_login(page, url: str, username: str, password: str, expect_path: str, device_name: str = "Máy kiểm thử") -> None:
    """Sign in on /dang-nhap; a volunteer on a tablet not yet registered names it first (issue 16)."""
    page.goto(url + "/dang-nhap")
    page.get_by_label(re.compile("Tên đăng nhập")).fill(username)
    page.get_by_label(re.compile("^Mật khẩu")).fill(password)
    page.get_by_role("button", name=re.compile("^Đăng nhập")).click()
    arrive(page, expect_path, device_name)


def arrive(page, expect_path: str, device_name: str = "Máy kiểm thử") -> None:
    """After signing in (or choosing a new password): on to ``expect_path``, naming the tablet
    first when it is not registered yet (issue 16)."""
    page.wait_for_function("""(path) => location.pathname.replace(/\\/$/, '') === path.replace(/\\/$/, '')
      || !!document.getElementById('device_name')""", arg=expect_path, timeout=TIMEOUT)
    if page.locator("#device_name").count():
        page.get_by_label(re.compile("^Tên máy tính bảng")).fill(device_name)
        page.get_by_role("button", name=re.compile("^Lưu tên máy")).click()
    page.wait_for_url(re.compile(re.escape(expect_path) + r"/?(\?.*)?$"), timeout=TIMEOUT)


def fill_supplement_reasons(page, reasons: list[tuple[str, str]]) -> None:
    """On an open dossier page: open the supplement form (Mẫu 02) and fill one line per
    (target, reason); the form starts with one line, "add-reason" adds the others."""
    page.get_by_test_id("return").click()
    for _ in reasons[1:]:
        page.get_by_test_id("add-reason").click()
    page.locator(f"#target_{len(reasons) - 1}").wait_for(timeout=TIMEOUT)
    for i, (target, text) in enumerate(reasons):
        page.locator(f"#target_{i}").select_option(target)
        page.locator(f"#text_{i}").fill(text)
