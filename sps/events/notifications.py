"""E-mails to registered people (French, plain text, templates/emails/events/), sent by a task once
the transaction commits (sps.common.mail.send_email): a rolled-back registration sends nothing.

The online link of an event is written in these e-mails only (and on the person's private page):
never on a public page.
"""

import contextlib
import contextvars

from django.conf import settings
from django.template.loader import render_to_string

from sps.common.mail import send_email
from sps.events.text import event_when

_silenced = contextvars.ContextVar("sps_events_notifications_silenced", default=False)


@contextlib.contextmanager
def silenced():
    """No e-mail inside this block (the demo data set registers people)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(template: str, registration) -> None:
    if _silenced.get():
        return
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "when": event_when(event),
        "url": _site_url(registration.get_absolute_url()),
        "event_url": _site_url(event.get_absolute_url()),
        "online_url": event.online_url if registration.is_confirmed else "",
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    subject = render_to_string(f"emails/events/{template}_subject.txt", context)
    body = render_to_string(f"emails/events/{template}.txt", context)
    send_email(to=registration.email, subject=subject, body=body)


def registration_received(registration) -> None:
    """Confirmed, or on the waiting list: either way the private link."""
    _send("confirmed" if registration.is_confirmed else "waiting", registration)


def registration_promoted(registration) -> None:
    _send("promoted", registration)


def registration_cancelled(registration) -> None:
    _send("cancelled", registration)


def registration_reminder(registration) -> None:
    _send("reminder", registration)
