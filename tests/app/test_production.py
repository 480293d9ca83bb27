"""The production server on one port: pages, cache headers, security headers, health, config errors."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import httpx

from tests.support.servers import ROOT, app_server, base_env, free_port


def test_home_page_is_html_with_no_cache_and_csp(app):
    res = httpx.get(f"{app.url}/")
    assert res.status_code == 200 and "text/html" in res.headers["content-type"]
    assert res.headers["cache-control"] == "no-cache"
    assert "frame-ancestors 'none'" in res.headers["content-security-policy"]
    assert res.headers["permissions-policy"].startswith("camera=(self)")


def test_hashed_assets_are_immutable(app):
    html = httpx.get(f"{app.url}/").text
    asset = re.search(r'(/assets/[^"\']+\.js)', html).group(1)
    res = httpx.get(f"{app.url}{asset}")
    assert res.status_code == 200
    assert res.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_workbox_files_are_immutable_under_their_version(app):
    # Their folder names the pinned version: the worker's precache takes them from the HTTP cache
    # after importScripts fetched them (no revalidation per file on a first visit, issue 17).
    worker = httpx.get(f"{app.url}/sw.js").text
    folder = re.search(r"const WORKBOX = '(/workbox-v[^']+)'", worker).group(1)
    res = httpx.get(f"{app.url}{folder}/workbox-sw.js")
    assert res.status_code == 200 and res.headers["cache-control"] == "public, max-age=31536000, immutable"
    lists = json.loads(re.search(r"const PRECACHE = (\{.*?\});", worker).group(1))
    assert [e["revision"] for e in lists["install"] if e["url"] == f"{folder}/workbox-sw.js"] == [None]


def test_health_on_the_app_port(app):
    res = httpx.get(f"{app.url}/api/v1/health")
    assert res.status_code == 200 and res.json()["database"] == "ok"


def test_openapi_document_is_served(app):
    doc = httpx.get(f"{app.url}/openapi.json").json()
    assert "/api/v1/health" in doc["paths"]


def test_health_is_503_when_the_database_is_unreachable(tmp_path):
    from tests.support.servers import api_server

    env = base_env(DATA_DIR=tmp_path, DATABASE_URL=f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none")
    server = api_server(env, tmp_path / "api.log").start()
    try:
        res = httpx.get(f"{server.url}/api/v1/health")
        assert res.status_code == 503
        assert res.json()["database"] == "down" and res.json()["status"] == "unavailable"
    finally:
        server.stop()


def test_invalid_setting_stops_startup_naming_it(tmp_path):
    for name, value in (("PORT", "abc"), ("DATABASE_URL", "mysql://x/y"), ("LOG_LEVEL", "LOUD"),
                        ("SECRET_KEY", "short"), ("TRUSTED_PROXIES", "nginx"), ("HOUSEKEEPING_INTERVAL", "0")):
        env = base_env(DATA_DIR=tmp_path, **{name: value})
        result = subprocess.run([sys.executable, "-m", "volunteer_app.serve"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode != 0
        assert name in result.stderr and "Cấu hình không hợp lệ" in result.stderr


def test_offline_data_is_immutable_and_its_manifest_revalidated(app):
    manifest = httpx.get(f"{app.url}/offline-data/manifest.json")
    assert manifest.status_code == 200 and manifest.headers["cache-control"] == "no-cache"
    hashed = manifest.json()["messages"]
    res = httpx.get(f"{app.url}{hashed}")
    assert res.status_code == 200 and res.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_service_worker_and_manifest_are_served_fresh(app):
    sw = httpx.get(f"{app.url}/sw.js")
    assert sw.status_code == 200 and sw.headers["cache-control"] == "no-cache"
    assert "javascript" in sw.headers["content-type"]
    manifest = httpx.get(f"{app.url}/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest.headers["cache-control"] == "no-cache"
    icons = {icon["sizes"]: icon for icon in manifest.json()["icons"]}
    assert {"192x192", "512x512"} <= set(icons)
