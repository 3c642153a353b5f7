"""The idea bank: model fiches managed by pilots, and drafts made from them."""

import uuid

from django.db import transaction
from django.utils.text import slugify

from sps.accounts import perms
from sps.actions import rules
from sps.actions.enums import (
    ActionStatus,
    CarrierLevel,
    IdeaCategory,
)
from sps.actions.errors import ActionError, ModerationError
from sps.actions.fields import MODEL_FIELDS, OTHER_FIELDS, TEXT_FIELDS
from sps.actions.models import (
    SHORT_MAX,
    Action,
    IdeaModel,
)
from sps.actions.services.common import (
    clean_plain,
    raise_errors,
)
from sps.actions.services.drafts import action_create_draft
from sps.audit.services import log_action

IDEA_FIELDS = (*MODEL_FIELDS, "category", "summary", "is_blank", "order")


def _clean_idea(fields: dict, *, creating: bool) -> dict:
    unknown = set(fields) - set(IDEA_FIELDS)
    if unknown:
        raise TypeError(f"Unknown idea model fields: {', '.join(sorted(unknown))}")
    errors: dict = {}
    values = clean_plain({k: v for k, v in fields.items() if k in TEXT_FIELDS or k in OTHER_FIELDS}, errors)
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
    raise_errors(errors, lead="Le modèle n'a pas été enregistré.")
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
    fields = {name: getattr(action, name) for name in MODEL_FIELDS}
    model = idea_model_create(by=by, category=category, summary=summary, **fields)
    model.source_action = action
    model.save(update_fields=["source_action"])
    log_action(action, "actions.action.made_model", user=by, data={"model": model.slug})
    return model


@transaction.atomic
def action_from_model(*, model, edition, by, school=None) -> Action:
    """« Utiliser ce modèle »: a new draft from an idea bank fiche, carried by `school` if given.
    The blank model « À votre tour… » gives an empty draft."""
    if not model.is_active:
        raise ActionError("Ce modèle n'est plus proposé.")
    fields = {} if model.is_blank else {name: getattr(model, name) for name in MODEL_FIELDS}
    if not model.is_blank and model.summary:
        fields["description"] = model.summary  # a first public description, to be made the school's own
    if model.category == IdeaCategory.DISTRICT and school is None and not model.is_blank:
        relay_bassin = perms.relay_bassins(by).order_by("pk").first()
        if relay_bassin is not None:
            fields.update(carrier_level=CarrierLevel.BASSIN, bassin=relay_bassin)
    action = action_create_draft(edition=edition, by=by, schools=[school] if school else None, **fields)
    action.from_model = model
    action.save(update_fields=["from_model"])
    log_action(action, "actions.action.created_from_model", user=by, data={"model": model.slug})
    return action
