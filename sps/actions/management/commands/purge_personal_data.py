"""Erase the personal data past the periods the personal data page promises (settings.RETENTION).

Run it daily (cron): accounts without log-in for 3 years, fiches' contacts 2 years after their
edition's bilan, bilan photos 3 years after their edition's week, generated files (exports, posters)
past their expiry (settings.GENERATED_FILE_TTL_HOURS). A second run erases nothing more.
It lives in actions, the highest app it needs (it calls the accounts service too).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from sps.accounts.services import users_purge_inactive
from sps.actions.retention import actions_purge_contacts, bilan_photos_purge
from sps.files.services import generated_files_purge_expired


def _years(days: int) -> int:
    return round(days / 365)


class Command(BaseCommand):
    help = "Efface les données personnelles dont la durée de conservation est dépassée."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compter ce qui serait effacé, sans rien effacer.")

    def handle(self, *args, dry_run, **options):
        account_years, contact_years, photo_years = (
            _years(settings.RETENTION[key])
            for key in ("INACTIVE_ACCOUNT_DAYS", "ACTION_CONTACT_DAYS", "BILAN_PHOTO_DAYS")
        )
        users = users_purge_inactive(dry_run=dry_run)
        contacts = actions_purge_contacts(dry_run=dry_run)
        photos = bilan_photos_purge(dry_run=dry_run)
        files = generated_files_purge_expired(dry_run=dry_run)
        if dry_run:
            self.stdout.write("Simulation (--dry-run) : rien n'a été effacé.")
        self.stdout.write(
            f"Comptes sans connexion depuis plus de {account_years} ans "
            f"{'à supprimer' if dry_run else 'supprimés'} : {users}"
        )
        self.stdout.write(
            f"Fiches action dont le contact {'serait' if dry_run else 'a été'} effacé "
            f"(bilan clos depuis plus de {contact_years} ans) : {contacts}"
        )
        self.stdout.write(
            f"Photos de bilan {'à supprimer' if dry_run else 'supprimées'} "
            f"(semaine terminée depuis plus de {photo_years} ans) : {photos}"
        )
        self.stdout.write(
            f"Fichiers générés expirés (exports, affiches) {'à supprimer' if dry_run else 'supprimés'} : {files}"
        )
