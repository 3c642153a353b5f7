"""Writing the pilot's parts of a synthesis: introduction and conclusion, axes de travail.

Each service writes everything or nothing (one transaction, the row locked) and records the change
in the history (sps.audit). `academy=None` is the national synthesis of the campaign.
"""

from django.db import transaction

from sps.audit.services import log_action
from sps.syntheses.models import SynthesisText

MAX_AXES = 10
AXIS_MAX_LENGTH = 500


def _locked_text(*, campaign, academy) -> SynthesisText:
    SynthesisText.objects.get_or_create(campaign=campaign, academy=academy)
    return SynthesisText.objects.select_for_update().get(campaign=campaign, academy=academy)


def synthesis_text_update(*, campaign, academy, introduction: str, conclusion: str, by) -> SynthesisText:
    """Replace the introduction and the conclusion (perspectives) of a synthesis."""
    with transaction.atomic():
        text = _locked_text(campaign=campaign, academy=academy)
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
        text = _locked_text(campaign=campaign, academy=academy)
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
        text = _locked_text(campaign=campaign, academy=academy)
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
