from django.core.management.base import BaseCommand

from sps.catalogue import index


class Command(BaseCommand):
    help = "Reconstruit le programme public (catalogue, facettes, index de recherche) à partir des fiches."

    def handle(self, *args, **options):
        count = index.rebuild()
        self.stdout.write(f"{count} entrée(s) au programme public.")
