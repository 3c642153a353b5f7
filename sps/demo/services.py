"""The demo data set loaded by `manage.py load_demo` (idempotent)."""

import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from sps.accounts.enums import ROLE_SCOPE_FIELD, Role
from sps.accounts.models import RoleAssignment, User
from sps.actions.demo import demo_actions_load
from sps.actions.demo_programme import demo_programme_load, published_count
from sps.actions.models import Action
from sps.catalogue import index as catalogue_index
from sps.catalogue.enums import EntryKind
from sps.catalogue.models import CatalogueEntry
from sps.editions.enums import EditionStatus, MilestoneKind
from sps.editions.models import Campaign, Edition, Resource, ResourceCategory, ResourceLevel, ResourcePublic
from sps.editions.resource_services import resource_create
from sps.editions.services import campaign_open, edition_create, edition_publish
from sps.events.demo import demo_events_load
from sps.prizes.demo import demo_prizes_load
from sps.schools.importer import directory_import
from sps.schools.models import School
from sps.syntheses.declared import declared_figures_load_reference, synthesis_axes_load_reference
from sps.syntheses.demo import demo_syntheses_load
from sps.syntheses.services import press_contact_update
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
    editions: list[str] = field(default_factory=list)
    actions_summary: str = ""
    programme_summary: str = ""
    resources_summary: str = ""
    declared_summary: str = ""
    events_summary: str = ""
    prizes_summary: str = ""
    forward_summary: str = ""


def _monday_of_week(year: int, month: int, day: int) -> datetime.date:
    date = datetime.date(year, month, day)
    return date - datetime.timedelta(days=date.weekday())


def _edition(*, school_year_start: int, academy, by, publish: bool, bassins) -> Edition:
    """The académie's edition of the school year starting in September of `school_year_start`."""
    school_year = f"{school_year_start}-{school_year_start + 1}"
    campaign = Campaign.objects.filter(school_year=school_year).first() or campaign_open(
        school_year=school_year,
        theme="Tous mobilisés pour vaincre le décrochage scolaire",
        message="Chaque académie ouvre son édition et publie son programme avant la semaine.",
        by=by,
    )
    edition = Edition.objects.filter(campaign=campaign, academy=academy).first()
    if edition is not None:
        return edition
    spring = school_year_start + 1
    week_start = _monday_of_week(spring, 3, 16)
    day = datetime.timedelta(days=1)
    edition = edition_create(
        campaign=campaign,
        academy=academy,
        by=by,
        title="Semaine de la persévérance scolaire et de l'orientation",
        week_start=week_start,
        week_end=week_start + 4 * day,
        all_bassins_participate=False,
        late_declarations_allowed=False,
        themes=[
            {
                "title": "Oser l'avenir",
                "text": "Donner à chaque élève l'envie de se projeter et de choisir son parcours.",
            },
            {"title": "Ensemble pour réussir", "text": "Parents, partenaires et équipes mobilisés autour des élèves."},
        ],
        milestones=[
            {
                "kind": MilestoneKind.LAUNCH,
                "date": datetime.date(school_year_start, 11, 16),
                "text": "Courrier du recteur aux écoles et établissements, ouverture des déclarations.",
            },
            {
                "kind": MilestoneKind.DECLARATION_DEADLINE,
                "date": datetime.date(spring, 2, 12),
                "text": "Déclarez vos actions sur la plateforme.",
            },
            {
                "kind": MilestoneKind.PROGRAMME_FINALISATION,
                "date": datetime.date(spring, 3, 2),
                "text": "Validation des fiches et publication du programme académique.",
            },
            {
                "kind": MilestoneKind.WEEK,
                "date": week_start,
                "end_date": week_start + 4 * day,
                "text": "Les actions ont lieu dans les écoles, collèges et lycées.",
            },
            {
                "kind": MilestoneKind.BILAN_DEADLINE,
                "date": datetime.date(spring, 4, 16),
                "text": "Complétez le bilan de chaque action (participants, photos, supports).",
            },
            {
                "kind": MilestoneKind.CLOSING_SEMINAR,
                "date": datetime.date(spring, 5, 27),
                "text": "Séminaire académique de clôture et remise des prix.",
            },
        ],
        bassins=bassins,
        pilot_bassin=bassins[0] if bassins else None,
    )
    if publish:
        edition = edition_publish(edition=edition, by=by)
    return edition


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
    field_name = ROLE_SCOPE_FIELD[role]
    scope_kwargs = {field_name: scope} if field_name else {}
    RoleAssignment.objects.get_or_create(user=user, role=role, **scope_kwargs)
    return DemoAccount(email=email, role_label=Role(role).label, scope=str(scope) if scope else "France entière")


def _poster_pdf(edition: Edition) -> ContentFile:
    """A one-page A4 poster (Pillow writes the PDF): enough for the kit's download to be tried."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, 1240, 360), fill=(0, 0, 145))
    title, small = ImageFont.load_default(size=64), ImageFont.load_default(size=40)
    draw.text((80, 110), "Semaine de la persévérance", font=title, fill="white")
    draw.text((80, 200), "scolaire et de l'orientation", font=title, fill="white")
    draw.text((80, 480), f"{edition.academy} — {edition.week.label}", font=small, fill=(22, 22, 22))
    draw.text((80, 560), "Écoles, collèges et lycées se mobilisent pour chaque élève.", font=small, fill=(22, 22, 22))
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=150)
    return ContentFile(out.getvalue(), name="affiche-semaine-perseverance.pdf")


def _demo_resources(*, edition: Edition, pilot, national) -> str:
    """Three resources in the Créteil kit and one national (idempotent: each looked up by title)."""
    items = [
        (
            edition,
            pilot,
            {
                "title": "Affiche de la Semaine à imprimer",
                "category": ResourceCategory.POSTER,
                "description": "Format A4, à afficher dans le hall et à la vie scolaire.",
            },
            lambda: _poster_pdf(edition),
        ),
        (
            edition,
            pilot,
            {
                "title": "Fiche méthodologique : associer les parents",
                "category": ResourceCategory.METHOD_SHEET,
                "publics": [ResourcePublic.PARENTS, ResourcePublic.STAFF],
                "description": "Ressources d'Éduscol pour construire une action avec les familles.",
                "url": "https://eduscol.education.fr/",
            },
            None,
        ),
        (
            edition,
            pilot,
            {
                "title": "Découvrir les métiers et les formations",
                "category": ResourceCategory.BROCHURE,
                "levels": [ResourceLevel.COLLEGE, ResourceLevel.LYCEE, ResourceLevel.LYCEE_PRO],
                "publics": [ResourcePublic.PUPILS, ResourcePublic.PARENTS],
                "description": "Les guides de l'Onisep, pour préparer un forum ou une rencontre.",
                "url": "https://www.onisep.fr/",
            },
            None,
        ),
        (
            None,
            national,
            {
                "title": "Guide national : prévenir le décrochage scolaire",
                "category": ResourceCategory.GOOD_PRACTICE_GUIDE,
                "description": "Repères et outils nationaux pour les équipes.",
                "url": "https://eduscol.education.fr/",
            },
            None,
        ),
    ]
    created = 0
    for target, by, fields, make_file in items:
        if Resource.objects.filter(edition=target, title=fields["title"]).exists():
            continue
        resource_create(edition=target, by=by, file=make_file() if make_file else None, is_published=True, **fields)
        created += 1
    in_kit = Resource.objects.kit_of([edition]).count()
    return f"{in_kit} ressources dans le kit de {edition} ({created} ajoutées)"


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

    national = User.objects.get(email=f"pilote.national@{DEMO_DOMAIN}")
    year = timezone.localdate().year if timezone.localdate().month >= 9 else timezone.localdate().year - 1
    creteil_bassins = [bassins[name] for name in DEMO_BASSINS["94"]]
    rennes_bassins = [bassins[name] for name in DEMO_BASSINS["35"]]
    # Last year's editions hold the fiches to reconduct; Rennes has its own, so its accounts have work.
    for academy, start, publish, chosen in [
        (creteil, year - 1, True, creteil_bassins[2:]),
        (creteil, year, True, creteil_bassins),
        (rennes, year - 1, True, rennes_bassins),
        (rennes, year, True, rennes_bassins),
    ]:
        edition = _edition(school_year_start=start, academy=academy, by=national, publish=publish, bassins=chosen)
        state = "publiée" if edition.status == EditionStatus.PUBLISHED else "brouillon"
        report.editions.append(f"{edition} ({edition.ordinal_label}, {state})")
    actions = demo_actions_load()
    report.actions_summary = (
        f"{Action.objects.filter(edition=actions.edition).count()} fiches actions dans {actions.edition}"
    )
    demo_programme_load()
    # The demo académie's events (a seminar shared by its région académique, a forum, a visit).
    report.events_summary = demo_events_load(
        academy=creteil,
        week_start=actions.edition.week_start,
        by=User.objects.get(email=f"pilote.creteil@{DEMO_DOMAIN}"),
    )
    # The public programme reads the catalogue: rebuilt here so that it holds every published demo
    # fiche and event even if the services' on-commit indexing has not run yet (we are inside one
    # transaction).
    catalogue_index.rebuild()
    report.programme_summary = (
        f"{published_count('creteil')} actions publiées à Créteil, {published_count('rennes')} à Rennes "
        f"({CatalogueEntry.objects.filter(kind=EntryKind.ACTION).count()} dans le catalogue public, avec "
        f"{CatalogueEntry.objects.filter(kind=EntryKind.EVENT, is_primary=True).count()} événements)"
    )
    report.resources_summary = _demo_resources(
        edition=actions.edition, pilot=User.objects.get(email=f"pilote.creteil@{DEMO_DOMAIN}"), national=national
    )
    # The 2015-2016 figures of the 30 académies (seed 002_…): `manage.py synthesis --campaign 2015-2016`
    # regenerates that year's national synthesis from them.
    report.declared_summary = "2015-2016 : " + declared_figures_load_reference().summary()
    # With the axes de travail that synthesis gives each académie (their own, editable by their pilots).
    synthesis_axes_load_reference(by=national)
    # The press contact printed in the dossier de presse of Créteil's edition (a service, never a person).
    press_contact_update(
        edition=actions.edition,
        service="Service de la communication du rectorat (démonstration)",
        email=f"communication@{DEMO_DOMAIN}",
        phone="01 00 00 00 00",
        by=User.objects.get(email=f"pilote.creteil@{DEMO_DOMAIN}"),
    )
    # A jury prize and a public prize on the current Créteil edition: the école's director is the
    # juror (her school's actions are not offered to her), the vote is open.
    report.prizes_summary = demo_prizes_load(
        edition=actions.edition, jurors=[User.objects.get(email=f"directrice.ecole@{DEMO_DOMAIN}")]
    )
    # Putting actions forward and the evaluation grid, in this year's editions (sps/syntheses/demo.py).
    report.forward_summary = demo_syntheses_load(
        editions={e.academy.slug: e for e in Edition.objects.filter(campaign=actions.edition.campaign)},
        pilot=User.objects.get(email=f"pilote.creteil@{DEMO_DOMAIN}"),
        national=national,
    )
    return report
