"""The indicators of a territory (France, an académie, a département, a bassin) for one campaign.

Every figure is counted in the database (grouped and conditional aggregates): a fixed number of
queries whatever the number of actions, schools or bassins (tests/syntheses/test_indicators.py
pins it). The actions are those of `Action.objects.for_territory` (what the pilots' list of fiches
shows for the same territory) and each figure's condition is the one the list's filter applies
(sps.actions.models: carried_by_schools_q, has_partner_q...), so that a figure and the list it
links to always agree.

Definitions (docs/indicators.md says them in French):
- « Établissements impliqués »: the OPEN schools of the directory that count in participation rates
  (écoles, collèges, lycées, EREA: PARTICIPATING_KINDS) carrying at least one PUBLISHED action of
  the campaign. A school carrying several actions counts once. Closed schools are in neither the
  numerator nor the denominator (those that carried an action are counted apart).
- Participants: the sum of the figures given in the transmitted bilans, per public, and the number
  of transmitted bilans that gave none for that public. No figure at all is « N.C. » (None), never 0.
- Levels, publics, themes, categories, partners: over the published actions.
"""

import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, Sum

from sps.actions.enums import ActionStatus, IdeaCategory, PartnerKind, Public
from sps.actions.models import (
    PARTICIPANT_FIELDS,
    Action,
    ActionPartner,
    Occurrence,
    bilan_returned_q,
    has_partner_q,
    json_list_has,
)
from sps.catalogue.enums import LEVEL_GROUP_OF, LevelGroup
from sps.editions import rules as edition_rules
from sps.editions.models import Campaign, Edition
from sps.schools.enums import PARTICIPATING_KINDS, PriorityEducation, SchoolKind, Sector
from sps.schools.models import School
from sps.syntheses.enums import DataStatus, FigureSource
from sps.territories.models import Academy, Bassin, Department

# The points of schools without action on a map stop here.
POINTS_MAX = 2000
# The most cited partners shown.
TOP_PARTNERS = 10
# The themes shown (the most represented first).
TOP_THEMES = 15
# Sector and éducation prioritaire, in the order of the dashboard.
PRIORITY_ROWS = (PriorityEducation.REP_PLUS, PriorityEducation.REP, PriorityEducation.NONE)
SECTOR_ROWS = (Sector.PUBLIC, Sector.PRIVATE, Sector.UNKNOWN)
# The school kinds shown, in the order of SchoolKind (only those counted in participation rates).
KIND_ROWS = tuple(kind for kind in SchoolKind if kind in PARTICIPATING_KINDS)
NO_CATEGORY = "aucune"  # same value as sps.actions.exports.NO_CATEGORY (the list's filter)


class Level:
    NATIONAL = "national"
    ACADEMY = "academy"
    DEPARTMENT = "department"
    BASSIN = "bassin"


@dataclass(frozen=True)
class Territory:
    """France, or one académie, département or bassin."""

    level: str
    academy: Academy | None = None
    department: Department | None = None
    bassin: Bassin | None = None

    @classmethod
    def national(cls):
        return cls(Level.NATIONAL)

    @classmethod
    def of_academy(cls, academy):
        return cls(Level.ACADEMY, academy=academy)

    @classmethod
    def of_department(cls, department):
        return cls(Level.DEPARTMENT, academy=department.academy, department=department)

    @classmethod
    def of_bassin(cls, bassin):
        return cls(Level.BASSIN, academy=bassin.department.academy, department=bassin.department, bassin=bassin)

    @property
    def label(self) -> str:
        if self.level == Level.NATIONAL:
            return "France entière"
        if self.level == Level.ACADEMY:
            return str(self.academy)
        if self.level == Level.DEPARTMENT:
            return str(self.department)
        name = self.bassin.display_name
        return name if name.lower().startswith("bassin") else f"Bassin {name}"

    def actions(self, campaign: Campaign):
        """The campaign's fiches of the territory (every status), as the pilots' list counts them."""
        actions = Action.objects.filter(edition__campaign=campaign)
        if self.level == Level.ACADEMY:
            return actions.for_territory(academy=self.academy)
        if self.level == Level.DEPARTMENT:
            return actions.for_territory(department=self.department)
        if self.level == Level.BASSIN:
            return actions.for_territory(bassin=self.bassin)
        return actions

    def schools(self):
        """Every school of the directory in the territory (open or closed, of any kind)."""
        schools = School.objects.all()
        if self.level == Level.ACADEMY:
            return schools.filter(department__academy_id__in=edition_rules.academy_ids(self.academy))
        if self.level == Level.DEPARTMENT:
            return schools.filter(department=self.department)
        if self.level == Level.BASSIN:
            return schools.filter(bassin=self.bassin)
        return schools

    def bassins(self):
        bassins = Bassin.objects.all()
        if self.level == Level.ACADEMY:
            return bassins.filter(department__academy_id__in=edition_rules.academy_ids(self.academy))
        if self.level == Level.DEPARTMENT:
            return bassins.filter(department=self.department)
        if self.level == Level.BASSIN:
            return bassins.filter(pk=self.bassin.pk)
        return bassins

    @property
    def department_codes(self) -> tuple:
        """The départements the territory's map frames (empty: all of France)."""
        if self.level == Level.NATIONAL:
            return ()
        if self.level == Level.ACADEMY:
            return tuple(
                Department.objects.filter(academy_id__in=edition_rules.academy_ids(self.academy))
                .order_by("code")
                .values_list("code", flat=True)
            )
        return (self.department.code,)


@dataclass(frozen=True)
class Row:
    """A row of a table of counts: its code (the list's filter value), label and number."""

    code: str
    label: str
    count: int | None  # None: « N.C. »


@dataclass(frozen=True)
class Participation:
    """Schools involved out of the open schools of a group (a kind, REP+, the public sector...)."""

    code: str
    label: str
    involved: int
    total: int

    @property
    def rate(self) -> float | None:
        """Percentage of schools involved; None (« N.C. ») when the group has no open school."""
        return None if not self.total else 100 * self.involved / self.total

    @property
    def rate_label(self) -> str:
        rate = self.rate
        if rate is None:
            return "N.C."
        return f"{rate:.1f}\u00a0%".replace(".", ",")


@dataclass(frozen=True)
class ParticipantFigure:
    public: str
    label: str
    total: int | None  # sum of the figures given; None when no bilan gave one (« N.C. »)
    not_reported: int  # transmitted bilans without a figure for this public


@dataclass(frozen=True)
class TerritoryRow:
    """A row of the évolution or of the comparison: an edition (or an académie) and its figures."""

    label: str
    edition: Edition | None
    academy: Academy | None
    campaign: Campaign | None
    dates: str
    ordinal: int | None
    actions: int | None
    schools: int | None
    source: str  # FigureSource: counted, declared, not available
    open_schools: int | None = None
    # The open schools of the territory among `schools` (the rate's numerator: `schools` also counts
    # the carrying schools that are closed or not schools, as the syntheses do); None: `schools`.
    involved_open: int | None = None

    @property
    def source_label(self) -> str:
        return FigureSource(self.source).label

    @property
    def rate_label(self) -> str:
        involved = self.schools if self.involved_open is None else self.involved_open
        if involved is None or not self.open_schools:
            return "N.C."
        return f"{100 * involved / self.open_schools:.1f}\u00a0%".replace(".", ",")


@dataclass
class Indicators:
    territory: Territory
    campaign: Campaign
    statuses: list = field(default_factory=list)  # Row per ActionStatus
    total_actions: int = 0
    published: int = 0
    with_occurrence: int = 0
    occurrences: int = 0
    bilans: int = 0
    with_partner: int = 0
    participants: list = field(default_factory=list)  # ParticipantFigure
    schools: Participation | None = None
    by_kind: list = field(default_factory=list)
    by_priority: list = field(default_factory=list)
    by_sector: list = field(default_factory=list)
    involved_elsewhere: int = 0  # schools carrying a published action, closed or not counted in rates
    levels: list = field(default_factory=list)  # Row per LevelGroup
    publics: list = field(default_factory=list)
    themes: list = field(default_factory=list)  # Row with the EditionTheme pk as code
    categories: list = field(default_factory=list)
    partner_kinds: list = field(default_factory=list)  # (Row of actions, number of partners)
    top_partners: list = field(default_factory=list)  # Row with the Partner pk as code
    bassins: list = field(default_factory=list)  # Participation per bassin (code: pk)
    departments: list = field(default_factory=list)  # Participation per département (code: INSEE code)
    academy_schools: dict = field(default_factory=dict)  # académie id -> open schools: total, involved_n
    schools_without: list = field(default_factory=list)  # dicts (uai, name, commune, bassin, lat, lon)
    evolution: list = field(default_factory=list)  # TerritoryRow per edition / campaign
    comparison: list = field(default_factory=list)  # TerritoryRow per académie (national)

    @property
    def white_bassins(self) -> list:
        """The bassins with open schools and none involved (« zones blanches »)."""
        return [b for b in self.bassins if b.total and not b.involved]

    @property
    def schools_without_count(self) -> int:
        return self.schools.total - self.schools.involved if self.schools else 0


def _sort_key(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def list_has_any_q(field: str, codes) -> Q:
    """Fiches whose JSON list `field` holds one of `codes`: the same rows as the list's filter
    (sps.actions.models.json_list_has, a case-insensitive `LIKE '%"code"%'` on the JSON text), but on
    PostgreSQL through the jsonb operator `?|` (is one of these strings an element of the array),
    which reads the stored jsonb instead of printing it to text once per code: at 100,000 actions
    the `LIKE`s were half of the pass over the fiches (docs/performance.md). The codes are plain
    lower-case ASCII words, stored as the form's choices give them, so both answer the same
    (tests/syntheses/test_indicators.py compares them on the fixture)."""
    codes = [str(code) for code in codes]
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__has_any_keys": codes}) if codes else Q(pk__in=[])
    q = Q(pk__in=[])
    for code in codes:
        q |= json_list_has(field, code)
    return q


def _involved_q(campaign) -> Q:
    """Schools carrying at least one published action of the campaign. An IN over one subquery: the
    database hashes the carrying schools once (an EXISTS per school would be a loop over schools)."""
    carrying = Action.schools.through.objects.filter(
        action__status=ActionStatus.PUBLISHED, action__edition__campaign=campaign
    ).values("school_id")
    return Q(pk__in=carrying)


def territory_indicators(*, territory: Territory, campaign: Campaign) -> Indicators:
    """Every figure of the dashboard of `territory` for `campaign` (a fixed number of queries)."""
    result = Indicators(territory=territory, campaign=campaign)
    actions = territory.actions(campaign)
    if territory.level in (Level.DEPARTMENT, Level.BASSIN):
        # A département's or bassin's fiches are found through their schools (an OR of subqueries the
        # database can only scan for): found once, here, rather than in each of the queries below.
        actions = Action.objects.filter(pk__in=list(actions.values_list("pk", flat=True)))
    _actions(result, actions)
    published = actions.filter(status=ActionStatus.PUBLISHED)
    _coverage(result, published)
    _partners(result, published)
    _schools(result, territory, campaign)
    _evolution(result, territory, campaign)
    if territory.level == Level.NATIONAL:
        _comparison(result, campaign)
    return result


def _actions(result: Indicators, actions) -> None:
    """Statuses, published figures, participants, levels, publics and categories: one pass over the
    territory's fiches (conditional counts), not one query per figure."""
    published_q = Q(status=ActionStatus.PUBLISHED)
    counts = {f"status_{code}": Count("pk", filter=Q(status=code)) for code in ActionStatus.values}
    counts |= {
        "bilans": Count("pk", filter=published_q & bilan_returned_q()),
        "with_partner": Count("pk", filter=published_q & has_partner_q()),
    }
    for public, name in PARTICIPANT_FIELDS.items():
        counts[f"sum_{public}"] = Sum(f"bilan__{name}", filter=published_q & bilan_returned_q())
        counts[f"nc_{public}"] = Count(
            "pk", filter=published_q & bilan_returned_q() & Q(**{f"bilan__{name}__isnull": True})
        )
    levels_of = {group: [lv for lv, of in LEVEL_GROUP_OF.items() if of == group] for group in LevelGroup.values}
    counts |= {
        f"level_{group}": Count("pk", filter=published_q & list_has_any_q("levels", levels))
        for group, levels in levels_of.items()
    }
    counts |= {
        f"public_{code}": Count("pk", filter=published_q & list_has_any_q("publics", [code])) for code in Public.values
    }
    counts |= {
        f"category_{code}": Count("pk", filter=published_q & Q(from_model__category=code))
        for code in IdeaCategory.values
    }
    counts["category_none"] = Count("pk", filter=published_q & Q(from_model__isnull=True))
    figures = actions.order_by().aggregate(**counts)
    result.statuses = [Row(code, label, figures[f"status_{code}"]) for code, label in ActionStatus.choices]
    result.total_actions = sum(row.count for row in result.statuses)
    result.published = figures[f"status_{ActionStatus.PUBLISHED}"]
    result.bilans = figures["bilans"]
    result.with_partner = figures["with_partner"]
    result.participants = [
        ParticipantFigure(public, Public(public).label, figures[f"sum_{public}"], figures[f"nc_{public}"])
        for public in PARTICIPANT_FIELDS
    ]
    result.levels = [Row(code, label, figures[f"level_{code}"]) for code, label in LevelGroup.choices]
    result.publics = [Row(code, label, figures[f"public_{code}"]) for code, label in Public.choices]
    result.categories = [Row(code, label, figures[f"category_{code}"]) for code, label in IdeaCategory.choices]
    result.categories.append(Row(NO_CATEGORY, "Sans modèle de la banque d'idées", figures["category_none"]))


def _coverage(result: Indicators, published) -> None:
    # The fiches with a temps fort are those its temps forts name (has_occurrence_q, counted here with
    # the temps forts: the pass over the fiches then hashes no temps fort of any other campaign).
    occurrences = Occurrence.objects.filter(action__in=published.order_by().values("pk")).aggregate(
        n=Count("pk"), fiches=Count("action_id", distinct=True)
    )
    result.occurrences = occurrences["n"]
    result.with_occurrence = occurrences["fiches"]
    themes = (
        Action.themes.through.objects.filter(action__in=published.order_by().values("pk"))
        .values("editiontheme_id", "editiontheme__title")
        .annotate(n=Count("action_id", distinct=True))
        .order_by("-n", "editiontheme__title")[:TOP_THEMES]
    )
    result.themes = [Row(row["editiontheme_id"], row["editiontheme__title"], row["n"]) for row in themes]


def _partners(result: Indicators, published) -> None:
    links = ActionPartner.objects.filter(action__in=published.order_by().values("pk"))
    by_kind = {
        row["partner__kind"]: row
        for row in links.values("partner__kind").annotate(
            actions=Count("action_id", distinct=True), partners=Count("partner_id", distinct=True)
        )
    }
    result.partner_kinds = [
        (Row(code, label, by_kind.get(code, {}).get("actions", 0)), by_kind.get(code, {}).get("partners", 0))
        for code, label in PartnerKind.choices
    ]
    top = (
        links.values("partner_id", "partner__name")
        .annotate(n=Count("action_id", distinct=True))
        .order_by("-n", "partner__name")[:TOP_PARTNERS]
    )
    result.top_partners = [Row(row["partner_id"], row["partner__name"], row["n"]) for row in top]


def _schools(result: Indicators, territory: Territory, campaign: Campaign) -> None:
    """Every split of the schools (kind, EP, sector, bassin, département, académie) from ONE grouped
    query: the carrying schools of the campaign are hashed once, not once per split."""
    schools = territory.schools()
    involved = _involved_q(campaign)
    rows = list(
        schools.order_by()
        .values("department_id", "bassin_id", "kind", "priority_education", "sector", "is_open")
        .annotate(total=Count("pk"), involved_n=Count("pk", filter=involved))
    )
    open_rows = [r for r in rows if r["is_open"] and r["kind"] in PARTICIPATING_KINDS]
    result.involved_elsewhere = sum(
        r["involved_n"] for r in rows if not (r["is_open"] and r["kind"] in PARTICIPATING_KINDS)
    )

    def participation(code, label, keep):
        kept = [r for r in open_rows if keep(r)]
        return Participation(code, label, sum(r["involved_n"] for r in kept), sum(r["total"] for r in kept))

    result.schools = participation("", "Tous les établissements", lambda r: True)
    result.by_kind = [participation(k, SchoolKind(k).label, lambda r, k=k: r["kind"] == k) for k in KIND_ROWS]
    result.by_priority = [
        participation(p.value, p.label, lambda r, p=p: r["priority_education"] == p) for p in PRIORITY_ROWS
    ]
    result.by_sector = [participation(s.value, s.label, lambda r, s=s: r["sector"] == s) for s in SECTOR_ROWS]

    per_bassin, per_department = {}, {}
    for r in open_rows:
        for key, table in ((r["bassin_id"], per_bassin), (r["department_id"], per_department)):
            entry = table.setdefault(key, {"total": 0, "involved_n": 0})
            entry["total"] += r["total"]
            entry["involved_n"] += r["involved_n"]
    departments = Department.objects.filter(pk__in=per_department).values("pk", "code", "name", "academy_id")
    result.departments = sorted(
        (
            Participation(d["code"], d["name"], per_department[d["pk"]]["involved_n"], per_department[d["pk"]]["total"])
            for d in departments
        ),
        key=lambda p: p.code,
    )
    result.academy_schools = {}
    for d in departments:
        entry = result.academy_schools.setdefault(d["academy_id"], {"total": 0, "involved_n": 0})
        entry["total"] += per_department[d["pk"]]["total"]
        entry["involved_n"] += per_department[d["pk"]]["involved_n"]
    bassins = territory.bassins().select_related("department").order_by("department__code", "name")
    result.bassins = sorted(
        (
            Participation(
                b.pk,
                f"{b.display_name} ({b.department.code})",
                per_bassin.get(b.pk, {}).get("involved_n", 0),
                per_bassin.get(b.pk, {}).get("total", 0),
            )
            for b in bassins
        ),
        key=lambda p: (p.involved, _sort_key(p.label)),
    )
    without_bassin = per_bassin.get(None)
    if without_bassin and territory.level != Level.BASSIN:
        result.bassins.append(Participation("", "Sans bassin", without_bassin["involved_n"], without_bassin["total"]))
    if territory.level == Level.NATIONAL:
        return  # tens of thousands of schools: the national page sends to the académies' lists instead
    result.schools_without = list(
        schools.filter(is_open=True, kind__in=PARTICIPATING_KINDS)
        .exclude(involved)
        .order_by("department__code", "bassin__name", "commune", "name", "uai")
        .values("uai", "name", "commune", "kind", "latitude", "longitude", "bassin__name", "department__code")[
            :POINTS_MAX
        ]
    )


def _evolution(result: Indicators, territory: Territory, campaign: Campaign) -> None:
    """The académie's editions (its territory's share of them), or every campaign for France."""
    published = Action.objects.filter(status=ActionStatus.PUBLISHED)
    if territory.level == Level.NATIONAL:
        per = {
            row["edition__campaign_id"]: row
            for row in published.order_by()
            .values("edition__campaign_id")
            .annotate(actions=Count("pk", distinct=True), schools=Count("schools", distinct=True))
        }
        editions = dict(Edition.objects.order_by().values_list("campaign_id").annotate(n=Count("pk")))
        result.evolution = [
            TerritoryRow(
                label=c.school_year,
                edition=None,
                academy=None,
                campaign=c,
                dates=f"{editions.get(c.pk, 0)} édition{'s' if editions.get(c.pk, 0) > 1 else ''}",
                ordinal=None,
                actions=per.get(c.pk, {}).get("actions", 0),
                schools=per.get(c.pk, {}).get("schools", 0),
                source=FigureSource.COUNTED,
            )
            for c in Campaign.objects.order_by("school_year")
        ]
        return
    academy_ids = edition_rules.academy_ids(territory.academy)
    actions = Action.objects.filter(status=ActionStatus.PUBLISHED)
    if territory.level == Level.ACADEMY:
        actions = actions.for_territory(academy=territory.academy)
    elif territory.level == Level.DEPARTMENT:
        actions = actions.for_territory(department=territory.department)
    else:
        actions = actions.for_territory(bassin=territory.bassin)
    per = {
        row["edition_id"]: row
        for row in actions.order_by()
        .values("edition_id")
        .annotate(actions=Count("pk", distinct=True), schools=Count("schools", distinct=True))
    }
    editions = (
        Edition.objects.filter(academy_id__in=academy_ids)
        .select_related("campaign", "academy", "declared_figures")
        .order_by("campaign__school_year", "academy__name")
    )
    rows = []
    for edition in editions:
        counted = per.get(edition.pk)
        declared = getattr(edition, "declared_figures", None)
        if counted:
            figures = (counted["actions"], counted["schools"], FigureSource.COUNTED)
        elif territory.level == Level.ACADEMY and declared is not None and declared.status == DataStatus.REPORTED:
            figures = (declared.actions_count, declared.schools_count, FigureSource.DECLARED)
        elif territory.level == Level.ACADEMY:
            # As the comparison and the syntheses: nothing published, nothing declared is « N.C. ».
            figures = (None, None, FigureSource.UNAVAILABLE)
        else:
            figures = (0, 0, FigureSource.COUNTED)  # a département's or bassin's share of the edition
        rows.append(
            TerritoryRow(
                label=edition.campaign.school_year,
                edition=edition,
                academy=edition.academy,
                campaign=edition.campaign,
                dates=(
                    declared.dates_wording
                    if figures[2] == FigureSource.DECLARED and declared.dates_wording
                    else edition.week.label
                ),
                ordinal=edition.ordinal,
                actions=figures[0],
                schools=figures[1],
                source=figures[2],
            )
        )
    result.evolution = rows


def _comparison(result: Indicators, campaign: Campaign) -> None:
    """Every académie of the campaign: its edition, published actions, carrying schools (as in the
    national synthesis's XLSX), rate of its open schools involved."""
    from sps.syntheses.synthesis import campaign_academies

    published = Action.objects.filter(status=ActionStatus.PUBLISHED, edition__campaign=campaign)
    per = {
        row["edition__academy_id"]: row
        for row in published.order_by()
        .values("edition__academy_id")
        .annotate(actions=Count("pk", distinct=True), schools=Count("schools", distinct=True))
    }
    schools = result.academy_schools  # counted by _schools, in the same pass
    editions = {
        e.academy_id: e
        for e in Edition.objects.filter(campaign=campaign).select_related("declared_figures", "campaign")
    }
    rows = []
    for academy in sorted(campaign_academies(campaign), key=lambda a: _sort_key(a.name)):
        edition = editions.get(academy.pk)
        counted = per.get(academy.pk)
        school_row = schools.get(academy.pk, {})
        declared = getattr(edition, "declared_figures", None) if edition else None
        if counted:
            # The carrying schools, as the evolution and the syntheses count them (the XLSX's column).
            figures = (counted["actions"], counted["schools"], FigureSource.COUNTED)
        elif declared is not None and declared.status == DataStatus.REPORTED:
            figures = (declared.actions_count, declared.schools_count, FigureSource.DECLARED)
        else:
            # No published action and no declared figure: « N.C. », « non disponible », as the national
            # synthesis says it (an edition opened on the platform has not reported 0 actions).
            figures = (None, None, FigureSource.UNAVAILABLE)
        rows.append(
            TerritoryRow(
                label=academy.name,
                edition=edition,
                academy=academy,
                campaign=campaign,
                dates=edition.week.label if edition else "N.C.",
                ordinal=edition.ordinal if edition else None,
                actions=figures[0],
                schools=figures[1],
                source=figures[2],
                open_schools=school_row.get("total", 0) if figures[2] == FigureSource.COUNTED else None,
                involved_open=school_row.get("involved_n", 0) if figures[2] == FigureSource.COUNTED else None,
            )
        )
    result.comparison = rows
