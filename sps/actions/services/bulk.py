"""Bulk moderation: one service applied to several fiches, reported per fiche."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from sps.actions import notifications
from sps.actions.errors import ActionError
from sps.actions.services.workflow import action_publish, action_validate


@dataclass
class BulkResult:
    """What a bulk operation did: each action is handled on its own (one refused does not stop the others)."""

    done: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (action, French message)

    @property
    def summary(self) -> str:
        text = f"{len(self.done)} fiche(s) traitée(s)"
        if self.refused:
            text += f", {len(self.refused)} refusée(s)"
        return text + "."


def _bulk(service, actions, by) -> BulkResult:
    result = BulkResult()
    for action in actions:
        try:
            result.done.append(service(action=action, by=by))
        except ActionError as exc:
            result.refused.append((action, exc.message))
    return result


@transaction.atomic
def actions_bulk_validate(*, actions: Iterable, by) -> BulkResult:
    """Validate several fiches: each one checked and written on its own savepoint, reported per fiche.
    Their e-mails go out in one background task."""
    with notifications.batched():
        return _bulk(action_validate, actions, by)


@transaction.atomic
def actions_bulk_publish(*, actions: Iterable, by) -> BulkResult:
    """Publish several validated fiches, reported per fiche (see actions_bulk_validate)."""
    with notifications.batched():
        return _bulk(action_publish, actions, by)
