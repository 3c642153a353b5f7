"""Demo fiches: the idea bank, and actions in every status in Créteil (the Val-de-Marne extract
holds écoles only: the fiches there are écoles' actions) and in Rennes (collèges, lycées and
lycées professionnels of the Ille-et-Vilaine extract), plus last year's fiches to reconduct, so
that each demo account's space shows real work. A fiche's levels are its school's.

`demo_actions_load()` runs after sps.demo.services.demo_load (it needs its accounts, schools and
bassins) and is idempotent: a fiche already made from a model for a school is not made again.
Every fiche goes through the services, so its history and e-mails are the real ones.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from sps.accounts.models import User
from sps.actions import notifications
from sps.actions.enums import ActionStatus, CarrierLevel, FirstModerators, levels_for_school_kinds
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
# Who the contact of a fiche entered by a pilot for a school is, by kind of school (their own role).
CONTACTS = {
    SchoolKind.NURSERY: ("Direction de l'école", "Directrice ou directeur de l'école"),
    SchoolKind.ELEMENTARY: ("Direction de l'école", "Directrice ou directeur de l'école"),
    SchoolKind.PRIMARY: ("Direction de l'école", "Directrice ou directeur de l'école"),
    SchoolKind.COLLEGE: ("Référent décrochage scolaire", "Conseiller principal d'éducation, référent décrochage"),
    SchoolKind.LYCEE_GT: ("Référent décrochage scolaire", "Proviseur adjoint, référent décrochage"),
    SchoolKind.LYCEE_PRO: ("Référent décrochage scolaire", "Directeur délégué aux formations"),
    SchoolKind.LYCEE_POLY: ("Référent décrochage scolaire", "Proviseur adjoint, référent décrochage"),
}
REFUSAL_REASON = (
    "Cette fiche fait doublon avec une action déjà déclarée par l'établissement pour cette édition\u00a0: "
    "complétez plutôt la première fiche."
)


@dataclass
class DemoActionsReport:
    edition: Edition | None = None
    created: int = 0
    by_status: dict = field(default_factory=dict)

    def summary(self) -> str:
        counts = ", ".join(f"{ActionStatus(s).label.lower()} : {n}" for s, n in sorted(self.by_status.items()))
        return f"{self.created} fiche(s) action créée(s) ({counts})."


def _user(name: str) -> User:
    try:
        return User.objects.get(email=f"{name}@{DEMO_DOMAIN}")
    except User.DoesNotExist as exc:
        raise RuntimeError(
            f"Le compte de démonstration {name}@{DEMO_DOMAIN} manque : chargez d'abord la démo (load_demo)."
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


def _levels_for(school, model) -> list:
    """The model's levels that the school teaches, or all the school's levels."""
    taught = levels_for_school_kinds([school.kind])
    return [level for level in model.levels if level in taught] or taught


def _occurrence(edition, day: int, place: str, *, public=True) -> dict:
    date = min(edition.week_start + datetime.timedelta(days=day), edition.week_end)
    return {
        "date": date,
        "start_time": datetime.time(14, 0),
        "end_time": datetime.time(16, 0),
        "place": place,
        "is_public": public,
    }


def _advance(action, status, *, contributor, pilot, relay=None) -> Action:
    """Walk the fiche through the workflow up to `status`, as the real people would."""
    if status == ActionStatus.DRAFT:
        return action
    if status == ActionStatus.WITHDRAWN:
        return workflow.action_withdraw(action=action, by=contributor)
    if not action.edition.is_declaration_open() and not action.declarations_reopened:
        action = workflow.action_reopen(action=action, by=pilot)
    action = workflow.action_submit(action=action, by=contributor)
    if status == ActionStatus.SUBMITTED:
        if relay is not None:
            comments.action_comment_add(
                action=action, by=relay, body="Belle action ! Pensez à inviter les familles du quartier."
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
            reason=REFUSAL_REASON,
        )
    action = workflow.action_validate(action=action, by=pilot)
    if status == ActionStatus.VALIDATED:
        return action
    return workflow.action_publish(action=action, by=pilot)


def _make(
    *, edition, model_slug, by, status, school=None, pilot, relay=None, extra=None, occurrences=True, contributor=None
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
        fields.setdefault("levels", _levels_for(school, model))
        place = f"{school.display_name}, {school.commune}"
    else:
        place = "Salle des fêtes de Fresnes"
    if occurrences:
        fields["occurrences"] = [_occurrence(edition, 1, place), _occurrence(edition, 3, place, public=False)]
    if not edition.is_declaration_open():
        action = workflow.action_reopen(action=action, by=pilot)
    action = drafts.action_update(action=action, by=by, **fields)
    return _advance(action, status, contributor=contributor or by, pilot=pilot, relay=relay)


def demo_actions_load() -> DemoActionsReport:
    """The idea bank and the demo fiches of Créteil and Rennes (idempotent); no e-mail is sent."""
    with notifications.silenced(), transaction.atomic():
        report = _load()
        _load_rennes()
        _load_previous_year()
        return report


def _pick_schools(department_code: str, kinds: list, *, exclude=()) -> list:
    """One open school of each kind (in order), spread over the département's demo bassins."""
    bassins = list(Bassin.objects.filter(department__code=department_code).order_by("name")) or [None]
    picked = []
    for index, kind in enumerate(kinds):
        base = School.objects.filter(department__code=department_code, is_open=True, kind=kind).exclude(uai__in=exclude)
        base = base.exclude(pk__in=[s.pk for s in picked if s])
        in_bassin = base.filter(bassin=bassins[index % len(bassins)])
        picked.append(in_bassin.order_by("uai").first() or base.order_by("uai").first())
    return picked


def _contact(school, fallback_email: str) -> dict:
    name, role = CONTACTS.get(school.kind, ("Référent décrochage scolaire", "Référent décrochage scolaire"))
    return {"contact_name": name, "contact_role": role, "contact_email": school.email or fallback_email}


def _edition_of(academy_slug: str, school_year: str) -> Edition | None:
    return Edition.objects.filter(academy__slug=academy_slug, campaign__school_year=school_year).first()


def _own_school(user):
    role = user.roles.filter(school__isnull=False).select_related("school").first()
    return role.school if role else None


def _load_rennes():
    """Rennes 2026-2027: fiches in a collège, a lycée, a lycée professionnel and a lycée polyvalent."""
    edition = _edition_of("rennes", SCHOOL_YEAR)
    if edition is None:
        return
    pilot = _user("pilote.rennes")
    principal = User.objects.filter(email=f"principal.college@{DEMO_DOMAIN}").first()
    college = _own_school(principal) if principal else None
    if college is not None:
        for slug, status in (
            ("l-erreur-quel-bonheur", ActionStatus.PUBLISHED),
            ("conseil-de-progres", ActionStatus.SUBMITTED),
        ):
            _make(edition=edition, model_slug=slug, by=principal, school=college, status=status, pilot=pilot)
    others = [
        ("philo-pour-tous", ActionStatus.PUBLISHED, SchoolKind.LYCEE_GT),
        ("montre-a-ton-prof", ActionStatus.VALIDATED, SchoolKind.LYCEE_PRO),
        ("concours-photo-appartenance", ActionStatus.SUBMITTED, SchoolKind.LYCEE_POLY),
        ("mots-d-encouragement", ActionStatus.REFUSED, SchoolKind.COLLEGE),
    ]
    schools = _pick_schools("35", [kind for *_, kind in others], exclude=[college.uai] if college else ())
    for (slug, status, _kind), school in zip(others, schools, strict=True):
        if school is not None:
            _make(
                edition=edition,
                model_slug=slug,
                by=pilot,
                school=school,
                status=status,
                pilot=pilot,
                extra=_contact(school, pilot.email),
            )


def _load_previous_year():
    """Last year's published fiches (2025-2026), that their porteurs may reconduct this year."""
    rows = [
        ("creteil", "directrice.ecole", "pilote.creteil", "banque-de-problemes", {"is_year_long": True}),
        ("rennes", "principal.college", "pilote.rennes", "fete-des-reussites", {}),
    ]
    for academy_slug, contributor_name, pilot_name, slug, extra in rows:
        edition = _edition_of(academy_slug, "2025-2026")
        contributor = User.objects.filter(email=f"{contributor_name}@{DEMO_DOMAIN}").first()
        school = _own_school(contributor) if contributor else None
        if edition is None or school is None:
            continue
        pilot = _user(pilot_name)
        # Entered by the pilot (the declarations are closed), submitted by the porteur's school.
        _make(
            edition=edition,
            model_slug=slug,
            by=pilot,
            contributor=contributor,
            school=school,
            status=ActionStatus.PUBLISHED,
            pilot=pilot,
            extra={
                "contact_name": contributor.get_full_name(),
                "contact_email": contributor.email,
                "contact_role": contributor.job_title,
                **extra,
            },
        )


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
    ecole_steering = {"steering": "L'équipe enseignante de l'école, avec la directrice."}
    mine = [
        ("les-parents-dans-la-classe", ActionStatus.PUBLISHED, {}),
        ("arbre-de-la-perseverance", ActionStatus.VALIDATED, ecole_steering),
        ("je-suis-capable", ActionStatus.SUBMITTED, {}),
        ("rentree-des-6e", ActionStatus.CHANGES_REQUESTED, {"is_year_long": True}),
        ("evaluations-positives", ActionStatus.DRAFT, {}),
        ("petit-dejeuner-debat-parents", ActionStatus.WITHDRAWN, {}),
    ]
    for slug, status, texts in mine:
        action = _make(
            edition=edition,
            model_slug=slug,
            by=director,
            school=ecole,
            status=status,
            pilot=pilot,
            relay=relay,
            occurrences=status != ActionStatus.DRAFT,
            extra={
                **themes,
                **texts,
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
        ("imagier-des-familles", ActionStatus.PUBLISHED, {"is_flagship": True}, SchoolKind.NURSERY),
        ("je-suis-capable", ActionStatus.PUBLISHED, {"shown_at_forum": True}, SchoolKind.ELEMENTARY),
        ("evaluations-positives", ActionStatus.SUBMITTED, {}, SchoolKind.PRIMARY),
        ("les-parents-dans-la-classe", ActionStatus.VALIDATED, {}, SchoolKind.NURSERY),
        ("banque-de-problemes", ActionStatus.REFUSED, {}, SchoolKind.ELEMENTARY),
        ("arbre-de-la-perseverance", ActionStatus.SUBMITTED, {}, SchoolKind.PRIMARY),
        ("les-parents-dans-la-classe", ActionStatus.CHANGES_REQUESTED, {}, SchoolKind.ELEMENTARY),
        ("imagier-des-familles", ActionStatus.DRAFT, {}, SchoolKind.PRIMARY),
    ]
    schools = _pick_schools("94", [kind for *_, kind in others], exclude=[DEMO_SCHOOL_UAI])
    for (slug, status, flags, _kind), school in zip(others, schools, strict=True):
        if school is None:
            continue
        action = _make(
            edition=edition,
            model_slug=slug,
            by=pilot,
            school=school,
            status=status,
            pilot=pilot,
            extra={**_contact(school, pilot.email), **(ecole_steering if slug == "arbre-de-la-perseverance" else {})},
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
