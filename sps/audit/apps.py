from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sps.audit"
    label = "audit"
    verbose_name = "Historique"
