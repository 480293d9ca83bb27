"""The first visit of the wizard in Chromium against the production build: the service worker
activates with what the offline routes need and leaves the online pages' code for a later visit;
the offline routes open no Reflex websocket, home still does."""
from __future__ import annotations

import pytest

from tests.browser.conftest import SW_READY

pytestmark = pytest.mark.browser

# Polls the worker's cache in the page until `want` (true: cached, false: absent) holds for every
# URL, or the deadline passes; returns the URLs that do not match.
CACHED = """async ([urls, want, timeout]) => {
  const deadline = Date.now() + timeout;
  for (;;) {
    const cache = await caches.open('tiepsuc-precache-v1');
    const keys = (await cache.keys()).map((r) => new URL(r.url).pathname);
    const wrong = urls.filter((u) => keys.includes(u) !== want);
    if (!wrong.length || Date.now() > deadline) return wrong;
    await new Promise((r) => setTimeout(r, 100));
  }
}"""


def test_first_visit_precaches_the_offline_routes_and_the_online_pages_only_on_a_later_visit(browser, app):
    ctx = browser.new_context(locale="vi-VN", service_workers="allow")
    try:
        page = ctx.new_page()
        page.goto(app.url + "/nop-ho-so?ma=2.000635")
        page.wait_for_function(SW_READY)
        offline = ["/", "/thu-tuc", "/thu-tuc/chi-tiet", "/nop-ho-so", "/ho-so", "/__spa-fallback.html"]
        assert page.evaluate(CACHED, [offline, True, 0]) == []
        online = ["/can-bo", "/dang-nhap", "/quan-tri"]
        assert page.evaluate(CACHED, [online, False, 0]) == []  # not on the first visit
        page.reload()  # a page the worker controls asks for the rest
        assert page.evaluate(CACHED, [online, True, 20_000]) == []
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
