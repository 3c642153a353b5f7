"""The demo's published programme: enough real content for the catalogue, map, calendar, widget and
printable programme (several bassins, every level, every weekday, actions phares, photos with consent)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from sps.actions.demo_programme import demo_programme_load
from sps.actions.models import BilanPhoto
from sps.catalogue.models import CatalogueDay, CatalogueEntry
from sps.catalogue.programme import build_programme, programme_scope

pytestmark = pytest.mark.django_db
LEVELS = {"maternelle", "elementaire", "6e", "5e", "4e", "3e", "2nde", "1re", "terminale", "lycee_pro"}


def test_the_demo_programme_has_real_content_and_is_idempotent(client):
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Programme\u00a0: " in out.getvalue()
    entries = CatalogueEntry.objects.filter(campaign__school_year="2026-2027")
    for slug in ("creteil", "rennes"):
        mine = entries.filter(academy__slug=slug)
        assert mine.count() >= 12, slug
        assert mine.exclude(bassin=None).values("bassin").distinct().count() == 3, slug
        assert mine.filter(is_flagship=True).exists(), slug
        assert mine.filter(theme_links__isnull=False).exists(), slug
    levels = set()
    for entry in entries.filter(kind="action").select_related("action"):
        levels |= set(entry.action.levels)
    assert levels >= LEVELS
    weekdays = {d.weekday() for d in CatalogueDay.objects.filter(entry__in=entries).values_list("date", flat=True)}
    assert weekdays == {0, 1, 2, 3, 4}
    photos = BilanPhoto.objects.filter(bilan__action__catalogue_entry__in=entries)
    assert photos.count() >= 5 and not photos.filter(consent_confirmed=False).exists()
    assert entries.filter(action__action_partners__isnull=False).distinct().count() >= 20

    # The demo events (a seminar, a forum, a rector's visit) are in Créteil's catalogue.
    events = entries.filter(kind="event", academy__slug="creteil")
    assert events.count() == 3 and events.filter(is_primary=True).count() == 3
    from sps.events.models import Event

    assert set(events.values_list("event_id", flat=True)) == set(
        Event.objects.filter(academies__slug="creteil").values_list("pk", flat=True)
    )
    page = client.get(reverse("public:programme"), {"academie": "creteil", "nature": "evenement"}).content.decode()
    assert "3 événements" in page and "/evenements/" in page

    programme = build_programme(programme_scope({"academie": "creteil", "edition": "2026-2027"}))
    assert len(programme.days) == 5 and programme.undated
    assert client.get(reverse("public:programme_print"), {"academie": "rennes"}).status_code == 200
    widget = client.get(reverse("public:programme_widget"), {"academie": "rennes"}).content.decode()
    assert "actions publiées" in widget

    # Two actions phares of one programme never share a title (the imagier is one at two schools).
    for slug in ("creteil", "rennes"):
        titles = list(entries.filter(academy__slug=slug, is_flagship=True).values_list("title", flat=True))
        assert len(titles) >= 2 and len(titles) == len(set(titles)), (slug, titles)
    assert entries.filter(academy__slug="creteil", is_flagship=True, title="L'imagier des langues de nos familles")
    # What the demo writes says « École » with its accent, even from a directory name « Ecole… ».
    from sps.actions.models import Occurrence
    from sps.events.models import EventSession

    ecole = re.compile(r"\bEcole\b")
    demo_texts = [
        *Event.objects.values_list("place", "title", "description"),
        *EventSession.objects.values_list("place", "title"),
        *Occurrence.objects.values_list("place", flat=False),
    ]
    assert Event.objects.filter(place__startswith="École").exists()
    assert not [t for row in demo_texts for t in row if t and ecole.search(t)]

    count, photo_count = entries.count(), photos.count()
    assert demo_programme_load() == 0
    call_command("load_demo", stdout=StringIO())
    assert CatalogueEntry.objects.filter(campaign__school_year="2026-2027").count() == count
    assert BilanPhoto.objects.count() == photo_count
