import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from sps.common.errors import DomainError
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
        academy = academies[row["name"]]
        successor = academies[row["successor"]] if row["successor"] else None
        if academy.successor_id != (successor.pk if successor else None):
            academy.successor = successor
            academy.save(update_fields=["successor"])

    for row in department_rows:
        academy = academies[row["academie_2016"]]
        while academy.valid_until is not None and academy.successor_id:
            academy = academy.successor
        _, created = Department.objects.update_or_create(
            code=row["code_departement"], defaults={"name": row["nom_departement"], "academy": academy}
        )
        report.departments += created
    return report


class TerritoryError(DomainError):
    """A refused change on territories; the message is French and shown to the user."""


def _check_bassin_name(*, department: Department, name: str, exclude_pk=None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise TerritoryError("Le nom du bassin est obligatoire.")
    clash = Bassin.objects.filter(department=department, name__iexact=name).exclude(pk=exclude_pk)
    if clash.exists():
        raise TerritoryError(f"Un bassin « {name} » existe déjà dans ce département.")
    return name


@transaction.atomic
def bassin_create(*, department: Department, name: str, code: str = "") -> Bassin:
    """A bassin created by a pilot in one of their départements."""
    name = _check_bassin_name(department=department, name=name)
    code = (code or "").strip() or None
    if code and Bassin.objects.filter(code=code).exists():
        raise TerritoryError(f"Le code de bassin « {code} » est déjà utilisé.")
    return Bassin.objects.create(department=department, name=name, code=code, source=Bassin.Source.MANUAL)


@transaction.atomic
def bassin_rename(*, bassin: Bassin, name: str) -> Bassin:
    """Rename a bassin (its code, when it comes from the directory, stays)."""
    bassin = Bassin.objects.select_for_update().get(pk=bassin.pk)
    bassin.name = _check_bassin_name(department=bassin.department, name=name, exclude_pk=bassin.pk)
    bassin.save(update_fields=["name"])
    return bassin
