"""Playwright driving Debian's Chromium (never a downloaded browser build)."""
from __future__ import annotations

import pytest

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out of this closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# Module scope: Playwright's sync API keeps an asyncio loop running in this thread while it is
# open, which would break later (non-browser) tests that call asyncio.run().
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(locale="vi-VN", viewport={"width": 768, "height": 1024})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


SW_READY = """async () => {
  const reg = await navigator.serviceWorker.ready;
  return !!reg.active && reg.active.state === 'activated' && !!navigator.serviceWorker.controller;
}"""

# Polls the worker's cache in the page until `want` (true: cached, false: absent) holds for every
# URL, or the deadline passes; returns the URLs that do not match.
CACHED = """async ([urls, want, timeout]) => {
  const deadline = Date.now() + timeout;
  for (;;) {
    const keys = [];
    for (const name of ['tiepsuc-precache-install', 'tiepsuc-precache-later']) {
      keys.push(...(await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname));
    }
    const wrong = urls.filter((u) => keys.includes(u) !== want);
    if (!wrong.length || Date.now() > deadline) return wrong;
    await new Promise((r) => setTimeout(r, 100));
  }
}"""


def precache_lists() -> dict:
    """The built worker's two lists (volunteer_app/web/precache.py)."""
    import json
    import re

    from tests.support.servers import ROOT

    sw = (ROOT / ".web" / "build" / "client" / "sw.js").read_text()
    return json.loads(re.search(r"const PRECACHE = (\{.*?\});", sw).group(1))


def precache_everything(page) -> None:
    """After a first visit (worker active): a second page load, which asks the worker for the
    rest of the precache (the online pages, every procedure's definition), and wait for it."""
    page.reload()
    page.wait_for_function(SW_READY)
    later = [entry["url"] for entry in precache_lists()["later"]]
    assert page.evaluate(CACHED, [later, True, 90_000]) == []


@pytest.fixture(scope="module")
def offline_contexts(browser, app, app_env):
    """Two browser contexts that visited the app online (service worker installed, then a second
    page load: everything precached), then lost the server (SIGKILL) and the network: a citizen's phone
    (nobody signed in) and a volunteer's tablet (tnv.demo signed in during the online visit, so
    the device files in volunteer mode). The server is restarted after the module."""
    from tests.browser.staff_support import ui_login
    from tests.support.accounts import DEMO_VOLUNTEER, bootstrap

    bootstrap(app_env)  # the demo accounts
    citizen = browser.new_context(locale="vi-VN", viewport={"width": 768, "height": 1024}, service_workers="allow")
    tablet = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768}, service_workers="allow")
    page = citizen.new_page()
    page.goto(app.url + "/")
    page.wait_for_function(SW_READY)
    precache_everything(page)  # every procedure, as after any second page load
    page.close()
    page = tablet.new_page()
    ui_login(page, app.url, *DEMO_VOLUNTEER, expect_path="/tnv")
    page.goto(app.url + "/")
    page.wait_for_function(SW_READY)
    precache_everything(page)
    page.close()
    app.kill()
    citizen.set_offline(True)
    tablet.set_offline(True)
    yield {"citizen": citizen, "volunteer": tablet}
    citizen.close()
    tablet.close()
    app.start()


def _page(ctx):
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    return page


@pytest.fixture
def offline_page(offline_contexts):
    page = _page(offline_contexts["citizen"])
    yield page
    if not page.is_closed():
        page.close()


@pytest.fixture
def offline_volunteer_page(offline_contexts):
    """The volunteer's tablet, landscape 1024×768, offline."""
    page = _page(offline_contexts["volunteer"])
    yield page
    if not page.is_closed():
        page.close()
