"""What the personal data page promises about fiches, enforced (purge_personal_data, run daily).

- A fiche's contact (name, address, role) is kept for the edition and its bilan, then
  RETENTION["ACTION_CONTACT_DAYS"]; the fiche itself stays in the school's history without it.
- Bilan photos (often of minors) are kept for the edition, then RETENTION["BILAN_PHOTO_DAYS"] at most.

Both services are idempotent: what is already erased no longer matches their queries.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from sps.actions.fields import PERSONAL_FIELDS
from sps.actions.models import Action, BilanPhoto
from sps.audit.services import log_action
from sps.editions.enums import MilestoneKind
from sps.editions.models import Edition, Milestone

CONTACT_FIELDS = tuple(sorted(PERSONAL_FIELDS))


def _cutoff(today: datetime.date | None, setting: str) -> datetime.date:
    return (today or timezone.localdate()) - datetime.timedelta(days=settings.RETENTION[setting])


def editions_with_bilan_closed_before(day: datetime.date):
    """Editions whose bilan deadline (its last day), or the end of the week when none is set, is before `day`."""
    bilan_deadline = Milestone.objects.filter(edition=OuterRef("pk"), kind=MilestoneKind.BILAN_DEADLINE).values(
        last_day=Coalesce("end_date", "date")
    )[:1]
    return Edition.objects.annotate(bilan_closes_on=Coalesce(Subquery(bilan_deadline), "week_end")).filter(
        bilan_closes_on__lt=day
    )


def actions_with_expired_contact(*, today: datetime.date | None = None):
    """Fiches still holding a contact although their edition's bilan closed more than the period ago."""
    cutoff = _cutoff(today, "ACTION_CONTACT_DAYS")
    return Action.objects.filter(edition__in=editions_with_bilan_closed_before(cutoff).values("pk")).exclude(
        contact_name="", contact_email="", contact_role=""
    )


def actions_purge_contacts(*, today: datetime.date | None = None, dry_run: bool = False) -> int:
    """Blank the contact of every fiche past its period; an audit entry on each names the fields, never their values.

    Returns how many fiches were (with `dry_run`: would be) emptied. `updated_at` is left as it is:
    the fiche's content did not change.
    """
    if dry_run:
        return actions_with_expired_contact(today=today).count()
    with transaction.atomic():
        actions = list(actions_with_expired_contact(today=today).select_for_update().order_by("pk"))
        for action in actions:
            fields = [name for name in CONTACT_FIELDS if getattr(action, name)]
            log_action(action, "actions.action.contact_purged", user=None, data={"fields": fields})
        Action.objects.filter(pk__in=[a.pk for a in actions]).update(**dict.fromkeys(CONTACT_FIELDS, ""))
    return len(actions)


def expired_bilan_photos(*, today: datetime.date | None = None):
    """Photos of the editions whose week ended more than the period ago."""
    cutoff = _cutoff(today, "BILAN_PHOTO_DAYS")
    return BilanPhoto.objects.filter(bilan__action__edition__week_end__lt=cutoff)


def bilan_photos_purge(*, today: datetime.date | None = None, dry_run: bool = False) -> int:
    """Delete the photos past their period, file and row; one audit entry per fiche lists the photo ids.

    Returns how many photos were (with `dry_run`: would be) deleted.
    """
    if dry_run:
        return expired_bilan_photos(today=today).count()
    with transaction.atomic():
        photos = list(
            expired_bilan_photos(today=today)
            .select_for_update(of=("self",))
            .select_related("bilan__action")
            .order_by("pk")
        )
        by_action: dict[int, tuple[Action, list[int]]] = {}
        for photo in photos:
            by_action.setdefault(photo.bilan.action_id, (photo.bilan.action, []))[1].append(photo.pk)
            # Like bilan_photo_remove, the file goes inside the transaction: if it then rolls back, the
            # row points at a missing file (deleting it again is harmless) rather than a file outliving
            # its row, which nothing would find to erase.
            photo.image.delete(save=False)
        BilanPhoto.objects.filter(pk__in=[p.pk for p in photos]).delete()
        for action, photo_ids in by_action.values():
            log_action(action, "actions.bilan.photo_purged", user=None, data={"photos": photo_ids})
    return len(photos)
