"""How long a session lasts, set at log-in by what the account can see (docs/security.md).

Pilots and porteurs see pupils' photos (bilan photos, in espace and pilotage), so their session
ends when the browser closes and, at the latest, SESSION_COOKIE_AGE after its last change
(hours, not Django's 14 days). An account without any role sees nothing of the kind and keeps a
session of SESSION_AGE_WITHOUT_ROLE.

Set from the `user_logged_in` signal rather than in our log-in view, so that every way to log
in (the admin's, an invitation's automatic log-in) gets the same policy.
"""

from django.conf import settings

from sps.accounts import perms


def sees_pupils_photos(user) -> bool:
    """Any pilot, relay or porteur role (they open bilan photos), and superusers (the admin shows everything)."""
    return user.is_superuser or perms.is_pilot(user) or perms.is_contributor(user)


def session_expiry(user) -> int:
    """The value for `session.set_expiry`: 0 (browser close, server-side SESSION_COOKIE_AGE) or seconds."""
    return 0 if sees_pupils_photos(user) else settings.SESSION_AGE_WITHOUT_ROLE


def set_session_expiry(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session.set_expiry(session_expiry(user))


def landing_url_name(user) -> str:
    """Where a log-in lands without a `next`: the person's workspace (pilotage first for someone with both)."""
    if perms.can_access_pilotage(user):
        return "pilotage:home"
    if perms.can_access_espace(user):
        return "espace:home"
    return "accounts:account"
