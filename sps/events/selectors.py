"""Reads of the events that other apps use (the dossier de presse of sps.syntheses)."""

import datetime

from django.db.models import Min

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
