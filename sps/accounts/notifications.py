"""E-mails of the accounts app, sent by a task once the transaction commits (sps.common.mail.send_email,
re-exported here as `send_email` for the password reset form). Links are built from settings.SITE_URL."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from sps.accounts.enums import InvitationKind
from sps.common.mail import send_email


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def invitation_url(invitation) -> str:
    return site_url(reverse("accounts:invitation_accept", args=[invitation.token]))


def send_invitation(invitation) -> None:
    """The invitation (or the claim link) to its address."""
    is_claim = invitation.kind == InvitationKind.CLAIM
    name = "claim" if is_claim else "invitation"
    context = {
        "invitation": invitation,
        "school": invitation.school,
        "invited_by": invitation.invited_by,
        "url": invitation_url(invitation),
        "validity_days": settings.INVITATION_VALIDITY_DAYS,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    subject = render_to_string(f"emails/accounts/{name}_subject.txt", context).strip()
    body = render_to_string(f"emails/accounts/{name}.txt", context)
    send_email(to=invitation.email, subject=subject, body=body)


def render_email(name: str, context: dict) -> tuple[str, str]:
    """The subject (one line) and the body of templates/emails/accounts/<name>[_subject].txt."""
    subject = " ".join(render_to_string(f"emails/accounts/{name}_subject.txt", context).split())
    return subject, render_to_string(f"emails/accounts/{name}.txt", context)


def email_confirm_url(token: str) -> str:
    return site_url(reverse("accounts:email_confirm", args=[token]))


def send_email_change_confirmation(user, new_email: str, token: str) -> None:
    """The link that confirms a new log-in address, to that address."""
    context = {
        "user": user,
        "new_email": new_email,
        "url": email_confirm_url(token),
        "validity_hours": settings.EMAIL_CHANGE_TIMEOUT // 3600,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    subject, body = render_email("email_change_confirm", context)
    send_email(to=new_email, subject=subject, body=body)


def send_email_changed_notice(user, old_email: str) -> None:
    """Tell the old address that the account's log-in address was replaced (and by which, masked)."""
    local, _, domain = user.email.partition("@")
    context = {
        "user": user,
        "masked_new_email": f"{local[:2]}…@{domain}",
        "site_url": settings.SITE_URL.rstrip("/"),
        "reset_url": site_url(reverse("accounts:password_reset")),
    }
    subject, body = render_email("email_changed", context)
    send_email(to=old_email, subject=subject, body=body)
