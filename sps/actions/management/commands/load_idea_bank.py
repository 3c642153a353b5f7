from django.core.management.base import BaseCommand

from sps.actions.idea_bank import idea_bank_load


class Command(BaseCommand):
    help = "Charge la banque d'idées livrée (modèles de fiches actions) ; sans effet sur les modèles déjà présents."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true", help="Réécrit aussi les modèles livrés depuis le fichier.")

    def handle(self, *args, update, **options):
        created, updated = idea_bank_load(update=update)
        self.stdout.write(f"Banque d'idées : {created} modèle(s) ajouté(s), {updated} mis à jour.")
