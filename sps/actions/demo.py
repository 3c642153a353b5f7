"""Demo fiches for the demo académie (Créteil): the idea bank, and actions in every status on the
Val-de-Marne demo schools, so that each demo account's space shows real work.

`demo_actions_load()` runs after sps.demo.services.demo_load (it needs its accounts, schools and
bassins) and is idempotent: a fiche already made from a model for a school is not made again.
Every fiche goes through the services, so its history and e-mails are the real ones.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from sps.accounts.models import User
from sps.actions import notifications
from sps.actions.enums import ActionStatus, CarrierLevel, FirstModerators, Level
from sps.actions.idea_bank import idea_bank_load
from sps.actions.models import Action, IdeaModel, ModerationSettings
from sps.actions.services import bilans, comments, drafts, ideas, workflow
from sps.editions import services as edition_services
from sps.editions.enums import MilestoneKind
from sps.editions.models import Campaign, Edition
from sps.schools.enums import SchoolKind
from sps.schools.models import School
from sps.territories.models import Academy, Bassin, Department

DEMO_DOMAIN = "demo.sps.test"
DEMO_SCHOOL_UAI = "0940176F"  # École élémentaire Robert Doisneau, Fresnes: the demo contributor's
SCHOOL_YEAR = "2026-2027"


@dataclass
class DemoActionsReport:
    edition: Edition | None = None
    created: int = 0
    by_status: dict = field(default_factory=dict)

    def summary(self) -> str:
        counts = ", ".join(f"{ActionStatus(s).label.lower()} : {n}" for s, n in sorted(self.by_status.items()))
        return f"{self.created} fiche(s) action créée(s) ({counts})."


def _user(name: str) -> User:
    try:
        return User.objects.get(email=f"{name}@{DEMO_DOMAIN}")
    except User.DoesNotExist as exc:
        raise RuntimeError(
            f"Le compte de démonstration {name}@{DEMO_DOMAIN} manque : chargez d'abord la démo (load_demo)."
        ) from exc


def _demo_edition(*, academy, national, pilot) -> Edition:
    """The current Créteil edition, or a new 2026-2027 one with its calendar; published."""
    edition = Edition.objects.current().filter(academy=academy).first()
    if edition is None:
        campaign = Campaign.objects.filter(school_year=SCHOOL_YEAR).first() or edition_services.campaign_open(
            school_year=SCHOOL_YEAR, theme="Tous mobilisés pour vaincre le décrochage scolaire", by=national
        )
        d = datetime.date
        edition = edition_services.edition_create(
            campaign=campaign,
            academy=academy,
            by=pilot,
            title="Semaine de la persévérance scolaire",
            week_start=d(2027, 3, 15),
            week_end=d(2027, 3, 19),
            themes=[
                {"title": "Climat scolaire et sentiment d'appartenance", "text": "Bien vivre ensemble à l'école."},
                {"title": "Alliances éducatives", "text": "Parents et partenaires aux côtés des élèves."},
            ],
            milestones=[
                {"kind": MilestoneKind.LAUNCH, "date": d(2027, 1, 11), "text": "Lancement de la communication"},
                {
                    "kind": MilestoneKind.DECLARATION_DEADLINE,
                    "date": d(2027, 1, 11),
                    "end_date": d(2027, 2, 26),
                    "text": "Remontée des actions",
                },
                {"kind": MilestoneKind.PROGRAMME_FINALISATION, "date": d(2027, 3, 1), "end_date": d(2027, 3, 10)},
                {"kind": MilestoneKind.CAPITALISATION, "date": d(2027, 3, 22), "end_date": d(2027, 5, 28)},
                {"kind": MilestoneKind.BILAN_DEADLINE, "date": d(2027, 4, 30)},
                {"kind": MilestoneKind.CLOSING_SEMINAR, "date": d(2027, 6, 3)},
            ],
        )
    if not edition.is_published:
        edition_services.edition_publish(edition=edition, by=pilot)
        edition.refresh_from_db()
    return edition


def _levels_for(school) -> list:
    return [Level.NURSERY] if school.kind == SchoolKind.NURSERY else [Level.ELEMENTARY]


def _session(edition, day: int, place: str, *, public=True) -> dict:
    date = min(edition.week_start + datetime.timedelta(days=day), edition.week_end)
    return {
        "date": date,
        "start_time": datetime.time(14, 0),
        "end_time": datetime.time(16, 0),
        "place": place,
        "is_public": public,
    }


def _advance(action, status, *, porteur, pilot, relay=None) -> Action:
    """Walk the fiche through the workflow up to `status`, as the real people would."""
    if status == ActionStatus.DRAFT:
        return action
    if status == ActionStatus.WITHDRAWN:
        return workflow.action_withdraw(action=action, by=porteur)
    if not action.edition.is_declaration_open() and not action.declarations_reopened:
        action = workflow.action_reopen(action=action, by=pilot)
    action = workflow.action_submit(action=action, by=porteur)
    if status == ActionStatus.SUBMITTED:
        if relay is not None:
            comments.action_comment_add(
                action=action, by=relay, body="Belle action ! Pensez à inviter les familles du quartier."
            )
        return action
    if status == ActionStatus.CHANGES_REQUESTED:
        return workflow.action_request_changes(
            action=action,
            by=pilot,
            comment="Merci de préciser l'horaire du temps fort et le rôle de chaque partenaire.",
        )
    if status == ActionStatus.REFUSED:
        return workflow.action_refuse(
            action=action,
            by=pilot,
            reason="L'action se déroule en juin, en dehors de la semaine : déclarez-la l'an prochain.",
        )
    action = workflow.action_validate(action=action, by=pilot)
    if status == ActionStatus.VALIDATED:
        return action
    return workflow.action_publish(action=action, by=pilot)


def _make(
    *, edition, model_slug, by, status, school=None, pilot, relay=None, extra=None, sessions=True, porteur=None
) -> Action | None:
    model = IdeaModel.objects.get(slug=model_slug)
    existing = Action.objects.filter(edition=edition, from_model=model)
    existing = existing.filter(schools=school) if school else existing.filter(schools__isnull=True)
    if existing.exists():
        return None
    action = ideas.action_from_model(model=model, edition=edition, by=by, school=school)
    fields = {
        "contact_name": f"{by.get_full_name()}",
        "contact_email": by.email,
        "contact_role": by.job_title,
        **(extra or {}),
    }
    if school is not None:
        fields.setdefault("levels", _levels_for(school))
        place = f"{school.name}, {school.commune}"
    else:
        place = "Salle des fêtes de Fresnes"
    if sessions:
        fields["sessions"] = [_session(edition, 1, place), _session(edition, 3, place, public=False)]
    if not edition.is_declaration_open():
        action = workflow.action_reopen(action=action, by=pilot)
    action = drafts.action_update(action=action, by=by, **fields)
    return _advance(action, status, porteur=porteur or by, pilot=pilot, relay=relay)


def demo_actions_load() -> DemoActionsReport:
    """The idea bank and the demo fiches of Val-de-Marne (idempotent); no e-mail is sent."""
    with notifications.silenced(), transaction.atomic():
        return _load()


def _load() -> DemoActionsReport:
    idea_bank_load()
    report = DemoActionsReport()
    academy = Academy.objects.get(slug="creteil")
    national, pilot = _user("pilote.national"), _user("pilote.creteil")
    department_pilot, relay, director = _user("pilote.94"), _user("relais.bassin"), _user("directrice.ecole")
    edition = _demo_edition(academy=academy, national=national, pilot=pilot)
    report.edition = edition
    ModerationSettings.objects.get_or_create(
        edition=edition,
        defaults={"first_moderators": FirstModerators.BASSIN, "department_pilots_may_validate": True},
    )
    before = Action.objects.filter(edition=edition).count()
    ecole = School.objects.get(uai=DEMO_SCHOOL_UAI)
    theme = edition.themes.first()
    themes = {"themes": [theme]} if theme else {}

    # The demo contributor's school: one fiche in every status.
    mine = [
        ("les-parents-dans-la-classe", ActionStatus.PUBLISHED),
        ("arbre-de-la-perseverance", ActionStatus.VALIDATED),
        ("mots-d-encouragement", ActionStatus.SUBMITTED),
        ("petit-dejeuner-debat-parents", ActionStatus.CHANGES_REQUESTED),
        ("soiree-des-talents", ActionStatus.DRAFT),
        ("fete-des-reussites", ActionStatus.WITHDRAWN),
    ]
    for slug, status in mine:
        action = _make(
            edition=edition,
            model_slug=slug,
            by=director,
            school=ecole,
            status=status,
            pilot=pilot,
            relay=relay,
            sessions=status != ActionStatus.DRAFT,
            extra={
                **themes,
                "partners": [{"name": "Ville de Fresnes", "kind": "collectivite", "contributions": ["locaux"]}],
            },
        )
        if action is not None and status == ActionStatus.PUBLISHED:
            bilans.bilan_save(
                action=action,
                by=pilot,  # pilots are not held by the bilan deadline
                participants_pupils=52,
                participants_parents=31,
                participants_staff=6,
                participants_partners=None,  # not reported: « N.C. »
                what_worked="Les parents sont venus nombreux, les élèves étaient fiers de faire la classe.",
                what_to_change="Prévoir deux créneaux dont un en fin de journée.",
            )

    # Other schools of the three demo bassins, entered by the académie's pilot (as the questionnaire
    # answers used to be): flagship and forum actions, a refusal, fiches waiting in each queue.
    others = [
        ("philo-pour-tous", ActionStatus.PUBLISHED, {"is_flagship": True}),
        ("l-erreur-quel-bonheur", ActionStatus.PUBLISHED, {"shown_at_forum": True}),
        ("mots-d-encouragement", ActionStatus.SUBMITTED, {}),
        ("les-parents-dans-la-classe", ActionStatus.VALIDATED, {}),
        ("conseil-de-progres", ActionStatus.REFUSED, {}),
        ("arbre-de-la-perseverance", ActionStatus.SUBMITTED, {}),
        ("soiree-des-talents", ActionStatus.CHANGES_REQUESTED, {}),
        ("petit-dejeuner-debat-parents", ActionStatus.DRAFT, {}),
    ]
    bassins = list(Bassin.objects.filter(department__code="94").order_by("name"))
    schools = []
    for index in range(len(others)):
        bassin = bassins[index % len(bassins)] if bassins else None
        candidates = School.objects.filter(department__code="94", is_open=True, bassin=bassin).exclude(
            uai=DEMO_SCHOOL_UAI
        )
        school = candidates.exclude(pk__in=[s.pk for s in schools]).order_by("uai").first()
        if school is not None:
            schools.append(school)
    for (slug, status, flags), school in zip(others, schools, strict=False):
        action = _make(
            edition=edition,
            model_slug=slug,
            by=pilot,
            school=school,
            status=status,
            pilot=pilot,
            extra={"contact_name": "Référent décrochage", "contact_email": school.email or pilot.email},
        )
        if action is not None and flags:
            workflow.action_set_flags(action=action, by=pilot, **flags)

    # District events: the relay's forum (waiting in the relay's queue) and the département's speed-meeting.
    relay_bassin = relay.roles.filter(bassin__isnull=False).values_list("bassin", flat=True).first()
    if relay_bassin:
        _make(
            edition=edition,
            model_slug="forum-de-la-perseverance",
            by=relay,
            status=ActionStatus.SUBMITTED,
            pilot=pilot,
            extra={"carrier_level": CarrierLevel.BASSIN, "bassin": Bassin.objects.get(pk=relay_bassin)},
        )
    _make(
        edition=edition,
        model_slug="speed-meeting-des-metiers",
        by=department_pilot,
        status=ActionStatus.PUBLISHED,
        pilot=pilot,
        extra={"carrier_level": CarrierLevel.DEPARTMENT, "department": Department.objects.get(code="94")},
    )
    report.created = Action.objects.filter(edition=edition).count() - before
    for status in Action.objects.filter(edition=edition).values_list("status", flat=True):
        report.by_status[status] = report.by_status.get(status, 0) + 1
    return report
