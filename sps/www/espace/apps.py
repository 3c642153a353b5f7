from django.apps import AppConfig


class EspaceConfig(AppConfig):
    name = "sps.www.espace"
    label = "espace"
