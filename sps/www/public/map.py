"""The map of the public programme: published actions by département, for the catalogue's filters.

The counts are those of the catalogue's département facet (every filter but the département
itself), so that the map and the catalogue always agree. With a département filter, the map frames
that département and places its schools with published actions from their coordinates.
"""

from dataclasses import replace

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from sps.catalogue import svgmap
from sps.catalogue.enums import EntryKind
from sps.catalogue.models import CatalogueSchool
from sps.catalogue.query import CatalogueQuery
from sps.common.text import readable_name
from sps.www.public.catalogue import published_label

# Beyond this many schools in one département, the list and the points stop (the page says so).
POINTS_MAX = 1000


def actions_label(count, events: int = 0) -> str:
    """« 3 actions », « 1 événement », « 2 actions et 1 événement » (`count` counts both kinds;
    French plurals start at 2; « N.C. » is never 0)."""
    if count is None:
        return "N.C."
    actions = count - events

    def plural(n, word):
        return f"{n} {word}{'s' if n > 1 else ''}"

    if not events:
        return plural(actions, "action")
    if not actions:
        return plural(events, "événement")
    return f"{plural(actions, 'action')} et {plural(events, 'événement')}"


def catalogue_url(query: CatalogueQuery) -> str:
    params = query.to_params()
    return reverse("public:programme") + (f"?{urlencode(params)}" if params else "")


def map_url(query: CatalogueQuery) -> str:
    params = query.to_params()
    return reverse("public:map") + (f"?{urlencode(params)}" if params else "")


def _schools(query: CatalogueQuery, code: str):
    """The schools of département `code` carrying entries of the query (its département filter
    aside, as the counts), with how many: one grouped query."""
    entry_ids = query.entries(exclude="department").order_by().values("pk")
    return list(
        CatalogueSchool.objects.filter(entry_id__in=entry_ids, school__department__code=code)
        .values("school__uai", "school__name", "school__commune", "school__latitude", "school__longitude")
        .annotate(count=Count("entry_id"), events=Count("entry_id", filter=Q(entry__kind=EntryKind.EVENT)))
        .order_by("school__commune", "school__name", "school__uai")[: POINTS_MAX + 1]
    )


@login_not_required
def department_map(request):
    query = CatalogueQuery.from_params(request.GET)
    names = svgmap.department_names()
    # One grouped query: per département and kind (the events are told apart in the sentence).
    rows = (
        query.entries(exclude="department").order_by().values_list("department__code", "kind").annotate(n=Count("pk"))
    )
    by_code, events_by_code = {}, {}
    for code, kind, n in rows:
        by_code[code] = by_code.get(code, 0) + n
        if kind == EntryKind.EVENT:
            events_by_code[code] = events_by_code.get(code, 0) + n
    total = sum(by_code.values())
    events = sum(events_by_code.values())
    # The colours follow everything that happens there (actions and events).
    counts = {code: by_code.get(code, 0) for code in names}
    unknown_department = bool(query.department) and query.department not in names
    focus = query.department if query.department in names else None
    base = query.without("department", "sort")

    def href(code):
        return catalogue_url(replace(base, department=code))

    def label(code, value):
        return f"{names[code]}\u00a0: {actions_label(value, events_by_code.get(code, 0))}"

    classes = svgmap.legend_classes(counts)
    schools, points, schools_truncated = [], [], False
    if focus:
        schools = _schools(query, focus)
        schools_truncated = len(schools) > POINTS_MAX
        schools = schools[:POINTS_MAX]
        for school in schools:
            school["display_name"] = readable_name(school["school__name"])
            school["count_label"] = actions_label(school["count"], school["events"])
            school["url"] = reverse("public:school_detail", args=[school["school__uai"]])
            school["placed"] = school["school__latitude"] is not None and school["school__longitude"] is not None
            if school["placed"]:
                points.append(
                    svgmap.Point(
                        latitude=school["school__latitude"],
                        longitude=school["school__longitude"],
                        href=school["url"],
                        label=f"{school['display_name']} ({school['school__commune']})\u00a0: "
                        f"{actions_label(school['count'], school['events'])}",
                    )
                )
    title = f"Carte des actions — {names[focus]}" if focus else "Carte des actions"
    svg = svgmap.render_map(
        counts,
        href=href,
        label=label,
        title=(
            f"{names[focus]} et ses établissements porteurs d'actions publiées"
            if focus
            else "Carte de France des actions publiées par département"
        ),
        focus=focus,
        points=points,
        classes=classes,
    )
    table = [
        {
            "code": code,
            "name": name,
            "count": counts[code],
            "actions": counts[code] - events_by_code.get(code, 0),
            "events": events_by_code.get(code, 0),
            "count_label": actions_label(counts[code], events_by_code.get(code, 0)),
            "catalogue_url": href(code),
            "map_url": map_url(replace(base, department=code)),
        }
        for code, name in names.items()
    ]
    return render(
        request,
        "public/map.html",
        {
            "title": title,
            "svg": svg,
            "classes": classes,
            "table": table,
            "total": total,
            "total_label": published_label(total, events),
            "without_department": by_code.get(None, 0),
            "focus": focus,
            "focus_name": names.get(focus, ""),
            "focus_count": counts.get(focus),
            # « 0 action publiée », « 2 actions et 1 événement publiés » (the plural starts at 2).
            "focus_count_label": published_label(counts[focus], events_by_code.get(focus, 0)) if focus else "",
            "any_events": bool(events),
            "focus_catalogue_url": href(focus) if focus else "",
            "national_map_url": map_url(base),
            "unknown_department": unknown_department,
            "schools": schools,
            "schools_truncated": schools_truncated,
            "points_max": POINTS_MAX,
            "unplaced": sum(1 for s in schools if not s["placed"]),
            "catalogue_url": catalogue_url(query.without("sort")),
            "calendar_url": reverse("public:calendar")
            + (f"?{urlencode(query.to_params())}" if not query.is_empty() else ""),
            "attribution": svgmap.attribution(),
            "query": query,
        },
    )
