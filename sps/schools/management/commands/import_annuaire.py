from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sps.schools.importer import DirectoryFormatError, directory_import

PROGRESS_EVERY = 5000
MAX_LISTED = 50


def reindex_catalogue(school_ids) -> int:
    """The catalogue entries of the schools whose name, commune, kind or territory changed, brought
    up to date (as the web upload does, sps/www/pilotage/views.py). A command is an entry point like
    a view: it may call the catalogue, which the importer itself (a lower floor) does not."""
    if not school_ids:
        return 0
    from sps.catalogue import index as catalogue_index

    catalogue_index.reindex_schools(school_ids)
    return len(school_ids)


class Command(BaseCommand):
    help = (
        "Importe un ou plusieurs fichiers CSV de l'Annuaire de l'éducation (fr-en-annuaire-education) : "
        "crée ou met à jour les établissements par UAI (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FICHIER", help="fichier CSV (séparateur « ; »)")

    def handle(self, *args, files, **options):
        paths = [Path(name) for name in files]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"Fichier introuvable : {path}")

        def progress(rows_done: int, file_name: str):
            if rows_done % PROGRESS_EVERY == 0:
                self.stderr.write(f"{file_name} : {rows_done:,} lignes lues…".replace(",", " "))

        try:
            report = directory_import(files=[(path.name, path) for path in paths], progress=progress)
        except DirectoryFormatError as error:
            raise CommandError(str(error)) from error
        reindexed = reindex_catalogue(report.renamed_school_ids)

        self.stdout.write(self.style.SUCCESS(f"Import terminé. {report.summary()}."))
        self.stdout.write(
            f"Créés : {report.created}\nMis à jour : {report.updated}\nInchangés : {report.unchanged}\n"
            f"Rejetés : {report.rejected_count}"
        )
        if reindexed:
            self.stdout.write(
                f"Programme public mis à jour pour {reindexed} établissement(s) renommé(s) ou déplacé(s)."
            )
        if report.duplicates:
            self.stdout.write(
                f"Lignes en double ignorées (établissements sur plusieurs lignes) : {len(report.duplicates)}"
            )
            for line in report.duplicates[:MAX_LISTED]:
                self.stdout.write(f"  {line.file_name}:{line.line_number} {line.uai} — {line.reason}")
            if len(report.duplicates) > MAX_LISTED:
                self.stdout.write(f"  … et {len(report.duplicates) - MAX_LISTED} autres")
        if report.warnings:
            self.stdout.write(f"Valeurs illisibles ignorées (ligne importée sans elles) : {len(report.warnings)}")
        if report.rejected:
            self.stdout.write("Lignes rejetées :")
            for line in report.rejected[:MAX_LISTED]:
                self.stdout.write(f"  {line.file_name}:{line.line_number} {line.uai or '(UAI vide)'} — {line.reason}")
            if report.rejected_count > MAX_LISTED:
                self.stdout.write(f"  … et {report.rejected_count - MAX_LISTED} autres")
