from django.conf import settings
from django.core.management.base import BaseCommand

from sps.events.services import registrations_purge


class Command(BaseCommand):
    help = (
        "Supprime les inscriptions aux événements terminés depuis plus de EVENT_REGISTRATION_RETENTION_MONTHS mois "
        "(12 par défaut) ; seuls les effectifs restent. À lancer chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien supprimer.")

    def handle(self, *args, dry_run=False, **options):
        count = registrations_purge(dry_run=dry_run)
        months = settings.EVENT_REGISTRATION_RETENTION_MONTHS
        verb = "seraient supprimées" if dry_run else "supprimées"
        self.stdout.write(f"{count} inscription(s) {verb} (événements terminés depuis plus de {months} mois).")
