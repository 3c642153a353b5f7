"""The background task that builds a generated file (see registry.py for the builders)."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from sps.files.enums import FileStatus
from sps.files.models import GeneratedFile
from sps.files.registry import BUILDERS, FileBuildError
from sps.files.services import expiry_from

logger = logging.getLogger(__name__)

GENERIC_ERROR = (
    "La génération du fichier a échoué. Réessayez dans quelques minutes ; si l'erreur persiste, "
    "signalez-la à l'assistance en donnant la date et l'heure."
)


def _claim(file_id) -> GeneratedFile | None:
    """Pending → running, under the row's lock: a task run twice (a retry) builds once."""
    with transaction.atomic():
        file = GeneratedFile.objects.select_for_update().filter(pk=file_id).first()
        if file is None or file.status != FileStatus.PENDING:
            return None
        file.status, file.started_at, file.progress = FileStatus.RUNNING, timezone.now(), 0
        file.save(update_fields=["status", "started_at", "progress"])
        return file


def _progress_reporter(file):
    last = {"value": 0}

    def progress(percent: int) -> None:
        percent = max(0, min(99, int(percent)))
        # One write per 5 % at most: a long export does not write a row per line.
        if percent >= last["value"] + 5:
            last["value"] = percent
            GeneratedFile.objects.filter(pk=file.pk).update(progress=percent)

    return progress


@task()
def build_generated_file(file_id: str) -> str:
    """Build the file `file_id` with its kind's builder and store it; a failure is recorded with a
    French message for the download page and logged."""
    file = _claim(file_id)
    if file is None:
        return "skipped"
    try:
        built = BUILDERS[file.kind](file, _progress_reporter(file))
    except Exception as exc:
        message = exc.message if isinstance(exc, FileBuildError) else GENERIC_ERROR
        logger.exception("Generated file %s (%s) failed", file.pk, file.kind)
        now = timezone.now()
        GeneratedFile.objects.filter(pk=file.pk).update(
            status=FileStatus.FAILED, error=message, finished_at=now, expires_at=expiry_from(now)
        )
        return "failed"
    file.file.save(built.filename, ContentFile(built.content), save=False)
    now = timezone.now()
    file.filename, file.content_type, file.size = built.filename, built.content_type, len(built.content)
    file.status, file.progress, file.finished_at, file.expires_at = FileStatus.READY, 100, now, expiry_from(now)
    file.save(
        update_fields=["file", "filename", "content_type", "size", "status", "progress", "finished_at", "expires_at"]
    )
    return "ready"
