"""What a visitor asks of the catalogue, read from the query string, and its answer.

One `CatalogueQuery` serves every view of the public programme (list, map, calendar, feeds,
printable programmes, exports, API): `CatalogueQuery.from_params(request.GET)` then `.entries()`.
The URL carries the whole state with French parameter names:

    q, nature (action | evenement), edition (school year « 2026-2027 »), academie (slug), departement (code), bassin (id),
    etablissement (UAI), type (school kind), niveau, public, theme (id), categorie, jour
    (AAAA-MM-JJ), phare (1), tri (pertinence | date | recent)
"""

import datetime
from dataclasses import dataclass, fields, replace
from functools import cached_property

from django.db import connection
from django.db.models import Q

from sps.actions.enums import IdeaCategory
from sps.catalogue import cache, search
from sps.catalogue.enums import LEVEL_GROUP_BITS, PUBLIC_BITS, SCHOOL_KIND_BITS, EntryKind, LevelGroup
from sps.catalogue.models import CatalogueDay, CatalogueEntry, CatalogueSchool, CatalogueTheme
from sps.editions.enums import Public
from sps.editions.models import Campaign
from sps.schools.enums import SchoolKind
from sps.schools.models import School
from sps.territories.models import Academy, Department

QUERY_MAX = 200
SORTS = ("pertinence", "date", "recent")

# Parameter name in the URL → attribute.
PARAMS = {
    "q": "q",
    "nature": "kind",
    "edition": "school_year",
    "academie": "academy",
    "departement": "department",
    "bassin": "bassin",
    "etablissement": "uai",
    "type": "school_kind",
    "niveau": "level",
    "public": "public",
    "theme": "theme",
    "categorie": "category",
    "jour": "day",
    "phare": "flagship",
    "tri": "sort",
}


# The « Type » facet's values in the URL (French) → EntryKind.
KIND_PARAMS = {"action": EntryKind.ACTION, "evenement": EntryKind.EVENT}
KIND_PARAM_OF = {kind: param for param, kind in KIND_PARAMS.items()}


@dataclass(frozen=True)
class CatalogueQuery:
    q: str = ""
    kind: str = ""  # a KIND_PARAMS key
    school_year: str = ""
    academy: str = ""
    department: str = ""
    bassin: int | None = None
    uai: str = ""
    school_kind: str = ""
    level: str = ""
    public: str = ""
    theme: int | None = None
    category: str = ""
    day: datetime.date | None = None
    flagship: bool = False
    sort: str = ""

    @classmethod
    def from_params(cls, params) -> "CatalogueQuery":
        """Read a query string. Values that cannot be right (an unknown level, a malformed date)
        are dropped rather than failing: a shared link that has aged still shows a catalogue."""
        values = {}
        for name, attr in PARAMS.items():
            raw = (params.get(name) or "").replace("\x00", "").strip()
            if raw:
                values[attr] = raw
        q = values.get("q", "")[:QUERY_MAX]
        day = None
        if "day" in values:
            try:
                day = datetime.date.fromisoformat(values["day"])
            except ValueError:
                day = None
        return cls(
            q=q,
            kind=values.get("kind", "") if values.get("kind") in KIND_PARAMS else "",
            school_year=values.get("school_year", "")[:9],
            academy=values.get("academy", "")[:100],
            department=values.get("department", "")[:3],
            bassin=_int(values.get("bassin")),
            uai=values.get("uai", "")[:8].upper(),
            school_kind=values.get("school_kind", "") if values.get("school_kind") in SchoolKind.values else "",
            level=values.get("level", "") if values.get("level") in LevelGroup.values else "",
            public=values.get("public", "") if values.get("public") in Public.values else "",
            theme=_int(values.get("theme")),
            category=values.get("category", "") if values.get("category") in IdeaCategory.values else "",
            day=day,
            flagship=values.get("flagship") in ("1", "oui", "true"),
            sort=values.get("sort", "") if values.get("sort") in SORTS else "",
        )

    def to_params(self) -> dict:
        """The query string of this query (only what is set), in the order of PARAMS."""
        out = {}
        for name, attr in PARAMS.items():
            value = getattr(self, attr)
            if value in ("", None, False):
                continue
            out[name] = "1" if value is True else str(value)
        return out

    @cached_property
    def _ids(self) -> dict:
        """The ids of the school year, académie and département named (one small query each, once
        per query): the entries are then filtered on constants, which lets the database read a
        territory's year in order from its index instead of sorting it."""
        out = {}
        if self.school_year:
            out["campaign"] = list(Campaign.objects.filter(school_year=self.school_year).values_list("pk", flat=True))
        if self.academy:
            out["academy"] = list(Academy.objects.filter(slug=self.academy).values_list("pk", flat=True))
        if self.department:
            out["department"] = list(Department.objects.filter(code=self.department).values_list("pk", flat=True))
        return out

    def without(self, *attrs) -> "CatalogueQuery":
        defaults = {f.name: f.default for f in fields(self)}
        return replace(self, **{attr: defaults[attr] for attr in attrs})

    def is_empty(self) -> bool:
        return not self.to_params()

    def filter_q(self, exclude: str = "") -> Q:
        """Every filter but `exclude` (a facet's own filter is left out of its counts)."""
        q = Q()
        if self.kind and exclude != "kind":
            q &= Q(kind=KIND_PARAMS[self.kind])
        if self.school_year and exclude != "school_year":
            q &= Q(campaign_id__in=self._ids["campaign"])
        if self.academy and exclude != "academy":
            q &= Q(academy_id__in=self._ids["academy"])
        elif exclude != "academy":
            # An event shared by several académies has one entry in each (CatalogueEntry): a
            # query over every académie counts it once, through its primary entry.
            q &= Q(is_primary=True)
        if self.department and exclude != "department":
            q &= Q(department_id__in=self._ids["department"])
        if self.bassin and exclude != "bassin":
            q &= Q(bassin_id=self.bassin)
        if self.uai and exclude != "uai":
            q &= Q(school_links__school__uai=self.uai)
        if self.school_kind and exclude != "school_kind":
            q &= Q(school_kind_mask__bitand_any=SCHOOL_KIND_BITS[self.school_kind])
        if self.level and exclude != "level":
            q &= Q(level_mask__bitand_any=LEVEL_GROUP_BITS[self.level])
        if self.public and exclude != "public":
            q &= Q(public_mask__bitand_any=PUBLIC_BITS[self.public])
        if self.theme and exclude != "theme":
            q &= Q(theme_links__theme_id=self.theme)
        if self.category and exclude != "category":
            q &= Q(category=self.category)
        if self.day and exclude != "day":
            q &= Q(days__date=self.day)
        if self.flagship and exclude != "flagship":
            q &= Q(is_flagship=True)
        return q

    def ranks(self) -> bool:
        """Ordered by relevance: a search without another order."""
        return bool(self.q) and not self.sort and bool(search.words_of(self.q))

    def entries(self, exclude: str = "", *, rank: bool = True):
        """The matching entries, ordered: by relevance when searching (unless sorted otherwise),
        else newest edition first, then by first date. `rank=False` for a caller that orders them
        otherwise (the API's keyset pages): no relevance computed for each match."""
        qs = CatalogueEntry.objects.filter(self.filter_q(exclude))
        ranked = rank and self.ranks() and exclude != "q"
        if self.q and exclude != "q":
            qs = search.match(qs, self.q, rank=ranked)
        if self.sort == "date":
            return qs.order_by("first_date", "id")
        if self.sort == "recent":
            return qs.order_by("-published_at", "-id")
        if ranked and getattr(qs, "ranked", False):
            return qs.order_by("-rank", "id")
        if self.school_year and exclude != "school_year":
            return qs.order_by("first_date", "id")  # one school year: the same order, without the join
        return qs.order_by("-campaign__school_year", "first_date", "id")

    def page(self, start: int, size: int, *, select_related=(), prefetch_related=(), ids=None) -> list:
        """The entries `start` to `start + size` of `entries()` (the same rows in the same order),
        with these relations. Ordered by relevance, the page's ids come from one query that joins
        the full-text table and ranks from it (`search.ranked_ids_sql`), then the rows by id;
        otherwise a slice of `entries()`."""
        if ids is None and not self.ranks():
            queryset = self.entries().select_related(*select_related).prefetch_related(*prefetch_related)
            return list(queryset[start : start + size])
        if ids is not None:  # already known (facets.facet_counts reads a page's ids with the counts)
            rows = (
                CatalogueEntry.objects.select_related(*select_related).prefetch_related(*prefetch_related).in_bulk(ids)
            )
            return [rows[pk] for pk in ids if pk in rows]
        ids = cache.remembered("ranked", self, [start, size], lambda: self._ranked_ids(start, size))
        rows = CatalogueEntry.objects.select_related(*select_related).prefetch_related(*prefetch_related).in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    def _ranked_ids(self, start: int, size: int) -> list:
        conditions = self.conditions()
        where = " AND ".join(sql for sql, _ in conditions.values()) or "1 = 1"
        params = [value for _, values in conditions.values() for value in values]
        sql, sql_params = search.ranked_ids_sql(self.q, where, params, limit=size, offset=start)
        with connection.cursor() as cursor:
            cursor.execute(sql, sql_params)
            return [row[0] for row in cursor.fetchall()]

    def conditions(self) -> dict:
        """{attr: (sql, params)}: each filter as an SQL condition on the entry aliased `e` (the
        same filters as `filter_q`, for the queries written in SQL: the facets, a ranked page)."""
        tables = {
            "campaign": Campaign._meta.db_table,
            "academy": Academy._meta.db_table,
            "department": Department._meta.db_table,
            "theme": CatalogueTheme._meta.db_table,
            "day": CatalogueDay._meta.db_table,
            "school_link": CatalogueSchool._meta.db_table,
            "school": School._meta.db_table,
        }
        out = {}
        if self.kind:
            out["kind"] = ("e.kind = %s", [str(KIND_PARAMS[self.kind])])
        if self.school_year:
            out["school_year"] = (
                f"e.campaign_id IN (SELECT id FROM {tables['campaign']} WHERE school_year = %s)",
                [self.school_year],
            )
        if self.academy:
            out["academy"] = (f"e.academy_id IN (SELECT id FROM {tables['academy']} WHERE slug = %s)", [self.academy])
        else:
            # As filter_q: over every académie a shared event counts once (its primary entry);
            # the académie facet, which leaves this condition out, counts each académie's own.
            out["academy"] = ("e.is_primary = %s", [True])
        if self.department:
            out["department"] = (
                f"e.department_id IN (SELECT id FROM {tables['department']} WHERE code = %s)",
                [self.department],
            )
        if self.bassin:
            out["bassin"] = ("e.bassin_id = %s", [self.bassin])
        for attr, column, bits in (
            ("school_kind", "school_kind_mask", SCHOOL_KIND_BITS),
            ("level", "level_mask", LEVEL_GROUP_BITS),
            ("public", "public_mask", PUBLIC_BITS),
        ):
            value = getattr(self, attr)
            if value:
                out[attr] = (f"(e.{column} & %s) <> 0", [bits[value]])
        if self.theme:
            out["theme"] = (
                f"EXISTS (SELECT 1 FROM {tables['theme']} t WHERE t.entry_id = e.id AND t.theme_id = %s)",
                [self.theme],
            )
        if self.category:
            out["category"] = ("e.category = %s", [self.category])
        if self.day:
            out["day"] = (
                f"EXISTS (SELECT 1 FROM {tables['day']} d WHERE d.entry_id = e.id AND d.date = %s)",
                [self.day],
            )
        if self.flagship:
            out["flagship"] = ("e.is_flagship = %s", [True])
        if self.uai:  # not a facet: always applied
            out["uai"] = (
                f"EXISTS (SELECT 1 FROM {tables['school_link']} sl JOIN {tables['school']} s ON s.id = sl.school_id "
                "WHERE sl.entry_id = e.id AND s.uai = %s)",
                [self.uai],
            )
        return out


def _int(value):
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
