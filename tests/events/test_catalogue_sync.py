"""The events' writes keep the public programme in step: the service that deletes an event, and
the admin (a way round the pilots' screens) when it edits or deletes one."""

import datetime

import pytest
from django.utils import timezone

from sps.audit.models import AuditEntry
from sps.catalogue import index
from sps.catalogue.enums import EntryKind
from sps.catalogue.models import CatalogueEntry, CatalogueRemoval
from sps.events import services
from sps.events.models import Event
from tests.accounts.factories import UserFactory, grant
from tests.editions.factories import EditionFactory
from tests.events.factories import EventFactory, EventSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed_event():
    edition = EditionFactory(published=True)
    event = EventFactory(academies=[edition.academy], with_session=False, title="Forum des parents")
    start = timezone.make_aware(datetime.datetime.combine(edition.week_start, datetime.time(9)))
    EventSessionFactory(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    index.index_events([event.pk])
    assert CatalogueEntry.objects.filter(event=event).exists()
    return event


def test_deleting_an_event_takes_it_out_of_the_programme_with_its_history(indexed_event):
    user = UserFactory()
    grant(user, "national_pilot")
    pk = indexed_event.pk
    services.event_delete(event=indexed_event, by=user)
    assert not Event.objects.filter(pk=pk).exists()
    assert not CatalogueEntry.objects.exists()
    assert CatalogueRemoval.objects.filter(kind=EntryKind.EVENT, object_id=pk).exists()
    assert AuditEntry.objects.filter(verb="events.event.deleted", object_id=pk, user=user).exists()


def test_the_admin_deletes_through_the_service(admin_client, indexed_event):
    pk = indexed_event.pk
    response = admin_client.post(f"/admin/events/event/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CatalogueEntry.objects.exists()
    assert CatalogueRemoval.objects.filter(kind=EntryKind.EVENT, object_id=pk).exists()


def test_the_admin_bulk_delete_goes_through_the_service(admin_client, indexed_event):
    response = admin_client.post(
        "/admin/events/event/", {"action": "delete_selected", "_selected_action": [indexed_event.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not Event.objects.exists() and not CatalogueEntry.objects.exists()
