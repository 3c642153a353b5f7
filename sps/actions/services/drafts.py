"""Drafts: creating and changing a fiche (its fields, carrier, themes, temps forts and partners)."""

from collections.abc import Iterable

from django.db import transaction

from sps.accounts import perms
from sps.actions import rules, selectors
from sps.actions.enums import (
    ActionStatus,
    CarrierLevel,
    Contribution,
    PartnerKind,
)
from sps.actions.errors import ActionError, ModerationError
from sps.actions.fields import ACTION_FIELDS, PERSONAL_FIELDS
from sps.actions.models import (
    SHORT_MAX,
    TITLE_MAX,
    Action,
    ActionPartner,
    Occurrence,
)
from sps.actions.services.common import (
    clean_choices,
    clean_plain,
    is_edition_pilot,
    lock_action,
    raise_errors,
)
from sps.actions.services.partners import partner_find_or_create
from sps.audit.services import log_action
from sps.catalogue import index as catalogue_index
from sps.editions import rules as edition_rules
from sps.territories.text import of_academy


def _may_declare_in(user, edition) -> bool:
    """Contributors of a school of the edition's académie, and its pilots and relays."""
    ids = edition_rules.academy_ids(edition.academy)
    if perms.is_national_pilot(user) or perms.is_academy_pilot_of_any(user, ids):
        return True
    if perms.contributor_schools(user).filter(department__academy_id__in=ids).exists():
        return True
    return perms.pilot_academies(user).filter(pk__in=ids).exists()


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
    national_or_academy = is_edition_pilot(by, edition)
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
                    f"Vous ne pouvez pas déclarer d'action pour {school} : cet établissement n'est pas dans votre périmètre."
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


def _clean_occurrences(edition, occurrences, errors, *, year_long: bool = False) -> list[dict]:
    cleaned = []
    for index, occurrence in enumerate(occurrences or [], start=1):
        row = {
            "date": occurrence.get("date"),
            "start_time": occurrence.get("start_time"),
            "end_time": occurrence.get("end_time"),
            "place": rules.clean_text(occurrence.get("place")),
            "is_online": bool(occurrence.get("is_online")),
            "url": rules.clean_text(occurrence.get("url")),
            "is_public": bool(occurrence.get("is_public")),
        }
        problems = rules.check_occurrence(edition, row, year_long=year_long)
        if len(row["place"]) > SHORT_MAX:
            problems["place"] = f"Le lieu ne peut dépasser {SHORT_MAX} caractères."
        for message in problems.values():
            errors.setdefault("occurrences", []).append(f"Temps fort n° {index} : {message}")
        cleaned.append(row)
    return cleaned


def _clean_partners(partners, errors) -> list[dict]:
    cleaned = []
    for index, item in enumerate(partners or [], start=1):
        partner = item.get("partner")
        name = rules.clean_text(item.get("name")) if partner is None else partner.name
        kind = item.get("kind") or (partner.kind if partner else PartnerKind.OTHER)
        prefix = f"Partenaire n° {index} : "
        if not name:
            errors.setdefault("partners", []).append(prefix + "indiquez son nom.")
        elif len(name) > TITLE_MAX:
            errors.setdefault("partners", []).append(prefix + f"le nom ne peut dépasser {TITLE_MAX} caractères.")
        if kind not in PartnerKind.values:
            errors.setdefault("partners", []).append(prefix + "type de partenaire inconnu.")
        contributions = clean_choices(item.get("contributions"), Contribution, prefix + "apports", errors, "partners")
        text = rules.clean_text(item.get("contribution_text"))
        if len(text) > SHORT_MAX:
            errors.setdefault("partners", []).append(prefix + f"la précision ne peut dépasser {SHORT_MAX} caractères.")
        cleaned.append(
            {"partner": partner, "name": name, "kind": kind, "contributions": contributions, "contribution_text": text}
        )
    return cleaned


def _write_relations(action, *, values: dict, themes, occurrences, partners, by) -> None:
    if "schools" in values:
        action.schools.set(values["schools"])
    if themes is not None:
        action.themes.set(themes)
    if occurrences is not None:
        action.occurrences.all().delete()
        Occurrence.objects.bulk_create(Occurrence(action=action, **row) for row in occurrences)
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


def _clean(*, edition, by, fields: dict, current: Action | None, errors: dict):
    """Every field of `fields` cleaned, every problem in `errors` (none hides another)."""
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown action fields: {', '.join(sorted(unknown))}")
    values = clean_plain(fields, errors)
    values.update(_clean_carrier(edition=edition, by=by, fields=fields, current=current, errors=errors))
    themes = _clean_themes(edition, fields["themes"], errors) if "themes" in fields else None
    year_long = bool(fields["is_year_long"]) if "is_year_long" in fields else bool(current and current.is_year_long)
    occurrences = (
        _clean_occurrences(edition, fields["occurrences"], errors, year_long=year_long)
        if "occurrences" in fields
        else None
    )
    partners = _clean_partners(fields["partners"], errors) if "partners" in fields else None
    return values, themes, occurrences, partners


def _prepare(*, edition, by, fields: dict, current: Action | None):
    errors: dict = {}
    cleaned = _clean(edition=edition, by=by, fields=fields, current=current, errors=errors)
    raise_errors(errors)
    return cleaned


def action_check(*, edition, by, current: Action | None = None, **fields) -> dict[str, list[str]]:
    """What action_create_draft (current=None) or action_update (current: the fiche) would refuse in
    `fields`, field by field, writing nothing. A form that could not parse some of its fields asks
    this about the others, so that the user sees every problem after one submit."""
    errors: dict = {}
    _clean(edition=edition, by=by, fields=fields, current=current, errors=errors)
    return errors


# --- Drafts ----------------------------------------------------------------------------------------


@transaction.atomic
def action_create_draft(*, edition, by, schools: Iterable | None = None, **fields) -> Action:
    """A new draft fiche in `edition`, owned by `by`.

    `fields` are those of ACTION_FIELDS: plain fields, `carrier_level` with `schools` (School list),
    `bassin` or `department`, `themes` (EditionTheme list), `occurrences` (dicts {date, start_time,
    end_time, place, is_online, url, is_public}), `partners` (dicts {partner or name + kind,
    contributions, contribution_text}). A draft may be incomplete; what is given must be valid.
    Refused after the declaration deadline (unless the edition accepts late declarations), for a
    school outside `by`'s scope, and in an edition not yet published (except for its pilots).
    """
    if schools is not None:
        fields["schools"] = schools
    pilot = is_edition_pilot(by, edition)
    if not _may_declare_in(by, edition):
        raise ModerationError(
            f"Vous ne pouvez pas déclarer d'action dans l'édition {of_academy(edition.academy.name)}."
        )
    if not pilot and not edition.is_published:
        raise ActionError("Cette édition n'est pas encore ouverte aux déclarations.")
    if not pilot and not edition.is_declaration_open():
        raise ActionError(
            f"La date limite de déclaration des actions ({edition.declaration_deadline:%d/%m/%Y}) est passée : "
            "il n'est plus possible de déclarer une action dans cette édition."
        )
    values, themes, occurrences, partners = _prepare(edition=edition, by=by, fields=fields, current=None)
    plain = {k: v for k, v in values.items() if k != "schools"}
    action = Action.objects.create(edition=edition, created_by=by, status=ActionStatus.DRAFT, **plain)
    _write_relations(action, values=values, themes=themes, occurrences=occurrences, partners=partners, by=by)
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
        "occurrences": list(
            action.occurrences.values_list("date", "start_time", "end_time", "place", "is_online", "url", "is_public")
        ),
        "partners": list(
            action.action_partners.values_list("partner_id", "contributions", "contribution_text").order_by("pk")
        ),
    }


@transaction.atomic
def action_update(*, action, by, **fields) -> Action:
    """Change a fiche. Porteurs while it is a draft or « à modifier », before the deadline unless the
    fiche was reopened; moderators at any stage but withdrawn. Lists given (schools, themes,
    occurrences, partners) replace the current ones; fields not given are kept."""
    action = lock_action(action)
    problem = rules.check_edit(by, action)
    if problem:
        raise ModerationError(problem)
    values, themes, occurrences, partners = _prepare(edition=action.edition, by=by, fields=fields, current=action)
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
    _write_relations(action, values=values, themes=themes, occurrences=occurrences, partners=partners, by=by)
    after = _relation_signature(action)
    changed += [name for name in before if before[name] != after[name]]
    log_action(action, "actions.action.updated", user=by, data={"changed": sorted(set(changed))})
    if action.status == ActionStatus.PUBLISHED:
        catalogue_index.index_action(action)
    return action
