"""The temps forts of the public programme: the calendar's rows and the iCalendar feeds (RFC 5545).

Only public temps forts (`Occurrence.is_public`) of catalogue entries ever leave this module: a
temps fort that is not public, its place and its online link, never appear in a feed.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event

from sps.actions.models import Occurrence
from sps.catalogue.models import CatalogueDay, CatalogueEntry
from sps.events.models import EventSession

PARIS = ZoneInfo("Europe/Paris")
# A feed answers at most this many temps forts (the latest ones): a filter-less national feed
# stays bounded; a narrower filter (an académie, a bassin, a school) gets every one of its own.
FEED_MAX = 2000
# A calendar week shows at most this many temps forts; the page says when there are more.
WEEK_MAX = 500
UID_DOMAIN = "semaine-perseverance.education.gouv.fr"


@dataclass
class Row:
    """A public temps fort with what the calendar and the feeds show of its action."""

    occurrence: Occurrence
    entry: CatalogueEntry

    @property
    def start(self):
        o = self.occurrence
        return datetime.datetime.combine(o.date, o.start_time, PARIS) if o.start_time else None

    @property
    def end(self):
        o = self.occurrence
        if not (o.start_time and o.end_time) or o.end_time <= o.start_time:
            return None
        return datetime.datetime.combine(o.date, o.end_time, PARIS)

    @property
    def location(self) -> str:
        o = self.occurrence
        if o.is_online:
            return ", ".join(p for p in (o.place, "En ligne") if p)
        return o.place or self.entry.communes

    @property
    def where(self) -> str:
        """The calendar's line under the title: who carries it and where (« Collège Laplace · Lieu\u00a0:
        Gymnase, Créteil »); a place that begins with the carrier's name says both once (« Collège
        Laplace, Créteil », not « Collège Laplace · Lieu\u00a0: Collège Laplace, Créteil »)."""
        carrier, location = self.entry.carrier_label, self.location
        if not location:
            return carrier
        if not carrier:
            return f"Lieu\u00a0: {location}"
        if location.casefold().startswith(carrier.casefold()):
            return location
        return f"{carrier} · Lieu\u00a0: {location}"


@dataclass(frozen=True)
class SessionOccurrence:
    """An event's session seen as a public temps fort (the calendar's and the feeds' rows): its
    Europe/Paris date and times and its place; the online link is never carried (`url` empty)."""

    pk: int
    event_id: int
    title: str
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time | None
    place: str
    is_online: bool
    is_public: bool = True
    url: str = ""
    action_id: None = None

    @classmethod
    def of(cls, session) -> "SessionOccurrence":
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return cls(
            pk=session.pk,
            event_id=session.event_id,
            title=session.title,
            date=start.date(),
            start_time=start.time().replace(tzinfo=None),
            end_time=end.time().replace(tzinfo=None) if end.date() == start.date() else None,
            place=session.place or session.event.place,
            is_online=bool(session.event.online_url),
        )


def public_sessions(entries):
    """The sessions of the events among these catalogue entries, by start."""
    event_ids = entries.order_by().filter(event__isnull=False).values("event_id")
    return (
        EventSession.objects.filter(event_id__in=event_ids)
        .select_related("event")
        .only("title", "starts_at", "ends_at", "place", "event_id", "event__place", "event__online_url")
        .order_by("starts_at", "pk")
    )


def session_rows(sessions) -> list["Row"]:
    """Sessions (already sliced) with their event's primary entry, in two queries."""
    occurrences = [SessionOccurrence.of(s) for s in sessions]
    entries = (
        CatalogueEntry.objects.filter(event_id__in={o.event_id for o in occurrences}, is_primary=True)
        .select_related("text")  # a bounded set of rows: their summaries joined in
        .only(
            "id", "kind", "event_id", "title", "communes", "carrier_label", "updated_at", "is_flagship", "text__summary"
        )
    )
    by_event = {e.event_id: e for e in entries}
    return [Row(o, by_event[o.event_id]) for o in occurrences if o.event_id in by_event]


def sorted_rows(rows_: list["Row"]) -> list["Row"]:
    """Temps forts and sessions together, by date and hour (all-day ones first)."""
    return sorted(rows_, key=lambda r: (r.occurrence.date, r.occurrence.start_time or datetime.time(), r.entry.pk))


def public_occurrences(entries):
    """The public temps forts of these catalogue entries (a CatalogueEntry queryset), by date and hour."""
    action_ids = entries.order_by().filter(action__isnull=False).values("action_id")
    return Occurrence.objects.filter(is_public=True, action_id__in=action_ids).order_by(
        "date", "start_time", "action_id", "pk"
    )


def rows(occurrences) -> list[Row]:
    """Occurrences (already sliced) with their entries, in two queries."""
    occurrences = list(occurrences)
    entries = (
        CatalogueEntry.objects.filter(action_id__in={o.action_id for o in occurrences})
        .select_related("text")  # a bounded set of rows: their summaries joined in
        .only(
            "id",
            "kind",
            "action_id",
            "title",
            "communes",
            "carrier_label",
            "updated_at",
            "is_flagship",
            "text__summary",
        )
    )
    by_action = {e.action_id: e for e in entries}
    return [Row(o, by_action[o.action_id]) for o in occurrences if o.action_id in by_action]


def days_with_public_occurrences(entries) -> list[datetime.date]:
    """The distinct days of the entries' public temps forts, from the catalogue's narrow day table."""
    entry_ids = entries.order_by().values("pk")
    return sorted(set(CatalogueDay.objects.filter(entry_id__in=entry_ids).values_list("date", flat=True).distinct()))


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _uid(occurrence) -> str:
    if isinstance(occurrence, SessionOccurrence):
        return f"session-{occurrence.pk}@{UID_DOMAIN}"
    return f"temps-fort-{occurrence.pk}@{UID_DOMAIN}"


def _event(row: Row, fiche_url: str) -> Event:
    o, entry = row.occurrence, row.entry
    event = Event()
    event.add("uid", _uid(o))
    event.add("dtstamp", entry.updated_at.astimezone(datetime.UTC))
    title = entry.title
    if isinstance(o, SessionOccurrence) and o.title and o.title != entry.title:
        title = f"{entry.title} — {o.title}"
    event.add("summary", title)
    if row.start:
        event.add("dtstart", row.start)
        if row.end:
            event.add("dtend", row.end)
    else:
        # All day: DTEND is the next day (exclusive, RFC 5545 § 3.6.1).
        event.add("dtstart", o.date)
        event.add("dtend", o.date + datetime.timedelta(days=1))
    if row.location:
        event.add("location", row.location)
    event.add("url", fiche_url)
    description = [entry.carrier_label]
    if isinstance(o, SessionOccurrence):
        if o.is_online:  # the link itself goes to registered people only
            description.append("En ligne : le lien de connexion est envoyé aux personnes inscrites.")
    elif o.is_online and o.url:
        description.append(f"En ligne : {o.url}")
    if entry.summary:
        description.append(entry.summary[:1000])
    description.append(fiche_url)
    event.add("description", "\n\n".join(d for d in description if d))
    return event


def calendar_of(rows_: list[Row], *, name: str, fiche_url, page_url=None) -> bytes:
    """An iCalendar document (bytes) of these public temps forts and event sessions;
    `fiche_url(action_id)` gives the absolute URL of each fiche page, `page_url(entry)` that of an
    event's page. Times carry TZID=Europe/Paris with its VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", "-//Semaine de la persévérance scolaire//Programme//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for row in rows_:
        if not row.occurrence.is_public:  # never, by construction; kept as the last guard
            continue
        if row.entry.is_event:
            url = page_url(row.entry) if page_url else row.entry.get_absolute_url()
        else:
            url = fiche_url(row.occurrence.action_id)
        calendar.add_component(_event(row, url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
