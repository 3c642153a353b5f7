from django.conf import settings
from django.core.management.base import BaseCommand

from sps.prizes.services import votes_purge


class Command(BaseCommand):
    help = (
        "Efface les adresses des votants des prix du public dont le vote est clos depuis plus de "
        "PRIZE_VOTE_RETENTION_MONTHS mois (3 par défaut) ; les votes comptés restent, sans adresse, "
        "les demandes non confirmées sont supprimées. À lancer chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien effacer.")

    def handle(self, *args, dry_run=False, **options):
        count = votes_purge(dry_run=dry_run)
        months = settings.PRIZE_VOTE_RETENTION_MONTHS
        verb = "seraient effacées" if dry_run else "effacées"
        self.stdout.write(f"{count} adresse(s) de votant {verb} (votes clos depuis plus de {months} mois).")
