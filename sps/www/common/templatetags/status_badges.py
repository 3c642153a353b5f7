"""The DSFR badge class of a fiche's status, one table for every space."""

from django import template

from sps.actions.enums import ActionStatus

register = template.Library()

STATUS_BADGES = {
    ActionStatus.DRAFT: "fr-badge--new",
    ActionStatus.SUBMITTED: "fr-badge--info",
    ActionStatus.CHANGES_REQUESTED: "fr-badge--warning",
    ActionStatus.VALIDATED: "fr-badge--success",
    ActionStatus.PUBLISHED: "fr-badge--success",
    ActionStatus.REFUSED: "fr-badge--error",
    ActionStatus.WITHDRAWN: "",
}


@register.filter
def status_badge(status) -> str:
    return STATUS_BADGES.get(status, "")
