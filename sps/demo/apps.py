from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data set. Sits above every domain app: it may import them all, none imports it."""

    name = "sps.demo"
    label = "demo"
