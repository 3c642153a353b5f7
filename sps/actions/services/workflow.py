"""The moderation workflow: submit, request changes, validate, publish, refuse, withdraw, reopen, flags.

Each service checks who asks (rules.actor_kinds against TRANSITIONS), locks the fiche, writes in one
transaction, leaves an audit entry on the fiche (its history) and asks for its e-mails on commit
(notifications.py), so that a rolled-back change never sends one."""

from django.db import transaction
from django.utils import timezone

from sps.actions import notifications, rules
from sps.actions.enums import (
    ActionStatus,
)
from sps.actions.errors import ActionError, ModerationError
from sps.actions.models import (
    Action,
    ActionComment,
)
from sps.actions.services.common import clean_message, lock_action, on_commit, raise_errors
from sps.audit.services import log_action
from sps.catalogue import index as catalogue_index


def _check(by, action, to_status) -> set:
    problem = rules.check_transition(by, action, to_status)
    if problem:
        raise ModerationError(problem)
    return rules.actor_kinds(by, action)


def _set_status(action, status, **stamps) -> None:
    action.status = status
    for name, value in stamps.items():
        setattr(action, name, value)
    action.save(update_fields=["status", "updated_at", *stamps])
    catalogue_index.index_action(action)


@transaction.atomic
def action_submit(*, action, by) -> Action:
    """The porteur submits a complete fiche (first time, or after « à modifier ») to moderation."""
    action = lock_action(action)
    kinds = _check(by, action, ActionStatus.SUBMITTED)
    if not rules.is_pilot_of(kinds) and not rules.declaration_open(action):
        raise ModerationError(rules.deadline_message(action.edition))
    missing = rules.action_missing_fields(action)
    if missing:
        raise ActionError(rules.missing_message(missing), errors={"missing": missing})
    errors = {}
    for index, occurrence in enumerate(action.occurrences.all(), start=1):
        for message in rules.check_occurrence(
            action.edition, occurrence.__dict__, year_long=action.is_year_long
        ).values():
            errors.setdefault("occurrences", []).append(f"Temps fort n° {index} : {message}")
    raise_errors(errors, lead="La fiche ne peut pas être soumise.")
    previous = action.status
    _set_status(action, ActionStatus.SUBMITTED, submitted_at=timezone.now())
    log_action(action, "actions.action.submitted", user=by, data={"from": previous})
    on_commit(notifications.notify_submitted, action.pk)
    return action


@transaction.atomic
def action_request_changes(*, action, by, comment: str) -> Action:
    """A moderator sends the fiche back to its porteur with what to change (required)."""
    action = lock_action(action)
    _check(by, action, ActionStatus.CHANGES_REQUESTED)
    body = clean_message(
        comment, required_message="Expliquez au porteur ce qu'il doit modifier.", label="Le commentaire"
    )
    note = ActionComment.objects.create(action=action, author=by, body=body, is_change_request=True)
    _set_status(action, ActionStatus.CHANGES_REQUESTED)
    log_action(action, "actions.action.changes_requested", user=by, data={"comment": note.pk})
    on_commit(notifications.notify_contributors, action.pk, "changes_requested", comment_id=note.pk)
    return action


@transaction.atomic
def action_validate(*, action, by, comment: str = "") -> Action:
    """A moderator validates a submitted fiche (académie pilots, or relays and département pilots
    the académie gave that right to); an optional comment goes to the thread."""
    action = lock_action(action)
    if action.status == ActionStatus.PUBLISHED:
        raise ModerationError("Pour retirer une action du programme, utilisez « Retirer du programme » avec un motif.")
    _check(by, action, ActionStatus.VALIDATED)
    data = {}
    if rules.clean_text(comment):
        body = clean_message(comment, required_message="", label="Le commentaire")
        data["comment"] = ActionComment.objects.create(action=action, author=by, body=body).pk
    _set_status(action, ActionStatus.VALIDATED, validated_at=timezone.now())
    log_action(action, "actions.action.validated", user=by, data=data)
    on_commit(notifications.notify_contributors, action.pk, "validated")
    return action


@transaction.atomic
def action_publish(*, action, by) -> Action:
    """An académie (or national) pilot puts a validated fiche in the public programme."""
    action = lock_action(action)
    _check(by, action, ActionStatus.PUBLISHED)
    _set_status(action, ActionStatus.PUBLISHED, published_at=timezone.now())
    log_action(action, "actions.action.published", user=by)
    on_commit(notifications.notify_contributors, action.pk, "published")
    return action


@transaction.atomic
def action_unpublish(*, action, by, reason: str) -> Action:
    """An académie pilot (of the fiche's académie) or the national pilot takes a published action
    out of the public programme, with the reason the porteur reads (in the thread and by e-mail);
    the fiche goes back to « validée » and the catalogue drops it at once."""
    action = lock_action(action)
    _check(by, action, ActionStatus.VALIDATED)
    if action.status != ActionStatus.PUBLISHED:
        raise ModerationError("Seule une action publiée peut être retirée du programme.")
    body = clean_message(reason, required_message="Indiquez le motif du retrait du programme.", label="Le motif")
    note = ActionComment.objects.create(action=action, author=by, body=f"Retirée du programme : {body}")
    _set_status(action, ActionStatus.VALIDATED)
    log_action(action, "actions.action.unpublished", user=by, data={"reason": body, "comment": note.pk})
    on_commit(notifications.notify_contributors, action.pk, "unpublished", comment_id=note.pk)
    return action


@transaction.atomic
def action_refuse(*, action, by, reason: str) -> Action:
    """An académie (or national) pilot refuses a fiche, with the reason the porteur will read."""
    action = lock_action(action)
    _check(by, action, ActionStatus.REFUSED)
    text = clean_message(reason, required_message="Indiquez le motif du refus.", label="Le motif")
    previous = action.status
    action.refusal_reason = text
    _set_status(action, ActionStatus.REFUSED, refusal_reason=text)
    log_action(action, "actions.action.refused", user=by, data={"from": previous})
    on_commit(notifications.notify_contributors, action.pk, "refused")
    return action


@transaction.atomic
def action_withdraw(*, action, by) -> Action:
    """The porteur withdraws the fiche (the action will not take place); a published one leaves the programme."""
    action = lock_action(action)
    _check(by, action, ActionStatus.WITHDRAWN)
    previous = action.status
    _set_status(action, ActionStatus.WITHDRAWN)
    log_action(action, "actions.action.withdrawn", user=by, data={"from": previous})
    return action


@transaction.atomic
def action_reopen(*, action, by) -> Action:
    """A pilot reopens one fiche after the deadline: its porteur may edit and submit it again.
    A refused or withdrawn fiche goes back to draft."""
    action = lock_action(action)
    previous = action.status
    if previous in (ActionStatus.REFUSED, ActionStatus.WITHDRAWN):
        _check(by, action, ActionStatus.DRAFT)
        action.status = ActionStatus.DRAFT
    elif problem := rules.check_reopen(by, action):
        raise ModerationError(problem)
    action.declarations_reopened = True
    action.save(update_fields=["status", "declarations_reopened", "updated_at"])
    log_action(action, "actions.action.reopened", user=by, data={"from": previous, "to": action.status})
    return action


@transaction.atomic
def action_reopen_bilan(*, action, by) -> Action:
    """A pilot lets the porteur fill the bilan after the bilan deadline."""
    action = lock_action(action)
    if problem := rules.check_reopen_bilan(by, action):
        raise ModerationError(problem)
    action.bilan_reopened = True
    action.save(update_fields=["bilan_reopened", "updated_at"])
    log_action(action, "actions.bilan.reopened", user=by)
    return action


@transaction.atomic
def action_set_flags(*, action, by, is_flagship: bool | None = None, shown_at_forum: bool | None = None) -> Action:
    """Académie pilots mark an action « action phare » and « présentée au forum » (None: unchanged)."""
    action = lock_action(action)
    if problem := rules.check_set_flags(by, action):
        raise ModerationError(problem)
    changed = {}
    for name, value in (("is_flagship", is_flagship), ("shown_at_forum", shown_at_forum)):
        if value is not None and getattr(action, name) != bool(value):
            setattr(action, name, bool(value))
            changed[name] = bool(value)
    if changed:
        action.save(update_fields=[*changed, "updated_at"])
        catalogue_index.index_action(action)
    log_action(action, "actions.action.flags_set", user=by, data=changed)
    return action
