"""One way of writing a time across the public programme: « 10 h », « 10 h 30 » (the French
administration's typography, with no-break spaces) on the fiche, the calendar, an event's page and
the printable programme alike; never « 10h00 »."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from sps.catalogue import index
from sps.catalogue.programme import build_programme, programme_scope, render_programme_html
from tests.actions.factories import ActionFactory
from tests.events.factories import EventFactory, EventSessionFactory

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2027, 3, 29)
TEN, TEN_THIRTY, NOON = "10\u00a0h", "10\u00a0h\u00a030", "12\u00a0h"
# What the pages used to write (« 10h00 », « 10h30 »), or a time in a machine format.
OTHER_FORMATS = re.compile(r"\b\d{1,2}h\d{2}\b|\b\d{1,2}:\d{2}\b(?!:)")


@pytest.fixture
def action():
    action = ActionFactory(
        published=True,
        title="Forum des métiers",
        occurrences=[
            {"date": MONDAY, "start_time": datetime.time(10), "end_time": datetime.time(12), "is_public": True},
            {"date": MONDAY, "start_time": datetime.time(10, 30), "end_time": None, "is_public": True},
        ],
    )
    index.index_actions([action.pk])
    return action


def visible_text(html):
    main = html.split("<main", 1)[-1].split("</main>")[0]
    return re.sub(r"<script.*?</script>", "", main, flags=re.S)


def test_the_fiche_writes_10_h_and_10_h_30(client, action):
    html = visible_text(client.get(reverse("public:action_detail", args=[action.pk])).content.decode())
    assert f"Lundi 29 mars 2027, {TEN} – {NOON}" in html and TEN_THIRTY in html
    assert "10h00" not in html and "10h30" not in html
    # The « ajouter à mon agenda » link says it too.
    assert f"lundi 29 mars 2027 à {TEN_THIRTY} (fichier .ics)" in html


def test_the_calendar_writes_10_h_and_10_h_30(client, action):
    html = visible_text(client.get(reverse("public:calendar"), {"semaine": MONDAY.isoformat()}).content.decode())
    assert f"{TEN} – {NOON}" in html and TEN_THIRTY in html
    assert not OTHER_FORMATS.search(re.sub(r"<[^>]+>", " ", html))


def test_an_event_page_writes_10_h_30(client):
    event = EventFactory(with_session=False)
    start = timezone.make_aware(datetime.datetime(2027, 3, 29, 10, 30))
    EventSessionFactory(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=1, minutes=30))
    html = visible_text(client.get(reverse("public:event_detail", kwargs={"pk": event.pk})).content.decode())
    assert f"de {TEN_THIRTY} à {NOON}" in html
    assert not OTHER_FORMATS.search(re.sub(r"<[^>]+>", " ", html))


def test_the_printable_programme_writes_the_same(action):
    edition = action.edition
    scope = programme_scope({"academie": edition.academy.slug, "edition": edition.campaign.school_year})
    html = render_programme_html(build_programme(scope))
    assert f"{TEN} – {NOON}" in html and TEN_THIRTY in html
    assert "10h00" not in html
