"""The national evaluation grid (« grille d'évaluation nationale », conclusion of seed 002): four axes,
criteria the national pilot sets per campaign (DEFAULT_CRITERIA until then), each académie's
self-evaluation for its edition (a level 1–4 per criterion, a comment per axis), and the national
consolidation: the score of each académie on each axis, the académies that would benefit from
accompaniment and the tutor académie suggested for each (« tutorat entre académies »).

The rule, in one place (docs/syntheses.md says the same):

- An académie's **score on an axis** is the mean of its levels on that axis's criteria (1 to 4). No
  level on that axis (grid not filled, or criteria added since) is « N.C. », never 0.
- On each axis, an académie **would benefit from accompaniment** when its score is the lowest on
  that axis (ties: all of them) or strictly below ACCOMPANIMENT_BELOW — and a tutor exists.
- The **tutor** suggested on an axis is the académie with the highest score on that axis, ties broken
  by name (French alphabetical order, accents ignored); it must score strictly higher than the
  académie it would accompany (otherwise nobody is suggested, and the académie is not listed).
"""

import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction

from django.db import transaction
from django.db.models import Count, Sum

from sps.accounts import perms
from sps.audit.services import log_action
from sps.editions.models import Campaign
from sps.syntheses.enums import NOT_REPORTED, GridAxis, GridLevel
from sps.syntheses.errors import SynthesisError
from sps.syntheses.models import CRITERION_MAX, GRID_COMMENT_MAX, GridAnswer, GridAssessment, GridCriterion
from sps.territories.models import Academy
from sps.territories.text import of_academy

# Listed for accompaniment below this score on an axis (« 2 — En cours » not reached), besides the lowest.
ACCOMPANIMENT_BELOW = Fraction(2)
MAX_CRITERIA_PER_AXIS = 10
LEVEL_MAX = max(GridLevel.values)

# The criteria a campaign starts from, read from the conclusion of seed 002 (what the DRDIE praised).
DEFAULT_CRITERIA = {
    GridAxis.IDENTIFY: [
        "Les actions des écoles et des établissements sont recensées (fiches actions, cartographie)",
        "Des documents ressources présentent les actions (recueil, dossier thématique)",
        "Des articles ou des vidéos sur les actions sont publiés sur un site dédié à la Semaine",
        "La valorisation des actions anime un réseau d'acteurs (journée de l'innovation, CARDIE)",
    ],
    GridAxis.PARTNERS: [
        "Les partenaires participent au comité de pilotage académique de la Semaine",
        "Les partenaires interviennent lors des conférences, séminaires, tables rondes ou ateliers",
        "Les porteurs de projet nouent des partenariats locaux (collectivités, associations, entreprises)",
        "Les parents d'élèves et leurs fédérations sont associés à la Semaine",
    ],
    GridAxis.STRATEGY: [
        "La Semaine s'inscrit dans la stratégie académique de lutte contre le décrochage scolaire",
        "Les acteurs académiques (MLDS, CARDIE, SAIO, FOQUALE) coordonnent la Semaine ensemble",
        "Tous les niveaux sont mobilisés, du premier degré au lycée professionnel",
        "Des temps de formation ou un séminaire réunissent les personnels",
    ],
    GridAxis.COMMUNICATE: [
        "Un dossier de presse présente la Semaine et ses actions",
        "Les ressources produites sont diffusées sur un site dédié à l'événement",
        "La communication nomme la persévérance scolaire et la lutte contre le décrochage scolaire",
        "Des temps forts visibles ponctuent la Semaine (visite du recteur ou du DASEN, cérémonie)",
    ],
}


def _sort_key(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def score_label(score: Fraction | None) -> str:
    """« 2,5 » (one decimal, French comma), « N.C. » when unknown."""
    if score is None:
        return NOT_REPORTED
    return f"{float(score):.1f}".replace(".", ",")


# --- Criteria --------------------------------------------------------------------------------------


def grid_criteria(campaign: Campaign) -> list[GridCriterion]:
    """The criteria of `campaign`, in axis order; the defaults are written the first time (once: the
    campaign row is locked)."""
    criteria = list(GridCriterion.objects.filter(campaign=campaign))
    if not criteria:
        with transaction.atomic():
            Campaign.objects.select_for_update().get(pk=campaign.pk)
            if not GridCriterion.objects.filter(campaign=campaign).exists():
                GridCriterion.objects.bulk_create(
                    GridCriterion(campaign=campaign, axis=axis, text=text, order=order)
                    for axis, texts in DEFAULT_CRITERIA.items()
                    for order, text in enumerate(texts)
                )
        criteria = list(GridCriterion.objects.filter(campaign=campaign))
    order = {axis: index for index, axis in enumerate(GridAxis.values)}
    return sorted(criteria, key=lambda c: (order[c.axis], c.order, c.pk))


def criteria_by_axis(criteria) -> list[tuple[GridAxis, list[GridCriterion]]]:
    return [(GridAxis(axis), [c for c in criteria if c.axis == axis]) for axis in GridAxis.values]


def clean_criteria_lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.replace("\r", "").split("\n") if line.strip(" -•\t")]


def grid_criteria_update(*, campaign: Campaign, criteria: dict[str, list[str]], by) -> list[GridCriterion]:
    """Replace the criteria of `campaign` (axis code -> texts, in order). A criterion kept word for word
    keeps the levels already given to it; a removed (or reworded) criterion loses them."""
    if not perms.can_edit_grid_criteria(by):
        raise SynthesisError("Seul le pilote national modifie les critères de la grille d'évaluation.")
    errors = {}
    for axis in GridAxis.values:
        texts = criteria.get(axis, [])
        if not texts:
            errors[axis] = "Écrivez au moins un critère pour cet axe."
        elif len(texts) > MAX_CRITERIA_PER_AXIS:
            errors[axis] = f"Écrivez {MAX_CRITERIA_PER_AXIS} critères au plus (vous en avez écrit {len(texts)})."
        elif any(len(text) > CRITERION_MAX for text in texts):
            index = next(i for i, text in enumerate(texts, start=1) if len(text) > CRITERION_MAX)
            errors[axis] = f"Le critère n°\u00a0{index} dépasse {CRITERION_MAX} caractères\u00a0: raccourcissez-le."
        elif len(set(texts)) != len(texts):
            errors[axis] = "Un même critère est écrit deux fois."
    if errors:
        raise SynthesisError("Les critères n'ont pas été enregistrés.", errors)
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        existing = {(c.axis, c.text): c for c in GridCriterion.objects.filter(campaign=campaign)}
        wanted = {(axis, text) for axis in GridAxis.values for text in criteria[axis]}
        removed = [c for key, c in existing.items() if key not in wanted]
        GridCriterion.objects.filter(pk__in=[c.pk for c in removed]).delete()
        for axis in GridAxis.values:
            for order, text in enumerate(criteria[axis]):
                criterion = existing.get((axis, text))
                if criterion is None:
                    GridCriterion.objects.create(campaign=campaign, axis=axis, text=text, order=order)
                elif criterion.order != order:
                    criterion.order = order
                    criterion.save(update_fields=["order"])
        log_action(
            campaign,
            "syntheses.grid.criteria_updated",
            user=by,
            data={"criteria": {axis: criteria[axis] for axis in GridAxis.values}, "removed": [c.text for c in removed]},
        )
    return grid_criteria(campaign)


# --- An académie's self-evaluation ----------------------------------------------------------------


def grid_assessment_save(*, edition, levels: dict[int, int], comments: dict[str, str], by) -> GridAssessment:
    """An académie's grid for its edition: a level (1–4) for every criterion of the campaign and a
    comment per axis (optional). Everything or nothing."""
    if not perms.can_fill_evaluation_grid(by, edition.academy):
        raise SynthesisError("Vous ne pouvez remplir que la grille de votre académie.")
    criteria = grid_criteria(edition.campaign)
    errors = {}
    for criterion in criteria:
        if levels.get(criterion.pk) not in GridLevel.values:
            errors[f"level_{criterion.pk}"] = "Choisissez un niveau pour ce critère."
    unknown = set(levels) - {c.pk for c in criteria}
    if unknown:
        raise SynthesisError("La grille a changé pendant que vous la remplissiez\u00a0: rechargez la page.")
    clean_comments = {}
    for axis in GridAxis.values:
        text = (comments.get(axis) or "").replace("\r\n", "\n").strip()
        if len(text) > GRID_COMMENT_MAX:
            errors[f"comment_{axis}"] = (
                f"Le commentaire dépasse {GRID_COMMENT_MAX} caractères (il en compte {len(text)})\u00a0: raccourcissez-le."
            )
        if text:
            clean_comments[axis] = text
    if errors:
        raise SynthesisError("La grille n'a pas été enregistrée\u00a0: voyez les critères signalés.", errors)
    with transaction.atomic():
        assessment, _ = GridAssessment.objects.get_or_create(edition=edition)
        assessment = GridAssessment.objects.select_for_update().get(pk=assessment.pk)
        assessment.comments, assessment.updated_by = clean_comments, by
        assessment.save()
        assessment.answers.all().delete()
        GridAnswer.objects.bulk_create(
            GridAnswer(assessment=assessment, criterion=criterion, level=levels[criterion.pk]) for criterion in criteria
        )
        log_action(
            assessment,
            "syntheses.grid.saved",
            user=by,
            data={
                "campaign": edition.campaign.school_year,
                "academy": edition.academy.slug,
                "levels": {str(c.pk): levels[c.pk] for c in criteria},
            },
        )
    return assessment


# --- The national consolidation -------------------------------------------------------------------


@dataclass(frozen=True)
class Accompaniment:
    academy: Academy
    score: Fraction
    tutor: Academy
    tutor_score: Fraction
    lowest: bool  # the lowest on the axis (else: below ACCOMPANIMENT_BELOW)

    @property
    def score_label(self) -> str:
        return score_label(self.score)

    @property
    def academy_phrase(self) -> str:
        """« l'académie de Créteil », « l'académie d'Amiens »."""
        return f"l'académie {of_academy(self.academy.name)}"

    @property
    def tutor_phrase(self) -> str:
        return f"l'académie {of_academy(self.tutor.name)}"

    @property
    def tutor_score_label(self) -> str:
        return score_label(self.tutor_score)

    @property
    def reason(self) -> str:
        if self.lowest:
            return "score le plus bas sur cet axe"
        return f"score inférieur à {score_label(ACCOMPANIMENT_BELOW)}"


@dataclass
class AxisResult:
    axis: GridAxis
    scores: list[tuple[Academy, Fraction | None]]  # every académie of the grid, by name
    accompaniments: list[Accompaniment] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.axis.label

    @property
    def known(self) -> list[tuple[Academy, Fraction]]:
        return [(academy, score) for academy, score in self.scores if score is not None]

    @property
    def mean(self) -> Fraction | None:
        known = [score for _academy, score in self.known]
        return sum(known) / len(known) if known else None

    @property
    def mean_label(self) -> str:
        return score_label(self.mean)

    @property
    def leaders(self) -> list[Academy]:
        """The académies with the highest score on this axis (ties: all of them, by name)."""
        known = self.known
        if not known:
            return []
        best = max(score for _academy, score in known)
        return [academy for academy, score in known if score == best]

    @property
    def rows(self) -> list[tuple[Academy, str, Fraction | None]]:
        return [(academy, score_label(score), score) for academy, score in self.scores]


@dataclass
class GridResults:
    campaign: Campaign
    academies: list[Academy]  # those whose grid is filled, by name
    axes: list[AxisResult]
    comments: dict = field(default_factory=dict)  # academy id -> {axis code: comment}

    @property
    def is_empty(self) -> bool:
        return not self.academies

    @property
    def table(self) -> list[tuple[Academy, list[str]]]:
        """One row per académie that filled the grid: its score label on each axis, in axis order."""
        return [
            (academy, [score_label(result.scores[i][1]) for result in self.axes])
            for i, academy in enumerate(self.academies)
        ]

    @property
    def accompaniments(self) -> list[tuple[GridAxis, Accompaniment]]:
        return [(result.axis, item) for result in self.axes for item in result.accompaniments]

    def for_academy(self, academy) -> list[dict]:
        """One académie's line per axis: its score, its comment, and the tutor suggested if any."""
        lines = []
        for result in self.axes:
            score = next((s for a, s in result.scores if a.pk == academy.pk), None)
            accompaniment = next((a for a in result.accompaniments if a.academy.pk == academy.pk), None)
            lines.append(
                {
                    "axis": result.axis,
                    "score": score_label(score),
                    "comment": self.comments.get(academy.pk, {}).get(result.axis.value, ""),
                    "accompaniment": accompaniment,
                }
            )
        return lines


def suggest_accompaniments(scores: list[tuple[Academy, Fraction | None]]) -> list[Accompaniment]:
    """The académies of one axis that would benefit from accompaniment, each with its tutor (the rule
    of this module's docstring). `scores`: (académie, score or None)."""
    known = [(academy, score) for academy, score in scores if score is not None]
    if len(known) < 2:
        return []
    lowest = min(score for _academy, score in known)
    tutor, tutor_score = min(known, key=lambda item: (-item[1], _sort_key(item[0].name)))
    listed = []
    for academy, score in sorted(known, key=lambda item: (item[1], _sort_key(item[0].name))):
        if (score == lowest or score < ACCOMPANIMENT_BELOW) and tutor_score > score:
            listed.append(Accompaniment(academy, score, tutor, tutor_score, lowest=score == lowest))
    return listed


def grid_results(campaign: Campaign, *, academy: Academy | None = None) -> GridResults:
    """The consolidated grid of `campaign` (three queries). With `academy`, the same consolidation (the
    tutor rule needs every académie) but the comments of that académie only."""
    sums = (
        GridAnswer.objects.filter(assessment__edition__campaign=campaign)
        .values("assessment__edition__academy_id", "criterion__axis")
        .annotate(total=Sum("level"), n=Count("pk"))
    )
    scores: dict = {}
    for row in sums:
        scores.setdefault(row["assessment__edition__academy_id"], {})[row["criterion__axis"]] = Fraction(
            row["total"], row["n"]
        )
    assessments = GridAssessment.objects.filter(edition__campaign=campaign).select_related("edition__academy")
    if academy is not None:
        assessments = assessments.filter(edition__academy=academy)
    comments = {}
    academies = {}
    for assessment in assessments:
        comments[assessment.edition.academy_id] = assessment.comments
    for filled in Academy.objects.filter(pk__in=scores):
        academies[filled.pk] = filled
    ordered = sorted(academies.values(), key=lambda a: _sort_key(a.name))
    axes = []
    for axis in GridAxis.values:
        axis_scores = [(a, scores.get(a.pk, {}).get(axis)) for a in ordered]
        axes.append(AxisResult(GridAxis(axis), axis_scores, suggest_accompaniments(axis_scores)))
    return GridResults(campaign=campaign, academies=ordered, axes=axes, comments=comments)
