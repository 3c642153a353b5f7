from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "sps.actions"
    label = "actions"
    verbose_name = "Fiches actions"
