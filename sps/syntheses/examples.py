"""Putting actions forward: from its actions phares, an académie proposes some to the national level
with a short argument; the national pilot chooses the national examples (the « exemples d'actions »
of seed 002), which the national synthesis shows and the idea bank can take as models (the porteur's
school credited: IdeaModel.credit, read from the model's source action).

Every service runs in one transaction, locks the action, checks who asks and the current state, and
writes the fiche's history (sps.audit, on the action): who proposed, withdrew, chose, declined.

    example_propose(action=…, argument=…, by=…)        académie pilot of the action's académie
    example_withdraw(proposal=…, by=…)                  the same, while the choice is not made
    example_decide(proposal=…, chosen=True|False, by=…) national pilot
    example_to_idea_bank(proposal=…, category=…, by=…)  national pilot, a chosen example, once
"""

from django.db import transaction
from django.utils import timezone

from sps.accounts import perms
from sps.actions import rules as action_rules
from sps.actions.enums import ActionStatus, IdeaCategory
from sps.actions.models import Action
from sps.actions.services import ideas
from sps.audit.services import log_action
from sps.syntheses.enums import ExampleStatus
from sps.syntheses.errors import SynthesisError
from sps.syntheses.models import ARGUMENT_MAX, ExampleProposal

SUMMARY_MAX = 300  # IdeaModel.summary
ARGUMENT_MAX_LABEL = f"{ARGUMENT_MAX:,}".replace(",", "\u00a0")  # « 1 000 »
ARGUMENT_REQUIRED = "Écrivez en quelques lignes pourquoi cette action mérite d'être un exemple national."


def example_candidates(*, campaign, academy):
    """The published actions phares of `academy`'s edition(s) of `campaign`: what it may put forward."""
    return (
        Action.objects.filter(
            edition__campaign=campaign,
            status=ActionStatus.PUBLISHED,
            is_flagship=True,
        )
        .for_territory(academy=academy)
        .select_related("edition__academy", "example_proposal")
        .prefetch_related("schools")
        .order_by("title", "pk")
    )


def campaign_proposals(*, campaign):
    """Every proposal of a campaign, by académie then title."""
    return (
        ExampleProposal.objects.filter(action__edition__campaign=campaign)
        .select_related("action__edition__academy", "proposed_by", "decided_by", "idea_model")
        .prefetch_related("action__schools")
        .order_by("action__edition__academy__name", "action__title", "pk")
    )


def _check_argument(argument: str) -> str:
    argument = action_rules.clean_text(argument)
    if not argument:
        raise SynthesisError(ARGUMENT_REQUIRED, field="argument")
    if len(argument) > ARGUMENT_MAX:
        raise SynthesisError(
            f"L'argument dépasse {ARGUMENT_MAX_LABEL} caractères (il en compte {len(argument)})\u00a0: raccourcissez-le.",
            field="argument",
        )
    return argument


def example_propose(*, action, argument: str, by) -> ExampleProposal:
    """Put a published action phare of the pilot's académie forward to the national level."""
    with transaction.atomic():
        action = (
            Action.objects.select_for_update().select_related("edition__academy", "edition__campaign").get(pk=action.pk)
        )
        if not perms.can_propose_national_example(by, action.edition.academy):
            raise SynthesisError("Seuls les pilotes de l'académie de cette action peuvent la proposer.")
        if action.status != ActionStatus.PUBLISHED or not action.is_flagship:
            raise SynthesisError("Seule une action phare publiée peut être proposée au niveau national.")
        if ExampleProposal.objects.filter(action=action).exists():
            raise SynthesisError("Cette action est déjà proposée au niveau national.")
        argument = _check_argument(argument)
        proposal = ExampleProposal.objects.create(action=action, argument=argument, proposed_by=by)
        log_action(
            action,
            "syntheses.example.proposed",
            user=by,
            data={"campaign": action.edition.campaign.school_year, "argument": argument},
        )
    return proposal


def example_withdraw(*, proposal, by) -> None:
    """The académie takes its proposal back, as long as the national pilot has not chosen it."""
    with transaction.atomic():
        proposal = (
            ExampleProposal.objects.select_for_update().select_related("action__edition__academy").get(pk=proposal.pk)
        )
        action = proposal.action
        if not perms.can_propose_national_example(by, action.edition.academy):
            raise SynthesisError("Seuls les pilotes de l'académie de cette action peuvent retirer la proposition.")
        if proposal.status != ExampleStatus.PROPOSED:
            raise SynthesisError(
                "Le pilote national a déjà fait son choix\u00a0: la proposition ne peut plus être retirée."
            )
        proposal.delete()
        log_action(action, "syntheses.example.withdrawn", user=by)


def example_decide(*, proposal, chosen: bool, by) -> ExampleProposal:
    """The national pilot chooses a proposal as a national example (or not); they may change their mind."""
    with transaction.atomic():
        proposal = ExampleProposal.objects.select_for_update().select_related("action").get(pk=proposal.pk)
        if not perms.can_choose_national_examples(by):
            raise SynthesisError("Seul le pilote national choisit les exemples nationaux.")
        action = proposal.action
        if chosen and (action.status != ActionStatus.PUBLISHED or not action.is_flagship):
            raise SynthesisError("Cette action n'est plus une action phare publiée\u00a0: elle ne peut être retenue.")
        proposal.status = ExampleStatus.CHOSEN if chosen else ExampleStatus.DECLINED
        proposal.decided_by, proposal.decided_at = by, timezone.now()
        proposal.save(update_fields=["status", "decided_by", "decided_at"])
        log_action(action, "syntheses.example.chosen" if chosen else "syntheses.example.declined", user=by)
    return proposal


def _summary(action) -> str:
    text = " ".join(action.description.split())
    if len(text) <= SUMMARY_MAX:
        return text
    return text[: SUMMARY_MAX - 1].rsplit(" ", 1)[0] + "…"


def example_to_idea_bank(*, proposal, category: str, by):
    """A national example becomes a model of the idea bank in one click (its text, publics and levels;
    the model keeps its source action, so the porteur's school is credited). Asking twice gives the
    same model."""
    with transaction.atomic():
        proposal = (
            ExampleProposal.objects.select_for_update(of=("self",))
            .select_related("action", "idea_model")
            .get(pk=proposal.pk)
        )
        if not perms.can_choose_national_examples(by):
            raise SynthesisError("Seul le pilote national ajoute les exemples nationaux à la banque d'idées.")
        if proposal.status != ExampleStatus.CHOSEN:
            raise SynthesisError("Seul un exemple national retenu peut devenir un modèle de la banque d'idées.")
        if proposal.idea_model is not None:
            return proposal.idea_model
        if category not in IdeaCategory.values:
            raise SynthesisError("Choisissez la catégorie du modèle.", field="category")
        model = ideas.idea_model_from_action(
            action=proposal.action, by=by, category=category, summary=_summary(proposal.action)
        )
        proposal.idea_model = model
        proposal.save(update_fields=["idea_model"])
        log_action(proposal.action, "syntheses.example.made_model", user=by, data={"model": model.slug})
    return model


def chosen_examples(edition_ids) -> dict:
    """edition id -> {action id: argument} of the national examples chosen there (still published)."""
    rows = ExampleProposal.objects.filter(
        status=ExampleStatus.CHOSEN, action__edition_id__in=edition_ids, action__status=ActionStatus.PUBLISHED
    ).values_list("action__edition_id", "action_id", "argument")
    chosen: dict = {}
    for edition_id, action_id, argument in rows:
        chosen.setdefault(edition_id, {})[action_id] = argument
    return chosen
