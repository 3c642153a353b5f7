from django.contrib.contenttypes.models import ContentType

from sps.audit.models import AuditEntry


def log_action(obj, verb: str, *, user=None, data: dict | None = None) -> AuditEntry:
    """Record that `user` did `verb` to `obj` (call it inside the service's transaction).

    Anonymous users are stored as no user: the entry still says what happened.
    """
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        verb=verb,
        user=user,
        data=data or {},
    )
