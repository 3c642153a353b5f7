from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "sps.events"
    label = "events"
    verbose_name = "Événements et inscriptions"

    def ready(self):
        # Registers the registrations' export builder (sps.files.registry) in every process.
        from sps.events import exports  # noqa: F401
