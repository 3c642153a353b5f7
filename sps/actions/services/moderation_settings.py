"""Each académie's moderation settings (who validates, who receives submitted fiches first)."""

from django.db import transaction

from sps.accounts import perms
from sps.actions.enums import (
    FirstModerators,
)
from sps.actions.errors import ActionError, ModerationError
from sps.actions.models import (
    ModerationSettings,
)
from sps.audit.services import log_action
from sps.territories.text import of_academy


@transaction.atomic
def moderation_settings_update(
    *, edition, by, relays_may_validate: bool, department_pilots_may_validate: bool, first_moderators: str
) -> ModerationSettings:
    """The académie decides who validates and who receives submitted fiches first."""
    if not perms.can_manage_edition(by, edition.academy):
        raise ModerationError(
            f"Vous ne pouvez pas régler la modération de l'édition {of_academy(edition.academy.name)}."
        )
    if first_moderators not in FirstModerators.values:
        raise ActionError("Choisissez qui reçoit les fiches en premier.")
    settings, _ = ModerationSettings.objects.select_for_update().get_or_create(edition=edition)
    settings.relays_may_validate = bool(relays_may_validate)
    settings.department_pilots_may_validate = bool(department_pilots_may_validate)
    settings.first_moderators = first_moderators
    settings.save()
    log_action(
        edition,
        "actions.moderation_settings.updated",
        user=by,
        data={
            "relays_may_validate": settings.relays_may_validate,
            "department_pilots_may_validate": settings.department_pilots_may_validate,
            "first_moderators": first_moderators,
        },
    )
    return settings
