"""The indicators' dashboard of a territory (France, an académie, a département, a bassin) for one
campaign, in the Pilotage space: every figure links to the fiches behind it (the pilots' list of
fiches with the matching filters, sps/www/pilotage/action_forms.py INDICATOR_FILTERS).

Access (perms.can_view_indicators): national pilots every territory; an académie pilot their
académie and its départements and bassins; a département pilot their département and its bassins;
a relay their bassin. Any other territory is a 404 (nobody learns what they may not see); a
contributor has no Pilotage space (403).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from sps.accounts import perms
from sps.catalogue import svgmap
from sps.editions.models import Campaign
from sps.schools.enums import SchoolKind
from sps.syntheses.charts import bar_chart
from sps.syntheses.enums import FigureSource
from sps.syntheses.indicators import Level, Territory, territory_indicators
from sps.territories.models import Academy, Bassin, Department
from sps.www.common.decorators import require

# Classes of the participation rate on the map (percent of open schools involved).
RATE_CLASSES = ((1, 9), (10, 24), (25, 49), (50, None))
# A zone blanche stands out from the grey of « N.C. » (no open school in the directory): DSFR's
# a light red.
WHITE_ZONE_FILL = "#f7c6c0"


def _number(value) -> str:
    return "N.C." if value is None else f"{value:,}".replace(",", "\u202f")


def _campaign(school_year):
    return get_object_or_404(Campaign, school_year=school_year)


def _dashboard_url(territory: Territory, campaign) -> str:
    year = campaign.school_year
    if territory.level == Level.NATIONAL:
        return reverse("pilotage:indicators_national", args=[year])
    if territory.level == Level.ACADEMY:
        return reverse("pilotage:indicators_academy", args=[year, territory.academy.slug])
    if territory.level == Level.DEPARTMENT:
        return reverse("pilotage:indicators_department", args=[year, territory.department.code])
    return reverse("pilotage:indicators_bassin", args=[year, territory.bassin.pk])


def _visible(user, territory: Territory) -> bool:
    return perms.can_view_indicators(
        user, academy=territory.academy, department=territory.department, bassin=territory.bassin
    )


def _own_territories(user) -> list[Territory]:
    """The widest territories of the user's roles: France, their académies, départements, bassins."""
    scope = perms.scope_of(user)
    if scope.national:
        return [Territory.national()]
    territories = [Territory.of_academy(a) for a in Academy.objects.filter(pk__in=scope.academy_ids)]
    departments = Department.objects.filter(pk__in=scope.department_ids).select_related("academy")
    territories += [Territory.of_department(d) for d in departments]
    bassins = Bassin.objects.filter(pk__in=scope.bassin_ids).select_related("department__academy")
    territories += [Territory.of_bassin(b) for b in bassins]
    return territories


@require(perms.can_access_indicators)
def indicators_home(request):
    """The user's own territory (the widest of their roles) for the current campaign."""
    campaign = Campaign.objects.current()
    territories = _own_territories(request.user)
    if campaign is None or not territories:
        return render(
            request,
            "pilotage/indicators/none.html",
            {"title": "Indicateurs", "has_campaign": campaign is not None},
        )
    if len(territories) == 1:
        return redirect(_dashboard_url(territories[0], campaign))
    links = [(t.label, _dashboard_url(t, campaign)) for t in territories]
    return render(
        request,
        "pilotage/indicators/choose.html",
        {"title": "Indicateurs", "campaign": campaign, "links": links},
    )


@require(perms.can_access_indicators)
def indicators_national(request, school_year):
    return _dashboard(request, _campaign(school_year), Territory.national())


@require(perms.can_access_indicators)
def indicators_academy(request, school_year, academy_slug):
    campaign = _campaign(school_year)
    academy = get_object_or_404(Academy, slug=academy_slug)
    return _dashboard(request, campaign, Territory.of_academy(academy))


@require(perms.can_access_indicators)
def indicators_department(request, school_year, code):
    campaign = _campaign(school_year)
    department = get_object_or_404(Department.objects.select_related("academy"), code=code)
    return _dashboard(request, campaign, Territory.of_department(department))


@require(perms.can_access_indicators)
def indicators_bassin(request, school_year, pk):
    campaign = _campaign(school_year)
    bassin = get_object_or_404(Bassin.objects.select_related("department__academy"), pk=pk)
    return _dashboard(request, campaign, Territory.of_bassin(bassin))


class Links:
    """The URLs of the list of fiches behind each figure: the territory and campaign, plus a filter."""

    def __init__(self, territory: Territory, campaign):
        self.base = {"campagne": campaign.school_year}
        if territory.level == Level.ACADEMY:
            self.base["academie"] = territory.academy.pk
        elif territory.level == Level.DEPARTMENT:
            self.base["departement"] = territory.department.pk
        elif territory.level == Level.BASSIN:
            self.base["bassin"] = territory.bassin.pk
        self.list_url = reverse("pilotage:action_list")

    def __call__(self, **filters) -> str:
        params = {**self.base, **{k: v for k, v in filters.items() if v not in (None, "")}}
        return f"{self.list_url}?{urlencode(params)}"

    def published(self, **filters) -> str:
        return self(status="published", **filters)


def _comparison_url(links, row) -> str:
    return links(status="published", academie=row.academy.pk) if row.source == FigureSource.COUNTED else ""


def _cell(value, url="", suffix="") -> dict:
    return {"text": _number(value) + (suffix if value is not None else ""), "url": url if value else ""}


def _rate_table(chart_id, title, rows, link_name, links) -> dict:
    """A participation table (involved, open schools, rate) with its bar chart of the rates."""
    return {
        "id": chart_id,
        "title": title,
        "chart": bar_chart(
            [(row.label, None if row.rate is None else round(row.rate, 1)) for row in rows],
            title=title,
            chart_id=f"chart-{chart_id}",
            unit="\u00a0%",
            max_value=100,
        ),
        "columns": ["Établissements impliqués", "Établissements ouverts", "Taux de participation"],
        "rows": [
            {
                "label": row.label,
                "cells": [
                    _cell(row.involved, links.published(**{link_name: row.code}) if row.code and link_name else ""),
                    _cell(row.total),
                    {"text": row.rate_label, "url": ""},
                ],
            }
            for row in rows
        ],
    }


FIRST_COLUMNS = {
    "levels": "Niveaux",
    "publics": "Public",
    "themes": "Thème",
    "categories": "Catégorie",
    "top-partners": "Partenaire",
}


def _count_table(chart_id, title, column, rows, url_of) -> dict:
    return {
        "id": chart_id,
        "first_column": FIRST_COLUMNS.get(chart_id, ""),
        "title": title,
        "chart": bar_chart([(row.label, row.count) for row in rows], title=title, chart_id=f"chart-{chart_id}"),
        "columns": [column],
        "rows": [{"label": row.label, "cells": [_cell(row.count, url_of(row))]} for row in rows],
    }


def _class_label(colour_class) -> str:
    if colour_class.high == 0:
        return "0\u00a0% (zone blanche)"
    if colour_class.high is None:
        return f"{colour_class.low}\u00a0% et plus"
    return f"{colour_class.low} à {colour_class.high}\u00a0%"


def _map(result, territory, campaign, user):
    """The participation rate by département (« zones blanches » at 0 %), and for a territory smaller
    than France the schools without any published action, as points."""
    names = svgmap.department_names()
    rates = {
        d.code: (None if d.rate is None else int(d.rate) if d.involved == 0 or d.rate >= 1 else 1)
        for d in result.departments
    }
    # A département without any open school in the directory has no rate: « N.C. », not a zone blanche.
    shown = names if territory.level == Level.NATIONAL else territory.department_codes
    values = {code: rates.get(code) for code in shown}
    fills = [svgmap.PALETTE[i] for i in svgmap.SPREAD[len(RATE_CLASSES)]]
    classes = [svgmap.ColourClass(0, 0, WHITE_ZONE_FILL)] + [
        svgmap.ColourClass(low, high, fill) for (low, high), fill in zip(RATE_CLASSES, fills, strict=True)
    ]
    by_code = {d.code: d for d in result.departments}

    def label(code, value):
        row = by_code.get(code)
        if row is None or not row.total:
            return f"{names.get(code, code)}\u00a0: aucun établissement ouvert dans l'annuaire"
        return (
            f"{names.get(code, code)}\u00a0: {row.rate_label} des établissements impliqués "
            f"({row.involved} sur {row.total})"
        )

    def href(code):
        return reverse("pilotage:indicators_department", args=[campaign.school_year, code])

    points = []
    if territory.level != Level.NATIONAL:
        for school in result.schools_without:
            if school["latitude"] is None or school["longitude"] is None:
                continue
            points.append(
                svgmap.Point(
                    latitude=school["latitude"],
                    longitude=school["longitude"],
                    href=reverse("public:school_detail", args=[school["uai"]]),
                    label=f"{school['name']} ({school['commune']})\u00a0: aucune action publiée",
                )
            )
    may_open_departments = territory.level == Level.NATIONAL or territory.level == Level.ACADEMY
    svg = svgmap.render_map(
        values,
        href=href if may_open_departments else None,
        label=label,
        title=f"Taux de participation par département — {territory.label}",
        focus=territory.department_codes or None,
        points=points,
        classes=classes,
        svg_id="indicators-map",
    )
    legend = [{"fill": c.fill, "label": _class_label(c)} for c in classes]
    legend.append({"fill": svgmap.UNKNOWN_FILL, "label": "aucun établissement ouvert dans l'annuaire (N.C.)"})
    return svg, legend


def _titled(table: dict) -> dict:
    """Each linked figure says what it opens (« Collège, établissements impliqués : voir les fiches »)."""
    for row in table["rows"]:
        for column, cell in zip(table["columns"], row["cells"], strict=False):
            cell["title"] = f"{row['label']}, {column.lower()}\u00a0: voir les fiches"
    return table


def _dashboard(request, campaign, territory: Territory):
    user = request.user
    if not _visible(user, territory):
        raise Http404
    result = territory_indicators(territory=territory, campaign=campaign)
    links = Links(territory, campaign)
    statuses = {
        "id": "statuses",
        "title": "Fiches actions par statut",
        "chart": bar_chart(
            [(row.label, row.count) for row in result.statuses],
            title="Fiches actions par statut",
            chart_id="chart-statuses",
        ),
        "columns": ["Fiches"],
        "rows": [{"label": row.label, "cells": [_cell(row.count, links(status=row.code))]} for row in result.statuses],
    }
    participants = {
        "id": "participants",
        "title": "Participants déclarés dans les bilans, par public",
        "chart": bar_chart(
            [(p.label, p.total) for p in result.participants],
            title="Participants déclarés dans les bilans, par public",
            chart_id="chart-participants",
        ),
        "columns": ["Participants (somme des chiffres donnés)", "Bilans sans chiffre (N.C.)"],
        "rows": [
            {
                "label": p.label,
                "cells": [
                    _cell(p.total, links.published(bilan="on")),
                    _cell(p.not_reported, links.published(participants_nc=p.public)),
                ],
            }
            for p in result.participants
        ],
    }
    kinds = [row for row in result.by_kind if row.total or row.involved]
    schools_tables = [
        _rate_table("kinds", "Établissements impliqués par type", kinds, "type_etab", links),
        _rate_table(
            "priority", "Établissements impliqués selon l'éducation prioritaire", result.by_priority, "ep", links
        ),
        _rate_table("sector", "Établissements impliqués par secteur", result.by_sector, "secteur", links),
    ]
    coverage_tables = [
        _count_table(
            "levels",
            "Actions publiées par niveau",
            "Actions publiées",
            result.levels,
            lambda r: links.published(degre=r.code),
        ),
        _count_table(
            "publics",
            "Actions publiées par public",
            "Actions publiées",
            result.publics,
            lambda r: links.published(public=r.code),
        ),
        _count_table(
            "categories",
            "Actions publiées par catégorie de la banque d'idées",
            "Actions publiées",
            result.categories,
            lambda r: links.published(categorie=r.code),
        ),
    ]
    if result.themes:
        coverage_tables.insert(
            2,
            _count_table(
                "themes",
                "Actions publiées par thème",
                "Actions publiées",
                result.themes,
                lambda r: links.published(theme=r.code),
            ),
        )
    partner_kinds = {
        "id": "partner-kinds",
        "title": "Partenaires par type",
        "chart": bar_chart(
            [(row.label, row.count) for row, _n in result.partner_kinds],
            title="Actions publiées avec un partenaire, par type de partenaire",
            chart_id="chart-partner-kinds",
        ),
        "columns": ["Actions publiées", "Partenaires différents"],
        "rows": [
            {"label": row.label, "cells": [_cell(row.count, links.published(type_partenaire=row.code)), _cell(n)]}
            for row, n in result.partner_kinds
        ],
    }
    top_partners = _count_table(
        "top-partners",
        "Partenaires les plus cités",
        "Actions publiées",
        result.top_partners,
        lambda r: links.published(partenaire=r.code),
    )
    four_boxes = [row for row in result.levels[:4]]
    svg, legend = _map(result, territory, campaign, user)
    bassin_links = {}
    for row in result.bassins:
        if row.code and territory.level != Level.BASSIN:
            bassin_links[row.code] = reverse("pilotage:indicators_bassin", args=[campaign.school_year, row.code])
    white_bassins = [
        {"label": b.label, "total": b.total, "url": bassin_links.get(b.code, "")} for b in result.white_bassins
    ]
    kind_labels = dict(SchoolKind.choices)
    schools_without = [
        {
            **s,
            "kind_label": kind_labels.get(s["kind"], s["kind"]),
            "url": reverse("public:school_detail", args=[s["uai"]]),
        }
        for s in result.schools_without[:200]
    ]
    # Counted actions and carrying schools both link to the published fiches behind them (the schools'
    # figure is the number of distinct schools of that same list).
    evolution = []
    for row in result.evolution:
        url = (
            (links.published(edition=row.edition.pk) if row.edition else links.published(campagne=row.label))
            if row.source == FigureSource.COUNTED
            else ""
        )
        evolution.append({"row": row, "actions": _cell(row.actions, url), "schools": _cell(row.schools, url)})
    several_academies = len({row.academy.pk for row in result.evolution if row.academy}) > 1
    evolution_chart = bar_chart(
        [
            (f"{row.label} — {row.academy.name}" if several_academies else row.label, row.actions)
            for row in result.evolution
        ],
        title="Actions publiées d'une édition à l'autre",
        chart_id="chart-evolution",
    )
    comparison = []
    for row in result.comparison:
        url = _comparison_url(links, row)
        comparison.append(
            {
                "row": row,
                "url": reverse("pilotage:indicators_academy", args=[campaign.school_year, row.academy.slug]),
                "actions": _cell(row.actions, url),
                "schools": _cell(row.schools, url),
            }
        )
    comparison_chart = (
        bar_chart(
            [(row.label, row.actions) for row in result.comparison],
            title=f"Actions par académie — campagne {campaign.school_year}",
            chart_id="chart-comparison",
        )
        if result.comparison
        else ""
    )
    # Smaller territories the user may open, and the same territory in the other campaigns.
    children = []
    if territory.level in (Level.NATIONAL,):
        children = [
            (str(a), reverse("pilotage:indicators_academy", args=[campaign.school_year, a.slug]))
            for a in Academy.objects.filter(pk__in={row.academy.pk for row in result.comparison}).order_by("name")
        ]
    elif territory.level == Level.ACADEMY:
        children = [
            (f"{d.name} ({d.code})", reverse("pilotage:indicators_department", args=[campaign.school_year, d.code]))
            for d in Department.objects.filter(code__in=territory.department_codes).order_by("code")
        ]
    elif territory.level == Level.DEPARTMENT:
        children = [
            (row.label, bassin_links[row.code])
            for row in sorted(result.bassins, key=lambda b: b.label)
            if row.code in bassin_links
        ]
    campaigns = [
        (c.school_year, _dashboard_url(territory, c), c.pk == campaign.pk)
        for c in Campaign.objects.order_by("-school_year")
    ]
    parent = None
    if territory.level == Level.DEPARTMENT and _visible(user, Territory.of_academy(territory.academy)):
        parent = (str(territory.academy), _dashboard_url(Territory.of_academy(territory.academy), campaign))
    elif territory.level == Level.BASSIN and _visible(user, Territory.of_department(territory.department)):
        parent = (str(territory.department), _dashboard_url(Territory.of_department(territory.department), campaign))
    elif territory.level == Level.ACADEMY and perms.scope_of(user).national:
        parent = ("France entière", _dashboard_url(Territory.national(), campaign))
    departments = [
        {
            "label": d.label,
            "code": d.code,
            "involved": d.involved,
            "total": d.total,
            "rate_label": d.rate_label,
            "url": _dashboard_url(Territory(Level.DEPARTMENT, department=Department(code=d.code)), campaign)
            if territory.level in (Level.NATIONAL, Level.ACADEMY)
            else "",
        }
        for d in result.departments
    ]
    for table in (statuses, participants, *schools_tables, *coverage_tables, partner_kinds, top_partners):
        _titled(table)
    return render(
        request,
        "pilotage/indicators/dashboard.html",
        {
            "title": f"Indicateurs {campaign.school_year} — {territory.label}",
            "territory": territory,
            "campaign": campaign,
            "r": result,
            "links": {
                "all": links(),
                "published": links.published(),
                "with_occurrence": links.published(temps_fort="on"),
                "bilans": links.published(bilan="on"),
                "with_partner": links.published(avec_partenaire="on"),
            },
            "figures": {
                "total": _number(result.total_actions),
                "published": _number(result.published),
                "with_occurrence": _number(result.with_occurrence),
                "occurrences": _number(result.occurrences),
                "bilans": _number(result.bilans),
                "with_partner": _number(result.with_partner),
                "involved": _number(result.schools.involved),
                "open": _number(result.schools.total),
                "rate": result.schools.rate_label,
                "involved_elsewhere": _number(result.involved_elsewhere),
                "without": _number(result.schools_without_count),
            },
            "statuses": statuses,
            "participants": participants,
            "schools_tables": schools_tables,
            "coverage_tables": coverage_tables,
            "four_boxes": four_boxes,
            "partner_kinds": partner_kinds,
            "top_partners": top_partners,
            "map_svg": svg,
            "legend": legend,
            "attribution": svgmap.attribution(),
            "white_bassins": white_bassins,
            "departments": departments,
            "bassins_count": sum(1 for b in result.bassins if b.code),
            "schools_without": schools_without,
            "schools_without_shown": len(schools_without),
            "evolution": evolution,
            "evolution_chart": evolution_chart,
            "comparison": comparison,
            "comparison_chart": comparison_chart,
            "children": children,
            "campaigns": campaigns,
            "parent": parent,
            "is_national": territory.level == Level.NATIONAL,
        },
    )
