"""Files built in the background (exports, posters, later the syntheses), stored privately and
downloaded by the person who asked for them (sps/www/common/generated_files.py)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sps.common.storage import PrivateStorage
from sps.files.enums import ACTIVE_STATUSES, FileStatus


class GeneratedFileQuerySet(models.QuerySet):
    def of_user(self, user):
        """What `user` may see and download: their own files (anything else is a 404)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(requested_by=user)

    def public(self):
        """Files of public kinds (sps.files.registry.PUBLIC_KINDS) asked for without an account:
        anybody may see and download them, they hold published content only."""
        from sps.files.registry import PUBLIC_KINDS

        return self.filter(requested_by__isnull=True, kind__in=PUBLIC_KINDS)

    def viewable_by(self, user):
        """What the generated file's page and download show to `user`: their own files and the public ones."""
        return self.of_user(user) | self.public()

    def reusable(self, *, now=None):
        """Being built (and not stale), or built and not expired: asking again gives this one."""
        now = now or timezone.now()
        return self.filter(
            Q(status__in=ACTIVE_STATUSES, created_at__gt=stale_before(now))
            | Q(status=FileStatus.READY, expires_at__gt=now)
        )

    def stale(self, *, now=None):
        """Still « pending » or « running » long after they were asked for: their worker died."""
        return self.filter(status__in=ACTIVE_STATUSES, created_at__lte=stale_before(now or timezone.now()))

    def expired(self, *, now=None):
        """Past their expiry (ready or failed), or stale: what the daily purge deletes."""
        now = now or timezone.now()
        return self.filter(
            (~Q(status__in=ACTIVE_STATUSES) & Q(expires_at__lte=now))
            | Q(status__in=ACTIVE_STATUSES, created_at__lte=stale_before(now))
        )


def stale_before(now):
    """A job not finished this long after it was asked for will not finish (GENERATED_FILE_TTL_HOURS)."""
    return now - timedelta(hours=settings.GENERATED_FILE_TTL_HOURS)


class GeneratedFile(models.Model):
    """One request for a generated file: who asked, for what (kind + parameters, hashed into `key`),
    where the job is (status, progress) and, once ready, the stored file."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="generated_files"
    )
    kind = models.CharField("type", max_length=50)
    params = models.JSONField("paramètres", default=dict)
    key = models.CharField("clé", max_length=64, help_text="Empreinte du type et des paramètres.")
    label = models.CharField("intitulé", max_length=200)
    status = models.CharField("état", max_length=10, choices=FileStatus.choices, default=FileStatus.PENDING)
    progress = models.PositiveSmallIntegerField("avancement (%)", default=0)
    file = models.FileField(storage=PrivateStorage(), upload_to="generated/%Y/%m/", blank=True)
    filename = models.CharField("nom du fichier", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField("taille (octets)", null=True, blank=True)
    error = models.TextField("erreur", blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField("expire le", null=True, blank=True)

    objects = GeneratedFileQuerySet.as_manager()

    class Meta:
        verbose_name = "fichier généré"
        verbose_name_plural = "fichiers générés"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "key"]), models.Index(fields=["expires_at"])]
        constraints = [
            # The same request twice while the first is still being built: one job.
            models.UniqueConstraint(
                fields=["requested_by", "key"],
                condition=Q(status__in=["pending", "running"]),
                name="files_one_active_job_per_request",
            )
        ]

    def __str__(self):
        return f"{self.label} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def extension(self) -> str:
        """« XLSX », « PDF »: the download name's extension, for the link's detail."""
        return self.filename.rsplit(".", 1)[-1].upper() if "." in self.filename else ""

    @property
    def is_ready(self) -> bool:
        return self.status == FileStatus.READY and bool(self.file)
