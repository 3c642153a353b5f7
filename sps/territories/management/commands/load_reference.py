from django.core.management.base import BaseCommand

from sps.territories.services import reference_load


class Command(BaseCommand):
    help = "Charge les régions académiques, académies et départements (idempotent)."

    def handle(self, *args, **options):
        report = reference_load()
        self.stdout.write(
            f"Référentiel chargé : {report.regions} région(s), {report.academies} académie(s), "
            f"{report.departments} département(s) créés ; les autres sont à jour."
        )
