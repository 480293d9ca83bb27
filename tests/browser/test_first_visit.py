"""The first visit of the wizard in Chromium against the production build: the service worker
activates with what the offline routes need and the definition of the procedure on screen, and
leaves the online pages' code and the other definitions for a later page load;
the offline routes open no Reflex websocket, home still does."""
from __future__ import annotations

import pytest

from tests.browser.conftest import CACHED, SW_READY, precache_lists

pytestmark = pytest.mark.browser


def data_url(code: str) -> str:
    return next(e["url"] for e in precache_lists()["later"] if e["url"].startswith(f"/offline-data/procedure-{code}."))


def test_first_visit_precaches_the_offline_routes_and_the_online_pages_only_on_a_later_visit(browser, app):
    ctx = browser.new_context(locale="vi-VN", service_workers="allow")
    try:
        page = ctx.new_page()
        page.goto(app.url + "/nop-ho-so?ma=2.000635")
        page.wait_for_function(SW_READY)
        offline = ["/", "/thu-tuc", "/thu-tuc/chi-tiet", "/nop-ho-so", "/ho-so", "/__spa-fallback.html"]
        assert page.evaluate(CACHED, [offline, True, 0]) == []
        assert page.evaluate(CACHED, [[data_url("2.000635")], True, 0]) == []  # the procedure on screen
        # The build's summaries neither: the device catalog the page kept carries them (issue 17).
        summaries = next(e["url"] for e in precache_lists()["later"] if e["url"].startswith("/offline-data/summaries."))
        online = ["/can-bo", "/dang-nhap", "/quan-tri", data_url("1.000656"), summaries]
        assert page.evaluate(CACHED, [online, False, 0]) == []  # not on the first visit
        page.reload()  # a page the worker controls asks for the rest
        assert page.evaluate(CACHED, [online, True, 60_000]) == []
    finally:
        ctx.close()


def test_the_offline_routes_open_no_reflex_websocket_and_home_does(browser, app):
    ctx = browser.new_context(locale="vi-VN", service_workers="block")
    try:
        page = ctx.new_page()
        sockets: list[str] = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        page.goto(app.url + "/nop-ho-so?ma=2.000635")
        page.locator("#f-applicant_name").fill("Nguyễn Văn An")  # the wizard works without it
        page.wait_for_function("() => window.__tiepsucSavedRev && window.__tiepsucSavedRev.rev >= 1")
        page.goto(app.url + "/thu-tuc")
        page.get_by_role("searchbox").first.wait_for()
        assert sockets == []
        with page.expect_websocket() as home_socket:
            page.goto(app.url + "/")
        assert "/_event" in home_socket.value.url
    finally:
        ctx.close()


def test_the_device_catalog_is_asked_once_while_the_scripts_load(browser, app):
    # The page's inline script asks for it as the HTML is parsed; data.js takes that answer instead
    # of asking again (issue 17: one round trip less before the wizard on 3G).
    ctx = browser.new_context(locale="vi-VN", service_workers="block")
    try:
        page = ctx.new_page()
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url) if "/api/v1/catalog/device" in r.url else None)
        definitions: list[str] = []
        page.on("request", lambda r: definitions.append(r.url) if "procedure" in r.url else None)
        page.goto(app.url + "/nop-ho-so?ma=2.000635")
        page.locator("#f-applicant_name").fill("Nguyễn Văn An")
        page.wait_for_function("() => window.__tiepsucSavedRev && window.__tiepsucSavedRev.rev >= 1")
        assert len(asked) == 1, asked
        # The catalog, the manifest and the build's copy of the definition on screen: taken by data.js.
        assert page.evaluate("Object.values(window.__tiepsucEarly)") == [None, None, None]
        assert len(definitions) == 1 and "/offline-data/procedure-2.000635." in definitions[0], definitions
    finally:
        ctx.close()
