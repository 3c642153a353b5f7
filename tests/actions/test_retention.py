"""Fiches' contacts and bilan photos are erased when the personal data page says they are."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from sps.actions.models import Action, BilanPhoto
from sps.actions.retention import actions_purge_contacts, bilan_photos_purge
from sps.audit.models import AuditEntry
from sps.editions.enums import MilestoneKind
from tests.actions.factories import ActionFactory, BilanFactory
from tests.editions.factories import CampaignFactory, EditionFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2030, 6, 1)
DAY = datetime.timedelta(days=1)
CONTACT_CUTOFF = TODAY - datetime.timedelta(days=settings.RETENTION["ACTION_CONTACT_DAYS"])
PHOTO_CUTOFF = TODAY - datetime.timedelta(days=settings.RETENTION["BILAN_PHOTO_DAYS"])
CONTACT = {"contact_name": "Claire Dumas", "contact_email": "claire.dumas@ac-test.fr", "contact_role": "Principale"}


def edition_ending(week_end: datetime.date, *, bilan_deadline=None, bilan_until=None):
    """An edition whose week ends on `week_end`, with a bilan deadline (one day, or a period) if given."""
    year = week_end.year if week_end.month >= 9 else week_end.year - 1
    edition = EditionFactory(
        campaign=CampaignFactory(school_year=f"{year}-{year + 1}"),
        published=True,
        week_start=week_end - 4 * DAY,
        week_end=week_end,
    )
    if bilan_deadline:
        MilestoneFactory(edition=edition, kind=MilestoneKind.BILAN_DEADLINE, date=bilan_deadline, end_date=bilan_until)
    return edition


def contact_of(action) -> dict:
    action.refresh_from_db()
    return {name: getattr(action, name) for name in CONTACT}


@pytest.fixture
def fiches():
    week_long_ago = CONTACT_CUTOFF - 300 * DAY
    return {
        # Bilan closed the day before the cutoff: past the period.
        "bilan_past": ActionFactory(edition=edition_ending(week_long_ago, bilan_deadline=CONTACT_CUTOFF - DAY)),
        # The week is long past, but the bilan (a period) closes on the cutoff: kept.
        "bilan_period_running": ActionFactory(
            edition=edition_ending(week_long_ago, bilan_deadline=week_long_ago, bilan_until=CONTACT_CUTOFF)
        ),
        # No bilan deadline: the week's end counts.
        "week_past": ActionFactory(edition=edition_ending(CONTACT_CUTOFF - DAY)),
        "week_running": ActionFactory(edition=edition_ending(CONTACT_CUTOFF)),
        # Past, but with no contact to erase: not counted, no audit entry.
        "no_contact": ActionFactory(
            edition=edition_ending(CONTACT_CUTOFF - 30 * DAY), contact_name="", contact_email="", contact_role=""
        ),
    }


def test_contacts_past_their_period_are_blanked_and_nothing_else(fiches):
    before = {key: Action.objects.values().get(pk=a.pk) for key, a in fiches.items()}
    assert actions_purge_contacts(today=TODAY) == 2
    for key in ("bilan_past", "week_past"):
        assert contact_of(fiches[key]) == dict.fromkeys(CONTACT, "")
        after = Action.objects.values().get(pk=fiches[key].pk)
        assert {k: v for k, v in after.items() if k not in CONTACT} == {
            k: v for k, v in before[key].items() if k not in CONTACT
        }  # the fiche stays, only its contact goes
    for key in ("bilan_period_running", "week_running"):
        assert contact_of(fiches[key]) == CONTACT
    entries = AuditEntry.objects.filter(verb="actions.action.contact_purged")
    assert sorted(e.object_id for e in entries) == sorted([fiches["bilan_past"].pk, fiches["week_past"].pk])
    for entry in entries:
        assert entry.user is None
        assert entry.data == {"fields": ["contact_email", "contact_name", "contact_role"]}
        assert not any(value in str(entry.data) for value in CONTACT.values())


def test_contact_dry_run_counts_and_writes_nothing(fiches):
    assert actions_purge_contacts(today=TODAY, dry_run=True) == 2
    assert all(contact_of(a) == CONTACT for key, a in fiches.items() if key != "no_contact")
    assert not AuditEntry.objects.exists()


def test_contact_second_run_erases_nothing_more(fiches):
    assert actions_purge_contacts(today=TODAY) == 2
    assert actions_purge_contacts(today=TODAY) == 0
    assert AuditEntry.objects.filter(verb="actions.action.contact_purged").count() == 2


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 120, 40)).save(out, format="JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def photo_of(action) -> BilanPhoto:
    bilan = getattr(action, "bilan", None) or BilanFactory(action=action)
    return BilanPhoto.objects.create(bilan=bilan, image=jpeg(), consent_confirmed=True, consent_text="Attesté.")


@pytest.fixture
def photos():
    old = ActionFactory(edition=edition_ending(PHOTO_CUTOFF - DAY))
    kept = ActionFactory(edition=edition_ending(PHOTO_CUTOFF, bilan_deadline=PHOTO_CUTOFF + 30 * DAY))
    return {"old": [photo_of(old), photo_of(old)], "kept": [photo_of(kept)]}


def test_photos_past_their_period_are_deleted_with_their_files(photos, settings):
    old_paths = [Path(p.image.path) for p in photos["old"]]
    kept_path = Path(photos["kept"][0].image.path)
    assert all(p.is_file() and p.is_relative_to(settings.PRIVATE_MEDIA_ROOT) for p in [*old_paths, kept_path])
    assert bilan_photos_purge(today=TODAY) == 2
    assert list(BilanPhoto.objects.all()) == photos["kept"]
    assert not any(p.exists() for p in old_paths)
    assert kept_path.is_file()
    action = photos["old"][0].bilan.action
    entry = AuditEntry.objects.for_object(action).get(verb="actions.bilan.photo_purged")
    assert entry.user is None and entry.data == {"photos": [p.pk for p in photos["old"]]}
    assert Action.objects.filter(pk=action.pk).exists()  # the fiche and its bilan stay


def test_photo_dry_run_counts_and_writes_nothing(photos):
    assert bilan_photos_purge(today=TODAY, dry_run=True) == 2
    assert BilanPhoto.objects.count() == 3
    assert all(Path(p.image.path).is_file() for p in photos["old"])
    assert not AuditEntry.objects.exists()


def test_photo_second_run_erases_nothing_more(photos):
    assert bilan_photos_purge(today=TODAY) == 2
    assert bilan_photos_purge(today=TODAY) == 0
    assert BilanPhoto.objects.count() == 1
    assert AuditEntry.objects.filter(verb="actions.bilan.photo_purged").count() == 1


def test_command_reports_in_french_and_is_idempotent(capsys):
    # The world fixture's clock: 15 January 2027. These are far enough in the past.
    fiche = ActionFactory(edition=edition_ending(datetime.date(2020, 3, 20), bilan_deadline=datetime.date(2020, 4, 30)))
    photo_of(fiche)
    call_command("purge_personal_data", "--dry-run")
    out = capsys.readouterr().out
    assert "Simulation (--dry-run)\u00a0: rien n'a été effacé." in out
    assert "Fiches action dont le contact serait effacé (bilan clos depuis plus de 2 ans)\u00a0: 1" in out
    assert "Photos de bilan à supprimer (semaine terminée depuis plus de 3 ans)\u00a0: 1" in out
    assert contact_of(fiche) == CONTACT and BilanPhoto.objects.count() == 1
    call_command("purge_personal_data")
    out = capsys.readouterr().out
    assert "Fiches action dont le contact a été effacé (bilan clos depuis plus de 2 ans)\u00a0: 1" in out
    assert "Photos de bilan supprimées (semaine terminée depuis plus de 3 ans)\u00a0: 1" in out
    assert contact_of(fiche) == dict.fromkeys(CONTACT, "") and not BilanPhoto.objects.exists()
    call_command("purge_personal_data")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and all(line.endswith("\u00a0: 0") for line in lines)


def test_the_periods_are_the_ones_the_personal_data_page_promises(client):
    contact_days, photo_days = settings.RETENTION["ACTION_CONTACT_DAYS"], settings.RETENTION["BILAN_PHOTO_DAYS"]
    assert contact_days % 365 == 0 and photo_days % 365 == 0
    body = client.get("/donnees-personnelles/").content.decode().replace("&#x27;", "'")
    assert f"Le temps de l'édition et de son bilan, puis {contact_days // 365} ans\u00a0;" in body
    assert f"Le temps de l'édition, puis {photo_days // 365} ans au plus" in body
