"""The map and the calendar of the programme in Chromium, each page checked with axe-core:
a département chosen on the map (keyboard), its schools, then a temps fort added to an agenda."""

import datetime
import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from sps.catalogue import index
from sps.territories.models import Department
from tests.actions.factories import ActionFactory
from tests.browser.helpers import assert_accessible, follow, visit
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.browser
NBSP = "\u00a0"


@pytest.fixture
def programme(reference):
    val_de_marne = Department.objects.get(code="94")
    ille_et_vilaine = Department.objects.get(code="35")
    creteil = SchoolFactory(
        name="COLLEGE LAPLACE", commune="Créteil", department=val_de_marne, latitude=48.79, longitude=2.455
    )
    rennes = SchoolFactory(name="COLLEGE DE RENNES", commune="Rennes", department=ille_et_vilaine)
    monday = datetime.date(2027, 3, 29)
    actions = [
        ActionFactory(
            published=True,
            schools=[creteil],
            title="Forum des métiers",
            occurrences=[{"date": monday, "start_time": datetime.time(10), "end_time": datetime.time(12)}],
        ),
        ActionFactory(published=True, schools=[rennes], title="Théâtre des élèves"),
    ]
    index.index_actions([a.pk for a in actions])
    return {"creteil": creteil, "forum": actions[0]}


def test_choose_a_departement_on_the_map_then_add_a_temps_fort_to_an_agenda(page, programme):
    visit(page, "/programme/carte/")
    expect(page.locator("h1")).to_have_text("Carte des actions publiées")
    expect(page.locator("table caption")).to_contain_text("Actions publiées par département")
    assert_accessible(page)

    # The département is a link of the SVG, reached and followed with the keyboard.
    departement = page.get_by_role("link", name=f"Val-de-Marne{NBSP}: 1 action", exact=True).first
    departement.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/programme/\?departement=94$"))

    # Its schools on its own map, from the table beside the map.
    visit(page, "/programme/carte/")
    follow(page, page.get_by_role("link", name=f"Carte des établissements{NBSP}: Val-de-Marne"))
    expect(page).to_have_url(re.compile(r"/programme/carte/\?departement=94$"))
    expect(page.locator("h1")).to_contain_text("Val-de-Marne")
    point = page.get_by_role("link", name=f"Collège Laplace (Créteil){NBSP}: 1 action")
    expect(point).to_have_count(1)
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Voir le calendrier"))

    # The calendar keeps the filter; the temps fort downloads as an .ics file.
    expect(page).to_have_url(re.compile(r"/programme/calendrier/\?departement=94$"))
    expect(page.locator("main")).to_contain_text("Forum des métiers")
    expect(page.locator("main")).not_to_contain_text("Théâtre des élèves")
    expect(page.get_by_label("Adresse de l'agenda à copier")).to_have_value(
        re.compile(r"/programme/agenda\.ics\?departement=94$")
    )
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Ajouter à mon agenda")).first.click()
    download = download_info.value
    occurrence = programme["forum"].occurrences.get()
    assert download.suggested_filename == f"temps-fort-{occurrence.pk}.ics"
    calendar = Calendar.from_ical(open(download.path(), "rb").read())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Forum des métiers"
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=2)


def test_the_map_on_a_phone(phone_page, programme):
    visit(phone_page, "/programme/carte/")
    expect(phone_page.locator("svg.sps-map")).to_be_visible()
    box = phone_page.locator("svg.sps-map").bounding_box()
    assert box["width"] <= 375
    assert_accessible(phone_page)
    visit(phone_page, "/programme/calendrier/?semaine=2027-03-29")
    assert_accessible(phone_page)
