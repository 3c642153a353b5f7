from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sps.syntheses.declared import DeclaredFiguresFormatError, declared_figures_import


class Command(BaseCommand):
    help = (
        "Importe les chiffres déclarés par les académies (CSV, une ligne par académie et édition ; "
        "colonnes : docs/declared-figures.md). Les lignes invalides sont signalées, les autres importées."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier CSV en UTF-8, séparé par des points-virgules ou des virgules.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            report = declared_figures_import(data=path.read_bytes())
        except DeclaredFiguresFormatError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
        if report.ignored_columns:
            self.stdout.write("Colonnes inconnues ignorées : " + ", ".join(report.ignored_columns))
        for error in report.errors:
            column = f", colonne {error.column}" if error.column else ""
            self.stderr.write(f"Ligne {error.line}{column} : {error.message}")
