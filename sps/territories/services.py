import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from sps.territories.models import AcademicRegion, Academy, Bassin, Department

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class ReferenceReport:
    regions: int = 0
    academies: int = 0
    departments: int = 0


def _date(value: str):
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def reference_load(*, data_dir: Path = DATA_DIR) -> ReferenceReport:
    """Create or update the régions académiques, académies and départements (idempotent).

    Départements point at their current académie: those of Caen and Rouen at Normandie,
    while the two old académies are kept, closed, for the editions they ran.
    """
    report = ReferenceReport()
    with open(data_dir / "academies.csv", encoding="utf-8") as f:
        academy_rows = list(csv.DictReader(f))
    with open(data_dir / "departements_academies.csv", encoding="utf-8") as f:
        department_rows = list(csv.DictReader(f))

    regions = {}
    for name in sorted({row["region"] for row in academy_rows}):
        regions[name], created = AcademicRegion.objects.get_or_create(name=name)
        report.regions += created

    academies = {}
    for row in academy_rows:
        academy, created = Academy.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "slug": row["slug"],
                "region": regions[row["region"]],
                "valid_from": _date(row["valid_from"]),
                "valid_until": _date(row["valid_until"]),
            },
        )
        academies[row["name"]] = academy
        report.academies += created
    for row in academy_rows:
        if row["successor"]:
            Academy.objects.filter(pk=academies[row["name"]].pk).update(successor=academies[row["successor"]])

    for row in department_rows:
        academy = academies[row["academie_2016"]]
        while academy.valid_until is not None and academy.successor_id:
            academy = Academy.objects.get(pk=academy.successor_id)
        _, created = Department.objects.update_or_create(
            code=row["code_departement"], defaults={"name": row["nom_departement"], "academy": academy}
        )
        report.departments += created
    return report


def bassin_create(*, department: Department, name: str, code: str | None = None) -> Bassin:
    """A bassin created by a pilot."""
    return Bassin.objects.create(department=department, name=name.strip(), code=code or None, source=Bassin.Source.MANUAL)
