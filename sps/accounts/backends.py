"""The authentication backend: Django's ModelBackend behind the login throttle.

Throttling here rather than in a form means every way to log in shares one count: our log-in
page, the admin's, and any later `authenticate()` (an API token exchange, say). Why not
django-axes: docs/security.md.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from sps.accounts import throttling


class ThrottledModelBackend(ModelBackend):
    """ModelBackend that refuses throttled attempts before checking the password.

    What happened is left on the request (`request.login_throttle`: a dict with `refusal`, the
    Refusal now in force or None, and `checked`, whether the password was checked) so that the
    log-in forms can say it in French.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username if username is not None else kwargs.get("email")
        if not email or password is None:
            return None
        ip_address = throttling.client_ip(request)
        if refusal := throttling.check(email=email, ip_address=ip_address):
            _remember(request, refusal=refusal, checked=False)
            # PermissionDenied stops Django's loop over the backends: no other may let it in.
            raise PermissionDenied(refusal.message)
        user = super().authenticate(request, username=email, password=password, **kwargs)
        if user is None:
            throttling.record_failure(email=email, ip_address=ip_address)
            _remember(request, refusal=throttling.check(email=email, ip_address=ip_address), checked=True)
        else:
            throttling.clear(email=email, ip_address=ip_address)
        return user


def _remember(request, *, refusal, checked: bool) -> None:
    if request is not None:
        request.login_throttle = {"refusal": refusal, "checked": checked}
