"""E-mails of the prizes (French, plain text, templates/emails/prizes/), sent by a task once the
transaction commits (sps.common.mail.send_email)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from sps.common.mail import send_email


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(template: str, to: str, context: dict) -> None:
    context = {**context, "site_url": settings.SITE_URL.rstrip("/")}
    subject = render_to_string(f"emails/prizes/{template}_subject.txt", context)
    body = render_to_string(f"emails/prizes/{template}.txt", context)
    send_email(to=to, subject=subject, body=body)


def vote_link(vote) -> None:
    """The link that confirms a vote request."""
    context = {
        "vote": vote,
        "action": vote.action,
        "edition": vote.prize.edition,
        "url": _site_url(vote.confirm_url()),
        "closes_at": vote.prize.vote_closes_at,
    }
    _send("vote_link", vote.email, context)


def vote_already_cast(*, prize, email: str, action) -> None:
    """Told instead of a link when the address already has a counted vote (the page says the same
    thing in both cases, so it does not tell who voted)."""
    context = {"action": action, "edition": prize.edition, "results_url": _site_url(prize.results_url())}
    _send("vote_already_cast", email, context)


def juror_added(juror) -> None:
    context = {"juror": juror, "edition": juror.prize.edition, "url": _site_url(reverse("jury:home"))}
    _send("juror_added", juror.user.email, context)
