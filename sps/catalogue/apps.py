from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "sps.catalogue"
    label = "catalogue"
    verbose_name = "Programme public"

    def ready(self):
        # The open data export's builder registers itself for the generated-files worker.
        from sps.catalogue import (
            exports,  # noqa: F401
            lookups,  # noqa: F401  (registers `bitand_any`)
        )
