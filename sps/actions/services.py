"""Writes on fiches actions, the idea bank and bilans.

Each service checks who asks (rules.actor_kinds against TRANSITIONS), locks the fiche, validates,
writes in one transaction, leaves an audit entry on the fiche (its history) and asks for its
e-mails on commit (notifications.py), so that a rolled-back change never sends one.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from sps.accounts import perms
from sps.accounts.enums import Role
from sps.actions import notifications, rules, selectors
from sps.actions.enums import (
    PILOTS,
    ActionStatus,
    Actor,
    CarrierLevel,
    Contribution,
    FirstModerators,
    IdeaCategory,
    Level,
    PartnerKind,
    PromotionKind,
    Public,
)
from sps.actions.errors import ActionError, ModerationError
from sps.actions.images import PhotoRejected, clean_photo
from sps.actions.models import (
    PARTICIPANT_FIELDS,
    SHORT_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Action,
    ActionComment,
    ActionNote,
    ActionPartner,
    ActionSession,
    Bilan,
    BilanPhoto,
    BilanSupport,
    IdeaModel,
    ModerationSettings,
    Partner,
)
from sps.actions.rules import action_missing_fields  # noqa: F401  (part of this module's API)
from sps.audit.services import log_action
from sps.editions import rules as edition_rules
from sps.editions.resource_services import ResourceError, check_resource_file

__all__ = ["ActionError", "ModerationError", "action_missing_fields"]

CONSENT_TEXT = (
    "Je confirme détenir l'autorisation de chaque personne reconnaissable sur cette photo "
    "(pour les mineurs : celle de leurs représentants légaux)."
)
MAX_PHOTOS_PER_BILAN = 30
MAX_PARTICIPANTS = 1_000_000

# Plain fields a form may set: (max length, label). None: not text.
TEXT_FIELDS = {
    "title": (TITLE_MAX, "Le titre"),
    "classes": (SHORT_MAX, "Les classes concernées"),
    "organisation": (TEXT_MAX, "L'organisation – modalités"),
    "objectives": (TEXT_MAX, "Les objectifs"),
    "steering": (TEXT_MAX, "Le pilotage"),
    "success_factors": (TEXT_MAX, "Les éléments clés de réussite"),
    "promotion": (TEXT_MAX, "La partie « valoriser – communiquer »"),
    "contact_name": (150, "Le nom du contact"),
    "contact_role": (150, "La fonction du contact"),
}
OTHER_FIELDS = ("publics", "levels", "promotion_kind", "is_year_long", "contact_email", "website", "video_url")
RELATION_FIELDS = ("carrier_level", "schools", "bassin", "department", "themes", "sessions", "partners")
ACTION_FIELDS = tuple(TEXT_FIELDS) + OTHER_FIELDS + RELATION_FIELDS
# Never copied into the history: the contact is personal data.
PERSONAL_FIELDS = {"contact_name", "contact_email", "contact_role"}
# What reconduct and idea_model_from_action copy.
COPIED_FIELDS = (
    "title",
    "publics",
    "levels",
    "classes",
    "organisation",
    "objectives",
    "steering",
    "success_factors",
    "promotion",
    "promotion_kind",
)

_url = URLValidator(schemes=["http", "https"])


def _lock(action) -> Action:
    return Action.objects.select_for_update().get(pk=action.pk)


def _on_commit(func, *args, **kwargs):
    if not notifications.is_silenced():
        transaction.on_commit(partial(func, *args, **kwargs))


# --- Cleaning what a form sends ----------------------------------------------------------------


def _choices(value, enum, label, errors, key) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    values = [str(v) for v in value]
    unknown = [v for v in values if v not in enum.values]
    if unknown:
        errors.setdefault(key, []).append(f"{label} : valeur inconnue ({', '.join(unknown)}).")
    chosen = set(values)
    return [v for v in enum.values if v in chosen]  # the enum's order, no duplicates


def _clean_url(value, label, errors, key) -> str:
    value = rules.clean_text(value)
    if not value:
        return ""
    if len(value) > SHORT_MAX:
        errors.setdefault(key, []).append(f"{label} ne peut dépasser {SHORT_MAX} caractères.")
        return value
    try:
        _url(value)
    except ValidationError:
        errors.setdefault(key, []).append(f"{label} : indiquez une adresse web complète, commençant par https://.")
    return value


def _clean_plain(fields: dict, errors: dict) -> dict:
    """The plain fields of `fields`, cleaned; messages go to `errors`."""
    values = {}
    for name, (max_length, label) in TEXT_FIELDS.items():
        if name in fields:
            value = rules.clean_text(fields[name])
            if len(value) > max_length:
                errors.setdefault(name, []).append(
                    f"{label} ne peut dépasser {max_length} caractères (il en compte {len(value)})."
                )
            values[name] = value
    if "publics" in fields:
        values["publics"] = _choices(fields["publics"], Public, "Publics", errors, "publics")
    if "levels" in fields:
        values["levels"] = _choices(fields["levels"], Level, "Niveaux", errors, "levels")
    if "promotion_kind" in fields:
        kind = fields["promotion_kind"] or ""
        if kind and kind not in PromotionKind.values:
            errors.setdefault("promotion_kind", []).append("Type de valorisation inconnu.")
        values["promotion_kind"] = kind
    if "is_year_long" in fields:
        values["is_year_long"] = bool(fields["is_year_long"])
    if "contact_email" in fields:
        email = rules.clean_text(fields["contact_email"]).lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.setdefault("contact_email", []).append(
                    "Indiquez une adresse électronique valide, par exemple prenom.nom@ac-creteil.fr."
                )
        values["contact_email"] = email
    if "website" in fields:
        values["website"] = _clean_url(fields["website"], "Le site web", errors, "website")
    if "video_url" in fields:
        values["video_url"] = _clean_url(fields["video_url"], "Le lien de la vidéo", errors, "video_url")
    return values


def _may_declare_in(user, edition) -> bool:
    """Contributors of a school of the edition's académie, and its pilots and relays."""
    ids = edition_rules.academy_ids(edition.academy)
    if perms.is_national_pilot(user) or perms.is_academy_pilot_of_any(user, ids):
        return True
    if perms.contributor_schools(user).filter(department__academy_id__in=ids).exists():
        return True
    return perms.pilot_academies(user).filter(pk__in=ids).exists()


def _is_edition_pilot(user, edition) -> bool:
    return perms.is_national_pilot(user) or perms.is_academy_pilot_of_any(
        user, edition_rules.academy_ids(edition.academy)
    )


def _clean_carrier(*, edition, by, fields: dict, current: Action | None, errors: dict) -> dict:
    """carrier_level, schools, bassin, department: in the edition's académie and in `by`'s scope."""
    values = {}
    ids = edition_rules.academy_ids(edition.academy)
    level = fields.get("carrier_level", current.carrier_level if current else CarrierLevel.SCHOOL)
    if level not in CarrierLevel.values:
        errors.setdefault("carrier_level", []).append("Niveau de portage inconnu.")
        return values
    if "carrier_level" in fields:
        values["carrier_level"] = level
    national_or_academy = _is_edition_pilot(by, edition)
    if "schools" in fields:
        schools = list(fields["schools"] or [])
        # A school already carrying the fiche stays allowed: a porteur may edit a fiche shared with another school.
        own = perms.contributor_school_ids(by) | (
            set(current.schools.values_list("pk", flat=True)) if current else set()
        )
        for school in schools:
            if school.department.academy_id not in ids:
                errors.setdefault("schools", []).append(f"{school} n'appartient pas à {edition.academy}.")
            elif not (school.pk in own or national_or_academy or perms.school_in_pilot_scope(by, school)):
                errors.setdefault("schools", []).append(
                    f"Vous ne pouvez pas déclarer d'action pour {school} : cet établissement n'est pas dans votre périmètre."
                )
            elif not edition.all_bassins_participate and not edition.bassin_participates(school.bassin):
                errors.setdefault("schools", []).append(f"Le bassin de {school} ne participe pas à cette édition.")
        values["schools"] = schools
    if "bassin" in fields:
        bassin = fields["bassin"]
        if bassin is not None:
            if bassin.department.academy_id not in ids:
                errors.setdefault("bassin", []).append(f"Le bassin {bassin} n'appartient pas à {edition.academy}.")
            elif not (
                national_or_academy
                or perms.is_relay_of_any(by, [bassin.pk])
                or perms.is_department_pilot_of_any(by, [bassin.department_id])
            ):
                errors.setdefault("bassin", []).append(
                    f"Seuls les relais du bassin {bassin} et ses pilotes peuvent déclarer une action de bassin."
                )
        values["bassin"] = bassin
    if "department" in fields:
        department = fields["department"]
        if department is not None:
            if department.academy_id not in ids:
                errors.setdefault("department", []).append(f"{department} n'appartient pas à {edition.academy}.")
            elif not (national_or_academy or perms.is_department_pilot_of_any(by, [department.pk])):
                errors.setdefault("department", []).append(
                    f"Seuls les pilotes de {department} peuvent déclarer une action départementale."
                )
        values["department"] = department
    if level == CarrierLevel.ACADEMY and "carrier_level" in fields and not national_or_academy:
        errors.setdefault("carrier_level", []).append("Seuls les pilotes académiques déclarent une action académique.")
    if level != CarrierLevel.BASSIN and "carrier_level" in fields:
        values.setdefault("bassin", None)
    if level != CarrierLevel.DEPARTMENT and "carrier_level" in fields:
        values.setdefault("department", None)
    return values


def _clean_themes(edition, themes, errors) -> list:
    themes = list(themes or [])
    if any(t.edition_id != edition.pk for t in themes):
        errors.setdefault("themes", []).append("Choisissez les thèmes parmi ceux de l'édition.")
    return themes


def _clean_sessions(edition, sessions, errors) -> list[dict]:
    cleaned = []
    for index, session in enumerate(sessions or [], start=1):
        row = {
            "date": session.get("date"),
            "start_time": session.get("start_time"),
            "end_time": session.get("end_time"),
            "place": rules.clean_text(session.get("place")),
            "is_online": bool(session.get("is_online")),
            "url": rules.clean_text(session.get("url")),
            "is_public": bool(session.get("is_public")),
        }
        problems = rules.check_session(edition, row)
        if len(row["place"]) > SHORT_MAX:
            problems["place"] = f"Le lieu ne peut dépasser {SHORT_MAX} caractères."
        if row["url"]:
            url_errors = {}
            _clean_url(row["url"], "Le lien de connexion", url_errors, "url")
            problems.update({k: v[0] for k, v in url_errors.items()})
        for message in problems.values():
            errors.setdefault("sessions", []).append(f"Temps fort n° {index} : {message}")
        cleaned.append(row)
    return cleaned


def _clean_partners(partners, errors) -> list[dict]:
    cleaned = []
    for index, item in enumerate(partners or [], start=1):
        partner = item.get("partner")
        name = rules.clean_text(item.get("name")) if partner is None else partner.name
        kind = item.get("kind") or (partner.kind if partner else PartnerKind.OTHER)
        prefix = f"Partenaire n° {index} : "
        if not name:
            errors.setdefault("partners", []).append(prefix + "indiquez son nom.")
        elif len(name) > TITLE_MAX:
            errors.setdefault("partners", []).append(prefix + f"le nom ne peut dépasser {TITLE_MAX} caractères.")
        if kind not in PartnerKind.values:
            errors.setdefault("partners", []).append(prefix + "type de partenaire inconnu.")
        contributions = _choices(item.get("contributions"), Contribution, prefix + "apports", errors, "partners")
        text = rules.clean_text(item.get("contribution_text"))
        if len(text) > SHORT_MAX:
            errors.setdefault("partners", []).append(prefix + f"la précision ne peut dépasser {SHORT_MAX} caractères.")
        cleaned.append(
            {"partner": partner, "name": name, "kind": kind, "contributions": contributions, "contribution_text": text}
        )
    return cleaned


def _raise(errors: dict, *, lead: str = "La fiche n'a pas été enregistrée.") -> None:
    if errors:
        messages = [m for ms in errors.values() for m in ms]
        raise ActionError(f"{lead} {' '.join(messages)}", errors=errors)


def partner_find_or_create(*, name: str, kind: str, academy, by, directory: list | None = None) -> Partner:
    """The directory's partner of that name, case, accents and punctuation aside (the académie's
    first, then a national one), or a new one of the académie. `directory`: the caller's
    selectors.partner_directory (the new partner is added to it)."""
    if directory is None:
        directory = selectors.partner_directory(academy=academy)
    found, _ = rules.partner_matches(name, directory)
    if found is not None:
        return found
    partner = Partner.objects.create(name=name, kind=kind, academy=academy, created_by=by)
    directory.insert(0, partner)
    return partner


def _write_relations(action, *, values: dict, themes, sessions, partners, by) -> None:
    if "schools" in values:
        action.schools.set(values["schools"])
    if themes is not None:
        action.themes.set(themes)
    if sessions is not None:
        action.sessions.all().delete()
        ActionSession.objects.bulk_create(ActionSession(action=action, **row) for row in sessions)
    if partners is not None:
        academy = action.edition.academy
        directory = None
        if any(row["partner"] is None for row in partners):
            directory = selectors.partner_directory(academy=academy, action=action)
        action.action_partners.all().delete()
        seen = set()
        for row in partners:
            partner = row["partner"] or partner_find_or_create(
                name=row["name"], kind=row["kind"], academy=academy, by=by, directory=directory
            )
            if partner.pk in seen:
                continue
            seen.add(partner.pk)
            ActionPartner.objects.create(
                action=action,
                partner=partner,
                contributions=row["contributions"],
                contribution_text=row["contribution_text"],
            )


def _prepare(*, edition, by, fields: dict, current: Action | None):
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown action fields: {', '.join(sorted(unknown))}")
    errors: dict = {}
    values = _clean_plain(fields, errors)
    values.update(_clean_carrier(edition=edition, by=by, fields=fields, current=current, errors=errors))
    themes = _clean_themes(edition, fields["themes"], errors) if "themes" in fields else None
    sessions = _clean_sessions(edition, fields["sessions"], errors) if "sessions" in fields else None
    partners = _clean_partners(fields["partners"], errors) if "partners" in fields else None
    _raise(errors)
    return values, themes, sessions, partners


# --- Drafts ----------------------------------------------------------------------------------------


@transaction.atomic
def action_create_draft(*, edition, by, schools: Iterable | None = None, **fields) -> Action:
    """A new draft fiche in `edition`, owned by `by`.

    `fields` are those of ACTION_FIELDS: plain fields, `carrier_level` with `schools` (School list),
    `bassin` or `department`, `themes` (EditionTheme list), `sessions` (dicts {date, start_time,
    end_time, place, is_online, url, is_public}), `partners` (dicts {partner or name + kind,
    contributions, contribution_text}). A draft may be incomplete; what is given must be valid.
    Refused after the declaration deadline (unless the edition accepts late declarations), for a
    school outside `by`'s scope, and in an edition not yet published (except for its pilots).
    """
    if schools is not None:
        fields["schools"] = schools
    pilot = _is_edition_pilot(by, edition)
    if not _may_declare_in(by, edition):
        raise ModerationError(f"Vous ne pouvez pas déclarer d'action dans l'édition de {edition.academy}.")
    if not pilot and not edition.is_published:
        raise ActionError("Cette édition n'est pas encore ouverte aux déclarations.")
    if not pilot and not edition.is_declaration_open():
        raise ActionError(
            f"La date limite de déclaration des actions ({edition.declaration_deadline:%d/%m/%Y}) est passée : "
            "il n'est plus possible de déclarer une action dans cette édition."
        )
    values, themes, sessions, partners = _prepare(edition=edition, by=by, fields=fields, current=None)
    plain = {k: v for k, v in values.items() if k != "schools"}
    action = Action.objects.create(edition=edition, owner=by, status=ActionStatus.DRAFT, **plain)
    _write_relations(action, values=values, themes=themes, sessions=sessions, partners=partners, by=by)
    log_action(
        action,
        "actions.action.created",
        user=by,
        data={
            "fields": sorted(k for k in fields if k not in PERSONAL_FIELDS),
            "carrier_level": action.carrier_level,
            "schools": [s.uai for s in values.get("schools", [])],
        },
    )
    return action


def _relation_signature(action) -> dict:
    return {
        "schools": sorted(action.schools.values_list("pk", flat=True)),
        "themes": sorted(action.themes.values_list("pk", flat=True)),
        "sessions": list(
            action.sessions.values_list("date", "start_time", "end_time", "place", "is_online", "url", "is_public")
        ),
        "partners": list(
            action.action_partners.values_list("partner_id", "contributions", "contribution_text").order_by("pk")
        ),
    }


@transaction.atomic
def action_update(*, action, by, **fields) -> Action:
    """Change a fiche. Porteurs while it is a draft or « à modifier », before the deadline unless the
    fiche was reopened; moderators at any stage but withdrawn. Lists given (schools, themes,
    sessions, partners) replace the current ones; fields not given are kept."""
    action = _lock(action)
    problem = rules.check_edit(by, action)
    if problem:
        raise ModerationError(problem)
    values, themes, sessions, partners = _prepare(edition=action.edition, by=by, fields=fields, current=action)
    before = _relation_signature(action)
    changed = []
    for name, value in values.items():
        if name == "schools":
            continue
        if name in ("bassin", "department"):
            if getattr(action, f"{name}_id") != (value.pk if value else None):
                changed.append(name)
                setattr(action, name, value)
        elif getattr(action, name) != value:
            changed.append(name)
            setattr(action, name, value)
    action.save()
    _write_relations(action, values=values, themes=themes, sessions=sessions, partners=partners, by=by)
    after = _relation_signature(action)
    changed += [name for name in before if before[name] != after[name]]
    log_action(action, "actions.action.updated", user=by, data={"changed": sorted(set(changed))})
    return action


# --- Workflow ----------------------------------------------------------------------------------------


def _check(by, action, to_status) -> set:
    problem = rules.check_transition(by, action, to_status)
    if problem:
        raise ModerationError(problem)
    return rules.actor_kinds(by, action)


def _set_status(action, status, **stamps) -> None:
    action.status = status
    for name, value in stamps.items():
        setattr(action, name, value)
    action.save(update_fields=["status", "updated_at", *stamps])


def _clean_message(value, *, required_message: str, label: str) -> str:
    text = rules.clean_text(value)
    if not text:
        raise ActionError(required_message, errors={"comment": [required_message]})
    if len(text) > TEXT_MAX:
        message = f"{label} ne peut dépasser {TEXT_MAX} caractères (il en compte {len(text)})."
        raise ActionError(message, errors={"comment": [message]})
    return text


@transaction.atomic
def action_submit(*, action, by) -> Action:
    """The porteur submits a complete fiche (first time, or after « à modifier ») to moderation."""
    action = _lock(action)
    kinds = _check(by, action, ActionStatus.SUBMITTED)
    if not rules.is_pilot_of(kinds) and not rules.declaration_open(action):
        raise ModerationError(rules.deadline_message(action.edition))
    missing = rules.action_missing_fields(action)
    if missing:
        raise ActionError(rules.missing_message(missing), errors={"missing": missing})
    errors = {}
    for index, session in enumerate(action.sessions.all(), start=1):
        for message in rules.check_session(action.edition, session.__dict__).values():
            errors.setdefault("sessions", []).append(f"Temps fort n° {index} : {message}")
    _raise(errors, lead="La fiche ne peut pas être soumise.")
    previous = action.status
    _set_status(action, ActionStatus.SUBMITTED, submitted_at=timezone.now())
    log_action(action, "actions.action.submitted", user=by, data={"from": previous})
    _on_commit(notifications.notify_submitted, action.pk)
    return action


@transaction.atomic
def action_request_changes(*, action, by, comment: str) -> Action:
    """A moderator sends the fiche back to its porteur with what to change (required)."""
    action = _lock(action)
    _check(by, action, ActionStatus.CHANGES_REQUESTED)
    body = _clean_message(
        comment, required_message="Expliquez au porteur ce qu'il doit modifier.", label="Le commentaire"
    )
    note = ActionComment.objects.create(action=action, author=by, body=body, is_change_request=True)
    _set_status(action, ActionStatus.CHANGES_REQUESTED)
    log_action(action, "actions.action.changes_requested", user=by, data={"comment": note.pk})
    _on_commit(notifications.notify_porteurs, action.pk, "changes_requested", comment_id=note.pk)
    return action


@transaction.atomic
def action_validate(*, action, by, comment: str = "") -> Action:
    """A moderator validates a submitted fiche (académie pilots, or relays and département pilots
    the académie gave that right to); an optional comment goes to the thread."""
    action = _lock(action)
    _check(by, action, ActionStatus.VALIDATED)
    data = {}
    if rules.clean_text(comment):
        body = _clean_message(comment, required_message="", label="Le commentaire")
        data["comment"] = ActionComment.objects.create(action=action, author=by, body=body).pk
    _set_status(action, ActionStatus.VALIDATED, validated_at=timezone.now())
    log_action(action, "actions.action.validated", user=by, data=data)
    _on_commit(notifications.notify_porteurs, action.pk, "validated")
    return action


@transaction.atomic
def action_publish(*, action, by) -> Action:
    """An académie (or national) pilot puts a validated fiche in the public programme."""
    action = _lock(action)
    _check(by, action, ActionStatus.PUBLISHED)
    _set_status(action, ActionStatus.PUBLISHED, published_at=timezone.now())
    log_action(action, "actions.action.published", user=by)
    _on_commit(notifications.notify_porteurs, action.pk, "published")
    return action


@transaction.atomic
def action_refuse(*, action, by, reason: str) -> Action:
    """An académie (or national) pilot refuses a fiche, with the reason the porteur will read."""
    action = _lock(action)
    _check(by, action, ActionStatus.REFUSED)
    text = _clean_message(reason, required_message="Indiquez le motif du refus.", label="Le motif")
    previous = action.status
    action.refusal_reason = text
    _set_status(action, ActionStatus.REFUSED, refusal_reason=text)
    log_action(action, "actions.action.refused", user=by, data={"from": previous})
    _on_commit(notifications.notify_porteurs, action.pk, "refused")
    return action


@transaction.atomic
def action_withdraw(*, action, by) -> Action:
    """The porteur withdraws the fiche (the action will not take place); a published one leaves the programme."""
    action = _lock(action)
    _check(by, action, ActionStatus.WITHDRAWN)
    previous = action.status
    _set_status(action, ActionStatus.WITHDRAWN)
    log_action(action, "actions.action.withdrawn", user=by, data={"from": previous})
    return action


@transaction.atomic
def action_reopen(*, action, by) -> Action:
    """A pilot reopens one fiche after the deadline: its porteur may edit and submit it again.
    A refused or withdrawn fiche goes back to draft."""
    action = _lock(action)
    kinds = rules.actor_kinds(by, action)
    if not rules.is_pilot_of(kinds):
        raise ModerationError("Seuls les pilotes académiques peuvent rouvrir une fiche.")
    previous = action.status
    if previous in (ActionStatus.REFUSED, ActionStatus.WITHDRAWN):
        _check(by, action, ActionStatus.DRAFT)
        action.status = ActionStatus.DRAFT
    action.declarations_reopened = True
    action.save(update_fields=["status", "declarations_reopened", "updated_at"])
    log_action(action, "actions.action.reopened", user=by, data={"from": previous, "to": action.status})
    return action


@transaction.atomic
def action_reopen_bilan(*, action, by) -> Action:
    """A pilot lets the porteur fill the bilan after the bilan deadline."""
    action = _lock(action)
    if not rules.is_pilot_of(rules.actor_kinds(by, action)):
        raise ModerationError("Seuls les pilotes académiques peuvent rouvrir un bilan.")
    action.bilan_reopened = True
    action.save(update_fields=["bilan_reopened", "updated_at"])
    log_action(action, "actions.bilan.reopened", user=by)
    return action


@transaction.atomic
def action_set_flags(*, action, by, is_flagship: bool | None = None, shown_at_forum: bool | None = None) -> Action:
    """Académie pilots mark an action « action phare » and « présentée au forum » (None: unchanged)."""
    action = _lock(action)
    if not rules.is_pilot_of(rules.actor_kinds(by, action)):
        raise ModerationError("Seuls les pilotes académiques désignent les actions phares.")
    if action.status in (ActionStatus.REFUSED, ActionStatus.WITHDRAWN):
        raise ModerationError("Une fiche refusée ou retirée ne peut pas être mise en avant.")
    changed = {}
    for name, value in (("is_flagship", is_flagship), ("shown_at_forum", shown_at_forum)):
        if value is not None and getattr(action, name) != bool(value):
            setattr(action, name, bool(value))
            changed[name] = bool(value)
    if changed:
        action.save(update_fields=[*changed, "updated_at"])
    log_action(action, "actions.action.flags_set", user=by, data=changed)
    return action


@dataclass
class BulkResult:
    """What a bulk operation did: each action is handled on its own (one refused does not stop the others)."""

    done: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (action, French message)

    @property
    def summary(self) -> str:
        text = f"{len(self.done)} fiche(s) traitée(s)"
        if self.refused:
            text += f", {len(self.refused)} refusée(s)"
        return text + "."


def _bulk(service, actions, by) -> BulkResult:
    result = BulkResult()
    for action in actions:
        try:
            result.done.append(service(action=action, by=by))
        except ActionError as exc:
            result.refused.append((action, exc.message))
    return result


@transaction.atomic
def actions_bulk_validate(*, actions: Iterable, by) -> BulkResult:
    """Validate several fiches: each one checked and written on its own savepoint, reported per fiche."""
    return _bulk(action_validate, actions, by)


@transaction.atomic
def actions_bulk_publish(*, actions: Iterable, by) -> BulkResult:
    """Publish several validated fiches, reported per fiche (see actions_bulk_validate)."""
    return _bulk(action_publish, actions, by)


# --- Thread and notes -----------------------------------------------------------------------------


@transaction.atomic
def action_comment_add(*, action, by, body: str) -> ActionComment:
    """A message in the thread between the porteur and the moderators."""
    action = _lock(action)
    if not rules.can_comment(by, action):
        raise ModerationError("Vous ne pouvez pas écrire sur cette fiche.")
    text = _clean_message(body, required_message="Écrivez votre message.", label="Le message")
    comment = ActionComment.objects.create(action=action, author=by, body=text)
    log_action(action, "actions.action.commented", user=by, data={"comment": comment.pk})
    _on_commit(notifications.notify_comment, comment.pk)
    return comment


@transaction.atomic
def action_note_add(*, action, by, body: str) -> ActionNote:
    """An internal note of the moderators (the porteur never sees it)."""
    action = _lock(action)
    if not rules.can_view_notes(by, action):
        raise ModerationError("Seuls les pilotes et relais de la fiche tiennent des notes internes.")
    text = _clean_message(body, required_message="Écrivez la note.", label="La note")
    note = ActionNote.objects.create(action=action, author=by, body=text)
    log_action(action, "actions.action.note_added", user=by, data={"note": note.pk})
    return note


# --- Reconduct, models ---------------------------------------------------------------------------


@transaction.atomic
def action_reconduct(*, source, edition, by) -> Action:
    """« Reconduire cette action »: a new draft in `edition` copying `source` — a past-edition action
    of `by`'s (or of one of their schools) — except its temps forts and status: the porteur sets the
    new dates. Schools no longer in `by`'s scope are left out; themes are matched by title."""
    source = Action.objects.select_related("edition__campaign").get(pk=source.pk)
    if Actor.OWNER not in rules.actor_kinds(by, source):
        raise ModerationError("Vous ne pouvez reconduire que vos propres actions.")
    if source.edition.campaign.school_year >= edition.campaign.school_year:
        raise ActionError("Seule une action d'une édition passée peut être reconduite.")
    if not edition_rules.academy_ids(edition.academy) & edition_rules.academy_ids(source.edition.academy):
        raise ActionError("L'action doit être reconduite dans l'édition de la même académie.")
    if Action.objects.filter(reconducted_from=source, edition=edition).exclude(status=ActionStatus.WITHDRAWN).exists():
        raise ActionError("Cette action a déjà été reconduite dans cette édition.")
    own = perms.contributor_school_ids(by)
    pilot = _is_edition_pilot(by, edition)
    schools = [s for s in source.schools.all() if pilot or s.pk in own or perms.school_in_pilot_scope(by, s)]
    titles = {t.title.casefold() for t in source.themes.all()}
    fields = {name: getattr(source, name) for name in COPIED_FIELDS}
    fields.update(
        carrier_level=source.carrier_level,
        is_year_long=source.is_year_long,
        contact_name=source.contact_name,
        contact_email=source.contact_email,
        contact_role=source.contact_role,
        website=source.website,
        video_url=source.video_url,
        themes=[t for t in edition.themes.all() if t.title.casefold() in titles],
        partners=[
            {"partner": p.partner, "contributions": p.contributions, "contribution_text": p.contribution_text}
            for p in source.action_partners.select_related("partner")
        ],
    )
    if source.carrier_level == CarrierLevel.BASSIN:
        fields["bassin"] = source.bassin
    if source.carrier_level == CarrierLevel.DEPARTMENT:
        fields["department"] = source.department
    action = action_create_draft(edition=edition, by=by, schools=schools, **fields)
    action.reconducted_from = source
    action.save(update_fields=["reconducted_from"])
    log_action(action, "actions.action.reconducted", user=by, data={"from": source.pk})
    return action


@transaction.atomic
def action_from_model(*, model, edition, by, school=None) -> Action:
    """« Utiliser ce modèle »: a new draft from an idea bank fiche, carried by `school` if given.
    The blank model « À votre tour… » gives an empty draft."""
    if not model.is_active:
        raise ActionError("Ce modèle n'est plus proposé.")
    fields = {} if model.is_blank else {name: getattr(model, name) for name in COPIED_FIELDS if name != "classes"}
    if model.category == IdeaCategory.DISTRICT and school is None and not model.is_blank:
        relay_bassins = [r.bassin for r in perms.user_roles(by) if r.role == Role.BASSIN_RELAY]
        if relay_bassins:
            fields.update(carrier_level=CarrierLevel.BASSIN, bassin=relay_bassins[0])
    action = action_create_draft(edition=edition, by=by, schools=[school] if school else None, **fields)
    action.from_model = model
    action.save(update_fields=["from_model"])
    log_action(action, "actions.action.created_from_model", user=by, data={"model": model.slug})
    return action


# --- Idea bank ----------------------------------------------------------------------------------------

IDEA_FIELDS = ("title", "category", "summary", "publics", "levels", "promotion_kind", "is_blank", "order") + tuple(
    rules.REQUIRED_TEXTS
)


def _clean_idea(fields: dict, *, creating: bool) -> dict:
    unknown = set(fields) - set(IDEA_FIELDS)
    if unknown:
        raise TypeError(f"Unknown idea model fields: {', '.join(sorted(unknown))}")
    errors: dict = {}
    values = _clean_plain({k: v for k, v in fields.items() if k in TEXT_FIELDS or k in OTHER_FIELDS}, errors)
    if "summary" in fields:
        values["summary"] = rules.clean_text(fields["summary"])
        if len(values["summary"]) > SHORT_MAX:
            errors.setdefault("summary", []).append(f"Le résumé ne peut dépasser {SHORT_MAX} caractères.")
    if "category" in fields or creating:
        if fields.get("category") not in IdeaCategory.values:
            errors.setdefault("category", []).append("Choisissez la catégorie du modèle.")
        values["category"] = fields.get("category")
    if ("title" in fields or creating) and not values.get("title"):
        errors.setdefault("title", []).append("Indiquez le titre du modèle.")
    for name in ("is_blank", "order"):
        if name in fields:
            values[name] = fields[name]
    _raise(errors, lead="Le modèle n'a pas été enregistré.")
    return values


def _check_idea_bank(by):
    if not perms.can_manage_idea_bank(by):
        raise ModerationError("Seuls les pilotes académiques et nationaux gèrent la banque d'idées.")


def _unique_slug(title: str) -> str:
    base = slugify(title)[:80] or "modele"
    slug = base
    while IdeaModel.objects.filter(slug=slug).exists():
        slug = f"{base}-{uuid.uuid4().hex[:6]}"
    return slug


@transaction.atomic
def idea_model_create(*, by, **fields) -> IdeaModel:
    """Add a model fiche to the idea bank (fields of IDEA_FIELDS)."""
    _check_idea_bank(by)
    values = _clean_idea(fields, creating=True)
    model = IdeaModel.objects.create(slug=_unique_slug(values["title"]), created_by=by, **values)
    log_action(model, "actions.idea_model.created", user=by, data={"slug": model.slug})
    return model


@transaction.atomic
def idea_model_update(*, model, by, **fields) -> IdeaModel:
    _check_idea_bank(by)
    model = IdeaModel.objects.select_for_update().get(pk=model.pk)
    values = _clean_idea(fields, creating=False)
    changed = [name for name, value in values.items() if getattr(model, name) != value]
    for name in changed:
        setattr(model, name, values[name])
    model.save()
    log_action(model, "actions.idea_model.updated", user=by, data={"changed": changed})
    return model


@transaction.atomic
def idea_model_retire(*, model, by, retired: bool = True) -> IdeaModel:
    """Take a model out of the bank (it stays attached to the actions made from it); retired=False puts it back."""
    _check_idea_bank(by)
    model = IdeaModel.objects.select_for_update().get(pk=model.pk)
    model.is_active = not retired
    model.save(update_fields=["is_active", "updated_at"])
    log_action(model, "actions.idea_model.retired" if retired else "actions.idea_model.restored", user=by)
    return model


@transaction.atomic
def idea_model_from_action(*, action, by, category: str, summary: str = "") -> IdeaModel:
    """A pilot turns a published action into a model fiche (its text, publics and levels; no contact)."""
    _check_idea_bank(by)
    if not rules.is_pilot_of(rules.actor_kinds(by, action)):
        raise ModerationError("Vous ne pouvez transformer en modèle que les actions de votre académie.")
    if action.status != ActionStatus.PUBLISHED:
        raise ActionError("Seule une action publiée peut devenir un modèle.")
    fields = {name: getattr(action, name) for name in COPIED_FIELDS if name != "classes"}
    model = idea_model_create(by=by, category=category, summary=summary, **fields)
    model.source_action = action
    model.save(update_fields=["source_action"])
    log_action(action, "actions.action.made_model", user=by, data={"model": model.slug})
    return model


# --- Moderation settings -------------------------------------------------------------------------


@transaction.atomic
def moderation_settings_update(
    *, edition, by, relays_may_validate: bool, department_pilots_may_validate: bool, first_moderators: str
) -> ModerationSettings:
    """The académie decides who validates and who receives submitted fiches first."""
    if not perms.can_manage_edition(by, edition.academy):
        raise ModerationError(f"Vous ne pouvez pas régler la modération de l'édition de {edition.academy}.")
    if first_moderators not in FirstModerators.values:
        raise ActionError("Choisissez qui reçoit les fiches en premier.")
    settings, _ = ModerationSettings.objects.select_for_update().get_or_create(edition=edition)
    settings.relays_may_validate = bool(relays_may_validate)
    settings.department_pilots_may_validate = bool(department_pilots_may_validate)
    settings.first_moderators = first_moderators
    settings.save()
    log_action(
        edition,
        "actions.moderation_settings.updated",
        user=by,
        data={
            "relays_may_validate": settings.relays_may_validate,
            "department_pilots_may_validate": settings.department_pilots_may_validate,
            "first_moderators": first_moderators,
        },
    )
    return settings


# --- Bilan ----------------------------------------------------------------------------------------------


def _check_bilan(by, action) -> None:
    kinds = rules.actor_kinds(by, action)
    if Actor.OWNER not in kinds and not (kinds & PILOTS):
        raise ModerationError("Seul le porteur de l'action remplit son bilan.")
    if action.status != ActionStatus.PUBLISHED:
        raise ActionError("Le bilan se remplit pour une action publiée.")
    if not (kinds & PILOTS) and not rules.bilan_open(action):
        raise ActionError(rules.bilan_deadline_message(action.edition))


def _participants(value, label, errors, key):
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.setdefault(key, []).append(f"{label} : indiquez un nombre entier, ou laissez vide si inconnu.")
        return None
    if not 0 <= number <= MAX_PARTICIPANTS:
        errors.setdefault(key, []).append(f"{label} : indiquez un nombre entre 0 et {MAX_PARTICIPANTS}.")
    return number


BILAN_TEXTS = {
    "what_worked": "Ce qui a fonctionné",
    "what_to_change": "Ce qu'il faudrait changer",
    "supports": "Les supports produits",
}


@transaction.atomic
def bilan_save(*, action, by, submit: bool = False, **figures) -> Bilan:
    """The porteur fills (or corrects) the bilan of a published action: participants by public
    (None: unknown, shown « N.C. », never zero), what worked, what to change, supports. `submit`
    marks it transmitted. The edition's bilan deadline applies unless the pilot reopened it."""
    action = _lock(action)
    _check_bilan(by, action)
    allowed = set(PARTICIPANT_FIELDS.values()) | set(BILAN_TEXTS)
    unknown = set(figures) - allowed
    if unknown:
        raise TypeError(f"Unknown bilan fields: {', '.join(sorted(unknown))}")
    errors: dict = {}
    values = {}
    for public, name in PARTICIPANT_FIELDS.items():
        if name in figures:
            values[name] = _participants(figures[name], f"Participants ({Public(public).label.lower()})", errors, name)
    for name, label in BILAN_TEXTS.items():
        if name in figures:
            values[name] = rules.clean_text(figures[name])
            if len(values[name]) > TEXT_MAX:
                errors.setdefault(name, []).append(f"{label} ne peut dépasser {TEXT_MAX} caractères.")
    _raise(errors, lead="Le bilan n'a pas été enregistré.")
    bilan, created = Bilan.objects.get_or_create(action=action)
    changed = [name for name, value in values.items() if getattr(bilan, name) != value]
    for name in changed:
        setattr(bilan, name, values[name])
    if submit and bilan.submitted_at is None:
        bilan.submitted_at = timezone.now()
    bilan.save()
    log_action(
        action,
        "actions.bilan.submitted" if submit else "actions.bilan.saved",
        user=by,
        data={"changed": changed, "created": created},
    )
    return bilan


@transaction.atomic
def bilan_photo_add(*, bilan, by, file, consent_confirmed: bool, caption: str = "") -> BilanPhoto:
    """Add a photo to a bilan: the porteur confirms the image rights (CONSENT_TEXT); the file must be
    a JPEG, PNG or WebP photo within the limits of images.py; it is stored re-encoded, resized and
    without any metadata (no EXIF GPS position of children ever reaches the site)."""
    action = _lock(bilan.action)
    _check_bilan(by, action)
    if consent_confirmed is not True:
        message = f"Pour ajouter une photo, cochez la case « {CONSENT_TEXT} »"
        raise ActionError(message, errors={"consent_confirmed": [message]})
    if bilan.photos.count() >= MAX_PHOTOS_PER_BILAN:
        raise ActionError(f"Un bilan compte au plus {MAX_PHOTOS_PER_BILAN} photos.")
    caption = rules.clean_text(caption)
    if len(caption) > SHORT_MAX:
        raise ActionError(f"La légende ne peut dépasser {SHORT_MAX} caractères.", errors={"caption": ["Trop longue."]})
    try:
        clean = clean_photo(file)
    except PhotoRejected as exc:
        raise ActionError(str(exc), errors={"file": [str(exc)]}) from exc
    photo = BilanPhoto(bilan=bilan, caption=caption, consent_confirmed=True, consent_text=CONSENT_TEXT, uploaded_by=by)
    photo.image.save(f"photo.{clean.extension}", clean.content, save=False)
    photo.width, photo.height = clean.width, clean.height
    photo.save()
    log_action(action, "actions.bilan.photo_added", user=by, data={"photo": photo.pk})
    return photo


@transaction.atomic
def bilan_photo_remove(*, photo, by) -> None:
    action = _lock(photo.bilan.action)
    kinds = rules.actor_kinds(by, action)
    if Actor.OWNER not in kinds and not (kinds & PILOTS):
        raise ModerationError("Seul le porteur de l'action ou un pilote peut retirer une photo.")
    photo_id = photo.pk
    photo.image.delete(save=False)
    photo.delete()
    log_action(action, "actions.bilan.photo_removed", user=by, data={"photo": photo_id})


@transaction.atomic
def bilan_support_add(*, bilan, by, title: str, file=None, url: str = "") -> BilanSupport:
    """A support produced by the action: a file (PDF, PNG, JPEG, office document; under 20 Mo; its
    content checked like the kit's, sps/editions/resource_services.py) or a link."""
    action = _lock(bilan.action)
    _check_bilan(by, action)
    errors: dict = {}
    title = rules.clean_text(title)
    if not title:
        errors.setdefault("title", []).append("Indiquez le titre du support.")
    elif len(title) > TITLE_MAX:
        errors.setdefault("title", []).append(f"Le titre ne peut dépasser {TITLE_MAX} caractères.")
    url = _clean_url(url, "Le lien", errors, "url")
    if (file is None) == (not url):
        errors.setdefault("file", []).append("Joignez un fichier ou indiquez un lien (l'un ou l'autre).")
    checked = None
    if file is not None:
        # The kit's checks: the content must match the extension (PDF magic, Pillow for images,
        # office files as ZIP with the right [Content_Types].xml or mimetype), 20 Mo at most.
        try:
            checked = check_resource_file(file)
        except ResourceError as exc:
            errors.setdefault("file", []).append(str(exc))
    _raise(errors, lead="Le support n'a pas été ajouté.")
    support = BilanSupport(bilan=bilan, title=title, url=url, uploaded_by=by)
    if checked is not None:
        support.file.save(checked.name, file, save=False)
    support.save()
    log_action(action, "actions.bilan.support_added", user=by, data={"support": support.pk})
    return support
