from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "sps.territories"
    label = "territories"
    verbose_name = "Territoires"
