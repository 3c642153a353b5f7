"""The calendar of the public programme and its iCalendar feeds, for the catalogue's filters.

Only public temps forts of published actions (sps.catalogue.agenda). The calendar shows one week
at a time (`?semaine=AAAA-MM-JJ`, any day of it), at most WEEK_MAX temps forts; the feeds answer
the same filters (`/programme/agenda.ics?bassin=…`).
"""

import datetime
from itertools import groupby

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from sps.actions.models import PARIS, Occurrence
from sps.catalogue import agenda, svgmap
from sps.catalogue.enums import LevelGroup
from sps.catalogue.models import CatalogueEntry
from sps.catalogue.query import CatalogueQuery
from sps.editions.enums import Public
from sps.events.models import EventSession
from sps.territories.models import Academy

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def fiche_path(action_id: int) -> str:
    """The fiche page of a published action (`public:action_detail`, built by the catalogue's
    views; its URL is fixed by the issue until that view exists)."""
    try:
        return reverse("public:action_detail", args=[action_id])
    except NoReverseMatch:
        return f"/programme/actions/{action_id}/"


def absolute(path: str) -> str:
    # Built from SITE_URL, not from the request's Host header (as the e-mails' links).
    return settings.SITE_URL.rstrip("/") + path


def _with_params(path: str, params: dict) -> str:
    return path + (f"?{urlencode(params)}" if params else "")


def _occurrences(query: CatalogueQuery):
    occurrences = agenda.public_occurrences(query.entries())
    if query.day:
        occurrences = occurrences.filter(date=query.day)
    return occurrences


def _sessions(query: CatalogueQuery):
    sessions = agenda.public_sessions(query.entries())
    if query.day:
        sessions = sessions.filter(starts_at__date=query.day)
    return sessions


def _week(request, query: CatalogueQuery, weeks: list[datetime.date]) -> tuple[datetime.date | None, bool]:
    """The Monday of the week to show, and whether the visitor's `semaine` was unreadable."""
    raw = (request.GET.get("semaine") or "").strip()
    if raw:
        try:
            return agenda.monday_of(datetime.date.fromisoformat(raw[:10])), False
        except ValueError:
            pass
    if query.day:
        return agenda.monday_of(query.day), bool(raw)
    if not weeks:
        return None, bool(raw)
    this_week = agenda.monday_of(timezone.localdate())
    upcoming = [w for w in weeks if w >= this_week]
    return (upcoming[0] if upcoming else weeks[-1]), bool(raw)


# The filters offered on the calendar page itself; the catalogue's other filters ride along hidden.
CALENDAR_FILTERS = ("q", "academie", "departement", "niveau", "public", "phare")


def calendar_filters(query: CatalogueQuery) -> dict:
    """The calendar's own filter form: a few selects (one small query, for the académies) and the
    query's other parameters as hidden fields, so that applying the form keeps them."""
    params = query.without("sort").to_params()
    return {
        "academies": list(Academy.objects.order_by("name").values_list("slug", "name")),
        "departments": list(svgmap.department_names().items()),
        "levels": LevelGroup.choices,
        "publics": Public.choices,
        "hidden": {k: v for k, v in params.items() if k not in CALENDAR_FILTERS},
        "values": params,
    }


@login_not_required
def calendar(request):
    query = CatalogueQuery.from_params(request.GET)
    params = query.without("sort").to_params()
    days = agenda.days_with_public_occurrences(query.entries())
    if query.day:
        days = [d for d in days if d == query.day]
    weeks = sorted({agenda.monday_of(d) for d in days})
    week, bad_week = _week(request, query, weeks)
    groups, truncated = [], False
    previous_week = next_week = None
    if week:
        sunday = week + datetime.timedelta(days=6)
        occurrences = _occurrences(query).filter(date__range=(week, sunday))[: agenda.WEEK_MAX + 1]
        sessions = _sessions(query).filter(starts_at__date__range=(week, sunday))[: agenda.WEEK_MAX + 1]
        rows = agenda.sorted_rows(agenda.rows(occurrences) + agenda.session_rows(sessions))
        truncated = len(rows) > agenda.WEEK_MAX
        rows = rows[: agenda.WEEK_MAX]
        today = timezone.localdate(timezone=PARIS)
        for row in rows:
            if row.entry.is_event:
                row.fiche_url = row.entry.get_absolute_url()
                row.ics_url = reverse("public:session_ics", args=[row.occurrence.event_id, row.occurrence.pk])
            else:
                row.fiche_url = fiche_path(row.occurrence.action_id)
                row.ics_url = reverse("public:occurrence_ics", args=[row.occurrence.action_id, row.occurrence.pk])
            if row.occurrence.date < today:  # a past temps fort: nothing to add to one's agenda
                row.ics_url = None
        groups = [(day, list(items)) for day, items in groupby(rows, key=lambda r: r.occurrence.date)]
        before = [w for w in weeks if w < week]
        after = [w for w in weeks if w > week]
        previous_week = before[-1] if before else None
        next_week = after[0] if after else None
    feed_path = _with_params(reverse("public:agenda_ics"), params)
    return render(
        request,
        "public/calendar.html",
        {
            "title": "Calendrier des temps forts",
            "query": query,
            "week": week,
            "week_end": week + datetime.timedelta(days=6) if week else None,
            "bad_week": bad_week,
            "groups": groups,
            "truncated": truncated,
            "week_max": agenda.WEEK_MAX,
            "previous_url": _with_params(reverse("public:calendar"), {**params, "semaine": previous_week.isoformat()})
            if previous_week
            else "",
            "next_url": _with_params(reverse("public:calendar"), {**params, "semaine": next_week.isoformat()})
            if next_week
            else "",
            "has_weeks": bool(weeks),
            "catalogue_url": _with_params(reverse("public:programme"), query.to_params()),
            "map_url": _with_params(reverse("public:map"), params),
            "feed_path": feed_path,
            "feed_url": absolute(feed_path),
            "feed_max": agenda.FEED_MAX,
            "filters": calendar_filters(query),
        },
    )


@login_not_required
def agenda_ics(request):
    """The iCalendar feed of the filtered programme: its latest FEED_MAX public temps forts."""
    query = CatalogueQuery.from_params(request.GET)
    latest = _occurrences(query).order_by("-date", "-start_time", "-pk")[: agenda.FEED_MAX]
    latest_sessions = _sessions(query).order_by("-starts_at", "-pk")[: agenda.FEED_MAX]
    rows = agenda.sorted_rows(agenda.rows(latest) + agenda.session_rows(latest_sessions))[-agenda.FEED_MAX :]
    body = agenda.calendar_of(
        rows,
        name="Semaine de la persévérance scolaire — programme",
        fiche_url=lambda pk: absolute(fiche_path(pk)),
        page_url=lambda entry: absolute(entry.get_absolute_url()),
    )
    response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="programme.ics"'
    return response


@login_not_required
def occurrence_ics(request, action_id, occurrence_id):
    """« Ajouter à mon agenda »: one public temps fort of a published action, as an .ics download."""
    if not CatalogueEntry.objects.filter(action_id=action_id).exists():
        raise Http404("Action non publiée")
    occurrence = get_object_or_404(Occurrence, pk=occurrence_id, action_id=action_id, is_public=True)
    rows = agenda.rows([occurrence])
    body = agenda.calendar_of(rows, name=rows[0].entry.title, fiche_url=lambda pk: absolute(fiche_path(pk)))
    response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="temps-fort-{occurrence.pk}.ics"'
    return response


@login_not_required
def session_ics(request, pk, session_id):
    """« Ajouter à mon agenda »: one session of an event of the public programme, as an .ics
    download (never its online link: that goes to registered people only)."""
    session = get_object_or_404(
        EventSession.objects.select_related("event").filter(event__catalogue_entries__isnull=False).distinct(),
        pk=session_id,
        event_id=pk,
    )
    rows = agenda.session_rows([session])
    if not rows:
        raise Http404("Événement hors du programme public")
    body = agenda.calendar_of(
        rows, name=rows[0].entry.title, fiche_url=None, page_url=lambda e: absolute(e.get_absolute_url())
    )
    response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response
