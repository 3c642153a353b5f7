"""The national evaluation grid: the four axes of seed 002 with default criteria, the national pilot's
criteria per campaign, each académie's own grid (never another's), bad input, and the consolidation:
scores (N.C. never 0), the académies to accompany and the tutor suggested (a hand-built fixture)."""

import re
from fractions import Fraction

import pytest
from django.urls import reverse

from sps.accounts.enums import Role
from sps.audit.models import AuditEntry
from sps.syntheses.enums import GridAxis
from sps.syntheses.errors import SynthesisError
from sps.syntheses.grid import (
    grid_assessment_save,
    grid_criteria,
    grid_criteria_update,
    grid_results,
    suggest_accompaniments,
)
from sps.syntheses.models import GridAnswer, GridAssessment, GridCriterion
from sps.territories.models import Academy, Department
from tests.accounts.factories import UserFactory, grant
from tests.editions.factories import CampaignFactory, EditionFactory

pytestmark = pytest.mark.django_db

# The four axes, as the conclusion of seed 002 names them, in its order.
SEED_AXES = [
    "Identifier et valoriser les actions mises en œuvre dans l'Académie",
    "Mobiliser les partenaires de l'École",
    "Intégrer la Semaine dans une stratégie académique de lutte contre le décrochage scolaire",
    "Communiquer et rendre visible la Semaine de la persévérance scolaire",
]
AXES = ["identify", "partners", "strategy", "communicate"]


@pytest.fixture
def campaign(reference):
    return CampaignFactory(school_year="2025-2026")


@pytest.fixture
def national(reference):
    user = UserFactory(email="national@example.fr")
    grant(user, Role.NATIONAL_PILOT)
    return user


def pilot_of(slug):
    user = UserFactory(email=f"pilote.{slug}@example.fr")
    grant(user, Role.ACADEMY_PILOT, Academy.objects.get(slug=slug))
    return user


def edition_of(campaign, slug):
    return EditionFactory(campaign=campaign, academy=Academy.objects.get(slug=slug), published=True)


def fill(edition, by, per_axis: dict[str, list[int]], comments=None):
    """Levels given axis by axis, in the order of the axis's criteria (3 for every axis not given)."""
    criteria = grid_criteria(edition.campaign)
    levels = {}
    for axis in AXES:
        items = [c for c in criteria if c.axis == axis]
        given = per_axis.get(axis, [3] * len(items))
        levels.update({c.pk: level for c, level in zip(items, given, strict=True)})
    return grid_assessment_save(edition=edition, levels=levels, comments=comments or {}, by=by)


def test_the_four_axes_of_the_seed_and_default_criteria(campaign):
    assert [label for _value, label in GridAxis.choices] == SEED_AXES
    criteria = grid_criteria(campaign)
    assert [c.axis for c in criteria] == [axis for axis in AXES for _ in range(4)]
    assert criteria[0].text.startswith("Les actions des écoles et des établissements sont recensées")
    assert len(grid_criteria(campaign)) == 16  # written once


# --- The tutor rule on a hand-built fixture -------------------------------------------------------

# (académie, its levels on the 4 criteria of « Identifier et valoriser »): every other axis at 3.
LEVELS = {
    "amiens": [1, 1, 2, 2],  # 1.5: the lowest
    "besancon": [2, 2, 2, 2],  # 2.0: not the lowest, not below 2
    "caen": [1, 2, 2, 2],  # 1.75: below 2
    "creteil": [4, 4, 3, 3],  # 3.5: the best, tied
    "aix-marseille": [3, 4, 4, 3],  # 3.5: the best, tied, first by name
}
EXPECTED_ACCOMPANIMENTS = [
    # (accompanied, score, tutor, tutor's score, lowest on the axis)
    ("Amiens", Fraction(3, 2), "Aix-Marseille", Fraction(7, 2), True),
    ("Caen", Fraction(7, 4), "Aix-Marseille", Fraction(7, 2), False),
]


def test_accompaniment_and_tutor_rule(campaign, national):
    for slug, levels in LEVELS.items():
        fill(edition_of(campaign, slug), national, {"identify": levels})
    edition_of(campaign, "rennes")  # an edition without a grid: not in the results
    results = grid_results(campaign)
    assert [a.name for a in results.academies] == ["Aix-Marseille", "Amiens", "Besançon", "Caen", "Créteil"]
    identify = results.axes[0]
    assert [(a.academy.name, a.score, a.tutor.name, a.tutor_score, a.lowest) for a in identify.accompaniments] == (
        EXPECTED_ACCOMPANIMENTS
    )
    assert [a.name for a in identify.leaders] == ["Aix-Marseille", "Créteil"]
    assert identify.mean_label == "2,5"  # (1.5 + 2 + 1.75 + 3.5 + 3.5) / 5 = 2.45
    # Every other axis: everyone at 3, nobody to learn from, nobody listed.
    assert all(result.accompaniments == [] for result in results.axes[1:])
    assert results.accompaniments == [(GridAxis.IDENTIFY, item) for item in identify.accompaniments]


def test_tutor_ties_are_broken_by_name_accents_ignored():
    academies = {name: Academy(name=name) for name in ["Orléans-Tours", "Nantes", "Éducation"]}
    scores = [
        (academies["Orléans-Tours"], Fraction(4)),
        (academies["Éducation"], Fraction(4)),
        (academies["Nantes"], Fraction(1)),
    ]
    [item] = suggest_accompaniments(scores)
    assert (item.academy.name, item.tutor.name) == ("Nantes", "Éducation")  # « É » sorts as « E »


@pytest.mark.parametrize(
    "scores, expected",
    [
        ([], []),
        ([Fraction(1)], []),  # one académie alone: nobody to compare with
        ([Fraction(2), Fraction(2)], []),  # equal: no tutor scores higher
        ([Fraction(1), None], []),  # N.C. is not a score
        ([Fraction(1), Fraction(3, 2)], [("A0", "A1")]),
    ],
)
def test_accompaniment_edge_cases(scores, expected):
    academies = [Academy(name=f"A{index}") for index in range(len(scores))]
    found = suggest_accompaniments(list(zip(academies, scores, strict=True)))
    assert [(item.academy.name, item.tutor.name) for item in found] == expected


def test_an_axis_without_levels_is_nc_never_zero(campaign, national):
    for slug in ("amiens", "caen"):
        fill(edition_of(campaign, slug), national, {"identify": LEVELS[slug]})
    criteria = {axis: [c.text for c in grid_criteria(campaign) if c.axis == axis] for axis in AXES}
    criteria["communicate"] = ["Un tout nouveau critère"]  # the old ones, and their levels, go
    grid_criteria_update(campaign=campaign, criteria=criteria, by=national)
    results = grid_results(campaign)
    communicate = results.axes[3]
    assert [score for _academy, score in communicate.scores] == [None, None]
    assert communicate.mean_label == "N.C." and communicate.accompaniments == []
    assert [labels[3] for _academy, labels in results.table] == ["N.C.", "N.C."]
    assert results.axes[0].scores[0][1] == Fraction(3, 2)  # kept criteria keep their levels


# --- Criteria per campaign ------------------------------------------------------------------------


def test_the_national_pilot_edits_the_criteria(campaign, national):
    edition = edition_of(campaign, "amiens")
    fill(edition, national, {})
    criteria = {axis: [c.text for c in grid_criteria(campaign) if c.axis == axis] for axis in AXES}
    kept = criteria["partners"][0]
    criteria["partners"] = ["Un critère reformulé", kept]
    grid_criteria_update(campaign=campaign, criteria=criteria, by=national)
    partners = [c for c in grid_criteria(campaign) if c.axis == "partners"]
    assert [c.text for c in partners] == ["Un critère reformulé", kept]
    answered = set(GridAnswer.objects.filter(assessment__edition=edition).values_list("criterion__text", flat=True))
    assert kept in answered and "Un critère reformulé" not in answered
    assert AuditEntry.objects.filter(verb="syntheses.grid.criteria_updated", user=national).count() == 1
    # Another campaign keeps its own (default) criteria.
    other = CampaignFactory(school_year="2026-2027")
    assert "Un critère reformulé" not in [c.text for c in grid_criteria(other)]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"identify": []}, "au moins un critère"),
        ({"identify": ["Même", "Même"]}, "deux fois"),
        ({"identify": ["x" * 301]}, "dépasse 300"),
        ({"identify": [f"Critère {n}" for n in range(11)]}, "10 critères au plus"),
    ],
)
def test_bad_criteria_change_nothing(campaign, national, change, message):
    before = [(c.axis, c.text) for c in grid_criteria(campaign)]
    criteria = {axis: [c.text for c in grid_criteria(campaign) if c.axis == axis] for axis in AXES}
    criteria.update(change)
    with pytest.raises(SynthesisError) as error:
        grid_criteria_update(campaign=campaign, criteria=criteria, by=national)
    assert message in error.value.errors["identify"][0]
    assert [(c.axis, c.text) for c in grid_criteria(campaign)] == before


def test_only_the_national_pilot_edits_the_criteria(client, campaign):
    pilot = pilot_of("creteil")
    with pytest.raises(SynthesisError):
        grid_criteria_update(campaign=campaign, criteria={axis: ["X"] for axis in AXES}, by=pilot)
    client.force_login(pilot)
    url = reverse("pilotage:grid_criteria", kwargs={"school_year": "2025-2026"})
    assert client.post(url, {axis: "X" for axis in AXES}).status_code == 403
    assert not GridCriterion.objects.filter(text="X").exists()


def test_criteria_page_bad_input_keeps_what_was_typed(client, campaign, national):
    client.force_login(national)
    url = reverse("pilotage:grid_criteria", kwargs={"school_year": "2025-2026"})
    assert client.get(url).status_code == 200
    data = {"identify": "Critère A\nCritère A", "partners": "P", "strategy": "", "communicate": "C"}
    response = client.post(url, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Écrivez au moins un critère pour cet axe." in content and "Critère A\nCritère A" in content
    assert not GridCriterion.objects.filter(text="P").exists()
    data["strategy"], data["identify"] = "S", "Critère A"
    assert client.post(url, data).status_code == 302
    assert [c.text for c in grid_criteria(campaign)] == ["Critère A", "P", "S", "C"]


# --- An académie's own grid -----------------------------------------------------------------------


def test_an_academy_fills_only_its_own_grid(client, campaign):
    creteil, rennes = edition_of(campaign, "creteil"), edition_of(campaign, "rennes")
    pilot = pilot_of("creteil")
    with pytest.raises(SynthesisError):
        fill(rennes, pilot, {})
    assert not GridAssessment.objects.exists()
    client.force_login(pilot)
    levels = {f"level_{c.pk}": "3" for c in grid_criteria(campaign)}
    other = reverse("pilotage:academy_grid", kwargs={"school_year": "2025-2026", "academy_slug": "rennes"})
    assert client.get(other).status_code == 404
    assert client.post(other, levels).status_code == 404
    own = reverse("pilotage:academy_grid", kwargs={"school_year": "2025-2026", "academy_slug": "creteil"})
    response = client.post(own, {**levels, "comment_partners": "Un comité de pilotage avec la Région."})
    assert response.status_code == 302
    assessment = GridAssessment.objects.get()
    assert assessment.edition == creteil and assessment.answers.count() == 16
    assert assessment.comments == {"partners": "Un comité de pilotage avec la Région."}
    entry = AuditEntry.objects.get(verb="syntheses.grid.saved")
    assert entry.user == pilot and entry.data["academy"] == "creteil"
    # A département pilot has no grid at all.
    department = UserFactory(email="dep@example.fr")
    grant(department, Role.DEPARTMENT_PILOT, Department.objects.get(code="94"))
    client.force_login(department)
    assert client.post(own, levels).status_code == 403


def test_grid_bad_input_keeps_what_was_typed_and_saves_nothing(client, campaign):
    edition_of(campaign, "creteil")
    client.force_login(pilot_of("creteil"))
    url = reverse("pilotage:academy_grid", kwargs={"school_year": "2025-2026", "academy_slug": "creteil"})
    criteria = grid_criteria(campaign)
    data = {f"level_{c.pk}": "2" for c in criteria}
    missing = criteria[5]
    del data[f"level_{missing.pk}"]
    data[f"level_{criteria[6].pk}"] = "7"
    data["comment_identify"] = "Un recueil d'actions publié."
    data["comment_strategy"] = "x" * 2001
    response = client.post(url, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert content.count("Choisissez un niveau pour ce critère.") == 1
    assert "Choisissez un des quatre niveaux proposés." in content
    assert "Le commentaire dépasse 2000 caractères" in content
    assert "Un recueil d&#x27;actions publié." in content
    # The levels given stay checked.
    assert re.search(rf'name="level_{criteria[0].pk}" value="2"[^>]*checked', content)
    assert not GridAssessment.objects.exists() and not GridAnswer.objects.exists()


# --- The national view ----------------------------------------------------------------------------


def test_the_national_view_charts_each_axis_and_suggests_tutors(client, campaign, national):
    for slug, levels in LEVELS.items():
        fill(edition_of(campaign, slug), national, {"identify": levels})
    client.force_login(national)
    response = client.get(reverse("pilotage:national_grid", kwargs={"school_year": "2025-2026"}))
    content = response.content.decode()
    assert content.count('<svg class="grid-chart"') == 4 and content.count('role="img"') >= 4
    assert "<caption>Scores de l'axe 1 par académie (1 à 4)</caption>" in content
    assert '<th scope="row">Amiens</th><td>1,5</td>' in content
    assert "académie tutrice suggérée&nbsp;: <strong>Aix-Marseille</strong>" in content
    assert "<strong>Amiens</strong> (1,5, score le plus bas sur cet axe)" in content
    assert "<strong>Caen</strong> (1,8, score inférieur à 2,0)" in content
    assert "<script" not in content.split("<main", 1)[1].split("</main>", 1)[0]  # no JavaScript in the page body
