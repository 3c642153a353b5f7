"""An académie pilot, from their académie's synthesis, enters the declared figures (a bad number is
refused next to its field, what was typed is kept), then opens the dossier de presse, enters the
press contact and asks for the PDF (built by the worker). Every page is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from sps.accounts.enums import Role
from sps.syntheses.models import DeclaredFigures, PressContact
from sps.territories.models import Academy
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.browser.helpers import assert_accessible, follow, log_in
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.files.test_workers import DATABASE_BACKEND, run_database_worker

pytestmark = pytest.mark.browser


@pytest.fixture
def creteil(reference):
    campaign = CampaignFactory(school_year="2025-2026")
    return EditionFactory(campaign=campaign, academy=Academy.objects.get(slug="creteil"), ordinal=2, published=True)


def test_a_pilot_enters_the_figures_and_the_press_kit(page, creteil, settings):
    settings.TASKS = DATABASE_BACKEND
    pilot = UserFactory(email="pilote.creteil@example.fr")
    grant(pilot, Role.ACADEMY_PILOT, creteil.academy)
    log_in(page, pilot.email, PASSWORD)
    follow(page, page.get_by_role("link", name="Synthèses"))
    follow(page, page.get_by_role("link", name=re.compile("Synthèse académique 2025-2026")))

    follow(page, page.get_by_role("link", name="Saisir les chiffres déclarés"))
    expect(page.locator("h1")).to_have_text("Chiffres déclarés — Académie de Créteil")
    assert_accessible(page)
    page.locator("#id_actions_count").fill("une quarantaine")
    page.locator("#id_actions_wording").fill("Une quarantaine d'actions")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Enregistrer").click()
    assert navigation.value.status == 400
    expect(page.locator("#id_actions_count-messages")).to_contain_text("Saisissez le nombre d'actions en chiffres")
    expect(page.locator("#id_actions_wording")).to_have_value("Une quarantaine d'actions")
    assert_accessible(page)
    page.locator("#id_actions_count").fill("40")
    page.locator("#id_primary").select_option("non")
    follow(page, page.get_by_role("button", name="Enregistrer"))
    expect(page.locator(".synth-keyfigures")).to_contain_text("Nombre d'actions identifiées\u00a0: 40")
    assert DeclaredFigures.objects.get(edition=creteil).primary is False

    follow(page, page.get_by_role("link", name="Dossier de presse"))
    expect(page.locator("h1")).to_have_text("Dossier de presse — Académie de Créteil")
    expect(page.locator(".press-figure").first).to_contain_text("40")
    assert_accessible(page)
    page.get_by_label(re.compile("Service à contacter")).fill("Service de la communication")
    page.get_by_label(re.compile("Adresse électronique fonctionnelle")).fill("pas-une-adresse")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Enregistrer le contact presse").click()
    assert navigation.value.status == 400
    expect(page.locator("#id_email-messages")).to_contain_text("Saisissez une adresse électronique valide")
    expect(page.get_by_label(re.compile("Service à contacter"))).to_have_value("Service de la communication")
    assert_accessible(page)
    page.get_by_label(re.compile("Adresse électronique fonctionnelle")).fill("communication@ac-creteil.fr")
    follow(page, page.get_by_role("button", name="Enregistrer le contact presse"))
    expect(page.locator(".press-address")).to_contain_text("communication@ac-creteil.fr")
    assert PressContact.objects.get(edition=creteil).service == "Service de la communication"

    follow(page, page.get_by_role("button", name="Télécharger en PDF"))
    expect(page).to_have_url(re.compile(r"/fichiers/\d+/$"))
    expect(page.locator("#generated-file-status")).to_contain_text("En attente")
    assert_accessible(page)
    run_database_worker()
    page.reload()
    link = page.get_by_role("link", name=re.compile(r"Télécharger dossier-de-presse-creteil-2025-2026\.pdf"))
    expect(link).to_be_visible()
