"""Writing the pilot's parts of a synthesis: introduction and conclusion, axes de travail; publishing
it (its texts and axes are then frozen) and reopening it.

Each service writes everything or nothing (one transaction, the row locked) and records the change
in the history (sps.audit). `academy=None` is the national synthesis of the campaign.
"""

from django.db import transaction
from django.utils import timezone

from sps.audit.services import log_action
from sps.common.errors import DomainError
from sps.syntheses.enums import DataStatus
from sps.syntheses.models import LEVEL_FIELDS, DeclaredFigures, PressContact, SynthesisText
from sps.syntheses.typography import publication_date

MAX_AXES = 10
AXIS_MAX_LENGTH = 500


class SynthesisPublishedError(DomainError):
    """A change refused by the publication state of a synthesis (published: frozen; or not published)."""


def published_message(text: SynthesisText) -> str:
    return (
        f"Cette synthèse est publiée depuis le {publication_date(text.published_at)}\u00a0: son introduction, sa conclusion et ses axes de "
        "travail ne peuvent plus être modifiés. Rouvrez-la pour modification si un changement est nécessaire."
    )


def _locked_text(*, campaign, academy) -> SynthesisText:
    SynthesisText.objects.get_or_create(campaign=campaign, academy=academy)
    return SynthesisText.objects.select_for_update().get(campaign=campaign, academy=academy)


def _editable_text(*, campaign, academy) -> SynthesisText:
    """The locked text, if the synthesis is not published (else SynthesisPublishedError)."""
    text = _locked_text(campaign=campaign, academy=academy)
    if text.is_published:
        raise SynthesisPublishedError(published_message(text))
    return text


def _log_data(campaign, academy) -> dict:
    return {"campaign": campaign.school_year, "academy": academy.slug if academy else None}


def synthesis_publish(*, campaign, academy, by) -> SynthesisText:
    """Publish a synthesis: from now on its introduction, conclusion and axes are frozen."""
    with transaction.atomic():
        text = _locked_text(campaign=campaign, academy=academy)
        if text.is_published:
            raise SynthesisPublishedError(published_message(text))
        if academy is not None and not text.axes_edited:
            # The suggestions are recomputed at each generation: the published axes are those of today.
            from sps.syntheses.document import suggested_axes_for

            suggested = [axis.text for axis in suggested_axes_for(campaign=campaign, academy=academy)]
            if suggested:
                text.axes, text.axes_edited = "\n".join(suggested), True
        text.published_at, text.published_by = timezone.now(), by
        text.save()
        log_action(
            text,
            "syntheses.synthesis.published",
            user=by,
            data={**_log_data(campaign, academy), "axes": text.axes_lines if academy is not None else None},
        )
    return text


def synthesis_reopen(*, campaign, academy, by) -> SynthesisText:
    """Reopen a published synthesis for modification (it is a working document again)."""
    with transaction.atomic():
        text = _locked_text(campaign=campaign, academy=academy)
        if not text.is_published:
            raise SynthesisPublishedError("Cette synthèse n'est pas publiée\u00a0: elle est déjà modifiable.")
        published_at = text.published_at
        text.published_at, text.published_by = None, None
        text.save()
        log_action(
            text,
            "syntheses.synthesis.reopened",
            user=by,
            data={**_log_data(campaign, academy), "published_at": published_at.isoformat()},
        )
    return text


def synthesis_text_update(*, campaign, academy, introduction: str, conclusion: str, by) -> SynthesisText:
    """Replace the introduction and the conclusion (perspectives) of a synthesis."""
    with transaction.atomic():
        text = _editable_text(campaign=campaign, academy=academy)
        changed = [
            name
            for name, value in (("introduction", introduction), ("conclusion", conclusion))
            if getattr(text, name) != value
        ]
        text.introduction, text.conclusion, text.updated_by = introduction, conclusion, by
        text.save()
        log_action(
            text,
            "syntheses.synthesis_text.updated",
            user=by,
            data={"campaign": campaign.school_year, "academy": academy.slug if academy else None, "fields": changed},
        )
    return text


def synthesis_axes_update(*, campaign, academy, axes: list[str], by) -> SynthesisText:
    """The pilot's own axes de travail for `academy`'s next edition (they replace the suggestions)."""
    with transaction.atomic():
        text = _editable_text(campaign=campaign, academy=academy)
        before = text.axes_lines if text.axes_edited else None
        text.axes, text.axes_edited, text.updated_by = "\n".join(axes), True, by
        text.save()
        log_action(
            text,
            "syntheses.axes.updated",
            user=by,
            data={"campaign": campaign.school_year, "academy": academy.slug, "before": before, "after": axes},
        )
    return text


def synthesis_axes_reset(*, campaign, academy, by) -> SynthesisText:
    """Back to the axes suggested from the indicators (recomputed at each generation)."""
    with transaction.atomic():
        text = _editable_text(campaign=campaign, academy=academy)
        before = text.axes_lines if text.axes_edited else None
        text.axes, text.axes_edited, text.updated_by = "", False, by
        text.save()
        log_action(
            text,
            "syntheses.axes.reset",
            user=by,
            data={"campaign": campaign.school_year, "academy": academy.slug, "before": before},
        )
    return text


# The fields of DeclaredFigures a pilot writes on the page (sps/www/pilotage/declared.py).
DECLARED_FIELDS = (
    "status",
    "actions_count",
    "actions_wording",
    "actions_approximate",
    "schools_count",
    "schools_wording",
    "schools_approximate",
    *LEVEL_FIELDS,
    "dates_wording",
    "partners",
    "notable_events",
)


class DeclaredFiguresError(DomainError):
    """Declared figures the domain refuses (French message per field)."""


def declared_figures_update(*, edition, values: dict, by) -> DeclaredFigures:
    """Write what an académie declares for `edition` (every field of DECLARED_FIELDS): a count left
    empty is « N.C. », never 0; « données non disponibles » holds no figure and no box."""
    unknown = set(values) - set(DECLARED_FIELDS)
    if unknown:
        raise ValueError(f"Unknown declared fields: {sorted(unknown)}")
    if values.get("status") == DataStatus.UNAVAILABLE:
        filled = [name for name in ("actions_count", "schools_count", *LEVEL_FIELDS) if values.get(name) is not None]
        if filled:
            raise DeclaredFiguresError(
                "Des données déclarées non disponibles ne portent aucun chiffre.",
                {name: "Videz ce champ (N.C.) ou choisissez «\u00a0Données communiquées\u00a0»." for name in filled},
            )
    with transaction.atomic():
        DeclaredFigures.objects.get_or_create(edition=edition)
        figures = DeclaredFigures.objects.select_for_update().get(edition=edition)
        changed = {name: value for name, value in values.items() if getattr(figures, name) != value}
        for name, value in values.items():
            setattr(figures, name, value)
        figures.updated_by = by
        figures.save()
        log_action(
            figures,
            "syntheses.declared_figures.updated",
            user=by,
            data={
                "edition": edition.pk,
                "changed": {k: v for k, v in changed.items() if k not in ("partners", "notable_events")},
                "texts_changed": sorted(k for k in changed if k in ("partners", "notable_events")),
            },
        )
    return figures


def press_contact_update(*, edition, service: str, email: str, phone: str = "", website: str = "", by) -> PressContact:
    """The press contact printed in `edition`'s dossier de presse (a service and its functional address)."""
    with transaction.atomic():
        contact = PressContact.objects.select_for_update().filter(edition=edition).first()
        before = None if contact is None else [contact.service, contact.email, contact.phone, contact.website]
        if contact is None:
            contact = PressContact(edition=edition)
        contact.service, contact.email, contact.phone, contact.website = service, email.lower(), phone, website
        contact.updated_by = by
        contact.save()
        log_action(
            contact,
            "syntheses.press_contact.updated",
            user=by,
            data={"edition": edition.pk, "before": before, "after": [service, email.lower(), phone, website]},
        )
    return contact
