from django.db import models


class FileStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    READY = "ready", "Prêt"
    FAILED = "failed", "Échec"


# Asking again for one of these gives the same file (GeneratedFile.objects.reusable()).
ACTIVE_STATUSES = (FileStatus.PENDING, FileStatus.RUNNING)
