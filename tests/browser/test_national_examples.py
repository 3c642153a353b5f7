"""Putting actions forward and the evaluation grid in the browser: an académie pilot proposes an action
phare (a refused empty argument first) and fills its grid; the national pilot picks the national
example, adds it to the idea bank, sees it in the national synthesis, and reads the consolidated grid.
Every page is checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from sps.accounts.enums import Role
from sps.catalogue import index
from sps.syntheses.examples import example_propose
from sps.syntheses.models import ExampleProposal, GridAssessment
from sps.territories.models import Academy, Department
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.actions.factories import ActionFactory
from tests.browser.helpers import assert_accessible, follow, log_in, visit
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.browser
TITLE = "L'épicerie de vos envies"


@pytest.fixture
def world(reference):
    campaign = CampaignFactory(school_year="2025-2026")
    edition = EditionFactory(campaign=campaign, academy=Academy.objects.get(slug="creteil"), published=True)
    school = SchoolFactory(
        name="Lycée professionnel Maréchal Leclerc",
        commune="Vitry-sur-Seine",
        department=Department.objects.get(code="94"),
    )
    action = ActionFactory(edition=edition, published=True, is_flagship=True, schools=[school], title=TITLE)
    index.index_actions([action.pk])
    pilot = UserFactory(email="pilote.creteil@example.fr")
    grant(pilot, Role.ACADEMY_PILOT, edition.academy)
    national = UserFactory(email="national@example.fr")
    grant(national, Role.NATIONAL_PILOT)
    return {"edition": edition, "action": action, "pilot": pilot, "national": national}


def test_an_academy_pilot_proposes_an_action_phare_and_fills_its_grid(page, world):
    log_in(page, world["pilot"].email, PASSWORD)
    follow(page, page.get_by_role("link", name="Synthèses"))
    follow(page, page.get_by_role("link", name=re.compile("Actions proposées au niveau national 2025-2026")))
    expect(page.locator("h1")).to_have_text("Actions proposées au niveau national")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name=re.compile("Proposer au niveau national")))
    assert_accessible(page)
    with page.expect_navigation() as navigation:  # refused: a 400 with the form and its message
        page.get_by_role("button", name="Proposer au pilote national").click()
    assert navigation.value.status == 400
    expect(page.locator(".fr-error-text").first).to_contain_text("Écrivez en quelques lignes")
    assert_accessible(page)
    page.get_by_label(re.compile("Pourquoi cette action")).fill("Un magasin pédagogique qui redonne du sens.")
    follow(page, page.get_by_role("button", name="Proposer au pilote national"))
    expect(page.locator(f"#action-{world['action'].pk}")).to_contain_text("Proposée au niveau national")
    assert ExampleProposal.objects.get().proposed_by == world["pilot"]

    visit(page, "/pilotage/syntheses/2025-2026/creteil/grille/")
    assert_accessible(page)
    for group in page.locator("fieldset:has(input[name^=level_])").all():
        group.get_by_text("3 — Acquis").click()
    page.get_by_label(re.compile("Commentaire sur l'axe «.Mobiliser")).fill("Un comité avec la Région.")
    follow(page, page.get_by_role("button", name="Enregistrer la grille"))
    expect(page.locator(".fr-alert--success, .fr-alert").first).to_contain_text("est enregistrée")
    assert GridAssessment.objects.get().answers.count() == 16


def test_the_national_pilot_picks_a_national_example(page, world):
    example_propose(action=world["action"], argument="Un magasin pédagogique qui redonne du sens.", by=world["pilot"])
    log_in(page, world["national"].email, PASSWORD)
    follow(page, page.get_by_role("link", name="Synthèses"))
    follow(page, page.get_by_role("link", name="Exemples d'actions nationaux 2025-2026"))
    expect(page.locator("h1")).to_have_text("Exemples d'actions nationaux")
    card = page.locator(".fr-card", has_text=TITLE)
    expect(card).to_contain_text("À examiner")
    assert_accessible(page)

    follow(page, card.get_by_role("button", name=re.compile("Retenir comme exemple national")))
    card = page.locator(".fr-card", has_text=TITLE)
    expect(card).to_contain_text("Retenue comme exemple national")
    assert ExampleProposal.objects.get().decided_by == world["national"]
    assert_accessible(page)

    card.get_by_label(re.compile("Catégorie du modèle")).select_option(label="Professionnels")
    follow(page, card.get_by_role("button", name=re.compile("Ajouter à la banque d'idées")))
    expect(page.locator(".fr-card", has_text=TITLE)).to_contain_text("Dans la banque d'idées")

    follow(page, page.get_by_role("link", name="Voir la synthèse nationale 2025-2026"))
    examples = page.locator(".synth-examples")
    expect(examples).to_contain_text(TITLE)
    expect(examples).to_contain_text("Lycée professionnel Maréchal Leclerc, Vitry-sur-Seine")
    expect(examples).to_contain_text("exemple national")
    assert_accessible(page)

    visit(page, "/pilotage/syntheses/2025-2026/grille/")
    expect(page.locator("h1")).to_have_text("Grille d'évaluation nationale")
    assert_accessible(page)
