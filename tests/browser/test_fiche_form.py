"""The fiche form in Chromium: the error summary takes the focus and its links move it to their fields
(axe-checked), and submitting the fiche form and the edition form raises no CSP violation."""

import re

import pytest
from playwright.sync_api import expect

from sps.accounts.enums import Role
from sps.actions.models import Action
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.actions.factories import ActionFactory
from tests.browser import test_action_journey
from tests.browser.helpers import assert_accessible, follow, log_in, visit

pytestmark = pytest.mark.browser
journey = test_action_journey.journey  # an open edition, a school, its porteur, the académie pilot

CSP_LISTENER = (
    "window.__cspViolations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));"
)


def _draft(journey):
    return ActionFactory(
        edition=journey["edition"],
        schools=[journey["school"]],
        created_by=journey["contributor"],
        title="Café",
        occurrences=[],
    )


def test_error_summary_takes_the_focus_and_links_to_the_fields(page, journey):
    action = _draft(journey)
    log_in(page, journey["contributor"].email, PASSWORD)
    visit(page, f"/espace/actions/{action.pk}/modifier/")
    page.locator('input[name="title"]').fill("Café des parents")
    page.locator('input[name="occurrences-0-date"]').fill("2020-01-01")
    page.locator('input[name="partners-0-contribution_text"]').fill("Prêt de salle")
    follow(page, page.get_by_role("button", name="Enregistrer le brouillon").first)

    summary = page.locator("[data-sps-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(3)
    assert_accessible(page)

    summary.get_by_role("link", name=re.compile("^Partenaire 1 — Partenaire")).click()
    expect(page.locator("#id_partners-0-name")).to_be_focused()
    summary.get_by_role("link", name=re.compile("^Temps fort 1 — Date")).click()
    expect(page.locator("#id_occurrences-0-date")).to_be_focused()
    assert page.evaluate("document.activeElement.value") == "2020-01-01"  # what was typed is kept
    action.refresh_from_db()
    assert action.title == "Café"


def test_the_save_button_is_a_few_tab_presses_away(page, journey):
    action = _draft(journey)
    log_in(page, journey["contributor"].email, PASSWORD)
    visit(page, f"/espace/actions/{action.pk}/modifier/")
    page.locator("h1").click()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Enregistrer le brouillon":
            break
    else:
        pytest.fail("« Enregistrer le brouillon » est à plus de 30 tabulations du titre de la page")


def test_declaring_without_a_title_says_so_next_to_the_field(page, journey):
    log_in(page, journey["contributor"].email, PASSWORD)
    visit(page, "/espace/actions/nouvelle/")
    follow(page, page.get_by_role("button", name="Créer le brouillon"))
    expect(page.locator("[data-sps-error-summary]")).to_be_focused()
    expect(page.locator("#id_title-messages")).to_contain_text("Indiquez le titre de l'action")
    assert not Action.objects.exists()
    assert_accessible(page)


def test_submitting_the_fiche_and_edition_forms_raises_no_csp_violation(strict_page, journey):
    page = strict_page
    page.add_init_script(CSP_LISTENER)
    action = _draft(journey)
    log_in(page, journey["contributor"].email, PASSWORD)
    visit(page, f"/espace/actions/{action.pk}/modifier/")
    page.locator('input[name="contact_email"]').fill("pas-une-adresse")
    follow(page, page.get_by_role("button", name="Enregistrer le brouillon").first)
    expect(page.locator("[data-sps-error-summary]")).to_be_focused()  # the script ran under the CSP
    page.locator('input[name="contact_email"]').fill("claire@example.fr")
    follow(page, page.get_by_role("button", name="Enregistrer le brouillon").last)
    violations = page.evaluate("window.__cspViolations")

    pilot = UserFactory(email="pilote-csp@example.fr")
    grant(pilot, Role.ACADEMY_PILOT, journey["edition"].academy)
    page.context.clear_cookies()
    log_in(page, pilot.email, PASSWORD)
    visit(page, f"/pilotage/editions/{journey['edition'].pk}/modifier/")
    page.locator('input[name="title"]').fill("")
    follow(page, page.get_by_role("button", name=re.compile("^Enregistrer")).last)
    visit(page, f"/pilotage/editions/{journey['edition'].pk}/modifier/")
    follow(page, page.get_by_role("button", name=re.compile("^Enregistrer")).last)
    violations += page.evaluate("window.__cspViolations")

    csp_errors = [text for text in page.console_errors if re.search("content security policy", text, re.I)]
    assert csp_errors == [] and violations == []


def test_a_form_left_open_while_logging_in_elsewhere_raises_no_csp_violation(strict_page, journey):
    """The journeys' « inline style refused » errors: a form posted after the CSRF token changed (logging in
    as another role in another tab) got Django's CSRF page, whose inline <style> the CSP refuses."""
    page = strict_page
    page.add_init_script(CSP_LISTENER)
    action = _draft(journey)
    log_in(page, journey["contributor"].email, PASSWORD)
    visit(page, f"/espace/actions/{action.pk}/modifier/")
    # Logging in elsewhere gives the browser a new CSRF cookie: the open form's token no longer matches.
    page.context.add_cookies([{"name": "csrftoken", "value": "a" * 32, "url": page.live_url}])
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Enregistrer le brouillon").first.click()
    assert navigation.value.status == 403
    page.wait_for_load_state("load")
    csp_errors = [text for text in page.console_errors if re.search("content security policy", text, re.I)]
    assert csp_errors == [] and page.evaluate("window.__cspViolations") == []
    expect(page.locator("h1")).to_have_text("Le formulaire n'a pas été envoyé")
