from django.apps import AppConfig


class SynthesesConfig(AppConfig):
    name = "sps.syntheses"
    label = "syntheses"
    verbose_name = "Synthèses"
