"""« Reconduire cette action »: a past action copied as a new draft."""

from django.db import transaction

from sps.accounts import perms
from sps.actions import rules
from sps.actions.enums import (
    ActionStatus,
    Actor,
    CarrierLevel,
)
from sps.actions.errors import ActionError, ModerationError
from sps.actions.fields import RECONDUCTED_FIELDS
from sps.actions.models import (
    Action,
)
from sps.actions.services.common import is_edition_pilot
from sps.actions.services.drafts import action_create_draft
from sps.audit.services import log_action
from sps.editions import rules as edition_rules


@transaction.atomic
def action_reconduct(*, source, edition, by) -> Action:
    """« Reconduire cette action »: a new draft in `edition` copying `source` — a past-edition action
    of `by`'s (or of one of their schools) — except its temps forts and status: the porteur sets the
    new dates. Schools no longer in `by`'s scope are left out; themes are matched by title."""
    source = Action.objects.select_related("edition__campaign").get(pk=source.pk)
    if Actor.CONTRIBUTOR not in rules.actor_kinds(by, source):
        raise ModerationError("Vous ne pouvez reconduire que vos propres actions.")
    if source.edition.campaign.school_year >= edition.campaign.school_year:
        raise ActionError("Seule une action d'une édition passée peut être reconduite.")
    if not edition_rules.academy_ids(edition.academy) & edition_rules.academy_ids(source.edition.academy):
        raise ActionError("L'action doit être reconduite dans l'édition de la même académie.")
    if Action.objects.filter(reconducted_from=source, edition=edition).exclude(status=ActionStatus.WITHDRAWN).exists():
        raise ActionError("Cette action a déjà été reconduite dans cette édition.")
    own = perms.contributor_school_ids(by)
    pilot = is_edition_pilot(by, edition)
    schools = [s for s in source.schools.all() if pilot or s.pk in own or perms.school_in_pilot_scope(by, s)]
    titles = {t.title.casefold() for t in source.themes.all()}
    fields = {name: getattr(source, name) for name in RECONDUCTED_FIELDS}
    fields.update(
        themes=[t for t in edition.themes.all() if t.title.casefold() in titles],
        partners=[
            {"partner": p.partner, "contributions": p.contributions, "contribution_text": p.contribution_text}
            for p in source.action_partners.select_related("partner")
        ],
    )
    if source.carrier_level == CarrierLevel.BASSIN:
        fields["bassin"] = source.bassin
    if source.carrier_level == CarrierLevel.DEPARTMENT:
        fields["department"] = source.department
    action = action_create_draft(edition=edition, by=by, schools=schools, **fields)
    action.reconducted_from = source
    action.save(update_fields=["reconducted_from"])
    log_action(action, "actions.action.reconducted", user=by, data={"from": source.pk})
    return action
