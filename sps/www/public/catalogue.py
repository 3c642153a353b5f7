"""The public programme: the catalogue page (search, facets, results) and the fiche page.

Both read the catalogue's tables through CatalogueQuery (sps.catalogue.query), like every other
public view; the fiche page reads the published fiche itself, showing public fields only.
"""

import datetime
import json
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from sps.actions.enums import ActionStatus, Level
from sps.actions.models import Action, ActionPartner, BilanPhoto, Occurrence
from sps.catalogue import cache
from sps.catalogue.enums import LEVEL_GROUP_BITS, PUBLIC_BITS, EntryKind, LevelGroup
from sps.catalogue.facets import facet_counts, facets
from sps.catalogue.models import CatalogueEntry
from sps.catalogue.query import CatalogueQuery
from sps.editions.enums import Public
from sps.prizes.results import fiche_prize
from sps.schools.models import School
from sps.www.common.files import photo_response

PAGE_SIZE = 20
# Pagination is bounded: past this page the visitor is asked to narrow the search (no deep OFFSET).
MAX_PAGE = 50
SIMILAR_COUNT = 4
SORT_LABELS = {
    "": "Pertinence, puis édition la plus récente",
    "date": "Date du premier temps fort",
    "recent": "Publication la plus récente",
}


def mask_labels(mask: int, bits: dict, labels: dict) -> list[str]:
    return [str(labels[value]) for value, bit in bits.items() if mask & bit]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def results_label(total: int, kind_facet) -> str:
    """« 12 actions », « 3 événements », or « 15 résultats, dont 3 événements » (the « Type »
    facet's counts, which agree with the results)."""
    selected = kind_facet.selected[0].value if kind_facet.selected else ""
    if selected:
        events = total if selected == "evenement" else 0
    else:
        events = {v.value: v.count for v in kind_facet.values}.get("evenement", 0)
    if not events:
        return _plural(total, "action")
    if events == total:
        return _plural(total, "événement")
    return f"{_plural(total, 'résultat')}, dont {_plural(events, 'événement')}"


def published_label(total: int, events: int) -> str:
    """« 12 actions publiées », « 1 événement publié », « 12 actions et 3 événements publiés »."""
    actions = total - events

    def plural(n, word):
        return f"{n} {word}{'s' if n > 1 else ''}"

    if not events:
        return f"{plural(actions, 'action')} publiée{'s' if actions > 1 else ''}"
    if not actions:
        return f"{plural(events, 'événement')} publié{'s' if events > 1 else ''}"
    return f"{plural(actions, 'action')} et {plural(events, 'événement')} publiés"


def _page_number(raw) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def _url(query: CatalogueQuery, **extra) -> str:
    params = {**query.to_params(), **{k: v for k, v in extra.items() if v}}
    return reverse("public:programme") + ("?" + urlencode(params) if params else "")


# What each facet's empty choice reads (« Tous ou toutes » reads badly to a parent).
ANY_LABELS = {
    "nature": "Actions et événements",
    "edition": "Toutes les éditions",
    "academie": "Toutes les académies",
    "departement": "Tous les départements",
    "bassin": "Tous les bassins",
    "type": "Tous les types",
    "niveau": "Tous les niveaux",
    "public": "Tous les publics",
    "theme": "Tous les thèmes",
    "categorie": "Toutes les catégories",
    "jour": "Tous les jours",
    "phare": "Toutes les actions",
}

# The printable programme needs one territory: the narrowest the catalogue's filters name.
PRINT_SCOPES = ("bassin", "departement", "academie")


def _with(path: str, params: dict) -> str:
    return path + ("?" + urlencode(params) if params else "")


def other_views(query: CatalogueQuery) -> dict:
    """The same selection elsewhere: the map, the calendar, the iCalendar feed, the open data page
    and, when a territory is chosen, its printable programme (the same query string each time)."""
    params = query.without("sort").to_params()
    views = {
        "map_url": _with(reverse("public:map"), params),
        "calendar_url": _with(reverse("public:calendar"), params),
        "feed_url": _with(reverse("public:agenda_ics"), params),
        "open_data_url": _with(reverse("public:open_data"), params),
        "print_url": "",
    }
    scope = next((name for name in PRINT_SCOPES if params.get(name)), None)
    if scope:
        print_params = {scope: params[scope]}
        if params.get("edition"):
            print_params["edition"] = params["edition"]
        views["print_url"] = _with(reverse("public:programme_print"), print_params)
    return views


def _options(facet):
    """The <option>s of a facet's <select>, written here rather than by a template loop: a search
    over the whole catalogue lists some 500 values, which the template engine took ~20 ms to write."""
    return format_html_join(
        "",
        '<option value="{}"{}>{} ({})</option>',
        ((v.value, mark_safe(" selected") if v.selected else "", v.label, v.count) for v in facet.values),
    )


@login_not_required
def catalogue(request):
    query = CatalogueQuery.from_params(request.GET)
    number = _page_number(request.GET.get("page"))
    asked = number
    counts = facet_counts(query, page=((number - 1) * PAGE_SIZE, PAGE_SIZE))
    total = counts["total"] if "total" in counts else query.entries().count()
    pages = max(1, min(MAX_PAGE, -(-total // PAGE_SIZE)))
    number = min(number, pages)
    results = query.page(
        (number - 1) * PAGE_SIZE,
        PAGE_SIZE,
        select_related=("academy", "edition__campaign"),
        prefetch_related=("text",),
        ids=counts.get("page_ids") if number == asked else None,
    )
    levels, publics = dict(LevelGroup.choices), dict(Public.choices)
    for entry in results:
        entry.level_labels = mask_labels(entry.level_mask, LEVEL_GROUP_BITS, levels)
        entry.public_labels = mask_labels(entry.public_mask, PUBLIC_BITS, publics)
    facet_list = cache.remembered("facet_list", query, None, lambda: facets(query, counts))
    total_label = results_label(total, next(f for f in facet_list if f.attr == "kind"))
    active = []
    for facet in facet_list:
        for value in facet.selected:
            active.append({"label": f"{facet.label} : {value.label}", "url": _url(query.without(facet.attr))})
    if query.q:
        active.insert(0, {"label": f"Recherche : « {query.q} »", "url": _url(query.without("q"))})
    sorts = dict(SORT_LABELS)
    if not query.q:
        sorts[""] = "Édition la plus récente"
    return render(
        request,
        "public/catalogue/catalogue.html",
        {
            "title": "Programme",
            "query": query,
            "facets": [(facet, ANY_LABELS.get(facet.name, "Tous"), _options(facet)) for facet in facet_list],
            "results": results,
            "total": total,
            "total_label": total_label,
            "active": active,
            "sorts": sorts.items(),
            "page_number": number,
            "pages": pages,
            "capped": total > MAX_PAGE * PAGE_SIZE,
            "previous_url": _url(query, page=number - 1 if number > 2 else None) if number > 1 else "",
            "next_url": _url(query, page=number + 1) if number < pages else "",
            "clear_url": reverse("public:programme"),
            **other_views(query),
        },
    )


# --- The fiche page --------------------------------------------------------------------------


def _published_action(pk):
    occurrences = Occurrence.objects.filter(is_public=True).order_by("date", "start_time", "pk")
    queryset = (
        Action.objects.filter(status=ActionStatus.PUBLISHED)
        .select_related("edition__campaign", "edition__academy", "bassin", "department", "catalogue_entry")
        .prefetch_related(
            Prefetch("occurrences", queryset=occurrences, to_attr="public_occurrences"),
            Prefetch("schools", queryset=School.objects.select_related("department").order_by("name")),
            Prefetch("action_partners", queryset=ActionPartner.objects.select_related("partner")),
            "themes",
        )
    )
    return get_object_or_404(queryset, pk=pk)


def similar_entries(action, entry, limit=SIMILAR_COUNT):
    """Published entries sharing a theme, a public or a level with this one, the same département
    first, newest edition first: two bounded queries (at most `limit` rows each)."""
    if entry is None:
        return []
    # Similar actions only: an event shared by several académies has one entry in each, and is not
    # an action to compare with.
    base = CatalogueEntry.objects.exclude(pk=entry.pk).filter(campaign_id=entry.campaign_id, kind=EntryKind.ACTION)
    theme_ids = [t.pk for t in action.themes.all()]
    shared = Q(public_mask__bitand_any=entry.public_mask) if entry.public_mask else Q(pk__in=[])
    if entry.level_mask:
        shared |= Q(level_mask__bitand_any=entry.level_mask)
    if theme_ids:
        shared |= Q(pk__in=CatalogueEntry.objects.filter(theme_links__theme_id__in=theme_ids).values("pk"))
    found = []
    if entry.department_id:
        found = _flagship_first(base.filter(shared, department_id=entry.department_id), limit)
    if len(found) < limit:
        found += _flagship_first(
            base.filter(shared, academy_id=entry.academy_id).exclude(pk__in=[e.pk for e in found]),
            limit - len(found),
        )
    return found


def _flagship_first(queryset, limit):
    """The first `limit` entries by (action phare first, first date, id), as two queries in the
    order of the territory's (…, campaign, first_date, id) index: each stops at its first rows
    instead of sorting the territory's year (3,700 rows for a département at 1,000,000 actions)."""
    found = list(queryset.filter(is_flagship=True).order_by("first_date", "id")[:limit])
    if len(found) < limit:
        found += list(queryset.filter(is_flagship=False).order_by("first_date", "id")[: limit - len(found)])
    return found


def event_json_ld(request, action, occurrences) -> str:
    """schema.org Event per public temps fort (start and end with their Europe/Paris offset)."""
    url = request.build_absolute_uri(reverse("public:action_detail", kwargs={"pk": action.pk}))
    tz = timezone.get_default_timezone()
    schools = list(action.schools.all())
    events = []
    for occurrence in occurrences:
        start_time = occurrence.start_time or datetime.time(0, 0)
        start = datetime.datetime.combine(occurrence.date, start_time, tzinfo=tz)
        event = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": action.display_title,
            "description": (action.description or "")[:500],
            "url": url,
            "startDate": start.isoformat() if occurrence.start_time else occurrence.date.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "organizer": {"@type": "Organization", "name": action.carrier_label()},
        }
        if occurrence.end_time:
            event["endDate"] = datetime.datetime.combine(occurrence.date, occurrence.end_time, tzinfo=tz).isoformat()
        if occurrence.is_online and occurrence.url:
            event["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
            event["location"] = {"@type": "VirtualLocation", "url": occurrence.url}
        else:
            event["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
            place = occurrence.place or (schools[0].display_name if schools else "")
            commune = schools[0].commune if schools else ""
            event["location"] = {
                "@type": "Place",
                "name": place or commune or action.carrier_label(),
                "address": {"@type": "PostalAddress", "addressLocality": commune, "addressCountry": "FR"},
            }
        events.append(event)
    # Escape what could close the script element.
    return (
        json.dumps(events, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )


def _public_photos(action):
    return BilanPhoto.objects.filter(
        bilan__action=action, bilan__action__status=ActionStatus.PUBLISHED, consent_confirmed=True
    ).order_by("pk")


@login_not_required
def action_detail(request, pk):
    action = _published_action(pk)
    entry = getattr(action, "catalogue_entry", None)
    occurrences = action.public_occurrences
    photos = list(_public_photos(action))
    og_image = (
        request.build_absolute_uri(reverse("public:action_photo", kwargs={"pk": action.pk, "photo_pk": photos[0].pk}))
        if photos
        else ""
    )
    return render(
        request,
        "public/catalogue/action_detail.html",
        {
            "title": action.display_title,
            "action": action,
            "entry": entry,
            "occurrences": occurrences,
            "schools": list(action.schools.all()),
            "partners": list(action.action_partners.all()),
            "themes": list(action.themes.all()),
            "levels": [Level(level).label for level in action.levels if level in Level.values],
            "publics": [str(Public(p).label) for p in action.publics if p in Public.values],
            "photos": photos,
            "og_image": og_image,
            "similar": similar_entries(action, entry),
            "prize": fiche_prize(action),
            "json_ld": event_json_ld(request, action, occurrences),
            "canonical_url": request.build_absolute_uri(reverse("public:action_detail", kwargs={"pk": action.pk})),
        },
    )


@login_not_required
def action_photo(request, pk, photo_pk):
    """A photo of a published action's bilan, for everyone: only photos whose image rights were
    confirmed (the others are never served here, whatever their number)."""
    action = get_object_or_404(Action.objects.filter(status=ActionStatus.PUBLISHED), pk=pk)
    return photo_response(get_object_or_404(_public_photos(action), pk=photo_pk))
