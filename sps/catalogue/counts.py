"""Facet counts computed in advance (CatalogueCount), per school year × académie × département ×
bassin.

Most visits open a territory's programme without any other filter (an académie's catalogue for the
latest edition, a département's, a bassin's): their facets are sums over a few hundred rows of
CatalogueCount instead of a dozen counts over thousands of entries (docs/performance.md: 50 ms at
1,000,000 actions). `refresh(pairs)` recomputes the rows of (campaign, académie) pairs from the
entries; sps.catalogue.index calls it after every change, so the counts always agree with the
entries (tests/catalogue/test_counts.py).

`territory_facets(query)` answers for a CatalogueQuery that only filters on territory and school
year, and returns None otherwise (the caller counts the entries then). Its shape:
{"school_year": {campaign_id: n}, "academy": {academy_id: n}, "department": {department_id: n},
"bassin": {bassin_id: n}, "school_kind" / "level" / "public": {code: n} (every code, zeros
included), "theme": {theme_id: n}, "category": {code: n}, "day": {date: n}, "flagship": n,
"total": n (the number of results)}; each facet leaves out its own filter, as the catalogue's
facets do.
"""

import datetime

from django.db import transaction
from django.db.models import Count, Q, Sum

from sps.catalogue import cache
from sps.catalogue.enums import LEVEL_GROUP_BITS, PUBLIC_BITS, SCHOOL_KIND_BITS
from sps.catalogue.models import CatalogueCount, CatalogueEntry, CatalogueSchool

BIT_FACETS = {
    "school_kind": ("school_kind_mask", SCHOOL_KIND_BITS),
    "level": ("level_mask", LEVEL_GROUP_BITS),
    "public": ("public_mask", PUBLIC_BITS),
}
GROUPED_FACETS = {"kind": "kind", "theme": "theme_links__theme_id", "category": "category", "day": "days__date"}
TERRITORY = ("school_year", "academy", "department", "bassin")
# CatalogueQuery attributes that, when set, take a query out of what the table answers.
OTHER_FILTERS = ("q", "kind", "uai", "school_kind", "level", "public", "theme", "category", "day", "flagship")


@transaction.atomic
def refresh(pairs) -> None:
    """Recompute the counts of these (campaign_id, academy_id) pairs from their entries."""
    for campaign_id, academy_id in sorted(set(pairs)):
        _refresh_pair(campaign_id, academy_id)
    cache.bump()  # every write to the entries ends here: the answers kept in the cache are left behind


def _refresh_pair(campaign_id, academy_id) -> None:
    CatalogueCount.objects.filter(campaign_id=campaign_id, academy_id=academy_id).delete()
    entries = CatalogueEntry.objects.filter(campaign_id=campaign_id, academy_id=academy_id).order_by()
    rows = []

    def add(department_id, bassin_id, facet, value, count, is_primary=True):
        if count:
            rows.append(
                CatalogueCount(
                    campaign_id=campaign_id,
                    academy_id=academy_id,
                    department_id=department_id,
                    bassin_id=bassin_id,
                    is_primary=is_primary,
                    facet=facet,
                    value="" if value is None else str(value),
                    count=count,
                )
            )

    aggregates = {"total": Count("id"), "flagship": Count("id", filter=Q(is_flagship=True))}
    names = {}
    for facet, (column, bits) in BIT_FACETS.items():
        for code, bit in bits.items():
            alias = f"bit_{len(names)}"
            names[alias] = (facet, code)
            aggregates[alias] = Count("id", filter=Q(**{f"{column}__bitand_any": bit}))
    for row in entries.values("department_id", "bassin_id", "is_primary").annotate(**aggregates):
        d, b, p = row["department_id"], row["bassin_id"], row["is_primary"]
        add(d, b, "total", "", row["total"], p)
        add(d, b, "flagship", "1", row["flagship"], p)
        for alias, (facet, code) in names.items():
            add(d, b, facet, code, row[alias], p)
    for facet, column in GROUPED_FACETS.items():
        grouped = entries.values_list("department_id", "bassin_id", "is_primary", column).annotate(n=Count("id"))
        for d, b, p, value, n in grouped:
            if value is not None:
                add(d, b, facet, value, n, p)
    schools = CatalogueSchool.objects.filter(entry__campaign_id=campaign_id, entry__academy_id=academy_id)
    add(None, None, "schools", "", schools.values("school_id").distinct().count())
    CatalogueCount.objects.bulk_create(rows, batch_size=2000)


def refresh_all() -> None:
    """Every pair recomputed (after a rebuild or a bulk load)."""
    CatalogueCount.objects.all().delete()
    refresh(CatalogueEntry.objects.order_by().values_list("campaign_id", "academy_id").distinct())


def pairs_of_entries(entry_filter: Q) -> set:
    return set(CatalogueEntry.objects.filter(entry_filter).order_by().values_list("campaign_id", "academy_id"))


def answers(query) -> bool:
    return not any(getattr(query, attr) for attr in OTHER_FILTERS)


def _territory_q(query, exclude: str = "") -> Q:
    """As CatalogueQuery.filter_q: without an académie filter, the primary rows only (a shared
    event counted once); the académie facet counts every académie's own rows."""
    q = Q()
    if query.school_year and exclude != "school_year":
        q &= Q(campaign__school_year=query.school_year)
    if query.academy and exclude != "academy":
        q &= Q(academy__slug=query.academy)
    elif exclude != "academy":
        q &= Q(is_primary=True)
    if query.department and exclude != "department":
        q &= Q(department__code=query.department)
    if query.bassin and exclude != "bassin":
        q &= Q(bassin_id=query.bassin)
    return q


def territory_facets(query) -> dict | None:
    """The facets of a territory-only query from the table, None for any other query."""
    if not answers(query):
        return None
    counts = CatalogueCount.objects.order_by()
    out = {}
    for attr, column in (
        ("school_year", "campaign_id"),
        ("academy", "academy_id"),
        ("department", "department_id"),
        ("bassin", "bassin_id"),
    ):
        rows = counts.filter(_territory_q(query, attr), facet="total").values_list(column).annotate(n=Sum("count"))
        out[attr] = {key: n for key, n in rows if key is not None}
    for facet, (_, bits) in BIT_FACETS.items():
        out[facet] = dict.fromkeys(bits, 0)
    for facet in GROUPED_FACETS:
        out[facet] = {}
    out["flagship"] = 0
    out["total"] = 0
    rows = (
        counts.filter(_territory_q(query))
        .exclude(facet="schools")
        .values_list("facet", "value")
        .annotate(n=Sum("count"))
    )
    for facet, value, n in rows:
        if facet == "total":  # the number of results, without counting the entries
            out["total"] = n
        elif facet == "flagship":
            out["flagship"] = n
        elif facet == "theme":
            out["theme"][int(value)] = n
        elif facet == "day":
            out["day"][datetime.date.fromisoformat(value)] = n
        else:
            out[facet][value] = n
    return out


def schools_by_academy(school_year: str) -> dict:
    """{academy_id: distinct carrying schools} for a school year."""
    rows = CatalogueCount.objects.filter(campaign__school_year=school_year, facet="schools")
    return dict(rows.values_list("academy_id", "count"))


def actions_by_academy(school_year: str) -> dict:
    """{academy_id: entries of the académie} (an event shared by several académies in each)."""
    rows = CatalogueCount.objects.filter(campaign__school_year=school_year, facet="total").order_by()
    return dict(rows.values_list("academy_id").annotate(n=Sum("count")))


def national_total(school_year: str) -> int:
    """The published items of a school year nationally: each shared event once."""
    rows = CatalogueCount.objects.filter(campaign__school_year=school_year, facet="total", is_primary=True)
    return rows.aggregate(n=Sum("count"))["n"] or 0
