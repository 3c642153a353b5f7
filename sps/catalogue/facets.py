"""The catalogue's facets: for each filter, its values with the number of results each would give.

Counts are computed in the database from the narrow catalogue tables, and always agree with the
results: a facet's counts apply every filter of the query but its own (the usual faceted-search
rule: choosing « Collège » does not hide the other levels). Single-valued facets are one GROUP BY;
multi-valued ones stored as bit masks are counted with conditional aggregates in one pass; themes
and days are a GROUP BY over their link table.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from sps.actions.enums import IdeaCategory
from sps.catalogue.enums import LEVEL_GROUP_BITS, PUBLIC_BITS, SCHOOL_KIND_BITS, EntryKind, LevelGroup
from sps.catalogue.models import CatalogueDay, CatalogueTheme
from sps.common.dates import format_date
from sps.common.text import readable_name
from sps.editions.enums import Public
from sps.schools.enums import SchoolKind
from sps.territories.text import french_sort_key

# A facet shows at most this many values (the most frequent ones, then sorted for reading).
MAX_VALUES = 100


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the URL parameter
    attr: str  # the CatalogueQuery attribute
    label: str
    values: list

    @property
    def selected(self):
        return [v for v in self.values if v.selected]


def _top(rows, key="n"):
    rows = [r for r in rows if r[key]]
    if len(rows) > MAX_VALUES:
        rows = sorted(rows, key=lambda r: -r[key])[:MAX_VALUES]
    return rows


def _grouped(query, attr, *fields):
    qs = query.entries(exclude=attr).order_by()
    return _top(list(qs.values(*fields).annotate(n=Count("id"))))


def _masks(query, attr, column, bits: dict, labels: dict, current) -> list:
    qs = query.entries(exclude=attr).order_by()
    counts = qs.aggregate(
        **{f"m{i}": Count("id", filter=Q(**{f"{column}__bitand_any": bit})) for i, bit in enumerate(bits.values())}
    )
    values = []
    for i, value in enumerate(bits):
        n = counts[f"m{i}"] or 0
        if n or value == current:
            values.append(FacetValue(value, str(labels[value]), n, value == current))
    return values


def _named(rows, value_key, label_of, current, *, sort="label"):
    values = [FacetValue(str(r[value_key]), label_of(r), r["n"], str(r[value_key]) == str(current)) for r in rows]
    if sort == "label":
        values.sort(key=lambda v: french_sort_key(v.label))
    return values


def facets(query) -> list[Facet]:
    """Every facet of the catalogue for `query` (a CatalogueQuery), in display order."""
    out = []
    kinds_found = {r["kind"]: r["n"] for r in _grouped(query, "kind", "kind")}
    out.append(
        Facet(
            "nature",
            "kind",
            "Type",
            [
                FacetValue(param, label, kinds_found[kind], param == query.kind)
                for param, kind, label in (
                    ("action", EntryKind.ACTION, "Actions"),
                    ("evenement", EntryKind.EVENT, "Événements"),
                )
                if kinds_found.get(kind)
            ],
        )
    )
    editions = _grouped(query, "school_year", "campaign__school_year")
    out.append(
        Facet(
            "edition",
            "school_year",
            "Édition",
            sorted(
                _named(
                    editions, "campaign__school_year", lambda r: r["campaign__school_year"], query.school_year, sort=""
                ),
                key=lambda v: v.value,
                reverse=True,
            ),
        )
    )
    academies = _grouped(query, "academy", "academy__slug", "academy__name")
    out.append(
        Facet(
            "academie",
            "academy",
            "Académie",
            _named(academies, "academy__slug", lambda r: r["academy__name"], query.academy),
        )
    )
    departments = _grouped(query, "department", "department__code", "department__name")
    out.append(
        Facet(
            "departement",
            "department",
            "Département",
            _named(
                [r for r in departments if r["department__code"]],
                "department__code",
                lambda r: f"{r['department__name']} ({r['department__code']})",
                query.department,
            ),
        )
    )
    bassins = _grouped(query, "bassin", "bassin_id", "bassin__name")
    out.append(
        Facet(
            "bassin",
            "bassin",
            "Bassin",
            _named(
                [r for r in bassins if r["bassin_id"]],
                "bassin_id",
                lambda r: readable_name(r["bassin__name"]),
                query.bassin or "",
            ),
        )
    )
    kinds = dict(SchoolKind.choices)
    out.append(
        Facet(
            "type",
            "school_kind",
            "Type d'établissement",
            _masks(query, "school_kind", "school_kind_mask", SCHOOL_KIND_BITS, kinds, query.school_kind),
        )
    )
    out.append(
        Facet(
            "niveau",
            "level",
            "Niveau",
            _masks(query, "level", "level_mask", LEVEL_GROUP_BITS, dict(LevelGroup.choices), query.level),
        )
    )
    out.append(
        Facet(
            "public",
            "public",
            "Public",
            _masks(query, "public", "public_mask", PUBLIC_BITS, dict(Public.choices), query.public),
        )
    )
    themes = _top(
        list(
            CatalogueTheme.objects.filter(entry__in=query.entries(exclude="theme").order_by().values("pk"))
            .values("theme_id", "theme__title")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    out.append(
        Facet("theme", "theme", "Thème", _named(themes, "theme_id", lambda r: r["theme__title"], query.theme or ""))
    )
    categories = _grouped(query, "category", "category")
    category_labels = dict(IdeaCategory.choices)
    out.append(
        Facet(
            "categorie",
            "category",
            "Catégorie",
            _named(
                [r for r in categories if r["category"]],
                "category",
                lambda r: str(category_labels.get(r["category"], r["category"])),
                query.category,
            ),
        )
    )
    days = _top(
        list(
            CatalogueDay.objects.filter(entry__in=query.entries(exclude="day").order_by().values("pk"))
            .values("date")
            .annotate(n=Count("id"))
            .order_by()
        )
    )
    day_values = [
        FacetValue(r["date"].isoformat(), format_date(r["date"], weekday=True), r["n"], r["date"] == query.day)
        for r in sorted(days, key=lambda r: r["date"])
    ]
    out.append(Facet("jour", "day", "Jour", day_values))
    flagship = query.entries(exclude="flagship").order_by().filter(is_flagship=True).count()
    out.append(
        Facet(
            "phare",
            "flagship",
            "Action phare",
            [FacetValue("1", "Actions phares", flagship, query.flagship)] if flagship or query.flagship else [],
        )
    )
    for i, facet in enumerate(out):
        current = getattr(query, facet.attr)
        if current not in ("", None, False) and not facet.selected:
            # A chosen value without any result stays listed (at 0), so that it can be removed.
            value = "1" if current is True else str(current)
            out[i] = Facet(facet.name, facet.attr, facet.label, [*facet.values, FacetValue(value, value, 0, True)])
    return out
