from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "sps.catalogue"
    label = "catalogue"
    verbose_name = "Programme public"

    def ready(self):
        from sps.catalogue import (
            lookups,  # noqa: F401  (registers `bitand_any`)
            programme,  # noqa: F401  (registers the printable programme's builder)
        )
