from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "sps.actions"
    label = "actions"
    verbose_name = "Fiches actions"

    def ready(self):
        # The builders of generated files (exports, posters) register themselves for the worker.
        from sps.actions import documents, exports  # noqa: F401
