"""The fiche action's whole life in Chromium, every page checked with axe-core.

A contributor declares an action from an idea-bank model, saves a draft, completes and submits
it; the académie pilot asks for a change; the contributor corrects and submits again; the pilot
validates and publishes; the contributor fills the bilan with a photo.
"""

import datetime
import io
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from sps.accounts.enums import Role
from sps.actions.enums import ActionStatus
from sps.actions.models import Action
from sps.editions.enums import MilestoneKind
from sps.territories.models import Academy, Department
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.actions.factories import IdeaModelFactory
from tests.browser.helpers import assert_accessible, follow, log_in, visit
from tests.editions.factories import CampaignFactory, EditionFactory, MilestoneFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.browser


def _school_year(day: datetime.date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


@pytest.fixture
def journey(reference):
    """An open edition (its week two months ahead), a school, its contributor, the académie pilot, a model."""
    today = timezone.localdate()
    week_start = today + datetime.timedelta(days=60 - today.weekday())
    creteil = Academy.objects.get(slug="creteil")
    edition = EditionFactory(
        campaign=CampaignFactory(school_year=_school_year(week_start)),
        academy=creteil,
        week_start=week_start,
        week_end=week_start + datetime.timedelta(days=4),
        published=True,
    )
    MilestoneFactory(edition=edition, kind=MilestoneKind.DECLARATION_DEADLINE, date=today + datetime.timedelta(days=30))
    MilestoneFactory(edition=edition, kind=MilestoneKind.BILAN_DEADLINE, date=week_start + datetime.timedelta(days=40))
    school = SchoolFactory(
        name="École élémentaire Robert Doisneau", commune="Fresnes", department=Department.objects.get(code="94")
    )
    contributor = UserFactory(email="directrice@example.fr")
    grant(contributor, Role.SCHOOL_CONTRIBUTOR, school)
    pilot = UserFactory(email="pilote@example.fr")
    grant(pilot, Role.ACADEMY_PILOT, creteil)
    model = IdeaModelFactory(title="Le café des parents")
    return {"edition": edition, "school": school, "contributor": contributor, "pilot": pilot, "model": model}


def _jpeg(path):
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (0, 0, 145)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def _fill_if_empty(locator, value):
    if not locator.input_value().strip():
        locator.fill(value)


def _check(page, name, value):
    box = page.locator(f'input[name="{name}"][value="{value}"]')
    if not box.is_checked():
        box.check(force=True)


def _submit_button(page, label):
    # The fiche form has its buttons above and below its fields: the first is the one above.
    return page.get_by_role("button", name=label, exact=True).first


def test_fiche_action_from_model_to_bilan(browser, live_server, journey, tmp_path):
    edition = journey["edition"]
    porteur = browser.new_page(bypass_csp=True)
    porteur.live_url = live_server.url
    pilot = browser.new_page(bypass_csp=True)
    pilot.live_url = live_server.url

    # The contributor picks a model from the idea bank.
    log_in(porteur, journey["contributor"].email, PASSWORD)
    visit(porteur, "/espace/")
    assert_accessible(porteur)
    follow(porteur, porteur.get_by_role("link", name="Banque d'idées", exact=True))
    assert_accessible(porteur)
    follow(porteur, porteur.get_by_role("link", name="Le café des parents", exact=True))
    assert_accessible(porteur)
    follow(porteur, _submit_button(porteur, "Utiliser ce modèle"))
    expect(porteur.locator("h1")).to_contain_text("Modifier la fiche action")
    action = Action.objects.get()
    assert action.status == ActionStatus.DRAFT and action.from_model == journey["model"]
    assert_accessible(porteur)

    # A draft, saved incomplete.
    porteur.locator('input[name="title"]').fill("Le café des parents de l'école Doisneau")
    follow(porteur, _submit_button(porteur, "Enregistrer le brouillon"))
    action.refresh_from_db()
    assert action.title == "Le café des parents de l'école Doisneau" and action.status == ActionStatus.DRAFT

    # Completed, then submitted.
    if "/modifier/" not in porteur.url:
        follow(porteur, porteur.get_by_role("link", name="Modifier la fiche", exact=True))
    _check(porteur, "schools", journey["school"].pk)
    _check(porteur, "publics", "parents")
    levels = porteur.locator('input[name="levels"]')
    if not porteur.locator('input[name="levels"]:checked').count():
        levels.first.check(force=True)
    for name, text in [
        ("description", "Un café mensuel où les parents rencontrent l'équipe de l'école."),
        ("organisation", "Un jeudi matin par mois, dans la bibliothèque de l'école."),
        ("objectives", "Rapprocher les familles de l'école."),
        ("steering", "La directrice et deux enseignantes."),
        ("success_factors", "Un accueil chaleureux, des horaires adaptés."),
        ("promotion", "Affiche à l'entrée, mot dans les cahiers."),
    ]:
        _fill_if_empty(porteur.locator(f'[name="{name}"]'), text)
    kind = porteur.locator('select[name="promotion_kind"]')
    if not kind.input_value():
        kind.select_option(index=1)
    porteur.locator('input[name="occurrences-0-date"]').fill(edition.week_start.isoformat())
    porteur.locator('input[name="occurrences-0-start_time"]').fill("08:30")
    porteur.locator('input[name="occurrences-0-end_time"]').fill("10:00")
    porteur.locator('input[name="occurrences-0-place"]').fill("Bibliothèque de l'école")
    porteur.locator('input[name="contact_name"]').fill("Claire Dumas")
    porteur.locator('input[name="contact_email"]').fill("claire.dumas@example.fr")
    porteur.locator('input[name="contact_role"]').fill("Directrice")
    follow(porteur, _submit_button(porteur, "Soumettre la fiche"))
    action.refresh_from_db()
    assert action.status == ActionStatus.SUBMITTED, porteur.locator("main").inner_text()[:1500]
    assert_accessible(porteur)

    # The pilot asks for a change.
    log_in(pilot, journey["pilot"].email, PASSWORD)
    visit(pilot, "/pilotage/actions/")
    assert_accessible(pilot)
    follow(pilot, pilot.get_by_role("link", name="Le café des parents de l'école Doisneau"))
    assert_accessible(pilot)
    request_form = pilot.locator(f'form:has(input[name="to"][value="{ActionStatus.CHANGES_REQUESTED}"])')
    request_form.locator("textarea").fill("Précisez le nombre de familles attendues, s'il vous plaît.")
    follow(pilot, request_form.get_by_role("button"))
    action.refresh_from_db()
    assert action.status == ActionStatus.CHANGES_REQUESTED

    # The contributor reads the comment, corrects and submits again.
    visit(porteur, f"/espace/actions/{action.pk}/")
    expect(porteur.locator("main")).to_contain_text("Précisez le nombre de familles attendues")
    assert_accessible(porteur)
    follow(porteur, porteur.get_by_role("link", name="Modifier la fiche", exact=True))
    porteur.locator('textarea[name="objectives"]').fill("Rapprocher les familles de l'école : une vingtaine attendue.")
    follow(porteur, _submit_button(porteur, "Soumettre la fiche"))
    action.refresh_from_db()
    assert action.status == ActionStatus.SUBMITTED

    # The pilot validates, then publishes.
    for to in [ActionStatus.VALIDATED, ActionStatus.PUBLISHED]:
        visit(pilot, f"/pilotage/actions/{action.pk}/")
        assert_accessible(pilot)
        follow(pilot, pilot.locator(f'form:has(input[name="to"][value="{to}"])').get_by_role("button"))
        action.refresh_from_db()
        assert action.status == to

    # The contributor fills the bilan, with a photo.
    visit(porteur, f"/espace/actions/{action.pk}/")
    follow(porteur, porteur.get_by_role("link", name=re.compile("Remplir le bilan")))
    assert_accessible(porteur)
    porteur.locator('input[name="participants_parents"]').fill("18")
    follow(porteur, _submit_button(porteur, "Enregistrer"))
    porteur.locator('input[name="file"]').set_input_files(str(_jpeg(tmp_path / "cafe.jpg")))
    porteur.locator('input[name="consent_confirmed"]').check(force=True)
    follow(porteur, _submit_button(porteur, "Ajouter la photo"))
    assert_accessible(porteur)
    bilan = action.bilan
    assert bilan.photos.count() == 1
    porteur.close()
    pilot.close()
