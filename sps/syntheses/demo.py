"""Demo data of putting actions forward and of the evaluation grid (`manage.py load_demo`, idempotent):
in Créteil's edition, one action phare proposed and chosen as a national example, another proposed and
waiting for the national pilot; Créteil's grid filled, and Rennes' (so that the national view has a
comparison, an académie to accompany and a tutor)."""

from django.db import transaction

from sps.actions.enums import ActionStatus
from sps.actions.models import Action
from sps.actions.services import workflow
from sps.syntheses.examples import example_decide, example_propose
from sps.syntheses.grid import grid_assessment_save, grid_criteria
from sps.syntheses.models import ExampleProposal, GridAssessment

ARGUMENTS = [
    "Une action simple à reproduire, qui fait entrer les familles dans l'école dès la maternelle et que les "
    "équipes de trois autres écoles du bassin ont déjà reprise.",
    "Un temps fort qui mobilise les élèves, les parents et un partenaire associatif\u00a0: les équipes en "
    "décrivent précisément l'organisation et les éléments clés de réussite.",
]
# Levels per axis (the same level on each criterion of the axis) and a comment per axis.
GRIDS = {
    "creteil": (
        {"identify": 4, "partners": 2, "strategy": 3, "communicate": 3},
        {
            "identify": "Toutes les actions sont déclarées sur la plateforme et publiées dans le programme.",
            "partners": "Les partenaires sont surtout associés localement par les porteurs de projet.",
        },
    ),
    "rennes": (
        {"identify": 2, "partners": 4, "strategy": 2, "communicate": 1},
        {"partners": "Un comité de pilotage avec la Région, les associations et les fédérations de parents."},
    ),
}


@transaction.atomic
def demo_syntheses_load(*, editions: dict, pilot, national) -> str:
    """`editions`: académie slug -> its current edition; `pilot`: Créteil's académie pilot."""
    creteil = editions["creteil"]
    published = Action.objects.filter(edition=creteil, status=ActionStatus.PUBLISHED).order_by("pk")
    flagships = list(published.filter(is_flagship=True)[:2])
    for action in published.filter(is_flagship=False)[: 2 - len(flagships)]:
        flagships.append(workflow.action_set_flags(action=action, by=pilot, is_flagship=True))
    proposed = chosen = 0
    for index, action in enumerate(flagships):
        proposal = ExampleProposal.objects.filter(action=action).first()
        if proposal is None:
            proposal = example_propose(action=action, argument=ARGUMENTS[index], by=pilot)
            if index == 0:
                proposal = example_decide(proposal=proposal, chosen=True, by=national)
        proposed += 1
        chosen += proposal.is_chosen
    filled = 0
    for slug, (axis_levels, comments) in GRIDS.items():
        edition = editions.get(slug)
        if edition is None:
            continue
        if not GridAssessment.objects.filter(edition=edition).exists():
            criteria = grid_criteria(edition.campaign)
            grid_assessment_save(
                edition=edition,
                levels={c.pk: axis_levels[c.axis] for c in criteria},
                comments=comments,
                by=national if slug != "creteil" else pilot,
            )
        filled += 1
    return f"{proposed} actions phares proposées au niveau national dont {chosen} retenue, {filled} grilles d'évaluation remplies"
