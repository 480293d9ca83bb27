"""The home screen in Chromium: renders in Vietnamese, passes its own CSP, and is screenshotted."""
from __future__ import annotations

from tests.support.servers import ROOT

SCREENSHOT = ROOT / "docs" / "screenshots" / "home.png"


def test_home_screen_renders_without_csp_violations(app, page):
    violations, errors = [], []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script("document.addEventListener('securitypolicyviolation',"
                         " e => (window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI))")
    page.goto(app.url + "/")
    page.get_by_role("heading", name="Hôm nay bạn cần làm gì?").wait_for()
    assert page.get_by_role("link", name="Tìm thủ tục và nộp hồ sơ").first.is_visible()
    violations = page.evaluate("window.__csp || []")
    assert violations == []
    assert [e for e in errors if "Content Security Policy" in e] == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
