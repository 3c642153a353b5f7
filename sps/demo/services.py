"""The demo data set loaded by `manage.py load_demo` (idempotent)."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from sps.accounts.enums import Role
from sps.accounts.models import RoleAssignment, User
from sps.schools.importer import directory_import
from sps.schools.models import School
from sps.territories.models import Academy, Bassin, Department
from sps.territories.services import reference_load

DIRECTORY_DIR = Path(__file__).resolve().parent.parent / "schools" / "data" / "annuaire"
DIRECTORY_FILES = ["annuaire-extrait-35-ille-et-vilaine.csv", "annuaire-extrait-94-val-de-marne.csv"]
DEMO_PASSWORD = "Demo-Perseverance-2026"
DEMO_DOMAIN = "demo.sps.test"

# Demo bassins: a few real-sounding bassins, each gathering the schools of listed communes.
DEMO_BASSINS = {
    "94": {
        "94 BASSIN 1-EST (DIST. 1, 2 ET 11)": [
            "Créteil",
            "Bonneuil-sur-Marne",
            "Boissy-Saint-Léger",
            "Limeil-Brévannes",
            "Sucy-en-Brie",
            "Valenton",
            "Villeneuve-Saint-Georges",
            "Marolles-en-Brie",
        ],
        "94 BASSIN 2-CENTRAL (DIST 3, 4, 5 ET 10)": [
            "Vitry-sur-Seine",
            "Ivry-sur-Seine",
            "Choisy-le-Roi",
            "Orly",
            "Thiais",
            "Villejuif",
            "Alfortville",
            "Maisons-Alfort",
        ],
        "94 BASSIN 3-OUEST (DIST. 6, 7, 8 ET 9)": [
            "Fresnes",
            "L'Haÿ-les-Roses",
            "Cachan",
            "Arcueil",
            "Gentilly",
            "Chevilly-Larue",
            "Rungis",
            "Le Kremlin-Bicêtre",
            "Villeneuve-le-Roi",
        ],
    },
    "35": {
        "Bassin de Rennes": [
            "Rennes",
            "Cesson-Sévigné",
            "Saint-Grégoire",
            "Bruz",
            "Chantepie",
            "Saint-Jacques-de-la-Lande",
        ],
        "Bassin de Saint-Malo": ["Saint-Malo", "Dinard", "Cancale", "Combourg", "Dol-de-Bretagne"],
        "Bassin de Fougères-Vitré": ["Fougères", "Vitré", "Châteaubourg", "La Guerche-de-Bretagne"],
    },
}


@dataclass
class DemoAccount:
    email: str
    role_label: str
    scope: str


@dataclass
class DemoReport:
    directory_summary: str = ""
    accounts: list[DemoAccount] = field(default_factory=list)


def _bassins() -> dict[str, Bassin]:
    result = {}
    for code, bassins in DEMO_BASSINS.items():
        department = Department.objects.get(code=code)
        for name, communes in bassins.items():
            bassin = Bassin.objects.filter(department=department, name=name).first()
            if bassin is None:
                bassin = Bassin.objects.create(department=department, name=name, source=Bassin.Source.MANUAL)
            School.objects.filter(department=department, commune__in=communes, bassin__isnull=True).update(
                bassin=bassin, bassin_set_manually=True
            )
            result[name] = bassin
    return result


def _account(email, first_name, last_name, job_title, role, scope=None) -> DemoAccount:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"first_name": first_name, "last_name": last_name, "job_title": job_title, "is_demo": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    field_name = {
        Role.NATIONAL_PILOT: None,
        Role.ACADEMY_PILOT: "academy",
        Role.DEPARTMENT_PILOT: "department",
        Role.BASSIN_RELAY: "bassin",
        Role.SCHOOL_CONTRIBUTOR: "school",
    }[role]
    scope_kwargs = {field_name: scope} if field_name else {}
    RoleAssignment.objects.get_or_create(user=user, role=role, **scope_kwargs)
    return DemoAccount(email=email, role_label=Role(role).label, scope=str(scope) if scope else "France entière")


@transaction.atomic
def demo_load() -> DemoReport:
    """Reference data, two real directory extracts (Ille-et-Vilaine, Val-de-Marne), demo bassins and one account per role."""
    report = DemoReport()
    reference_load()
    files = [(name, DIRECTORY_DIR / name) for name in DIRECTORY_FILES]
    report.directory_summary = directory_import(files=files).summary()
    bassins = _bassins()

    creteil = Academy.objects.get(slug="creteil")
    rennes = Academy.objects.get(slug="rennes")
    val_de_marne = Department.objects.get(code="94")
    west = bassins["94 BASSIN 3-OUEST (DIST. 6, 7, 8 ET 9)"]
    ecole = School.objects.get(uai="0940176F")  # École élémentaire Robert Doisneau, Fresnes
    college = (
        School.objects.filter(department__code="35", kind="college", sector="public", is_open=True)
        .order_by("uai")
        .first()
    )

    accounts = [
        _account(f"pilote.national@{DEMO_DOMAIN}", "Nadia", "Benali", "Chargée de mission DGESCO", Role.NATIONAL_PILOT),
        _account(f"pilote.creteil@{DEMO_DOMAIN}", "Thomas", "Leroy", "SAIO, cellule MLDS", Role.ACADEMY_PILOT, creteil),
        _account(f"pilote.rennes@{DEMO_DOMAIN}", "Gwenaëlle", "Le Gall", "CSAIO", Role.ACADEMY_PILOT, rennes),
        _account(f"pilote.94@{DEMO_DOMAIN}", "Sophie", "Marchand", "IEN-IO", Role.DEPARTMENT_PILOT, val_de_marne),
        _account(f"relais.bassin@{DEMO_DOMAIN}", "Karim", "Haddad", "Animateur de bassin", Role.BASSIN_RELAY, west),
        _account(
            f"directrice.ecole@{DEMO_DOMAIN}", "Claire", "Dumas", "Directrice d'école", Role.SCHOOL_CONTRIBUTOR, ecole
        ),
    ]
    if college is not None:
        accounts.append(
            _account(
                f"principal.college@{DEMO_DOMAIN}", "Yann", "Kerouac", "Principal", Role.SCHOOL_CONTRIBUTOR, college
            )
        )
    report.accounts = accounts
    return report
