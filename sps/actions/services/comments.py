"""The thread between the porteur and the moderators, and the moderators' internal notes."""

from django.db import transaction

from sps.actions import notifications, rules
from sps.actions.errors import ModerationError
from sps.actions.models import (
    ActionComment,
    ActionNote,
)
from sps.actions.services.common import clean_message, lock_action, on_commit
from sps.audit.services import log_action


@transaction.atomic
def action_comment_add(*, action, by, body: str) -> ActionComment:
    """A message in the thread between the porteur and the moderators."""
    action = lock_action(action)
    if not rules.can_comment(by, action):
        raise ModerationError("Vous ne pouvez pas écrire sur cette fiche.")
    text = clean_message(body, required_message="Écrivez votre message.", label="Le message")
    comment = ActionComment.objects.create(action=action, author=by, body=text)
    log_action(action, "actions.action.commented", user=by, data={"comment": comment.pk})
    on_commit(notifications.notify_comment, comment.pk)
    return comment


@transaction.atomic
def action_note_add(*, action, by, body: str) -> ActionNote:
    """An internal note of the moderators (the porteur never sees it)."""
    action = lock_action(action)
    if not rules.can_view_notes(by, action):
        raise ModerationError("Seuls les pilotes et relais de la fiche tiennent des notes internes.")
    text = clean_message(body, required_message="Écrivez la note.", label="La note")
    note = ActionNote.objects.create(action=action, author=by, body=text)
    log_action(action, "actions.action.note_added", user=by, data={"note": note.pk})
    return note
