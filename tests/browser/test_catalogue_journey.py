"""The public programme in Chromium: search, filter, open a fiche; each page checked with axe-core.
Screenshots go to var/screenshots/ (looked at by hand, not compared)."""

import re

import pytest
from django.conf import settings
from icalendar import Calendar
from playwright.sync_api import expect

from sps.actions.enums import Level
from sps.catalogue import index
from tests.actions.factories import ActionFactory, PartnerFactory
from tests.browser.helpers import assert_accessible, follow, visit
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.browser


def _shot(page, name):
    folder = settings.BASE_DIR / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_search_filter_and_open_a_fiche(page):
    school = SchoolFactory(name="Collège Jean Moulin", commune="Créteil")
    theatre = ActionFactory(
        published=True,
        description="Une scène de la vie de la classe, rejouée avec les parents.",
        organisation="",
        title="Théâtre forum avec les parents",
        schools=[school],
        levels=[Level.SIXIEME],
        is_flagship=True,
        contact_email="claire.dumas@example.org",
    )
    theatre.action_partners.create(partner=PartnerFactory(name="Compagnie du Théâtre de l'Opprimé"))
    ActionFactory(
        published=True,
        description="Un atelier.",
        organisation="",
        title="Atelier théâtre au lycée",
        schools=[school],
        levels=[Level.SECONDE],
    )
    ActionFactory(
        published=True,
        description="Des métiers.",
        organisation="",
        title="Forum des métiers",
        schools=[school],
        levels=[Level.TROISIEME],
    )
    from sps.actions.models import Action

    index.index_actions(Action.objects.values_list("pk", flat=True))

    visit(page, "/programme/")
    expect(page.get_by_role("heading", name="3 actions")).to_be_visible()
    assert_accessible(page)
    search = page.get_by_label(re.compile("Rechercher une action"))
    search.fill("theatre")
    with page.expect_navigation():
        search.press("Enter")
    expect(page.get_by_role("heading", name="2 actions")).to_be_visible()
    page.get_by_label("Niveau").select_option("college")
    follow(page, page.get_by_role("button", name="Appliquer les filtres"))
    expect(page).to_have_url(re.compile(r"niveau=college"))
    expect(page.get_by_role("heading", name="1 action")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Retirer le filtre Niveau"))).to_be_visible()
    assert_accessible(page)
    _shot(page, "catalogue")

    follow(page, page.get_by_role("link", name="Théâtre forum avec les parents"))
    expect(page.locator("h1")).to_have_text("Théâtre forum avec les parents")
    expect(page.get_by_text("Action phare").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Collège Jean Moulin"))).to_be_visible()
    assert "claire.dumas@example.org" not in page.content()
    assert_accessible(page)
    _shot(page, "fiche")
    # Its public temps fort goes to an agenda from the fiche itself.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Ajouter à mon agenda")).first.click()
    calendar = Calendar.from_ical(open(download_info.value.path(), "rb").read())
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Théâtre forum avec les parents"]

    # The filtered selection, on the map.
    visit(page, "/programme/?q=theatre&niveau=college")
    follow(page, page.get_by_role("link", name="Carte", exact=True))
    expect(page).to_have_url(re.compile(r"/programme/carte/\?q=theatre&niveau=college$"))

    # No result: the page says so and offers to drop each filter.
    visit(page, "/programme/?q=astronomie&niveau=college")
    expect(page.get_by_role("heading", name="Aucun résultat")).to_be_visible()
    follow(page, page.get_by_role("link", name=re.compile("sans.*Recherche")))
    expect(page.get_by_role("heading", name="2 actions")).to_be_visible()
    assert_accessible(page)
