"""The events of the week in the public programme, in Chromium: an event among the results with its
badge, the « Type » facet, the event's page from the result, its session in the calendar; each page
checked with axe-core. Screenshots go to var/screenshots/ (looked at by hand, not compared)."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from sps.catalogue import index
from tests.actions.factories import ActionFactory
from tests.browser.helpers import assert_accessible, visit
from tests.events.factories import EventFactory, EventSessionFactory, SpeakerFactory

pytestmark = pytest.mark.browser


def _shot(page, name):
    folder = settings.BASE_DIR / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_an_event_in_the_catalogue_and_the_calendar(page):
    action = ActionFactory(published=True, title="Théâtre forum avec les parents", organisation="")
    index.index_actions([action.pk])
    event = EventFactory(
        academies=[action.edition.academy],
        with_session=False,
        title="Forum de la persévérance",
        online_url="https://visio.example.fr/salle-secrete",
    )
    start = timezone.make_aware(datetime.datetime.combine(action.edition.week_start, datetime.time(14)))
    EventSessionFactory(
        event=event, title="Speed-meetings", starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    SpeakerFactory(event=event, name="Nadia Berkouk")
    index.index_events([event.pk])

    visit(page, "/programme/")
    expect(page.get_by_role("heading", name="2 résultats, dont 1 événement")).to_be_visible()
    expect(page.get_by_label("Type", exact=True)).to_contain_text("Événements (1)")
    assert_accessible(page)
    _shot(page, "catalogue-with-event")

    page.locator("#catalogue-q").fill("berkouk")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="1 événement")).to_be_visible()
    page.get_by_role("link", name="Forum de la persévérance").click()
    expect(page).to_have_url(re.compile(rf"/evenements/{event.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Forum de la persévérance")
    assert "salle-secrete" not in page.content()
    assert_accessible(page)

    visit(page, f"/programme/calendrier/?semaine={action.edition.week_start.isoformat()}")
    expect(page.get_by_role("link", name="Forum de la persévérance", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Ajouter à mon agenda : Forum de la persévérance")).to_be_visible()
    assert "salle-secrete" not in page.content()
    assert_accessible(page)
    _shot(page, "calendar-with-event")
