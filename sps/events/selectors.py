"""Reads of the events that other apps use (the dossier de presse of sps.syntheses)."""

import datetime

from django.db.models import Min

from sps.events.enums import EventStatus
from sps.events.models import Event


def published_events_during(*, academy, start: datetime.date, end: datetime.date):
    """The published events `academy` organises (alone or with its région académique: each event
    once) with a session starting between `start` and `end` (local dates), first session first;
    their sessions prefetched."""
    return (
        Event.objects.published()
        .filter(academies=academy, sessions__starts_at__date__gte=start, sessions__starts_at__date__lte=end)
        .annotate(first_in_period=Min("sessions__starts_at"))
        .distinct()
        .order_by("first_in_period", "title", "pk")
        .prefetch_related("sessions")
    )


def published_event_sessions(*, academy_ids, start: datetime.date, end: datetime.date) -> list[dict]:
    """One query for many académies (the national synthesis): each session starting between `start`
    and `end` of a published event organised by one of `academy_ids`, as
    {"academy_id", "event_id", "title", "day"} rows, in the order of the sessions."""
    from django.utils import timezone

    rows = (
        Event.academies.through.objects.filter(
            academy_id__in=academy_ids,
            event__status=EventStatus.PUBLISHED,
            event__sessions__starts_at__date__gte=start,
            event__sessions__starts_at__date__lte=end,
        )
        .order_by("event__sessions__starts_at", "event__title", "event_id")
        .values_list("academy_id", "event_id", "event__title", "event__sessions__starts_at")
    )
    return [
        {"academy_id": a, "event_id": e, "title": t, "day": timezone.localdate(starts_at)}
        for a, e, t, starts_at in rows
    ]


# What the catalogue reads of each event it indexes (sps.catalogue.index): its académies, its
# sessions and its speakers, prefetched.
CATALOGUE_PREFETCH = ("academies", "sessions", "speakers")
