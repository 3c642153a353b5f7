"""The demo académie's events (make demo): a seminar shared by the académies of the région
académique with sessions and speakers (after seed 004), a forum and a rector's visit, with some
registrations. Idempotent: an event already there (by title) is left as it is."""

import datetime

from django.utils import timezone

from sps.events import notifications, services
from sps.events.enums import Audience, EventKind, ParticipantRole
from sps.events.models import Event
from sps.schools.models import School
from sps.territories.models import Academy
from sps.territories.text import of_academy

SEMINAR = "Persévérance scolaire : agir pour la réussite de tous"
FORUM = "Forum de la persévérance scolaire du Val-de-Marne"
VISIT = "Visite du recteur au collège : la 6e Bien-être"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def demo_events_load(*, academy: Academy, week_start: datetime.date, by) -> str:
    """The three events of `academy` during the week starting `week_start`; a summary line."""
    region = list(Academy.objects.current().filter(region=academy.region))
    wednesday, thursday, friday = (week_start + datetime.timedelta(days=n) for n in (2, 3, 4))
    schools = list(School.objects.filter(department__academy=academy, is_open=True).order_by("uai")[:6])
    specs = [
        {
            "fields": {
                "kind": EventKind.SEMINAR,
                "title": SEMINAR,
                "description": (
                    "Regards croisés et retours sur les recherches actuelles autour de la persévérance scolaire : "
                    "un séminaire en ligne pour les équipes éducatives des académies de la région académique, "
                    "une conférence, une table ronde et des ateliers d'expériences de terrain."
                ),
                "place": "",
                "online_url": "https://webinaire.example.fr/seminaire-perseverance",
                "audience": Audience.STAFF,
                "capacity": 700,
                "registrations_open": True,
            },
            "academies": region,
            "sessions": [
                {"title": "Conférence", "starts_at": _at(wednesday, 9), "ends_at": _at(wednesday, 10, 30), "place": ""},
                {
                    "title": "Table ronde : pédagogie et outils",
                    "starts_at": _at(wednesday, 10, 45),
                    "ends_at": _at(wednesday, 12, 30),
                    "place": "",
                },
                {
                    "title": "Ateliers d'expériences de terrain",
                    "starts_at": _at(wednesday, 14),
                    "ends_at": _at(wednesday, 16, 30),
                    "place": "",
                },
            ],
            "speakers": [
                {
                    "name": "Pierre-Yves Bernard",
                    "title": "Chercheur, Centre de recherche en éducation de Nantes",
                    "topic": "Les motifs de la rupture avec l'École et les leviers de la persévérance",
                    "session_index": 0,
                },
                {
                    "name": "Christine Alt",
                    "title": "IA-IPR Établissements et vie scolaire",
                    "topic": "Climat scolaire et accrochage",
                    "session_index": 1,
                },
                {
                    "name": "Damien Tessier",
                    "title": "Enseignant-chercheur, laboratoire SENS",
                    "topic": "Compétences psychosociales et motivation",
                    "session_index": 1,
                },
            ],
            "questions": [
                {
                    "label": "Atelier choisi l'après-midi",
                    "choices": "Mini-entreprise\nParrainage et marrainage\nMicro-lycée",
                    "required": True,
                }
            ],
            "people": [
                ("Anne Durand", ParticipantRole.STAFF),
                ("Karim Benali", ParticipantRole.STAFF),
                ("Sophie Marchand", ParticipantRole.STAFF),
            ],
        },
        {
            "fields": {
                "kind": EventKind.FORUM,
                "title": FORUM,
                "description": (
                    "Les établissements présentent leurs actions, des speed-meetings avec des professionnels "
                    "aident les élèves à se projeter ; parents et partenaires bienvenus."
                ),
                "place": "Maison des examens, Arcueil",
                "online_url": "",
                "audience": Audience.PUBLIC,
                "capacity": 5,
                "registrations_open": True,
            },
            "academies": [academy],
            "sessions": [
                {
                    "title": "Forum et speed-meetings",
                    "starts_at": _at(thursday, 13, 30),
                    "ends_at": _at(thursday, 17),
                    "place": "",
                }
            ],
            "speakers": [],
            "questions": [],
            "people": [
                ("Lucie Moreau", ParticipantRole.PARENT),
                ("Association Jeunesse Entreprises", ParticipantRole.PARTNER),
                ("Marc Petit", ParticipantRole.STAFF),
                ("Inès Haddad", ParticipantRole.PARENT),
                ("Julien Roux", ParticipantRole.OTHER),
                ("Nora Lefèvre", ParticipantRole.PARENT),  # the sixth: on the waiting list
            ],
        },
        {
            "fields": {
                "kind": EventKind.OFFICIAL_VISIT,
                "title": VISIT,
                "description": (
                    "Le recteur va à la rencontre de l'équipe enseignante engagée dans la 6e Bien-être et des élèves "
                    "qui vivent cette nouvelle organisation de leur temps scolaire."
                ),
                "place": schools[0].display_name
                if schools
                else "Collège",  # « École… », not the directory's « Ecole… »
                "online_url": "",
                "audience": Audience.STAFF,
                "capacity": 15,
                "registrations_open": False,
            },
            "academies": [academy],
            "sessions": [
                {
                    "title": "Visite et échanges avec l'équipe",
                    "starts_at": _at(friday, 10),
                    "ends_at": _at(friday, 12),
                    "place": "",
                }
            ],
            "speakers": [{"name": "Le recteur de l'académie", "title": "Recteur", "topic": "", "session_index": None}],
            "questions": [],
            "people": [],
        },
    ]
    created = 0
    with notifications.silenced():
        for spec in specs:
            if Event.objects.filter(title=spec["fields"]["title"]).exists():
                continue
            fields = dict(spec["fields"])
            registrations_open = fields["registrations_open"]
            fields["registrations_open"] = True
            event = services.event_save(
                by=by,
                fields=fields,
                academies=spec["academies"],
                sessions=spec["sessions"],
                speakers=spec["speakers"],
                questions=spec["questions"],
            )
            event = services.event_set_published(event=event, by=by, published=True)
            questions = list(event.questions.all())
            for n, (name, role) in enumerate(spec["people"]):
                answers = {q.key: q.choice_list[n % len(q.choice_list)] for q in questions}
                services.registration_create(
                    event=event,
                    name=name,
                    email=f"inscrit.{event.pk}.{n}@demo.sps.test",
                    role=role,
                    school=schools[n % len(schools)] if role == ParticipantRole.STAFF and schools else None,
                    answers=answers,
                )
            if not registrations_open:
                services.event_set_registrations_open(event=event, by=by, is_open=False)
            created += 1
    total = Event.objects.filter(academies=academy).count()
    return f"{total} événements de l'académie {of_academy(academy.name)} ({created} créés)"
