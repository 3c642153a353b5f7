"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is the system one (/usr/bin/chromium, or SPS_CHROMIUM).
Without Chromium or axe-core (node_modules, from `npm ci`) these tests are skipped, unless
SPS_REQUIRE_TOOLS=1 (as in CI, tests/plugins/require_tools.py), where they fail instead.
"""

import importlib
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import AXE_JS, BASE_DIR
from tests.plugins.require_tools import tools_required

# Playwright's sync API runs an event loop in this thread; Django's ORM, used by the tests to
# create their data, would otherwise refuse to run beside it (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("SPS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Two cores run Django, Chromium and axe at once: generous waits, so a busy machine is not a failure.
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)


def _missing_tools() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium ({CHROMIUM}; apt-get install chromium)")
    if not AXE_JS.exists():
        missing.append(f"axe-core ({AXE_JS.relative_to(BASE_DIR)}; npm ci)")
    return missing


def pytest_collection_modifyitems(items):
    # Every test of this folder drives the browser, marked or not.
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    missing = _missing_tools()
    if missing:
        message = "Outils des tests navigateur absents : " + ", ".join(missing)
        if tools_required():
            pytest.fail(message + " (SPS_REQUIRE_TOOLS=1)", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _site_config(request):
    """Restore the DsfrConfig row of the data migration: transactional tests flush every table."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    migration = importlib.import_module("sps.www.common.migrations.0001_site_config")
    migration.create_site_config(apps, None)


def _open_page(browser, live_server, **options):
    page = browser.new_page(**options)
    page.set_default_timeout(TIMEOUT_MS)
    page.console_errors = []
    page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.live_url = live_server.url
    return page


@pytest.fixture
def page(browser, live_server):
    """A page that ignores the CSP so that axe-core can be injected."""
    page = _open_page(browser, live_server, bypass_csp=True)
    yield page
    page.context.close()


@pytest.fixture
def strict_page(browser, live_server):
    """A page under the site's real Content-Security-Policy (axe cannot be injected here)."""
    page = _open_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-size page (375×812, touch), CSP bypassed for axe."""
    page = _open_page(
        browser, live_server, bypass_csp=True, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    yield page
    page.context.close()
