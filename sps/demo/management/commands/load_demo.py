from django.core.management.base import BaseCommand

from sps.demo.services import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Charge le jeu de démonstration (idempotent) et affiche les comptes de démonstration."

    def handle(self, *args, **options):
        report = demo_load()
        self.stdout.write(f"Annuaire : {report.directory_summary}")
        for edition in report.editions:
            self.stdout.write(f"Édition : {edition}")
        self.stdout.write(f"Actions : {report.actions_summary}")
        self.stdout.write(f"Programme : {report.programme_summary}")
        self.stdout.write(f"Kit : {report.resources_summary}")
        self.stdout.write(f"Chiffres déclarés {report.declared_summary}")
        self.stdout.write(f"Événements : {report.events_summary}")
        self.stdout.write(f"Prix : {report.prizes_summary}")
        self.stdout.write(f"Exemples et grille : {report.forward_summary}")
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD})")
        width = max(len(a.email) for a in report.accounts)
        for account in report.accounts:
            self.stdout.write(f"  {account.email.ljust(width)}  {account.role_label} — {account.scope}")
        self.stdout.write("")
        self.stdout.write("Connexion : http://127.0.0.1:8000/compte/connexion/")
