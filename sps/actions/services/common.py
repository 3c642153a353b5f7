"""Private helpers shared by the action services: locking, on-commit e-mails, cleaning what a form sends."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from sps.accounts import perms
from sps.actions import notifications, rules
from sps.actions.enums import (
    Level,
    PromotionKind,
    Public,
)
from sps.actions.errors import ActionError
from sps.actions.fields import TEXT_FIELDS, label
from sps.actions.models import (
    TEXT_MAX,
    Action,
)
from sps.editions import rules as edition_rules


def lock_action(action) -> Action:
    return Action.objects.select_for_update().get(pk=action.pk)


def on_commit(func, *args, **kwargs):
    """The notification `func(*args, **kwargs)`, sent by a task once the transaction commits."""
    notifications.schedule(func, *args, **kwargs)


def clean_choices(value, enum, label, errors, key) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    values = [str(v) for v in value]
    unknown = [v for v in values if v not in enum.values]
    if unknown:
        errors.setdefault(key, []).append(f"{label} : valeur inconnue ({', '.join(unknown)}).")
    chosen = set(values)
    return [v for v in enum.values if v in chosen]  # the enum's order, no duplicates


def clean_url(value, label, errors, key) -> str:
    value = rules.clean_text(value)
    problem = rules.url_problem(value, label)
    if problem:
        errors.setdefault(key, []).append(problem)
    return value


def clean_plain(fields: dict, errors: dict) -> dict:
    """The plain fields of `fields`, cleaned; messages go to `errors`."""
    values = {}
    for name in TEXT_FIELDS:
        if name in fields:
            value = rules.clean_text(fields[name])
            max_length = Action._meta.get_field(name).max_length
            if len(value) > max_length:
                errors.setdefault(name, []).append(
                    f"« {label(name)} » ne peut dépasser {max_length} caractères (il en compte {len(value)})."
                )
            values[name] = value
    if re.search(r"\n\s*\n", values.get("description", "")):
        errors.setdefault("description", []).append(
            "La description tient en un seul paragraphe\u00a0: retirez les lignes vides."
        )
    if "publics" in fields:
        values["publics"] = clean_choices(fields["publics"], Public, "Publics", errors, "publics")
    if "levels" in fields:
        values["levels"] = clean_choices(fields["levels"], Level, "Niveaux", errors, "levels")
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
        values["website"] = clean_url(fields["website"], f"« {label('website')} »", errors, "website")
    if "video_url" in fields:
        values["video_url"] = clean_url(fields["video_url"], f"« {label('video_url')} »", errors, "video_url")
    return values


def is_edition_pilot(user, edition) -> bool:
    return perms.is_national_pilot(user) or perms.is_academy_pilot_of_any(
        user, edition_rules.academy_ids(edition.academy)
    )


def raise_errors(errors: dict, *, lead: str = "La fiche n'a pas été enregistrée.") -> None:
    if errors:
        messages = [m for ms in errors.values() for m in ms]
        raise ActionError(f"{lead} {' '.join(messages)}", errors=errors)


def clean_message(value, *, required_message: str, label: str) -> str:
    text = rules.clean_text(value)
    if not text:
        raise ActionError(required_message, errors={"comment": [required_message]})
    if len(text) > TEXT_MAX:
        message = f"{label} ne peut dépasser {TEXT_MAX} caractères (il en compte {len(text)})."
        raise ActionError(message, errors={"comment": [message]})
    return text
