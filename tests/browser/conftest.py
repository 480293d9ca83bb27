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


@pytest.fixture(scope="module")
def offline_context(browser, app):
    """A browser context that visited the app once online (service worker installed, everything
    precached), then lost the server (SIGKILL) and the network. The server is restarted after
    the module, for the tests that need it."""
    ctx = browser.new_context(locale="vi-VN", viewport={"width": 768, "height": 1024}, service_workers="allow")
    page = ctx.new_page()
    page.goto(app.url + "/")
    page.wait_for_function(SW_READY)
    page.close()
    app.kill()
    ctx.set_offline(True)
    yield ctx
    ctx.close()
    app.start()


@pytest.fixture
def offline_page(offline_context):
    page = offline_context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    if not page.is_closed():
        page.close()
