"""The service worker's two precache lists (volunteer_app/web/precache.py) over a small build:
what the offline routes load is fetched at install, the rest (online pages, their code, code only
imported on demand, the procedures' definitions) after the first visit; and the real build's
worker carries both lists."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.servers import ROOT
from volunteer_app.web.precache import precache_lists

PAGE = """<html><head><link rel="modulepreload" href="/assets/entry-AAA.js"/><link rel="stylesheet" href="/assets/app-BBB.css"/>
<link rel="icon" href="/icons/icon-192.png"/></head><body><script type="module">import "/assets/{route}-CCC.js";</script></body></html>"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def build(tmp_path) -> Path:
    for route in ("index", "wizard", "staff", "__spa-fallback"):
        write(tmp_path / f"{route}.html", PAGE.format(route=route))
    write(tmp_path / "wizard" / "index.html", PAGE.format(route="wizard"))  # the same page twice
    write(tmp_path / "404" / "index.html", PAGE.format(route="404"))
    write(tmp_path / "assets" / "entry-AAA.js", 'import{a}from"./shared-DDD.js";')
    write(tmp_path / "assets" / "shared-DDD.js", 'export const a=1;const d=()=>import("./decoder-EEE.js");')
    write(tmp_path / "assets" / "decoder-EEE.js", "export const decode=1;")  # on demand only
    write(tmp_path / "assets" / "wizard-CCC.js", 'import"./shared-DDD.js";')
    for name in ("index-CCC.js", "__spa-fallback-CCC.js", "404-CCC.js"):
        write(tmp_path / "assets" / name, "")
    write(tmp_path / "assets" / "staff-CCC.js", 'import"./staff-only-FFF.js";')
    write(tmp_path / "assets" / "staff-only-FFF.js", "")
    write(tmp_path / "assets" / "app-BBB.css", "")
    write(tmp_path / "icons" / "icon-192.png", "png")
    write(tmp_path / "icons" / "icon-512.png", "png")
    write(tmp_path / "manifest.webmanifest", "{}")
    write(tmp_path / "offline-data" / "manifest.json", "{}")
    write(tmp_path / "offline-data" / "procedure-1.000001.0123456789ab.json", "{}")
    write(tmp_path / "offline-data" / "messages.0123456789ab.json", "{}")
    write(tmp_path / "offline-data" / "admin-units-legacy.0123456789ab.json", "{}")  # the card scan's, on demand
    write(tmp_path / "offline-data" / "messages-scan.0123456789ab.json", "{}")  # the card scanner's messages
    write(tmp_path / "offline-data" / "summaries.0123456789ab.json", "[]")
    write(tmp_path / "offline" / "screens.jsx", "")  # a source module Vite bundled: never listed
    write(tmp_path / "sw.js", "")
    return tmp_path


def test_install_holds_what_the_offline_routes_load_and_later_the_rest(build):
    lists = precache_lists(build, ["/", "/wizard"])
    install = {e["url"] for e in lists["install"]}
    later = {e["url"] for e in lists["later"]}
    assert install == {
        "/", "/wizard", "/__spa-fallback.html", "/manifest.webmanifest", "/icons/icon-192.png",
        "/assets/entry-AAA.js", "/assets/shared-DDD.js", "/assets/app-BBB.css", "/assets/index-CCC.js",
        "/assets/wizard-CCC.js", "/assets/__spa-fallback-CCC.js", "/assets/404-CCC.js",
        "/offline-data/manifest.json", "/offline-data/messages.0123456789ab.json",
    }
    # Online pages, their code, other icons, and code only ever imported on demand: after the first visit.
    # The procedures' definitions too (a catalog of hundreds): the worker adds the one on screen.
    # The summaries: the device catalog the page keeps carries them (the worker adds these only
    # when the page kept none), so a first visit does not fetch them twice.
    assert later == {"/staff", "/assets/staff-CCC.js", "/assets/staff-only-FFF.js", "/assets/decoder-EEE.js",
                     "/icons/icon-512.png", "/offline-data/procedure-1.000001.0123456789ab.json",
                     "/offline-data/admin-units-legacy.0123456789ab.json", "/offline-data/messages-scan.0123456789ab.json",
                     "/offline-data/summaries.0123456789ab.json"}


def test_hashed_names_carry_no_revision_and_pages_are_listed_once_under_their_route(build):
    entries = {e["url"]: e["revision"] for lst in precache_lists(build, ["/"]).values() for e in lst}
    assert entries["/assets/entry-AAA.js"] is None
    assert entries["/offline-data/procedure-1.000001.0123456789ab.json"] is None
    assert re.fullmatch(r"[0-9a-f]{32}", entries["/wizard"]) and re.fullmatch(r"[0-9a-f]{32}", entries["/offline-data/manifest.json"])
    assert not any(url.endswith(".html") and url != "/__spa-fallback.html" for url in entries)
    assert not any(url.startswith("/offline/") or url == "/sw.js" for url in entries)


def test_the_built_worker_precaches_the_offline_routes_at_install_and_the_online_pages_later():
    sw = ROOT / ".web" / "build" / "client" / "sw.js"
    if not sw.exists():
        pytest.fail("No production build: run the suite with ./tiepsuc test (it builds the frontend first)")
    lists = json.loads(re.search(r"const PRECACHE = (\{.*?\});", sw.read_text()).group(1))
    install = {e["url"] for e in lists["install"]}
    later = {e["url"] for e in lists["later"]}
    assert {"/", "/thu-tuc", "/thu-tuc/chi-tiet", "/nop-ho-so", "/ho-so", "/__spa-fallback.html"} <= install
    assert not {u for u in install if u.startswith("/offline-data/procedure-")}  # the worker adds the one on screen
    assert len({u for u in later if u.startswith("/offline-data/procedure-")}) >= 12
    assert {"/can-bo", "/dang-nhap", "/quan-tri"} <= later and not install & later
    # The card scanner, its QR decoder, its messages and the pre-2025 units load on first need:
    # precached after the first visit, never in it.
    assert not [u for u in install if re.search(r"admin-units-legacy|messages-scan|zxing|card-scan", u, re.I)]
    for prefix in ("/offline-data/admin-units-legacy.", "/offline-data/messages-scan.", "/assets/zxing-qr-", "/assets/card-scan-"):
        assert any(u.startswith(prefix) for u in later), prefix
