"""E-mails of the moderation workflow (French, plain text, templates/emails/actions/).

Services ask for them with `schedule(notify_x, ids…)`: once the transaction commits, a task
(`deliver_notifications`) renders and sends them, so a rolled-back change sends nothing and the
request never waits for the mail server. Inside `batched()` (bulk moderation) every e-mail asked
for goes into one task instead of one per fiche. Links are built
from settings.SITE_URL with the URL names the web layers provide: `espace:action_detail` for
porteurs and `pilotage:action_detail` for moderators (kwargs pk); until those exist the link is
the space's home page.
"""

import contextlib
import contextvars
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django_tasks import task

from sps.accounts.enums import Role
from sps.common.dates import format_date
from sps.common.mail import deliver

logger = logging.getLogger(__name__)

_silenced = contextvars.ContextVar("sps_actions_notifications_silenced", default=False)
_batch = contextvars.ContextVar("sps_actions_notifications_batch", default=None)


@contextlib.contextmanager
def silenced():
    """No e-mail from the services inside this block (the demo data set walks fiches through the workflow)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def is_silenced() -> bool:
    return _silenced.get()


SPACE_URLS = {"espace": "espace:action_detail", "pilotage": "pilotage:action_detail"}


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def action_url(action, *, space: str) -> str:
    """The fiche's page in `space` ("espace" for porteurs, "pilotage" for moderators)."""
    try:
        path = reverse(SPACE_URLS[space], kwargs={"pk": action.pk})
    except NoReverseMatch:
        path = f"/{space}/"
    return site_url(path)


def contributor_recipients(action) -> list:
    """The fiche's creator and every contributor of a carrying school (active accounts), each once."""
    from sps.accounts.models import User

    school_ids = list(action.schools.values_list("pk", flat=True))
    users = User.objects.filter(is_active=True, roles__role=Role.SCHOOL_CONTRIBUTOR, roles__school_id__in=school_ids)
    found = {u.pk: u for u in users}
    if action.created_by_id and action.created_by.is_active:
        found.setdefault(action.created_by_id, action.created_by)
    return sorted(found.values(), key=lambda u: u.email)


def _send(template: str, recipients, context: dict) -> int:
    """One message per recipient: nobody sees the others' addresses."""
    messages = []
    for user in recipients:
        ctx = {**context, "recipient": user, "site_url": settings.SITE_URL.rstrip("/")}
        subject = " ".join(render_to_string(f"emails/actions/{template}_subject.txt", ctx).split())
        body = render_to_string(f"emails/actions/{template}.txt", ctx)
        messages.append(EmailMessage(subject, body, None, [user.email]))
    if not messages:
        return 0
    return deliver(messages)


def _action(action_id):
    from sps.actions.models import Action

    return Action.objects.select_related("edition__academy", "created_by").get(pk=action_id)


def notify_submitted(action_id) -> int:
    """To the moderators who receive the fiche first (rules.first_moderators)."""
    from sps.actions.rules import first_moderators

    action = _action(action_id)
    context = {"action": action, "edition": action.edition, "url": action_url(action, space="pilotage")}
    return _send("submitted", first_moderators(action), context)


def notify_contributors(action_id, kind: str, *, comment_id=None) -> int:
    """A decision on the fiche (changes_requested, validated, published, refused), to its porteurs."""
    from sps.actions.models import ActionComment

    action = _action(action_id)
    context = {
        "action": action,
        "edition": action.edition,
        "url": action_url(action, space="espace"),
        "comment": ActionComment.objects.filter(pk=comment_id).first() if comment_id else None,
    }
    return _send(kind, contributor_recipients(action), context)


def notify_comment(comment_id) -> int:
    """A new message in the thread: to the porteurs when a moderator writes, to the first moderators
    when a porteur writes."""
    from sps.actions.enums import Actor
    from sps.actions.models import ActionComment
    from sps.actions.rules import actor_kinds, first_moderators

    comment = ActionComment.objects.select_related("action__edition__academy", "author").get(pk=comment_id)
    action = comment.action
    author_kinds = actor_kinds(comment.author, action) if comment.author else set()
    if author_kinds == {Actor.CONTRIBUTOR}:
        recipients, space = first_moderators(action), "pilotage"
    else:
        recipients, space = contributor_recipients(action), "espace"
    recipients = [u for u in recipients if u.pk != comment.author_id]
    context = {"action": action, "comment": comment, "url": action_url(action, space=space)}
    return _send("comment", recipients, context)


def send_deadline_reminder(*, user, edition, actions, days_left: int) -> int:
    """To a contributor whose fiches are still drafts (or « à modifier ») before the deadline."""
    context = {
        "edition": edition,
        "actions": [(a, action_url(a, space="espace")) for a in actions],
        "deadline": format_date(edition.declaration_deadline),
        "days_left": days_left,
        "url": site_url("/espace/"),
    }
    return _send("deadline_reminder", [user], context)


# What a task may run, by name (a task's arguments are JSON: names and ids, never objects).
NOTIFICATIONS = {f.__name__: f for f in (notify_submitted, notify_contributors, notify_comment)}


@task()
def deliver_notifications(calls: list) -> int:
    """Render and send the e-mails asked for: `calls` is a list of [name, args, kwargs]. One that
    fails (a fiche deleted since) is logged and does not stop the others."""
    sent = 0
    for name, args, kwargs in calls:
        try:
            sent += NOTIFICATIONS[name](*args, **kwargs)
        except Exception:
            logger.exception("Notification %s%r failed", name, tuple(args))
    return sent


def _enqueue(calls: list) -> None:
    if calls:
        deliver_notifications.enqueue(calls)


def schedule(func, *args, **kwargs) -> None:
    """Send the notification `func(*args, **kwargs)` by a task once the transaction commits
    (nothing when silenced; gathered into the batch inside `batched()`)."""
    if is_silenced():
        return
    if func.__name__ not in NOTIFICATIONS:
        raise ValueError(f"{func.__name__} is not a notification")
    call = [func.__name__, list(args), kwargs]
    batch = _batch.get()
    if batch is not None:
        batch.append(call)
    else:
        transaction.on_commit(lambda: _enqueue([call]))


@contextlib.contextmanager
def batched():
    """Every notification scheduled inside this block goes out in one task (bulk moderation)."""
    if _batch.get() is not None:
        yield
        return
    calls: list = []
    token = _batch.set(calls)
    try:
        yield
    finally:
        _batch.reset(token)
    transaction.on_commit(lambda: _enqueue(calls))
