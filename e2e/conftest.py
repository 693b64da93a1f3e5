"""Headless Chromium (Debian's) driven by Playwright against pytest-django's live server.

Screenshots go to artifacts/screenshots/ and are kept as test artefacts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = os.environ.get("QINGFENG_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(request, browser):
    # An English browser still gets Chinese: the site has one language.
    context = browser.new_context(viewport=request.param, locale="en-US", device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.viewport_name = request.node.callspec.id
    yield page
    context.close()


def follow(locator) -> None:
    """Click a link or button that loads a page, and return once that page has loaded.

    click() alone returns as soon as the navigation starts: a read right after it can see the old
    page or a half-parsed new one (a CI run counted no flowchart on a page still loading). A post
    that comes back to the same address is waited for too, which wait_for_url cannot do."""
    with locator.page.expect_navigation():
        locator.click()


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}-{page.viewport_name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


from tests.conftest import _fresh_cache, world  # noqa: E402, F401  (the same small world as the unit tests; a fresh cache per test)
