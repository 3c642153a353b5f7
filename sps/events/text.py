"""How an event's dates read in French (pages, e-mails, the attestation)."""

import datetime

from django.utils import timezone

from sps.common.dates import format_date, format_time

__all__ = ["event_duration", "event_session_when", "event_when", "format_duration", "format_time"]


def event_session_when(session) -> str:
    """« mardi 24 mars 2026, de 9 h à 12 h 30 » (local time)."""
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    text = format_date(start.date(), weekday=True)
    if start.date() == end.date():
        return f"{text}, de {format_time(start.time())} à {format_time(end.time())}"
    return (
        f"du {text}, {format_time(start.time())}, au {format_date(end.date(), weekday=True)}, {format_time(end.time())}"
    )


def event_when(event) -> str:
    """The first session's day and hours, and how many sessions follow."""
    sessions = event.ordered_sessions()
    if not sessions:
        return "date à venir"
    text = event_session_when(sessions[0])
    days = {timezone.localdate(s.starts_at) for s in sessions}
    if len(days) > 1:
        last = max(days)
        text += f" (jusqu'au {format_date(last, weekday=True)})"
    return text


def format_duration(delta: datetime.timedelta) -> str:
    """« 3 h », « 1 h 30 », « 45 min »."""
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h" if not minutes else f"{hours} h {minutes:02d}"


def event_duration(event) -> datetime.timedelta:
    return sum((s.duration for s in event.sessions.all()), datetime.timedelta())
