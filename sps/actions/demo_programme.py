"""Demo fiches for the public programme: published actions of Créteil's and Rennes' current
editions, spread over the demo bassins, every level, every day of the week and several hours, with
partners, themes, a few actions phares and bilan photos whose image rights were confirmed, so that
the catalogue, the map, the calendar, the widget and the printable programme show real content.

`demo_programme_load()` runs after sps.actions.demo.demo_actions_load (it uses its helpers and
accounts) and is idempotent like it: a fiche already made from a model for a school is not made
again. Everything goes through the services (workflow, bilans).
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from sps.actions import notifications
from sps.actions.demo import SCHOOL_YEAR, _contact, _edition_of, _make, _pick_schools, _user
from sps.actions.enums import ActionStatus
from sps.actions.models import Action
from sps.actions.services import bilans, workflow
from sps.schools.enums import SchoolKind

CRETEIL_EXCLUDE = ("0940176F",)  # the demo contributor's école keeps its own fiches
PARTNERS = {
    "collectivite": ("Mairie", ["locaux"]),
    "association": ("Association des parents d'élèves", ["animation"]),
    "entreprise": ("Club des entreprises du bassin", ["animation", "communication"]),
    "operateur": ("Onisep", ["animation"]),
}

# (idea model, kind of school, weekday 0-4, start hour, end hour or None, partner kind, flagship, photo)
CRETEIL = [
    ("imagier-des-familles", SchoolKind.NURSERY, 0, 9, 11, "association", False, True),
    ("evaluations-positives", SchoolKind.ELEMENTARY, 0, 14, 16, "collectivite", False, False),
    ("je-suis-capable", SchoolKind.PRIMARY, 1, 10, 12, "association", True, True),
    ("banque-de-problemes", SchoolKind.ELEMENTARY, 1, 14, None, "collectivite", False, False),
    ("les-parents-dans-la-classe", SchoolKind.PRIMARY, 2, 9, 11, "association", False, False),
    ("evaluations-positives", SchoolKind.NURSERY, 2, 14, 15, "collectivite", False, False),
    ("je-suis-capable", SchoolKind.ELEMENTARY, 3, 8, 10, "association", False, True),
    ("imagier-des-familles", SchoolKind.PRIMARY, 3, 16, 18, "collectivite", True, False),
    ("banque-de-problemes", SchoolKind.PRIMARY, 4, 9, 12, "association", False, False),
    ("les-parents-dans-la-classe", SchoolKind.ELEMENTARY, 4, 17, 19, "collectivite", False, True),
    ("evaluations-positives", SchoolKind.PRIMARY, None, None, None, "association", False, False),
]
RENNES = [
    ("atelier-theatre-decrochage", SchoolKind.COLLEGE, 0, 14, 17, "association", True, True),
    ("breves-de-metiers", SchoolKind.LYCEE_PRO, 0, 10, 12, "entreprise", False, False),
    ("debat-heure-de-vie-de-classe", SchoolKind.LYCEE_GT, 1, 9, 10, "operateur", False, False),
    ("soiree-des-talents", SchoolKind.COLLEGE, 1, 18, 21, "collectivite", False, True),
    ("fiers-de-notre-tenue-pro", SchoolKind.LYCEE_PRO, 2, 13, 16, "entreprise", True, True),
    ("parcours-decouverte-des-metiers", SchoolKind.COLLEGE, 2, 9, 12, "entreprise", False, False),
    ("ambassadeurs-de-lycee", SchoolKind.LYCEE_POLY, 3, 14, 16, "operateur", False, False),
    ("atelier-debat-parents-demotivation", SchoolKind.COLLEGE, 3, 18, 20, "association", False, False),
    ("exposition-restitution", SchoolKind.COLLEGE, 4, 10, 17, "collectivite", False, True),
    ("fete-des-reussites", SchoolKind.LYCEE_GT, 4, 17, 19, "collectivite", False, False),
    ("strategie-du-gpds", SchoolKind.LYCEE_PRO, None, None, None, "operateur", False, False),
]
# Titles of their own for fiches whose idea model is already an action phare of the same edition
# (two actions phares of one programme must not look alike): (idea model, kind of school) → title.
TITLES = {
    ("imagier-des-familles", SchoolKind.PRIMARY): "L'imagier des langues de nos familles",
}
PHOTO_COLOURS = [(0, 0, 145), (225, 0, 15), (24, 117, 60), (184, 110, 0), (106, 106, 244)]


def demo_photo(index: int) -> SimpleUploadedFile:
    """A small JPEG drawn with Pillow (coloured shapes, no person): enough to see a photo."""
    image = Image.new("RGB", (640, 426), (245, 245, 254))
    draw = ImageDraw.Draw(image)
    colour = PHOTO_COLOURS[index % len(PHOTO_COLOURS)]
    draw.rectangle((0, 300, 640, 426), fill=colour)
    draw.ellipse((220 + 20 * index % 120, 60, 420 + 20 * index % 120, 260), fill=colour)
    draw.text((24, 330), "Semaine de la persévérance scolaire", fill="white")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile(f"photo-{index}.jpg", out.getvalue(), content_type="image/jpeg")


def _occurrences(edition, school, weekday, start, end) -> list:
    """One public temps fort on that weekday; without a weekday, one closed to the public (the
    action runs in class all week: the programme lists it in its final section)."""
    day = min(edition.week_start + datetime.timedelta(days=weekday or 0), edition.week_end)
    return [
        {
            "date": day,
            "start_time": datetime.time(start) if start else None,
            "end_time": datetime.time(end) if end else None,
            "place": f"{school.display_name}, {school.commune}",
            "is_public": weekday is not None,
        }
    ]


def _load(academy_slug: str, department_code: str, pilot_name: str, rows, exclude=()) -> int:
    edition = _edition_of(academy_slug, SCHOOL_YEAR)
    if edition is None:
        return 0
    pilot = _user(pilot_name)
    themes = list(edition.themes.all())
    schools = _pick_schools(department_code, [row[1] for row in rows], exclude=exclude)
    created = 0
    for index, (row, school) in enumerate(zip(rows, schools, strict=True)):
        slug, kind, weekday, start, end, partner_kind, flagship, photo = row
        if school is None:
            continue
        partner_name, contributions = PARTNERS[partner_kind]
        if partner_kind == "collectivite":
            partner_name = f"Ville de {school.commune}" if school.commune else partner_name
        action = _make(
            edition=edition,
            model_slug=slug,
            by=pilot,
            school=school,
            status=ActionStatus.PUBLISHED,
            pilot=pilot,
            occurrences=False,
            extra={
                **_contact(school, pilot.email),
                **({"title": TITLES[(slug, kind)]} if (slug, kind) in TITLES else {}),
                "themes": [themes[index % len(themes)]] if themes else [],
                "partners": [{"name": partner_name, "kind": partner_kind, "contributions": contributions}],
                "occurrences": _occurrences(edition, school, weekday, start, end),
                "is_year_long": weekday is None,
            },
        )
        if action is None:
            continue
        created += 1
        if flagship:
            action = workflow.action_set_flags(action=action, by=pilot, is_flagship=True)
        if photo:
            bilan = bilans.bilan_save(action=action, by=pilot, participants_pupils=20 + 3 * index)
            bilans.bilan_photo_add(
                bilan=bilan,
                by=pilot,
                file=demo_photo(index),
                consent_confirmed=True,
                caption="Les élèves pendant l'action (autorisations de droit à l'image recueillies).",
            )
    return created


def demo_programme_load() -> int:
    """The programme's published demo fiches in Créteil (écoles) and Rennes (collèges, lycées);
    returns how many were created (0 the second time). No e-mail is sent."""
    with notifications.silenced():
        created = _load("creteil", "94", "pilote.creteil", CRETEIL, exclude=CRETEIL_EXCLUDE)
        created += _load("rennes", "35", "pilote.rennes", RENNES)
    return created


def published_count(academy_slug: str) -> int:
    return Action.objects.filter(
        edition__academy__slug=academy_slug, edition__campaign__school_year=SCHOOL_YEAR, status=ActionStatus.PUBLISHED
    ).count()
