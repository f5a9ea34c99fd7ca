"""Share, copy and text size in a real browser (issue 16): the small site of
tests/test_citizens.py built with the development settings, served on a loopback port and
driven in headless Chromium over the DevTools protocol (tests/browser.py). Clicks are real
mouse events (the clipboard needs a user gesture); the clipboard is read back."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .browser import Browser
from .test_citizens import ARTICLE_URL, SITE, build_site

STATUS = "document.getElementById('copy-status').textContent"
ROOT_SIZE = "getComputedStyle(document.documentElement).fontSize"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    monkey = pytest.MonkeyPatch()
    monkey.setenv("PORTAL_NOW", "2026-12-04T09:00:00+07:00")
    try:
        output = build_site(tmp_path_factory.mktemp("citizens-browser"), SITE)
    finally:
        monkey.undo()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def browser(site: str) -> Iterator[Browser]:
    opened = Browser()
    try:
        opened.send("Browser.grantPermissions", origin=site,
                    permissions=["clipboardReadWrite", "clipboardSanitizedWrite"])
        opened.send("Emulation.setFocusEmulationEnabled", session=True, enabled=True)
        yield opened
    finally:
        opened.close()


def click(browser: Browser, selector: str) -> None:
    """A real mouse click in the middle of the element (scrolled into view)."""
    box = json.loads(browser.evaluate(
        f"(e => {{ e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect();"
        f" return JSON.stringify([r.x + r.width / 2, r.y + r.height / 2]); }})(document.querySelector({selector!r}))"
    ))
    for kind in ("mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", session=True, type=kind, x=box[0], y=box[1], button="left",
                     clickCount=1)


def clipboard(browser: Browser) -> str:
    return str(browser.evaluate("navigator.clipboard.readText()"))


def reset_text_size(browser: Browser, site: str) -> None:
    browser.goto(f"{site}/{ARTICLE_URL}")
    browser.evaluate("localStorage.clear()")


def test_the_copy_button_copies_the_articles_address_and_announces_it(browser: Browser, site: str) -> None:
    browser.goto(f"{site}/{ARTICLE_URL}")
    browser.evaluate("navigator.clipboard.writeText('trước')")
    click(browser, ".share .copy-button")
    assert browser.wait_for(STATUS) == "Đã sao chép liên kết"
    assert clipboard(browser) == "http://127.0.0.1:8000/" + ARTICLE_URL
    assert browser.evaluate("document.getElementById('copy-status').getAttribute('role')") == "status"


def test_copying_falls_back_when_the_clipboard_api_refuses(browser: Browser, site: str) -> None:
    browser.goto(f"{site}/{ARTICLE_URL}")
    browser.evaluate("navigator.clipboard.writeText('trước')")
    browser.evaluate("navigator.clipboard.writeText = () => Promise.reject(new Error('bị chặn'))")
    click(browser, ".share .copy-button")
    assert browser.wait_for(STATUS) == "Đã sao chép liên kết"
    assert clipboard(browser) == "http://127.0.0.1:8000/" + ARTICLE_URL
    assert browser.evaluate("document.querySelectorAll('textarea').length") == 0, "the fallback's buffer is removed"


def test_the_feeds_page_copies_a_feeds_address(browser: Browser, site: str) -> None:
    browser.goto(f"{site}/rss/")
    click(browser, 'button[data-copy="http://127.0.0.1:8000/rss.xml"]')
    assert browser.wait_for(STATUS) == "Đã sao chép địa chỉ RSS: Tất cả tin bài"
    assert clipboard(browser) == "http://127.0.0.1:8000/rss.xml"


def test_without_javascript_the_controls_that_need_it_are_hidden_and_share_links_stay(browser: Browser, site: str) -> None:
    browser.goto(f"{site}/{ARTICLE_URL}", script=False)
    try:
        shown = json.loads(browser.evaluate(
            "JSON.stringify([...document.querySelectorAll('.copy-button, .text-size, .share a, .lang-switch')]"
            ".map(e => [e.className, getComputedStyle(e).display !== 'none']))"
        ))
        assert shown == [["text-size", False], ["lang-switch", True], ["share-link share-facebook", True],
                         ["share-link share-zalo", True], ["share-link copy-button", False]]
    finally:
        browser.goto(f"{site}/")  # scripts on again for the next test


def test_controls_are_at_least_44_pixels_square(browser: Browser, site: str) -> None:
    browser.goto(f"{site}/{ARTICLE_URL}")
    sizes = json.loads(browser.evaluate(
        "JSON.stringify([...document.querySelectorAll('.tool-button, .lang-switch, .share-link')]"
        ".map(e => { const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.width, r.height]; }))"
    ))
    assert len(sizes) == 7
    for name, width, height in sizes:
        assert width >= 44 and height >= 44, f"{name}: {width}×{height}"


def test_text_size_grows_shrinks_and_says_so(browser: Browser, site: str) -> None:
    reset_text_size(browser, site)
    assert browser.evaluate(ROOT_SIZE) == "16px"
    click(browser, '[data-text-size="up"]')
    assert browser.evaluate("document.documentElement.dataset.textSize") == "1"
    assert browser.evaluate(ROOT_SIZE) == "18px"
    assert browser.evaluate("document.querySelector('[data-text-size-status]').textContent") == "Cỡ chữ 112,5%"
    assert browser.evaluate("document.querySelector('[data-text-size=reset]').getAttribute('aria-pressed')") == "false"
    for _ in range(5):  # stops at the largest size
        click(browser, '[data-text-size="up"]')
    assert browser.evaluate(ROOT_SIZE) == "24px"
    assert browser.evaluate("document.querySelector('[data-text-size=up]').getAttribute('aria-disabled')") == "true"
    click(browser, '[data-text-size="reset"]')
    assert browser.evaluate(ROOT_SIZE) == "16px"
    assert browser.evaluate("localStorage.getItem('cchc-text-size')") is None
    click(browser, '[data-text-size="down"]')
    assert browser.evaluate(ROOT_SIZE) == "14px"
    assert browser.evaluate("localStorage.getItem('cchc-text-size')") == "-1"
    browser.evaluate("localStorage.clear()")


def test_text_size_buttons_work_from_the_keyboard(browser: Browser, site: str) -> None:
    reset_text_size(browser, site)
    browser.evaluate("document.querySelector('[data-text-size=up]').focus()")
    browser.press_enter()
    assert browser.evaluate(ROOT_SIZE) == "18px"
    browser.evaluate("localStorage.clear()")


def test_the_stored_text_size_applies_before_the_first_paint_with_no_layout_shift(browser: Browser, site: str) -> None:
    reset_text_size(browser, site)
    click(browser, '[data-text-size="up"]')
    click(browser, '[data-text-size="up"]')
    assert browser.evaluate("localStorage.getItem('cchc-text-size')") == "2"
    # On the next page, before any of it is parsed: note the root's size when <body> starts,
    # and every layout shift from then on.
    watcher = browser.send("Page.addScriptToEvaluateOnNewDocument", session=True, source="""
        window.__atBody = null; window.__shifts = [];
        new MutationObserver((records, observer) => {
          if (document.body) {
            window.__atBody = document.documentElement.getAttribute('data-text-size');
            observer.disconnect();
          }
        }).observe(document, {childList: true, subtree: true});
        new PerformanceObserver(list => {
          for (const entry of list.getEntries()) window.__shifts.push(entry.value);
        }).observe({type: 'layout-shift', buffered: true});
    """)["identifier"]
    try:
        browser.goto(f"{site}/so-do-cong-thong-tin/")
        time.sleep(0.5)  # let late shifts, if any, be reported
        assert browser.evaluate("window.__atBody") == "2"
        assert browser.evaluate(ROOT_SIZE) == "20px"
        assert browser.evaluate("window.__shifts") == []
        assert browser.evaluate("document.querySelector('[data-text-size-status]').textContent") == "", "not announced on load"
    finally:
        browser.send("Page.removeScriptToEvaluateOnNewDocument", session=True, identifier=watcher)
        browser.evaluate("localStorage.clear()")
