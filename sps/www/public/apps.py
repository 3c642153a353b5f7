from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "sps.www.public"
    label = "public"
