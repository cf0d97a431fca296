"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
import shutil

import pytest

from tests.e2e.tools import missing_tool

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _chromium_path():
    path = shutil.which("chromium")
    if not path:
        missing_tool(
            "Chromium fehlt (apt-get install -y chromium): Browser-Tests können nicht laufen."
        )
    return path


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()
