"""A pilot asks for an export: the file's page says « En attente », follows the job by itself
(a static script, under the site's real CSP) and shows the link once the worker has built it."""

import re

import pytest
from playwright.sync_api import expect

from sps.accounts.enums import Role
from sps.territories.models import Academy
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.browser.helpers import assert_accessible, follow, log_in, visit
from tests.files.test_workers import DATABASE_BACKEND, run_database_worker

pytestmark = pytest.mark.browser


@pytest.fixture
def pilot(reference):
    user = UserFactory(email="pilote@example.fr")
    grant(user, Role.ACADEMY_PILOT, Academy.objects.get(slug="creteil"))
    return user


def _ask_for_an_export(page):
    visit(page, "/pilotage/actions/")
    page.locator("label[for=id_format_1]").click()  # DSFR draws the radio on its label
    follow(page, page.get_by_role("button", name="Préparer l'export"))
    expect(page).to_have_url(re.compile(r"/fichiers/\d+/$"))


def test_the_file_page_follows_the_job_under_the_real_csp(strict_page, pilot, settings):
    settings.TASKS = DATABASE_BACKEND
    page = strict_page
    log_in(page, pilot.email, PASSWORD)
    _ask_for_an_export(page)
    expect(page.locator("#generated-file-status")).to_contain_text("En attente")
    expect(page.get_by_role("link", name=re.compile("Télécharger"))).to_have_count(0)
    run_database_worker()
    link = page.get_by_role("link", name=re.compile(r"Télécharger fiches-actions-.*\.csv"))
    expect(link).to_be_visible(timeout=15_000)  # no reload: the script replaced the block
    assert page.console_errors == []  # the script ran under the CSP, nothing refused
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".csv")


def test_the_file_page_is_accessible_in_both_states(page, pilot, settings):
    settings.TASKS = DATABASE_BACKEND
    log_in(page, pilot.email, PASSWORD)
    _ask_for_an_export(page)
    assert_accessible(page)
    run_database_worker()
    page.reload()
    expect(page.locator("#generated-file-status")).to_contain_text("Prêt")
    assert_accessible(page)
