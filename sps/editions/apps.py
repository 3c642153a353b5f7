from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "sps.editions"
    label = "editions"
    verbose_name = "Campagnes et éditions"
