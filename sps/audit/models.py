from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        """The history of one object, oldest first."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class AuditEntry(models.Model):
    """One thing someone did to one object: the history every service writes (pretix's LogEntry).

    `verb` is "<app>.<model>.<past participle>", e.g. "editions.edition.published"; `data`
    holds what the user chose (changed fields, counts), never a copy of personal data.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    verb = models.CharField("action", max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField("détails", default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField("le", default=timezone.now)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "entrée d'historique"
        verbose_name_plural = "historique"
        indexes = [models.Index(fields=["content_type", "object_id"]), models.Index(fields=["verb"])]

    def __str__(self):
        return f"{self.verb} #{self.object_id}"
