"""Axes de travail suggested from the indicators: each fires exactly on its trigger, on both sides
of its threshold, cites the figure that triggered it, and never fires on an unknown figure (N.C.)."""

import pytest

from sps.syntheses import axes
from sps.syntheses.axes import EditionIndicators, suggest_axes
from sps.syntheses.enums import FigureSource

# A counted edition that triggers nothing: every figure comfortably above its threshold.
QUIET = dict(
    source=FigureSource.COUNTED,
    actions=10,
    primary_actions=3,
    actions_with_partners=5,
    academy_level_actions=1,
    bassins_total=10,
    bassins_participating=None,
    bassins_covered=5,
    schools_involved=10,
    open_schools=100,
)


def fired(**changes) -> dict:
    return {axis.key: axis for axis in suggest_axes(EditionIndicators(**(QUIET | changes)))}


def test_nothing_fires_on_a_quiet_edition():
    assert fired() == {}


def test_the_texts_are_those_of_the_national_synthesis():
    assert axes.AXIS_TEXTS == {
        "primary": "Une implication plus importante du premier degré",
        "partners": "Une plus grande mobilisation des partenaires de l'École",
        "bassins": "Le déploiement aux autres bassins de l'académie",
        "schools": "Un recensement plus exhaustif des actions",
        "academy_week": "L'organisation d'une véritable Semaine académique",
    }


# --- Premier degré ---------------------------------------------------------------------------


def test_primary_fires_on_zero_premier_degre_action_only():
    assert set(fired(primary_actions=0)) == {"primary"}
    assert fired(primary_actions=0)["primary"].reason == "aucune des 10 actions publiées ne concerne le premier degré"
    assert "primary" not in fired(primary_actions=1)


def test_primary_on_declared_figures_reads_the_box():
    declared = dict(QUIET, source=FigureSource.DECLARED, primary_actions=None)
    assert "primary" in fired(**declared | {"primary_box": False})
    assert "primary" not in fired(**declared | {"primary_box": True})
    assert "primary" not in fired(**declared | {"primary_box": None})  # N.C.: nothing known


# --- Partners --------------------------------------------------------------------------------


def test_partners_boundary():
    assert axes.PARTNER_SHARE_MIN == 0.5
    assert "partners" not in fired(actions_with_partners=5)  # 50 %: at the threshold, not under
    axis = fired(actions_with_partners=4)["partners"]  # 40 %
    assert axis.reason == "4 actions sur 10 avec un partenaire (40\u00a0%, seuil 50\u00a0%)"
    assert "partners" in fired(actions=1000, actions_with_partners=499)  # 49.9 %
    assert fired(actions=1000, actions_with_partners=499)["partners"].reason.startswith("499 actions sur 1000 ")
    assert "(49\u00a0%" in fired(actions=1000, actions_with_partners=499)["partners"].reason
    assert "partners" not in fired(actions=1000, actions_with_partners=500)


def test_partners_is_not_known_for_declared_figures():
    assert "partners" not in fired(source=FigureSource.DECLARED, actions_with_partners=0)


# --- Bassins ---------------------------------------------------------------------------------


def test_bassins_fires_when_only_some_bassins_participate():
    axis = fired(bassins_participating=3)["bassins"]
    assert axis.reason == "3 bassins participent sur 10"
    assert fired(bassins_participating=1)["bassins"].reason == "1 bassin participe sur 10"
    assert "bassins" not in fired(bassins_participating=10)


def test_bassins_coverage_boundary():
    assert axes.BASSIN_SHARE_MIN == 0.5
    assert "bassins" not in fired(bassins_covered=5)  # 50 %
    assert fired(bassins_covered=4)["bassins"].reason == (
        "4 bassins sur 10 avec une action publiée (40\u00a0%, seuil 50\u00a0%)"
    )
    assert "bassins" not in fired(bassins_total=None, bassins_covered=0)  # no bassin known


# --- Schools ---------------------------------------------------------------------------------


def test_schools_boundary():
    assert axes.SCHOOL_SHARE_MIN == 0.10
    assert "schools" not in fired(schools_involved=10)  # 10 %
    assert fired(schools_involved=9)["schools"].reason == (
        "9 écoles et établissements impliqués sur 100 ouverts (9\u00a0%, seuil 10\u00a0%)"
    )
    assert "schools" not in fired(schools_involved=None)  # N.C.
    assert "schools" not in fired(open_schools=None, schools_involved=1)  # no directory
    declared = dict(QUIET, source=FigureSource.DECLARED)
    assert "schools" in fired(**declared | {"schools_involved": 9})
    assert "schools" not in fired(**declared | {"schools_involved": 10})


# --- Semaine académique ----------------------------------------------------------------------


def test_academy_week_fires_on_no_academy_level_action():
    assert set(fired(academy_level_actions=0)) == {"academy_week"}
    assert fired(academy_level_actions=0)["academy_week"].reason == (
        "aucune action ni aucun événement porté par l'académie"
    )
    assert "academy_week" not in fired(academy_level_actions=1)
    assert "academy_week" not in fired(source=FigureSource.DECLARED, academy_level_actions=0)


@pytest.mark.parametrize("source", [FigureSource.UNAVAILABLE])
def test_nothing_fires_without_data(source):
    assert suggest_axes(EditionIndicators(source=source)) == []


def test_no_published_action_triggers_nothing_counted():
    assert (
        fired(actions=0, primary_actions=0, actions_with_partners=0, academy_level_actions=0, bassins_covered=0) == {}
    )
