"""A new deployment shows "Có phiên bản mới — tải lại"; reloading keeps the draft in progress,
including a change typed just before the click (flushed before the new worker takes over)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

import gzip
import shutil

from tests.browser.conftest import SW_READY
from tests.support.servers import ROOT
from tests.browser.offline_support import draft_id, read_draft, wait_saved

pytestmark = pytest.mark.browser
BUILD = ROOT / ".web" / "build" / "client"


@pytest.fixture
def redeploy(tmp_path):
    """Returns a function that "deploys" a new version: the same worker with different bytes
    (sw.js and its gzip sidecar, as the server serves them). The build is restored afterwards.
    (Playwright's routing does not see a service worker's own update check, so the file changes.)"""
    saved = {}
    for name in ("sw.js", "sw.js.gz"):
        if (BUILD / name).exists():
            saved[name] = tmp_path / name
            shutil.copy2(BUILD / name, saved[name])

    def deploy():
        body = (BUILD / "sw.js").read_bytes() + b"\n// deployment 2\n"
        (BUILD / "sw.js").write_bytes(body)
        if "sw.js.gz" in saved:
            (BUILD / "sw.js.gz").write_bytes(gzip.compress(body))

    yield deploy
    for name, copy in saved.items():
        shutil.copy2(copy, BUILD / name)


def test_new_version_banner_reload_keeps_draft(browser, app, redeploy):
    ctx = browser.new_context(locale="vi-VN", viewport={"width": 1024, "height": 768}, service_workers="allow")
    try:
        page = ctx.new_page()
        page.goto(app.url + "/nop-ho-so?ma=2.000635")
        page.wait_for_function(SW_READY)
        draft = draft_id(page)
        # A reload straight after typing (inside the autosave debounce): the pagehide write keeps it.
        page.locator("#f-applicant_name").fill("Phạm Minh Khang")
        page.reload()
        expect(page.locator("#f-applicant_name")).to_have_value("Phạm Minh Khang")
        wait_saved(page, draft, "d.answers.applicant_name === 'Phạm Minh Khang'")
        expect(page.get_by_role("button", name="Có phiên bản mới — tải lại")).to_have_count(0)

        redeploy()
        page.reload()  # a navigation makes the browser check /sw.js (served no-cache)
        banner = page.get_by_role("button", name="Có phiên bản mới — tải lại")
        expect(banner).to_be_visible(timeout=30_000)
        page.locator("#f-applicant_phone").fill("0912345678")  # typed just before the click
        with page.expect_navigation():
            banner.click()
        expect(page.locator("#f-applicant_name")).to_have_value("Phạm Minh Khang")
        expect(page.locator("#f-applicant_phone")).to_have_value("0912345678")
        assert read_draft(page, draft)["answers"]["applicant_phone"] == "0912345678"
        expect(page.get_by_role("button", name="Có phiên bản mới — tải lại")).to_have_count(0)
    finally:
        ctx.close()
