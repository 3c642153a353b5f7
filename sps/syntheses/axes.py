"""Axes de travail suggested from an edition's indicators, each with the figure that triggered it.

The thresholds below are the ONE place where they are set (docs/syntheses.md says the same). A
suggestion fires only on a known figure: a « N.C. » never triggers anything (nothing is known), and
an académie whose figures are declared gets only the suggestions its declared figures support (the
level boxes, the number of schools).

The pilot edits the suggested axes before publication (SynthesisText.axes); until then they are
recomputed at each generation.
"""

from dataclasses import dataclass

from sps.syntheses.enums import FigureSource

# --- Thresholds (documented in docs/syntheses.md) ---------------------------------------------
# « Une plus grande mobilisation des partenaires de l'École »: fires when strictly less than this
# share of the published actions names at least one partner.
PARTNER_SHARE_MIN = 0.5
# « Le déploiement aux autres bassins de l'académie »: fires when the edition runs in only some of
# the académie's bassins, or when strictly less than this share of its bassins has a published action.
BASSIN_SHARE_MIN = 0.5
# « Un recensement plus exhaustif des actions »: fires when strictly less than this share of the
# académie's open schools (in the directory) is involved (at least one published action).
SCHOOL_SHARE_MIN = 0.10

PRIMARY = "primary"
PARTNERS = "partners"
BASSINS = "bassins"
SCHOOLS = "schools"
ACADEMY_WEEK = "academy_week"

AXIS_TEXTS = {
    PRIMARY: "Une implication plus importante du premier degré",
    PARTNERS: "Une plus grande mobilisation des partenaires de l'École",
    BASSINS: "Le déploiement aux autres bassins de l'académie",
    SCHOOLS: "Un recensement plus exhaustif des actions",
    ACADEMY_WEEK: "L'organisation d'une véritable Semaine académique",
}
NBSP = "\u00a0"


@dataclass(frozen=True)
class EditionIndicators:
    """What the suggestions read for one edition; None is « not known »."""

    source: str = FigureSource.COUNTED
    actions: int | None = None
    primary_actions: int | None = None  # counted: published actions with a premier degré level
    primary_box: bool | None = None  # declared: the « Premier degré » box
    actions_with_partners: int | None = None
    academy_level_actions: int | None = None  # carried by the académie itself (seminar, forum…)
    bassins_total: int | None = None
    bassins_participating: int | None = None  # None: every bassin participates
    bassins_covered: int | None = None  # bassins with at least one published action
    schools_involved: int | None = None
    open_schools: int | None = None


@dataclass(frozen=True)
class Axis:
    key: str
    text: str
    reason: str = ""  # the figure that triggered it; empty for an axe written by the pilot


def _percent(share: float) -> str:
    return f"{int(share * 100 + 1e-9)}{NBSP}%"  # floor: 49.9 % is shown 49 %, below a 50 % threshold


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count <= 1 else plural}"


def suggest_axes(ind: EditionIndicators) -> list[Axis]:
    """The axes whose trigger holds, in the order of AXIS_TEXTS."""
    axes = []
    counted = ind.source == FigureSource.COUNTED and bool(ind.actions)
    # Premier degré: no published action of the premier degré, or the declared box not ticked.
    if counted and ind.primary_actions == 0:
        axes.append(
            Axis(
                PRIMARY,
                AXIS_TEXTS[PRIMARY],
                f"aucune des {ind.actions} actions publiées ne concerne le premier degré"
                if ind.actions > 1
                else "l'action publiée ne concerne pas le premier degré",
            )
        )
    elif ind.source == FigureSource.DECLARED and ind.primary_box is False:
        axes.append(Axis(PRIMARY, AXIS_TEXTS[PRIMARY], "la case «\u00a0Premier degré\u00a0» n'est pas cochée"))
    if counted and ind.actions_with_partners is not None:
        share = ind.actions_with_partners / ind.actions
        if share < PARTNER_SHARE_MIN:
            axes.append(
                Axis(
                    PARTNERS,
                    AXIS_TEXTS[PARTNERS],
                    f"{_plural(ind.actions_with_partners, 'action', 'actions')} sur {ind.actions} "
                    f"avec un partenaire ({_percent(share)}, seuil {_percent(PARTNER_SHARE_MIN)})",
                )
            )
    if ind.bassins_total:
        if ind.bassins_participating is not None and ind.bassins_participating < ind.bassins_total:
            axes.append(
                Axis(
                    BASSINS,
                    AXIS_TEXTS[BASSINS],
                    f"{_plural(ind.bassins_participating, 'bassin participe', 'bassins participent')} "
                    f"sur {ind.bassins_total}",
                )
            )
        elif counted and ind.bassins_covered is not None and ind.bassins_covered / ind.bassins_total < BASSIN_SHARE_MIN:
            share = ind.bassins_covered / ind.bassins_total
            axes.append(
                Axis(
                    BASSINS,
                    AXIS_TEXTS[BASSINS],
                    f"{_plural(ind.bassins_covered, 'bassin', 'bassins')} sur {ind.bassins_total} "
                    f"avec une action publiée ({_percent(share)}, seuil {_percent(BASSIN_SHARE_MIN)})",
                )
            )
    if ind.open_schools and ind.schools_involved is not None and ind.source != FigureSource.UNAVAILABLE:
        share = ind.schools_involved / ind.open_schools
        if share < SCHOOL_SHARE_MIN:
            axes.append(
                Axis(
                    SCHOOLS,
                    AXIS_TEXTS[SCHOOLS],
                    f"{_plural(ind.schools_involved, 'école ou établissement impliqué', 'écoles et établissements impliqués')} "
                    f"sur {ind.open_schools} ouverts ({_percent(share)}, seuil {_percent(SCHOOL_SHARE_MIN)})",
                )
            )
    if counted and ind.academy_level_actions == 0:
        axes.append(
            Axis(ACADEMY_WEEK, AXIS_TEXTS[ACADEMY_WEEK], "aucune action ni aucun événement porté par l'académie")
        )
    return axes
