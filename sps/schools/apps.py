from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "sps.schools"
    label = "schools"
    verbose_name = "Établissements"
