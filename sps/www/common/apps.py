from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "sps.www.common"
    label = "common"
