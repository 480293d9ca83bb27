"""Where the security headers go, against the production build served by the real server process:
the page policy on HTML and on sw.js, the attachment route's own framing policy, and no CSP on
hashed scripts, styles, images or data (1.5 KB each, a fifth of a first visit's headers, for
nothing: a script or an image is not a document). Also: a route's page at its own URL, no redirect."""
from __future__ import annotations

import base64
import hashlib
import re

import httpx
import pytest

from tests.browser.staff_support import env, submit_dossier

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
HTML_ROUTES = ["/", "/nop-ho-so?ma=2.000635", "/nop-ho-so/", "/thu-tuc/chi-tiet", "/ho-so", "/dang-nhap",
               "/no-such-page"]


def inline_hashes(html: str) -> set[str]:
    return {"'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
            for body in INLINE_SCRIPT.findall(html) if body}


@pytest.fixture(scope="module")
def client(app):
    with httpx.Client(base_url=app.url, headers={"Accept-Encoding": "gzip"}, timeout=30) as c:
        yield c


def test_hashed_scripts_styles_images_and_data_carry_no_csp(client):
    html = client.get("/nop-ho-so?ma=2.000635").text
    assets = set(re.findall(r'"(/assets/[^"]+\.(?:js|css))"', html))
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    manifest = client.get("/offline-data/manifest.json").json()
    files = [*assets, manifest["messages"], manifest["summaries"], manifest["procedures"]["2.000635"],
             "/offline-data/manifest.json", "/icons/icon-192.png", "/manifest.webmanifest"]
    for path in files:
        res = client.get(path)
        assert res.status_code == 200, path
        assert "content-security-policy" not in res.headers, path
        assert "x-frame-options" not in res.headers and "permissions-policy" not in res.headers, path
        assert res.headers["x-content-type-options"] == "nosniff", path


@pytest.mark.parametrize("path", HTML_ROUTES)
def test_every_html_response_carries_the_page_policy_naming_its_own_inline_scripts(client, path):
    res = client.get(path)
    assert res.status_code == (404 if path == "/no-such-page" else 200)
    assert res.headers["content-type"].startswith("text/html")
    csp = res.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
    script_src = set(csp.split("script-src ")[1].split(";")[0].split())
    assert inline_hashes(res.text) and inline_hashes(res.text) <= script_src  # each inline script allowed
    assert res.headers["x-frame-options"] == "DENY"


def test_the_service_worker_script_carries_the_policy_that_governs_the_worker(client):
    res = client.get("/sw.js")
    assert res.status_code == 200 and "javascript" in res.headers["content-type"]
    csp = res.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp and "frame-ancestors 'none'" in csp


def test_the_attachment_route_carries_its_own_framing_policy(app, app_env, client):
    accounts = env(app, app_env)
    dossier = submit_dossier(accounts.volunteer, attachment="pdf")
    detail = accounts.staff.get(f"/api/v1/staff/dossiers/{dossier['code']}").json()
    res = accounts.staff.get(f"/api/v1/staff/attachments/{detail['attachments'][0]['id']}")
    assert res.status_code == 200 and res.headers["content-type"] == "application/pdf"
    assert res.headers["content-security-policy"] == (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'")
    assert res.headers["x-frame-options"] == "SAMEORIGIN"


def test_a_route_is_served_at_its_own_url_without_a_redirect(client):
    for path in ("/nop-ho-so?ma=2.000635", "/thu-tuc/chi-tiet?ma=2.000635", "/ho-so"):
        res = client.get(path, follow_redirects=False)
        assert res.status_code == 200 and "<html" in res.text, path
    assert client.get("/ho-so/", follow_redirects=False).status_code == 200
    assert client.get("/api/v1/health", follow_redirects=False).status_code == 200
