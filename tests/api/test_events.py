"""The events of the API: /api/events lists the published events (once nationally, in each
organising académie when filtered), /api/actions the actions only, removals keep a copy in sync."""

import datetime

import pytest
from django.utils import timezone

from sps.catalogue import index
from sps.catalogue.exports import COLUMN_NAMES
from sps.events import services
from tests.accounts.factories import UserFactory, grant
from tests.api.helpers import published
from tests.editions.factories import EditionFactory
from tests.events.factories import EventFactory, EventSessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def published_event(edition, academies=None, **kwargs):
    event = EventFactory(academies=academies or [edition.academy], with_session=False, **kwargs)
    start = timezone.make_aware(datetime.datetime.combine(edition.week_start, datetime.time(9)))
    EventSessionFactory(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    index.index_events([event.pk])
    return event


def test_events_have_their_own_list_with_the_open_data_fields(client):
    action = published(title="Café des parents")
    other = EditionFactory(campaign=action.edition.campaign, published=True)
    event = published_event(
        action.edition,
        [action.edition.academy, other.academy],
        title="Séminaire partagé",
        online_url="https://visio.example.fr/secret-api",
    )
    SpeakerFactory(event=event, name="Nadia Berkouk")
    index.index_events([event.pk])  # the services do it after an edit
    body = client.get("/api/events").json()
    [item] = body["items"]  # shared by two académies: listed once
    assert tuple(item) == COLUMN_NAMES
    assert item["kind"] == "event" and item["id"] == event.pk and item["title"] == "Séminaire partagé"
    assert item["url"].endswith(f"/evenements/{event.pk}/")
    assert item["days"] == [action.edition.week_start.isoformat()]
    assert "secret-api" not in client.get("/api/events").content.decode()
    for academy in (action.edition.academy, other.academy):
        [listed] = client.get("/api/events", {"academie": academy.slug}).json()["items"]
        assert listed["academy"] == academy.slug
    assert [i["id"] for i in client.get("/api/events", {"q": "berkouk"}).json()["items"]] == [event.pk]
    # The actions' list stays actions only, with the same field names.
    actions = client.get("/api/actions").json()["items"]
    assert [(i["kind"], i["id"]) for i in actions] == [("action", action.pk)]
    assert client.get(f"/api/events/{event.pk}").json()["id"] == event.pk
    assert client.get("/api/events/999999").status_code == 404


def test_a_copy_follows_an_unpublished_event(client, django_capture_on_commit_callbacks):
    action = published()
    event = published_event(action.edition)
    since = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()
    user = UserFactory()
    grant(user, "national_pilot")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_published(event=event, by=user, published=False)
    assert client.get("/api/events").json()["items"] == []
    removed = client.get("/api/events/removed", {"since": since}).json()["items"]
    assert [r["id"] for r in removed] == [event.pk]
    assert client.get("/api/actions/removed", {"since": since}).json()["items"] == []


def test_event_list_query_count_does_not_grow_with_data(client, django_assert_max_num_queries):
    action = published()
    published_event(action.edition)
    # The page and its relations, the summaries included (CatalogueText, one query for the page).
    with django_assert_max_num_queries(5) as few:
        assert client.get("/api/events").status_code == 200
    for _ in range(15):
        published_event(action.edition)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/events").json()["items"]) == 16
