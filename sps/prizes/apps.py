from django.apps import AppConfig


class PrizesConfig(AppConfig):
    name = "sps.prizes"
    label = "prizes"
    verbose_name = "Prix du jury et du public"
