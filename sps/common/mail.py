"""E-mail leaves the request: every message is sent by a background task (Django's Tasks API).

- `send_email(*, to, subject, body)`: one plain-text message to each address, sent by a task
  enqueued once the current transaction commits (a rolled-back change sends nothing).
- `deliver(messages)`: inside a task, the one place that opens the SMTP connection.
"""

import logging

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


def deliver(messages: list[EmailMessage]) -> int:
    """Send prepared messages over one connection (call it from a task, never from a request)."""
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


@task()
def send_email_task(to: list[str], subject: str, body: str, reply_to: list[str] | None = None) -> int:
    """One message per address: nobody sees the others'."""
    messages = [EmailMessage(subject, body, None, [address], reply_to=reply_to) for address in to]
    return deliver(messages)


def send_email(*, to: str | list[str], subject: str, body: str, reply_to: list[str] | None = None) -> None:
    """Send `body` (plain text) to `to` in the background, once the current transaction commits.

    The subject is put on one line; the request never waits for the mail server, so its response
    time says nothing about the address.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    subject = " ".join(subject.split())
    transaction.on_commit(lambda: send_email_task.enqueue(recipients, subject, body, reply_to))
