"""RGPD: registrations deleted a set time after the event, counts kept; the reminder of the day before."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sps.events import services
from sps.events.models import Event, Registration
from tests.events.factories import EventFactory, EventSessionFactory, RegistrationFactory, in_days

pytestmark = pytest.mark.django_db


def _event_ended(days_ago: int, **kwargs):
    event = EventFactory(with_session=False, **kwargs)
    EventSessionFactory(
        event=event, starts_at=in_days(-days_ago), ends_at=in_days(-days_ago) + datetime.timedelta(hours=2)
    )
    return event


def test_purge_deletes_registrations_after_twelve_months_and_keeps_counts():
    old = _event_ended(400)
    recent = _event_ended(300)
    RegistrationFactory(event=old, role="staff", attended=True)
    RegistrationFactory(event=old, role="parent")
    RegistrationFactory(event=old, status="waiting")
    RegistrationFactory(event=recent)
    out = StringIO()
    call_command("purge_event_registrations", "--dry-run", stdout=out)
    assert "3 inscription(s) seraient supprimées" in out.getvalue()
    assert Registration.objects.count() == 4
    call_command("purge_event_registrations", stdout=out)
    assert list(Registration.objects.values_list("event_id", flat=True)) == [recent.pk]
    old.refresh_from_db()
    assert old.registrations_purged_at is not None and not old.registrations_open
    assert old.archived_counts == {
        "confirmed": 2,
        "waiting": 1,
        "attended": 1,
        "confirmed_by_role": {"staff": 1, "parent": 1},
    }
    # Run again (daily): nothing more, the counts stay.
    assert services.registrations_purge() == 0
    assert Event.objects.get(pk=old.pk).archived_counts["confirmed"] == 2


def test_purge_period_is_a_setting(settings):
    settings.EVENT_REGISTRATION_RETENTION_MONTHS = 6
    event = _event_ended(200)
    RegistrationFactory(event=event)
    assert services.registrations_purge() == 1


def test_retention_cutoff_counts_months():
    now = timezone.make_aware(datetime.datetime(2027, 3, 31, 12, 0))
    assert services.retention_cutoff(now).date() == datetime.date(2026, 3, 28)


def test_reminder_the_day_before_with_the_online_link_once(django_capture_on_commit_callbacks):
    tomorrow = EventFactory(with_session=False, online_url="https://visio.example.fr/s")
    EventSessionFactory(event=tomorrow, starts_at=in_days(1, 14), ends_at=in_days(1, 16))
    later = EventFactory()  # in ten days
    confirmed = RegistrationFactory(event=tomorrow)
    RegistrationFactory(event=tomorrow, status="waiting")
    RegistrationFactory(event=tomorrow, status="cancelled")
    RegistrationFactory(event=later)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=out)
    assert "1 rappel(s)" in out.getvalue()
    assert [m.to for m in mail.outbox] == [[confirmed.email]]
    assert "https://visio.example.fr/s" in mail.outbox[0].body and mail.outbox[0].subject.startswith("Rappel")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 0
    assert len(mail.outbox) == 1
