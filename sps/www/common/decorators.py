"""The decorator and mixin through which views check sps.accounts.perms predicates."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def require(predicate):
    """Refuse the view unless `predicate(request.user)` holds: login page for anonymous visitors, 403 otherwise."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RequireMixin:
    """Class-based views: set `predicate = staticmethod(perms.can_...)`."""

    predicate = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if self.predicate is None or not self.predicate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
