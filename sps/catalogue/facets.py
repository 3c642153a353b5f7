"""The catalogue's facets: for each filter, its values with the number of results each would give.

Counts are computed in the database from the narrow catalogue tables, and always agree with the
results: a facet's counts apply every filter of the query but its own (the usual faceted-search
rule: choosing « Collège » does not hide the other levels). Single-valued facets are one GROUP BY;
multi-valued ones stored as bit masks (levels, publics, school kinds, and themes and days as a base
and offsets) are grouped by mask and split into values in Python.
"""

import datetime
from dataclasses import dataclass

from django.db import connection

from sps.actions.enums import IdeaCategory
from sps.catalogue import cache, counts, search
from sps.catalogue.enums import LEVEL_GROUP_BITS, PUBLIC_BITS, SCHOOL_KIND_BITS, EntryKind, LevelGroup
from sps.catalogue.models import CatalogueDay, CatalogueEntry, CatalogueTheme
from sps.common.dates import format_date
from sps.common.text import readable_name
from sps.editions.enums import Public
from sps.editions.models import Campaign, EditionTheme
from sps.schools.enums import SchoolKind
from sps.territories.models import Academy, Bassin, Department
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


def _top(counts: dict) -> dict:
    """The non-zero counts, at most MAX_VALUES of them (the most frequent)."""
    counts = {key: n for key, n in counts.items() if n and key is not None}
    if len(counts) > MAX_VALUES:
        counts = dict(sorted(counts.items(), key=lambda item: -item[1])[:MAX_VALUES])
    return counts


# --- Counting -------------------------------------------------------------------------------------

ENTRY = CatalogueEntry._meta.db_table
GROUPED_COLUMNS = {
    "kind": "kind",
    "school_year": "campaign_id",
    "academy": "academy_id",
    "department": "department_id",
    "bassin": "bassin_id",
    "category": "category",
}
MASK_COLUMNS = {"school_kind": "school_kind_mask", "level": "level_mask", "public": "public_mask"}
MASK_BITS = {"school_kind": SCHOOL_KIND_BITS, "level": LEVEL_GROUP_BITS, "public": PUBLIC_BITS}
FACET_ATTRS = (*GROUPED_COLUMNS, *MASK_COLUMNS, "theme", "day", "flagship")


# Orders a page can be read in from the facets' CTE (the relevance order needs the full-text
# table; the default order the campaign's school year): CatalogueQuery.entries()' order_by.
PAGE_ORDERS = {"date": "m.first_date, m.id", "recent": "m.published_at DESC, m.id DESC"}


def facet_counts(query, page: tuple[int, int] | None = None) -> dict:
    """Every facet's counts for `query` (a CatalogueQuery), each without its own filter, in the
    shape of `counts.territory_facets` (+ "total", the number of results, when counted here).
    With `page=(start, size)` and a query sorted by date, by publication or by relevance, also
    "page_ids": the ids of that page of `entries()`, in order, read from the same
    statement.

    A territory-only query reads the counts kept in advance (CatalogueCount). Any other query is
    counted in one statement: the entries that pass every filter but at most one (and match the
    words) are selected once into a materialised CTE of narrow rows, with one 0/1 column per
    filter; each facet then counts, over that CTE, the rows that pass every filter but its own (on
    PostgreSQL all of them in one GROUPING SETS pass, `_grouping_sets_sql`; on SQLite one GROUP BY
    each). The full-text match runs once, whatever the number of facets. Answers are kept in the
    cache until the catalogue changes (sps.catalogue.cache)."""
    return cache.remembered("facets", query, page, lambda: _counted(query, page))


def _counted(query, page) -> dict:
    precomputed = counts.territory_facets(query)
    if precomputed is not None:
        return precomputed
    return _count(query, page)


def _count(query, page) -> dict:
    """facet_counts' statement (see there)."""
    conditions = query.conditions()
    uai = conditions.pop("uai", None)
    active = list(conditions)
    params = []
    flags = []
    for i, attr in enumerate(active):
        sql, values = conditions[attr]
        flags.append(f"CASE WHEN {sql} THEN 1 ELSE 0 END AS p{i}")
        params += values
    where, where_params = ["1 = 1"], []
    # Ranked by relevance: the page's ids come from here too, ranked in the same pass over the
    # matches as the counts (no second full-text match).
    ranked = search.ranked_match(query.q) if page is not None and query.ranks() else None
    matched = (ranked.condition, ranked.params) if ranked else search.match_condition(query.q) if query.q else None
    if matched:
        where.append(matched[0])
        where_params += matched[1]
    if uai:
        where.append(uai[0])
        where_params += uai[1]
    if len(active) == 1:
        pass  # its own facet needs every row; the others need the rows that pass it
    elif len(active) > 1:
        # Rows failing two filters or more count in no facet.
        where.append(
            "("
            + " + ".join(f"CASE WHEN {conditions[a][0]} THEN 1 ELSE 0 END" for a in active)
            + f") >= {len(active) - 1}"
        )
        for attr in active:
            where_params += conditions[attr][1]
    columns = ", ".join(
        [
            "e.id",
            *(f"e.{c}" for c in GROUPED_COLUMNS.values()),
            *(f"e.{c}" for c in MASK_COLUMNS.values()),
            "e.is_flagship",
            "e.theme_base",
            "e.theme_mask",
            "e.day_base",
            "e.day_mask",
            "e.first_date",
            "e.published_at",
            *flags,
        ]
    )
    if ranked:
        columns += f", {ranked.rank} AS rank"
        params += ranked.rank_params
    source = ranked.source if ranked else f"{ENTRY} e"
    cte = f"WITH m AS MATERIALIZED (SELECT {columns} FROM {source} WHERE {' AND '.join(where)})"

    def passing(exclude: str = "") -> str:
        kept = [f"m.p{i} = 1" for i, attr in enumerate(active) if attr != exclude]
        return " AND ".join(kept) or "1 = 1"

    # Typed NULLs: PostgreSQL resolves the types of a UNION branch by branch.
    number, text = "CAST(NULL AS BIGINT)", "CAST(NULL AS TEXT)"
    grouping_sets = connection.vendor == "postgresql"
    if grouping_sets:
        # Every facet of the CTE's own columns in one pass over it (below); SQLite has no GROUPING SETS.
        parts = [_grouping_sets_sql(active)]
    else:
        parts = [f"SELECT 'total', {number}, {text}, COUNT(*) FROM m WHERE {passing()}"]
        for attr, column in GROUPED_COLUMNS.items():
            key = f"{number}, m.{column}" if attr in ("category", "kind") else f"m.{column}, {text}"
            parts.append(f"SELECT '{attr}', {key}, COUNT(*) FROM m WHERE {passing(attr)} GROUP BY m.{column}")
        for attr, column in MASK_COLUMNS.items():
            # Few distinct masks: grouped here, split into bits below.
            parts.append(
                f"SELECT '{attr}', m.{column}, {text}, COUNT(*) FROM m WHERE {passing(attr)} GROUP BY m.{column}"
            )
    # Themes and days from their masks (grouped by base and mask, split into values below); the
    # few entries whose values span too wide for a mask (a NULL mask) from their link table.
    for attr, base, mask, table, column in (
        ("theme", "theme_base", "theme_mask", CatalogueTheme._meta.db_table, "theme_id"),
        ("day", "day_base", "day_mask", CatalogueDay._meta.db_table, "date"),
    ):
        if not grouping_sets:
            parts.append(
                f"SELECT '{attr}', m.{mask}, CAST(m.{base} AS TEXT), COUNT(*) FROM m "
                f"WHERE m.{mask} <> 0 AND {passing(attr)} GROUP BY m.{base}, m.{mask}"
            )
        value = f"l.{column}, {text}" if attr == "theme" else f"{number}, CAST(l.{column} AS TEXT)"
        if connection.vendor == "postgresql":
            # LATERAL: an index lookup per wide entry, never a pass over the link table.
            wide = f"FROM m CROSS JOIN LATERAL (SELECT {column} FROM {table} WHERE entry_id = m.id) l"
        else:
            wide = f"FROM m JOIN {table} l ON l.entry_id = m.id"
        parts.append(
            f"SELECT '{attr} wide', {value}, COUNT(*) {wide} WHERE m.{mask} IS NULL AND {passing(attr)} "
            f"GROUP BY l.{column}"
        )
    if not grouping_sets:
        parts.append(
            f"SELECT 'flagship', {number}, {text}, COUNT(*) FROM m WHERE m.is_flagship AND {passing('flagship')}"
        )
    page_params = []
    if page is not None and (query.sort in PAGE_ORDERS or ranked):
        # The ids of one page, in the same statement: no second full-text match. Their position
        # comes back in the count column (a UNION does not keep a subquery's order).
        order = PAGE_ORDERS[query.sort] if query.sort in PAGE_ORDERS else ranked.order
        parts.append(
            f"SELECT 'page', p.id, {text}, p.position FROM (SELECT m.id, ROW_NUMBER() OVER (ORDER BY {order}) "
            f"AS position FROM m WHERE {passing()} ORDER BY {order} LIMIT %s OFFSET %s) p"
        )
        page_params = [page[1], page[0]]
    sql = cte + "\n" + "\nUNION ALL ".join(parts)
    out = {attr: {} for attr in FACET_ATTRS}
    for attr, bits in MASK_BITS.items():
        out[attr] = dict.fromkeys(bits, 0)
    out["flagship"] = 0
    out["total"] = 0  # grouping sets give no row for a set without any match
    with connection.cursor() as cursor:
        cursor.execute(sql, params + where_params + page_params)
        rows = cursor.fetchall()
    if grouping_sets:
        rows = _from_grouping_sets(rows)
    if page_params:
        out["page_ids"] = [
            number for _, number, _, _ in sorted((r for r in rows if r[0] == "page"), key=lambda r: r[3])
        ]
    for attr, number, text, n in rows:
        if attr == "page":
            continue
        if attr == "total":
            out["total"] = n
        elif attr == "flagship":
            out["flagship"] = n
        elif attr in MASK_BITS:
            for code, bit in MASK_BITS[attr].items():
                if number & bit:
                    out[attr][code] += n
        elif attr == "theme":
            base = int(text)
            for offset in _bits(number):
                out["theme"][base + offset] = out["theme"].get(base + offset, 0) + n
        elif attr == "day":
            base = datetime.date.fromisoformat(str(text)[:10])
            for offset in _bits(number):
                day = base + datetime.timedelta(days=offset)
                out["day"][day] = out["day"].get(day, 0) + n
        elif attr == "theme wide":
            out["theme"][number] = out["theme"].get(number, 0) + n
        elif attr == "day wide":
            day = datetime.date.fromisoformat(str(text)[:10])
            out["day"][day] = out["day"].get(day, 0) + n
        elif attr in ("category", "kind"):
            if text:
                out[attr][text] = n
        elif number is not None:
            out[attr][number] = n
    return out


# The facets counted from the CTE's own columns, each with the columns it groups by, in the order
# of the GROUPING() bits (PostgreSQL's grouping sets, `_grouping_sets_sql`).
SET_COLUMNS = {
    "total": (),
    **{attr: (column,) for attr, column in GROUPED_COLUMNS.items()},
    **{attr: (column,) for attr, column in MASK_COLUMNS.items()},
    "theme": ("theme_base", "theme_mask"),
    "day": ("day_base", "day_mask"),
    "flagship": ("is_flagship",),
}
SET_KEYS = [column for columns in SET_COLUMNS.values() for column in columns]
# GROUPING(SET_KEYS) of each facet's set: a bit set for each key column the set does not group by.
SET_OF_GROUPING = {
    sum(1 << (len(SET_KEYS) - 1 - i) for i, key in enumerate(SET_KEYS) if key not in columns): attr
    for attr, columns in SET_COLUMNS.items()
}


def _grouping_sets_sql(active: list) -> str:
    """One SELECT over the CTE `m` counting every facet of SET_COLUMNS (PostgreSQL): one grouping
    set per facet, made of the facet's columns and of « passes every other filter » (the product of
    the other filters' 0/1 columns), kept when that is 1. The rows have facet_counts' shape: a tag
    (« g » and the set's GROUPING() value), a number, a text and the count."""

    def others(attr):
        flags = [f"m.p{i}" for i, a in enumerate(active) if a != attr]
        return " * ".join(flags) if flags else None

    sets, having = [], []
    for attr, columns in SET_COLUMNS.items():
        flag = others("" if attr == "total" else attr)
        sets.append("(" + ", ".join([*([flag] if flag else []), *(f"m.{c}" for c in columns)]) + ")")
        if flag:
            grouping = next(g for g, a in SET_OF_GROUPING.items() if a == attr)
            having.append(f"WHEN {grouping} THEN {flag} = 1")
    keys = ", ".join(f"m.{key}" for key in SET_KEYS)
    numbers = ", ".join(
        [
            *(f"m.{c}" for a, c in GROUPED_COLUMNS.items() if a not in ("kind", "category")),
            *(f"m.{c}" for c in MASK_COLUMNS.values()),
            "m.theme_mask",
            "m.day_mask",
            "CASE WHEN m.is_flagship THEN 1 WHEN NOT m.is_flagship THEN 0 END",
        ]
    )
    texts = "m.kind, m.category, CAST(m.theme_base AS TEXT), CAST(m.day_base AS TEXT)"
    sql = (
        f"SELECT 'g' || GROUPING({keys}), CAST(COALESCE({numbers}) AS BIGINT), COALESCE({texts}), COUNT(*) "
        f"FROM m GROUP BY GROUPING SETS ({', '.join(sets)})"
    )
    if having:
        sql += f" HAVING CASE GROUPING({keys}) {' '.join(having)} ELSE TRUE END"
    return sql


def _from_grouping_sets(rows) -> list:
    """The rows of `_grouping_sets_sql` as those of the per-facet SELECTs (the same decoding)."""
    out = []
    for tag, number, text, n in rows:
        if not tag.startswith("g"):
            out.append((tag, number, text, n))
            continue
        attr = SET_OF_GROUPING[int(tag[1:])]
        if attr == "total":
            out.append(("total", None, None, n))
        elif attr == "flagship":
            if number == 1:
                out.append(("flagship", None, None, n))
        elif attr in ("theme", "day"):
            if number:  # a mask: 0 (no value) and NULL (counted from the link table) are left out
                out.append((attr, number, text, n))
        elif attr in ("kind", "category"):
            out.append((attr, None, text, n))
        else:
            out.append((attr, number, None, n))
    return out


def _bits(mask: int):
    """The offsets of the bits set in `mask`."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _named(counts: dict, labels: dict, current, *, sort="label") -> list:
    """FacetValues of {key: n}; `labels` maps each key to (value, label)."""
    values = []
    for key, n in counts.items():
        if key not in labels:
            continue
        value, label = labels[key]
        values.append(FacetValue(str(value), label, n, str(value) == str(current)))
    if sort == "label":
        values.sort(key=lambda v: french_sort_key(v.label))
    return values


def _masks(counts: dict, labels: dict, current) -> list:
    return [
        FacetValue(code, str(labels[code]), n, code == current) for code, n in counts.items() if n or code == current
    ]


def facets(query, raw: dict | None = None) -> list[Facet]:
    """Every facet of the catalogue for `query` (a CatalogueQuery), in display order: the counts of
    `facet_counts` (one statement, or the counts kept in advance), then their labels (one small
    query per named facet, over the values present only)."""
    raw = facet_counts(query) if raw is None else raw
    attrs = ("school_year", "academy", "department", "bassin", "theme", "category", "day")
    grouped = {attr: _top({key: n for key, n in raw[attr].items() if key != ""}) for attr in attrs}
    out = []
    kinds_found = raw["kind"]
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
    years = {
        c.pk: (c.school_year, c.school_year)
        for c in Campaign.objects.filter(pk__in=grouped["school_year"]).only("school_year")
    }
    editions = _named(grouped["school_year"], years, query.school_year, sort="")
    out.append(Facet("edition", "school_year", "Édition", sorted(editions, key=lambda v: v.value, reverse=True)))
    academies = {
        a["id"]: (a["slug"], a["name"])
        for a in Academy.objects.filter(pk__in=grouped["academy"]).values("id", "slug", "name")
    }
    out.append(Facet("academie", "academy", "Académie", _named(grouped["academy"], academies, query.academy)))
    departments = {
        d["id"]: (d["code"], f"{d['name']} ({d['code']})")
        for d in Department.objects.filter(pk__in=grouped["department"]).values("id", "code", "name")
    }
    out.append(
        Facet("departement", "department", "Département", _named(grouped["department"], departments, query.department))
    )
    bassins = {
        b["id"]: (b["id"], readable_name(b["name"]))
        for b in Bassin.objects.filter(pk__in=grouped["bassin"]).values("id", "name")
    }
    out.append(Facet("bassin", "bassin", "Bassin", _named(grouped["bassin"], bassins, query.bassin or "")))
    out.append(
        Facet(
            "type",
            "school_kind",
            "Type d'établissement",
            _masks(raw["school_kind"], dict(SchoolKind.choices), query.school_kind),
        )
    )
    out.append(Facet("niveau", "level", "Niveau", _masks(raw["level"], dict(LevelGroup.choices), query.level)))
    out.append(Facet("public", "public", "Public", _masks(raw["public"], dict(Public.choices), query.public)))
    themes = {
        t["id"]: (t["id"], t["title"])
        for t in EditionTheme.objects.filter(pk__in=grouped["theme"]).values("id", "title")
    }
    out.append(Facet("theme", "theme", "Thème", _named(grouped["theme"], themes, query.theme or "")))
    category_labels = {code: (code, str(label)) for code, label in IdeaCategory.choices}
    category_labels.update({code: (code, code) for code in grouped["category"] if code not in category_labels})
    out.append(
        Facet("categorie", "category", "Catégorie", _named(grouped["category"], category_labels, query.category))
    )
    day_values = [
        FacetValue(day.isoformat(), format_date(day, weekday=True), n, day == query.day)
        for day, n in sorted(grouped["day"].items())
    ]
    out.append(Facet("jour", "day", "Jour", day_values))
    flagship = raw["flagship"]
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
