"""Whole journeys in Chromium, each page checked with axe-core.

The data comes from the factories and the shipped reference (académies, départements), never
from the demo data.
"""

import re

import pytest
from playwright.sync_api import expect

from sps.accounts.enums import Role
from sps.territories.models import Academy, Department
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.browser.helpers import assert_accessible, follow, log_in, main_menu_link, visit
from tests.schools.factories import SchoolFactory
from tests.territories.factories import BassinFactory

pytestmark = pytest.mark.browser

SITE_NAME = "Semaine de la persévérance scolaire"


@pytest.fixture
def val_de_marne(reference):
    return Department.objects.get(code="94")


def test_home_page(page):
    visit(page, "/")
    expect(page).to_have_title(re.compile(SITE_NAME))
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)


def test_school_search_then_school_page(page, val_de_marne):
    school = SchoolFactory(name="Collège Jean Moulin", commune="Créteil", postal_code="94000", department=val_de_marne)
    SchoolFactory(name="Lycée Victor Hugo", commune="Vitry-sur-Seine", postal_code="94400", department=val_de_marne)

    visit(page, "/etablissements/")
    assert_accessible(page)
    search = page.locator('input[name="q"]')
    # Accents and case do not matter.
    search.fill("college jean moulin")
    with page.expect_navigation() as navigation:
        search.press("Enter")
    assert navigation.value.status == 200
    expect(page).to_have_url(re.compile(r"/etablissements/\?(.*&)?q=college"))
    result = page.get_by_role("link", name=re.compile("Collège Jean Moulin"))
    expect(result).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Lycée Victor Hugo"))).to_have_count(0)
    assert_accessible(page)

    follow(page, result.first)
    expect(page).to_have_url(re.compile(rf"/etablissements/{school.uai}/$"))
    expect(page.locator("h1")).to_contain_text("Collège Jean Moulin")
    expect(page.locator("main")).to_contain_text(school.uai)
    assert_accessible(page)


ROLE_CASES = {
    Role.NATIONAL_PILOT: ("Pilotage", "/pilotage/"),
    Role.ACADEMY_PILOT: ("Pilotage", "/pilotage/"),
    Role.DEPARTMENT_PILOT: ("Pilotage", "/pilotage/"),
    Role.BASSIN_RELAY: ("Pilotage", "/pilotage/"),
    Role.SCHOOL_CONTRIBUTOR: ("Espace établissement", "/espace/"),
}


def _scope_for(role, department):
    if role == Role.NATIONAL_PILOT:
        return None
    if role == Role.ACADEMY_PILOT:
        return Academy.objects.get(pk=department.academy_id)
    if role == Role.DEPARTMENT_PILOT:
        return department
    if role == Role.BASSIN_RELAY:
        return BassinFactory(name="Bassin de Créteil", department=department)
    return SchoolFactory(name="École élémentaire Jules Ferry", department=department)


@pytest.mark.parametrize("role", list(ROLE_CASES), ids=[r.value for r in ROLE_CASES])
def test_log_in_lands_on_own_space(page, val_de_marne, role):
    user = UserFactory(first_name="Dominique", last_name="Lefèvre")
    scope = _scope_for(role, val_de_marne)
    grant(user, role, scope)
    space_label, space_path = ROLE_CASES[role]

    # The log-in lands on the person's workspace (it used to land on « Mon compte »).
    log_in(page, user.email, PASSWORD)
    expect(page).to_have_url(re.compile(rf"{space_path}$"))
    expect(page).to_have_title(re.compile(rf"^{space_label}"))
    expect(page.locator("h1")).to_be_visible()
    expect(main_menu_link(page, space_label)).to_have_attribute("aria-current", "page")
    if role == Role.SCHOOL_CONTRIBUTOR:
        expect(page.locator("main")).to_contain_text(scope.name)
    assert_accessible(page)

    visit(page, "/compte/")
    expect(page.locator("h1")).to_contain_text("Mon compte")
    expect(page.locator("main")).to_contain_text(role.label)
    assert_accessible(page)


def test_phone_menu_opens_navigation(phone_page):
    page = phone_page
    visit(page, "/")
    assert_accessible(page)
    link = main_menu_link(page, "Établissements")
    expect(link).to_be_hidden()
    page.get_by_role("button", name="Menu", exact=True).click()
    expect(link).to_be_visible()
    follow(page, link)
    expect(page).to_have_url(re.compile(r"/etablissements/$"))


def test_strict_csp_reports_no_violation(strict_page):
    """The home page under its real Content-Security-Policy: nothing refused, the DSFR script runs."""
    page = strict_page
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = visit(page, "/")
    assert "script-src" in response.headers.get("content-security-policy", "")
    page.wait_for_load_state("networkidle")
    # The DSFR script marks the document once it has started (it would not under a refused script).
    expect(page.locator("html")).to_have_attribute("data-fr-js", "true")
    csp_errors = [text for text in page.console_errors if re.search("content security policy", text, re.I)]
    assert csp_errors == []
    assert page.evaluate("window.__cspViolations") == []
