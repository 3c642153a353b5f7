from django.core.management.base import BaseCommand

from sps.events.services import reminders_send


class Command(BaseCommand):
    help = "Envoie le rappel de la veille aux personnes inscrites aux événements de demain. À lancer chaque jour."

    def handle(self, *args, **options):
        self.stdout.write(f"{reminders_send()} rappel(s) envoyé(s).")
