from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "sps.catalogue"
    label = "catalogue"
    verbose_name = "Programme public"

    def ready(self):
        # The builders of the generated files register themselves for the worker.
        from sps.catalogue import (
            exports,  # noqa: F401
            lookups,  # noqa: F401  (registers `bitand_any`)
            programme,  # noqa: F401  (the printable programme)
        )
