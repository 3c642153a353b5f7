"""The state rules of a fiche action, as plain functions: who someone is for a fiche (actor_kinds),
which transitions they may take (TRANSITIONS in enums.py), deadlines, completeness and dates.

Functions return French messages (or None) and never raise: the services raise ActionError with
them, and the web layer calls the same `can_*` functions to show or hide its buttons.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils import timezone

from sps.accounts import perms
from sps.accounts.enums import Role
from sps.accounts.scope import holders_q
from sps.actions.enums import (
    CONTRIBUTOR_EDITABLE,
    DELEGABLE,
    PILOTS,
    TRANSITIONS,
    ActionStatus,
    Actor,
    CarrierLevel,
    FirstModerators,
)
from sps.actions.fields import FIELDS, REQUIRED_TEXTS
from sps.actions.models import SHORT_MAX
from sps.common.dates import format_date, format_period
from sps.common.text import normalize_search
from sps.editions import rules as edition_rules

# --- Who someone is for a fiche -------------------------------------------------------------


def moderation_settings_for(edition):
    """The edition's ModerationSettings, or the unsaved defaults."""
    from sps.actions.models import ModerationSettings

    try:
        return edition.moderation_settings
    except ModerationSettings.DoesNotExist:
        return ModerationSettings(edition=edition)


def action_territory(action) -> tuple[set, set]:
    """(bassin ids, département ids) an action belongs to: its schools', or its own level's."""
    bassin_ids, department_ids = set(), set()
    for school in action.schools.all():
        department_ids.add(school.department_id)
        if school.bassin_id:
            bassin_ids.add(school.bassin_id)
    if action.bassin_id:
        bassin_ids.add(action.bassin_id)
        department_ids.add(action.bassin.department_id)
    if action.department_id:
        department_ids.add(action.department_id)
    return bassin_ids, department_ids


def actor_kinds(user, action) -> set:
    """Every Actor `user` is for `action` (empty: a stranger to it). Inactive users are nobody."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    scope = perms.scope_of(user)
    kinds = set()
    if action.created_by_id == user.pk or not scope.school_ids.isdisjoint(s.pk for s in action.schools.all()):
        kinds.add(Actor.CONTRIBUTOR)
    if not scope.is_pilot:
        return kinds
    bassin_ids, department_ids = action_territory(action)
    if not scope.bassin_ids.isdisjoint(bassin_ids):
        kinds.add(Actor.BASSIN_RELAY)
    if not scope.department_ids.isdisjoint(department_ids):
        kinds.add(Actor.DEPARTMENT_PILOT)
    if scope.academy_ids and scope.pilots_academy(action.edition.academy):
        kinds.add(Actor.ACADEMY_PILOT)
    if scope.national:
        kinds.add(Actor.NATIONAL_PILOT)
    return kinds


def granted_delegations(settings) -> set:
    """The delegable actors the académie gave validation rights to."""
    granted = set()
    if settings.relays_may_validate:
        granted.add(Actor.BASSIN_RELAY)
    if settings.department_pilots_may_validate:
        granted.add(Actor.DEPARTMENT_PILOT)
    return granted


def allowed_actors(from_status, to_status, settings) -> frozenset:
    """Who may take (from_status → to_status) in an edition with these moderation settings."""
    actors = TRANSITIONS.get((from_status, to_status), frozenset())
    return frozenset(a for a in actors if a not in DELEGABLE or a in granted_delegations(settings))


def can_transition(user, action, to_status, *, kinds=None) -> bool:
    kinds = actor_kinds(user, action) if kinds is None else kinds
    settings = moderation_settings_for(action.edition)
    return bool(kinds & allowed_actors(action.status, to_status, settings))


def check_transition(user, action, to_status) -> str | None:
    """None when allowed, else why not (in French)."""
    if action.status == to_status:
        return f"Cette fiche est déjà «\u00a0{ActionStatus(to_status).label}\u00a0»."
    if (action.status, to_status) not in TRANSITIONS:
        return (
            f"Une fiche « {ActionStatus(action.status).label} » ne peut pas passer "
            f"à « {ActionStatus(to_status).label} »."
        )
    if not can_transition(user, action, to_status):
        return "Vous n'avez pas les droits pour faire cela sur cette fiche."
    return None


def allowed_transitions(user, action) -> list:
    """The statuses `user` may move `action` to now (what buttons to show)."""
    kinds = actor_kinds(user, action)
    return [to for (frm, to) in TRANSITIONS if frm == action.status and can_transition(user, action, to, kinds=kinds)]


def is_pilot_of(kinds) -> bool:
    return bool(kinds & PILOTS)


def is_moderator_of(user, action, *, kinds=None) -> bool:
    """Who may validate submitted fiches of this action's edition (académie, national, delegated)."""
    kinds = actor_kinds(user, action) if kinds is None else kinds
    settings = moderation_settings_for(action.edition)
    return bool(kinds & allowed_actors(ActionStatus.SUBMITTED, ActionStatus.VALIDATED, settings))


def is_staff_of(kinds) -> bool:
    """Pilots and relays of the fiche's territory: they read notes, contact details and history."""
    return bool(kinds - {Actor.CONTRIBUTOR})


def can_view_notes(user, action) -> bool:
    return is_staff_of(actor_kinds(user, action))


def can_comment(user, action) -> bool:
    return bool(actor_kinds(user, action))


def can_view_contact(user, action) -> bool:
    """The contact (name, e-mail, role) is shown to the porteurs and the fiche's staff, never to the public."""
    return bool(actor_kinds(user, action))


def can_view_history(user, action) -> bool:
    """The history names the moderators: staff only."""
    return is_staff_of(actor_kinds(user, action))


def can_set_flags(user, action) -> bool:
    """« Action phare », « présentée au forum »: académie and national pilots, not on a refused or
    withdrawn fiche."""
    return check_set_flags(user, action) is None


def check_set_flags(user, action) -> str | None:
    if not is_pilot_of(actor_kinds(user, action)):
        return "Seuls les pilotes académiques désignent les actions phares."
    if action.status in (ActionStatus.REFUSED, ActionStatus.WITHDRAWN):
        return "Une fiche refusée ou retirée ne peut pas être mise en avant."
    return None


def check_reopen(user, action, today=None) -> str | None:
    """« Rouvrir la fiche au porteur »: académie and national pilots, once the declaration deadline has
    passed and the fiche is not already reopened. A refused or withdrawn fiche is not reopened but
    given back as a draft (the REFUSED/WITHDRAWN → DRAFT transition)."""
    if not is_pilot_of(actor_kinds(user, action)):
        return "Seuls les pilotes académiques peuvent rouvrir une fiche."
    if action.status in (ActionStatus.REFUSED, ActionStatus.WITHDRAWN):
        return "Une fiche refusée ou retirée se rend au porteur comme brouillon, elle ne se rouvre pas."
    if declaration_open(action, today):
        return "Le porteur peut encore modifier cette fiche : il n'y a rien à rouvrir."
    return None


def can_reopen(user, action, today=None) -> bool:
    return check_reopen(user, action, today) is None


def check_reopen_bilan(user, action, today=None) -> str | None:
    """« Rouvrir le bilan au porteur »: académie and national pilots, for a published fiche whose
    bilan deadline has passed (a draft has no bilan to reopen)."""
    if not is_pilot_of(actor_kinds(user, action)):
        return "Seuls les pilotes académiques peuvent rouvrir un bilan."
    if action.status != ActionStatus.PUBLISHED:
        return "Le bilan se remplit pour une action publiée : il n'y a pas de bilan à rouvrir."
    if bilan_open(action, today):
        return "Le porteur peut encore remplir ce bilan : il n'y a rien à rouvrir."
    return None


def can_reopen_bilan(user, action, today=None) -> bool:
    return check_reopen_bilan(user, action, today) is None


def can_view_bilan(user, action) -> bool:
    """The bilan of a published action is read by its porteurs and the fiche's staff."""
    return action.status == ActionStatus.PUBLISHED and bool(actor_kinds(user, action))


def check_fill_bilan(user, action, today=None) -> str | None:
    """The porteur (or an académie or national pilot) of a published action, before the bilan
    deadline unless reopened (pilots are not held by it)."""
    kinds = actor_kinds(user, action)
    if Actor.CONTRIBUTOR not in kinds and not is_pilot_of(kinds):
        return "Seul le porteur de l'action remplit son bilan."
    if action.status != ActionStatus.PUBLISHED:
        return "Le bilan se remplit pour une action publiée."
    if not is_pilot_of(kinds) and not bilan_open(action, today):
        return bilan_deadline_message(action.edition)
    return None


def can_fill_bilan(user, action, today=None) -> bool:
    return check_fill_bilan(user, action, today) is None


def can_make_model(user, action) -> bool:
    """A published action becomes an idea bank model, by an académie or national pilot of it."""
    return (
        perms.can_manage_idea_bank(user)
        and action.status == ActionStatus.PUBLISHED
        and is_pilot_of(actor_kinds(user, action))
    )


# --- Deadlines --------------------------------------------------------------------------------


def declaration_open(action, today=None) -> bool:
    return action.declarations_reopened or action.edition.is_declaration_open(today)


def deadline_message(edition) -> str:
    deadline = edition.declaration_deadline
    return (
        f"La date limite de déclaration des actions ({format_date(deadline)}) est passée : "
        "la fiche ne peut plus être modifiée ni soumise. Demandez à votre pilote académique de la rouvrir."
    )


def bilan_open(action, today=None) -> bool:
    deadline = action.edition.bilan_deadline
    if action.bilan_reopened or deadline is None:
        return True
    return (today or timezone.localdate()) <= deadline


def bilan_deadline_message(edition) -> str:
    return (
        f"La date limite des bilans ({format_date(edition.bilan_deadline)}) est passée. "
        "Demandez à votre pilote académique de rouvrir le bilan de cette action."
    )


def check_edit(user, action, today=None) -> str | None:
    """May `user` change the fiche's content now? Porteurs while draft or « à modifier » and before the
    deadline (or once reopened); moderators at any stage but withdrawn."""
    kinds = actor_kinds(user, action)
    if is_moderator_of(user, action, kinds=kinds) or is_pilot_of(kinds):
        if action.status == ActionStatus.WITHDRAWN:
            return "Cette fiche a été retirée : elle ne peut plus être modifiée."
        return None
    if Actor.CONTRIBUTOR not in kinds:
        return "Vous n'avez pas les droits pour modifier cette fiche."
    if action.status not in CONTRIBUTOR_EDITABLE:
        return (
            f"Une fiche « {ActionStatus(action.status).label} » ne peut plus être modifiée par son porteur. "
            "Écrivez un commentaire aux modérateurs si un changement est nécessaire."
        )
    if not declaration_open(action, today):
        return deadline_message(action.edition)
    return None


def can_edit(user, action) -> bool:
    return check_edit(user, action) is None


# pragma: no mutate start  (mutation testing covers the rights only: docs/mutation-testing.md)
# --- Text ---------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value) -> str:
    """Plain text as typed: line breaks kept, trailing spaces and control characters removed;
    a value of spaces only is empty. HTML is kept as typed and escaped on display (plain_text)."""
    text = _CONTROL.sub("", str(value or "").replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


# --- Completeness -------------------------------------------------------------------------------


def action_missing_fields(action) -> list[str]:
    """The French labels of what a fiche lacks to be submitted (« il est indispensable de compléter
    tous les champs »), in the order of the form. Empty: complete."""
    level = action.carrier_level
    lacking = {
        "title": not action.title.strip(),
        "description": not action.description.strip(),
        "schools": level == CarrierLevel.SCHOOL and not action.schools.exists(),
        "bassin": level == CarrierLevel.BASSIN and not action.bassin_id,
        "department": level == CarrierLevel.DEPARTMENT and not action.department_id,
        "publics": not action.publics,
        "levels": not action.levels,
        **{name: not getattr(action, name).strip() for name in REQUIRED_TEXTS},
        "promotion_kind": not action.promotion_kind,
        "occurrences": not action.occurrences.exists(),
        "contact_name": not action.contact_name.strip(),
        "contact_email": not action.contact_email.strip(),
    }
    return [FIELDS[name].missing_label for name, lacks in lacking.items() if lacks]


def missing_message(missing: list[str]) -> str:
    return "Il est indispensable de compléter tous les champs avant de soumettre la fiche. Il manque : " + (
        ", ".join(missing) + "."
    )


# --- Dates ----------------------------------------------------------------------------------------


def edition_window(edition, *, year_long: bool = False) -> tuple[datetime.date, datetime.date]:
    """The days temps forts may fall on: the edition's week, widened by its département and bassin
    dates; for an action led all year long (that the week showcases), the whole school year of the
    edition's campaign (1 September to 31 August)."""
    if year_long:
        return edition.campaign.starts_on, edition.campaign.ends_on
    starts = [edition.week_start] + [o.week_start for o in edition.date_overrides.all()]
    ends = [edition.week_end] + [o.week_end for o in edition.date_overrides.all()]
    return min(starts), max(ends)


_URL = URLValidator(schemes=["http", "https"])


def url_problem(value: str, label: str) -> str:
    """The French message when `value` (cleaned) is not a full web address of at most SHORT_MAX
    characters; "" when it is fine or empty."""
    if not value:
        return ""
    if len(value) > SHORT_MAX:
        return f"{label} ne peut dépasser {SHORT_MAX} caractères."
    try:
        _URL(value)
    except ValidationError:
        return f"{label} : indiquez une adresse web complète, commençant par https://."
    return ""


def session_window_label(edition) -> str:
    """What the fiche form says about the temps forts' dates, for both kinds of action."""
    start, end = edition_window(edition)
    return (
        f"pendant la semaine, {format_period(start, end)}\u00a0; pour une action menée toute l'année, "
        f"n'importe quel jour de l'année scolaire {edition.campaign.school_year}"
    )


def check_occurrence(edition, occurrence: dict, *, year_long: bool = False) -> dict:
    """One temps fort {date, start_time, end_time, place, is_online, url}: {field: message}.
    `year_long`: the fiche's action is led all year, its temps forts may fall on any day of the year."""
    errors = {}
    day = occurrence.get("date")
    if not isinstance(day, datetime.date):
        errors["date"] = "Indiquez la date du temps fort."
    else:
        start, end = edition_window(edition, year_long=year_long)
        if not start <= day <= end:
            if year_long:
                errors["date"] = (
                    "La date du temps fort doit tomber pendant l'année scolaire "
                    f"{edition.campaign.school_year} ({format_period(start, end, weekday=False)})."
                )
            else:
                errors["date"] = (
                    f"La date du temps fort doit tomber pendant la semaine de l'édition ({format_period(start, end)})."
                    " Pour une action menée toute l'année, choisissez « menée toute l'année »."
                )
    start_time, end_time = occurrence.get("start_time"), occurrence.get("end_time")
    if start_time and end_time and end_time <= start_time:
        errors["end_time"] = "L'heure de fin doit être après l'heure de début."
    if end_time and not start_time:
        errors["start_time"] = "Indiquez l'heure de début avant l'heure de fin."
    if occurrence.get("is_online"):
        if not (occurrence.get("url") or "").strip():
            errors["url"] = "Indiquez le lien de connexion du temps fort en ligne."
    elif not clean_text(occurrence.get("place")):
        errors["place"] = "Indiquez le lieu du temps fort (ou cochez « en ligne »)."
    problem = url_problem(clean_text(occurrence.get("url")), "Le lien de connexion")
    if problem:
        errors.setdefault("url", problem)
    return errors


# pragma: no mutate end
# --- Routing ----------------------------------------------------------------------------------------


def moderation_queue_q(user):
    """A filter on Action for the submitted fiches that reach `user`, None when none do.

    Académie pilots (and national pilots) see every submitted fiche of their territory. When the
    académie sends fiches to the bassin first, its relays see their bassin's, and département
    pilots see their département's; when it sends them to the département first, département pilots.
    """
    from sps.actions.models import Action

    scope = perms.scope_of(user)
    if scope.national:
        return Q()
    if not scope.is_pilot:
        return None
    territory_q = Action.objects.all()._territory_q
    ms = "edition__moderation_settings__first_moderators"
    q = Q(pk__in=[])
    if scope.academy_ids:
        q |= scope.edition_academy_q("edition__")
    if scope.department_ids:
        q |= territory_q(department_ids=scope.department_ids) & Q(
            **{f"{ms}__in": [FirstModerators.BASSIN, FirstModerators.DEPARTMENT]}
        )
    if scope.bassin_ids:
        q |= territory_q(bassin_ids=scope.bassin_ids) & Q(**{ms: FirstModerators.BASSIN})
    return q


def publication_queue_q(user):
    """A filter on Action for the fiches `user` may publish once validated (TRANSITIONS: PILOTS), None
    when none: académie pilots their académie's (merged académies included), national pilots all."""
    q, found = Q(pk__in=[]), False
    for r in perms.user_roles(user):
        if r.role == Role.NATIONAL_PILOT:
            return Q()
        if r.role == Role.ACADEMY_PILOT:
            # edition_rules.academy_ids without its query: the académie, its successor, its predecessors.
            q |= Q(edition__academy_id__in={r.academy_id, r.academy.successor_id} - {None})
            q |= Q(edition__academy__successor_id=r.academy_id)
            found = True
    return q if found else None


def first_moderators(action) -> list:
    """Who is told of a submission: the first level the académie chose, falling back to the next
    level up when nobody holds that role (a bassin without relay)."""
    from sps.accounts.models import User

    settings = moderation_settings_for(action.edition)
    bassin_ids, department_ids = action_territory(action)
    levels = {
        FirstModerators.BASSIN: holders_q(Role.BASSIN_RELAY, bassin_ids),
        FirstModerators.DEPARTMENT: holders_q(Role.DEPARTMENT_PILOT, department_ids),
        FirstModerators.ACADEMY: holders_q(Role.ACADEMY_PILOT, edition_rules.academy_ids(action.edition.academy)),
    }
    order = list(levels)
    for level in order[order.index(settings.first_moderators) :]:
        users = list(User.objects.filter(levels[level], is_active=True).distinct().order_by("email"))
        if users:
            return users
    return []


# pragma: no mutate start
# --- The partners' directory ------------------------------------------------------------------

PARTNER_SUGGESTIONS = 10


def partner_key(name: str) -> str:
    """What two partner names must share to be the same partner: case, accents and punctuation aside."""
    return normalize_search(name)


def partner_matches(name: str, directory) -> tuple:
    """(the partner of `directory` named `name`, or None; if none, those whose names contain every
    typed word, at most PARTNER_SUGGESTIONS). `directory` is in order of preference (see
    selectors.partner_directory): the first exact match wins, suggestions keep that order."""
    key = partner_key(name)
    if not key:
        return None, []
    words = key.split()
    close = []
    for partner in directory:
        other = partner_key(partner.name)
        if other == key:
            return partner, []
        if len(close) < PARTNER_SUGGESTIONS and all(word in other for word in words):
            close.append(partner)
    return None, close


# pragma: no mutate end
