"""The moderators' queue « À traiter » and bulk moderation, as plain functions over the rules.

What waits for a moderator is `Action.objects.queue_of(user)` (routing: rules.moderation_queue_q and
rules.publication_queue_q). This module says, for a page of fiches, what the user may do on each one
(rules.allowed_transitions), which bulk operations to offer, the deadline, and who decides when the
user may not (the académie has not delegated validation).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from sps.actions import rules
from sps.actions.enums import DELEGABLE, ActionStatus, Actor
from sps.schools.models import School

# Bulk operation (the form's value) -> the status it moves fiches to.
BULK_OPERATIONS = {"validate": ActionStatus.VALIDATED, "publish": ActionStatus.PUBLISHED}
BULK_LABELS = {
    "validate": ("Valider les fiches cochées", "Validée"),
    "publish": ("Publier les fiches cochées", "Publiée"),
}
# What a moderator may do on a fiche, as the queue's « Vous pouvez » column says it.
STEP_LABELS = {
    ActionStatus.VALIDATED: "valider",
    ActionStatus.CHANGES_REQUESTED: "demander une modification",
    ActionStatus.REFUSED: "refuser",
    ActionStatus.PUBLISHED: "publier",
}


def with_rules(actions):
    """What rules.allowed_transitions reads for each fiche of a page, in a fixed number of queries."""
    return actions.select_related(
        "edition__academy", "edition__campaign", "edition__moderation_settings", "bassin__department", "department"
    ).prefetch_related(
        Prefetch("schools", queryset=School.objects.select_related("bassin", "department")),
        "edition__milestones",
        "edition__academy__predecessors",
    )


def of_academy(name: str) -> str:
    """« de Créteil », « d'Amiens », « d'Orléans-Tours » (French elision before a vowel)."""
    return f"d'{name}" if name[:1].upper() in "AEIOUYÂÉÈÊÎÏÔÛ" else f"de {name}"


def _steps(user, action) -> list:
    """The queue's steps for `user` on `action`. Taking a published fiche down (published →
    validated) needs a reason of its own for each fiche: it is never a bulk step."""
    return [
        to
        for to in rules.allowed_transitions(user, action)
        if to in STEP_LABELS and not (action.status == ActionStatus.PUBLISHED and to == ActionStatus.VALIDATED)
    ]


def who_decides(user, action, *, kinds=None) -> str | None:
    """Why `user`, staff of a submitted or validated fiche, has no step to take on it and who decides
    (None when they have one, or the fiche waits for nobody)."""
    kinds = rules.actor_kinds(user, action) if kinds is None else kinds
    if not rules.is_staff_of(kinds) or _steps(user, action):
        return None
    academy = f"au pilote académique {of_academy(action.edition.academy.name)}"
    if action.status == ActionStatus.VALIDATED:
        return f"La publication revient {academy}."
    if action.status != ActionStatus.SUBMITTED:
        return None
    settings = rules.moderation_settings_for(action.edition)
    granted = rules.granted_delegations(settings)
    deciders = [academy]
    if Actor.DEPARTMENT_PILOT in granted and Actor.DEPARTMENT_PILOT not in kinds:
        deciders.insert(0, "au pilote départemental")
    who = " ou ".join(deciders)
    missing = [
        label
        for actor, label in (
            (Actor.BASSIN_RELAY, "relais de bassin"),
            (Actor.DEPARTMENT_PILOT, "pilotes départementaux"),
        )
        if actor in kinds and actor in DELEGABLE and actor not in granted
    ]
    because = f"\u00a0: l'académie n'a pas délégué la validation aux {' ni aux '.join(missing)}" if missing else ""
    return f"La validation revient {who}{because}."


@dataclass
class Row:
    """One fiche of a moderation list, with what the user may do on it."""

    action: object
    steps: list  # statuses the user may move it to (rules.allowed_transitions)
    deadline: datetime.date | None
    hint: str | None  # who decides, when the user may not

    @property
    def steps_label(self) -> str:
        labels = [STEP_LABELS[s] for s in STEP_LABELS if s in self.steps]
        return ", ".join(labels).capitalize() if labels else ""

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.localdate()


def rows_for(user, actions, *, with_deadline=True) -> list[Row]:
    """Rows of `actions` (loaded through with_rules) for `user`."""
    rows = []
    for action in actions:
        kinds = rules.actor_kinds(user, action)
        steps = _steps(user, action)
        rows.append(
            Row(
                action=action,
                steps=steps,
                deadline=action.edition.moderation_deadline if with_deadline else None,
                hint=None if steps else who_decides(user, action, kinds=kinds),
            )
        )
    return rows


def common_hint(rows) -> str | None:
    """The « who decides » sentence when every row without a step has the same one (said once, above)."""
    hints = {row.hint for row in rows if not row.steps}
    return hints.pop() if len(hints) == 1 else None


def bulk_offers(rows) -> list[dict]:
    """The bulk operations the user may take on at least one of these rows: [{value, label}]."""
    return [
        {"value": op, "label": BULK_LABELS[op][0]}
        for op, to in BULK_OPERATIONS.items()
        if any(to in row.steps for row in rows)
    ]


def bulk_report(operation, actions, result, *, user) -> list[dict]:
    """Per checked fiche, in the order checked: done or not, and why (JSON-ready: kept in the session).
    A step the user may not take says who decides instead."""
    done = {a.pk for a in result.done}
    why = {}
    for action, message in result.refused:
        if not rules.can_transition(user, action, BULK_OPERATIONS[operation]):
            message = " ".join(filter(None, [message, who_decides(user, action)]))
        why[action.pk] = message
    return [
        {
            "pk": action.pk,
            "title": action.display_title,
            "done": action.pk in done,
            "message": BULK_LABELS[operation][1] if action.pk in done else why.get(action.pk, ""),
        }
        for action in actions
    ]
