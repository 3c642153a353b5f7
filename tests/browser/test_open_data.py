"""The open data page (axe, a download) and the API's documentation page under the real CSP."""

import pytest
from playwright.sync_api import expect

from tests.api.helpers import published
from tests.browser.helpers import assert_accessible, visit

pytestmark = pytest.mark.browser


def test_open_data_page_is_accessible_and_downloads(page, reference):
    published(title="Café des parents")
    visit(page, "/donnees/")
    expect(page.get_by_role("heading", name="Données ouvertes", level=1)).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Programme — CSV (virgule, UTF-8)").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert "Café des parents" in open(download.value.path(), encoding="utf-8").read()


def test_api_documentation_renders_under_the_real_csp(strict_page):
    page = strict_page
    visit(page, "/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("API du programme")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert page.console_errors == []
