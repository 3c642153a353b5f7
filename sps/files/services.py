"""Asking for a generated file, and purging expired ones.

    file = generated_file_request(by=user, kind="actions.export", params={...}, label="Export…")
    return redirect(file_url(file))   # the page shows the progress, then the link

The same request (same user, kind and parameters) while the first is pending, running, or ready
and not expired gives back the first: one job.
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sps.audit.services import log_action
from sps.files.enums import FileStatus
from sps.files.models import GeneratedFile
from sps.files.registry import BUILDERS


def request_key(kind: str, params: dict) -> str:
    """The fingerprint of a request: its kind and parameters, whatever the order of the keys."""
    canonical = json.dumps([kind, params], sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


STALE_ERROR = "La génération de ce fichier n'a pas abouti. Demandez-le à nouveau."


def _enqueue(file_id) -> None:
    from sps.files.tasks import build_generated_file

    result = build_generated_file.enqueue(str(file_id))
    GeneratedFile.objects.filter(pk=file_id, task_id="").update(task_id=str(result.id)[:64])


def generated_file_request(*, by, kind: str, params: dict, label: str) -> GeneratedFile:
    """The file `kind` built from `params` for `by`: the one already asked for if it is still being
    built or ready and not expired, else a new one whose task is enqueued on commit."""
    if kind not in BUILDERS:
        raise ValueError(f"No builder for {kind!r}")
    key = request_key(kind, params)
    now = timezone.now()
    # A job whose worker died long ago no longer holds the place of a new one.
    GeneratedFile.objects.filter(requested_by=by, key=key).stale(now=now).update(
        status=FileStatus.FAILED, error=STALE_ERROR, finished_at=now, expires_at=now
    )
    existing = GeneratedFile.objects.filter(requested_by=by, key=key).reusable().order_by("-created_at").first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            file = GeneratedFile.objects.create(requested_by=by, kind=kind, params=params, key=key, label=label)
            log_action(file, "files.generated_file.requested", user=by, data={"kind": kind, "params": params})
    except IntegrityError:
        # The same request at the same moment (another tab): the unique constraint kept one.
        return GeneratedFile.objects.filter(requested_by=by, key=key).reusable().order_by("-created_at").first()
    transaction.on_commit(lambda: _enqueue(file.pk))
    return file


def expiry_from(now):
    return now + timedelta(hours=settings.GENERATED_FILE_TTL_HOURS)


def generated_files_purge_expired(*, dry_run: bool = False, now=None) -> int:
    """Delete the generated files past their expiry, stored file included; how many."""
    expired = GeneratedFile.objects.expired(now=now)
    if dry_run:
        return expired.count()
    count = 0
    for file in expired.iterator():
        if file.file:
            file.file.delete(save=False)
        file.delete()
        count += 1
    return count


__all__ = ["FileStatus", "generated_file_request", "generated_files_purge_expired", "request_key"]
