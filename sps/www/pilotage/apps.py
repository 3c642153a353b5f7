from django.apps import AppConfig


class PilotageConfig(AppConfig):
    name = "sps.www.pilotage"
    label = "pilotage"
