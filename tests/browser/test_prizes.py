"""Prizes in Chromium, each page checked with axe-core: a visitor votes from a fiche page and
confirms by the e-mail link; a pilot sets up the prizes and a juror marks an action (never one of
their own school). Screenshots go to var/screenshots/ (looked at by hand, not compared)."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from sps.accounts.enums import Role
from sps.prizes.models import JuryScore, PublicVote
from sps.territories.models import Academy
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.actions.factories import ActionFactory
from tests.browser.helpers import assert_accessible, follow, log_in, visit
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.prizes.factories import PrizeFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.browser


def _shot(page, name):
    folder = settings.BASE_DIR / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"prizes-{name}.png"), full_page=True)


def _refused(page, locator):
    """Submit a form that the server sends back with its errors (HTTP 400)."""
    with page.expect_navigation() as navigation:
        locator.click()
    assert navigation.value.status == 400


def _edition():
    return EditionFactory(
        academy=Academy.objects.get(slug="creteil"), campaign=CampaignFactory(school_year="2025-2026"), published=True
    )


def test_a_visitor_votes_and_confirms(page, reference):
    edition = _edition()
    action = ActionFactory(edition=edition, published=True, title="Café des parents", schools=[SchoolFactory()])
    PrizeFactory(edition=edition)
    visit(page, f"/programme/actions/{action.pk}/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Voter pour cette action"))
    expect(page.locator("h1")).to_have_text("Voter pour « Café des parents »")
    assert_accessible(page)

    # A wrong address: the message next to the field, what was typed is kept.
    page.get_by_label(re.compile("Votre adresse électronique")).fill("parent-chez-exemple")
    _refused(page, page.get_by_role("button", name="Recevoir le lien de vote"))
    expect(page.locator(".fr-error-text").first).to_contain_text("adresse électronique valide")
    expect(page.get_by_label(re.compile("Votre adresse électronique"))).to_have_value("parent-chez-exemple")
    assert_accessible(page)
    _shot(page, "vote-error")

    page.get_by_label(re.compile("Votre adresse électronique")).fill("parent@example.fr")
    follow(page, page.get_by_role("button", name="Recevoir le lien de vote"))
    expect(page.locator("main")).to_contain_text("suivez son lien pour confirmer votre vote")
    assert PublicVote.objects.get().confirmed_at is None

    [message] = [m for m in mail.outbox if m.to == ["parent@example.fr"]]
    link = re.search(r"https?://\S+(/prix/vote/\S+/)", message.body).group(1)
    visit(page, link)
    assert_accessible(page)
    _shot(page, "vote-confirm")
    assert PublicVote.objects.get().confirmed_at is None  # opening the link counts nothing
    follow(page, page.get_by_role("button", name="Confirmer mon vote"))
    expect(page.locator("main")).to_contain_text("Votre vote est confirmé")
    assert_accessible(page)
    _shot(page, "vote-confirmed")
    assert PublicVote.objects.filter(confirmed_at__isnull=False).count() == 1

    # The results stay hidden until the close.
    visit(page, f"/editions/creteil/{edition.campaign.school_year}/prix/")
    expect(page.locator("main")).to_contain_text("Les résultats seront publiés à sa clôture")
    expect(page.locator("main")).not_to_contain_text("Votes confirmés")
    assert_accessible(page)
    _shot(page, "results-hidden")


def test_a_pilot_sets_up_the_prizes_and_a_juror_marks(page, reference):
    edition = _edition()
    school, other = SchoolFactory(name="Collège Jean Moulin"), SchoolFactory(name="Lycée Rabelais")
    ActionFactory(edition=edition, published=True, title="Théâtre au collège", schools=[school])
    theirs = ActionFactory(edition=edition, published=True, title="Café des parents", schools=[other])
    pilot = UserFactory(email="pilote@example.fr")
    grant(pilot, Role.ACADEMY_PILOT, edition.academy)
    juror_user = UserFactory(email="jure@example.fr", first_name="Claire", last_name="Dumas")
    grant(juror_user, Role.SCHOOL_CONTRIBUTOR, school)

    log_in(page, pilot.email, PASSWORD)
    visit(page, f"/pilotage/editions/{edition.pk}/prix/")
    assert_accessible(page)
    page.locator("label[for=id_jury_enabled]").click()
    page.get_by_label(re.compile("Critères du jury")).fill("Originalité\nImplication des élèves")
    page.locator("label[for=id_public_enabled]").click()
    page.locator("#id_vote_opens_at").fill("2026-03-16T08:00")
    page.locator("#id_vote_closes_at").fill("2026-03-15T08:00")
    _refused(page, page.get_by_role("button", name="Enregistrer les prix"))
    expect(page.locator("main")).to_contain_text("La clôture du vote doit venir après son ouverture.")
    expect(page.get_by_label(re.compile("Critères du jury"))).to_have_value("Originalité\nImplication des élèves")
    assert_accessible(page)
    _shot(page, "setup-error")
    page.locator("#id_vote_closes_at").fill("2026-03-20T18:00")
    follow(page, page.get_by_role("button", name="Enregistrer les prix"))
    expect(page.locator("main")).to_contain_text("Les prix de l'édition sont enregistrés.")
    page.get_by_label(re.compile("Adresse électronique du juré")).fill("jure@example.fr")
    follow(page, page.get_by_role("button", name="Ajouter au jury"))
    expect(page.locator("main")).to_contain_text("fait partie du jury")
    assert_accessible(page)
    _shot(page, "setup")

    page.context.clear_cookies()
    log_in(page, juror_user.email, PASSWORD)
    visit(page, "/jury/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name=re.compile("Prix du jury")))
    expect(page.locator("main")).to_contain_text("Café des parents")
    expect(page.locator("main")).not_to_contain_text("Théâtre au collège")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Café des parents"))
    expect(page.get_by_label(re.compile("Implication des élèves"))).to_be_visible()
    assert_accessible(page)
    page.locator("input[name^=criterion_]").nth(0).fill("9")
    page.locator("input[name^=criterion_]").nth(1).fill("4")
    _refused(page, page.get_by_role("button", name="Enregistrer mes notes"))
    expect(page.locator("main")).to_contain_text("La note est un nombre entier de 0 à 5.")
    assert_accessible(page)
    _shot(page, "score-error")
    page.locator("input[name^=criterion_]").nth(0).fill("5")
    follow(page, page.get_by_role("button", name="Enregistrer mes notes"))
    expect(page.locator("main")).to_contain_text("sont enregistrées")
    _shot(page, "jury-list")
    assert sorted(JuryScore.objects.filter(action=theirs).values_list("value", flat=True)) == [4, 5]

    page.context.clear_cookies()
    log_in(page, pilot.email, PASSWORD)
    visit(page, f"/pilotage/editions/{edition.pk}/prix/resultats/")
    expect(page.locator("main")).to_contain_text("Classement du jury")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Publier le palmarès du jury"))
    _shot(page, "results")
    visit(page, f"/programme/actions/{theirs.pk}/")
    expect(page.locator("main")).to_contain_text("Lauréate du prix du jury")
    assert_accessible(page)
    _shot(page, "fiche-winner")
