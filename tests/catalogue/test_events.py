"""The events of the week join the catalogue: indexed through the events services, kept in step
on every change, one entry per organising académie and counted once nationally."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from sps.catalogue import counts, index, stats
from sps.catalogue.enums import EntryKind
from sps.catalogue.models import CatalogueDay, CatalogueEntry, CatalogueRemoval
from sps.catalogue.programme import ProgrammeScope, build_programme
from sps.catalogue.query import CatalogueQuery
from sps.events import services
from sps.events.enums import Audience, EventStatus
from tests.accounts.factories import UserFactory, grant
from tests.actions.factories import ActionFactory
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.events.factories import EventFactory, EventSessionFactory, SpeakerFactory
from tests.territories.factories import AcademyFactory, DepartmentFactory

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def region():
    """Three académies of a région académique, each with its edition of the same school year."""
    campaign = CampaignFactory(school_year="2026-2027")
    academies = [
        AcademyFactory(name="Clermont-Ferrand", slug="clermont-ev"),
        AcademyFactory(name="Grenoble", slug="grenoble-ev"),
        AcademyFactory(name="Lyon", slug="lyon-ev"),
    ]
    editions = [EditionFactory(academy=a, campaign=campaign, published=True) for a in academies]
    return {"campaign": campaign, "academies": academies, "editions": editions, "week": editions[0].week_start}


@pytest.fixture
def pilot():
    user = UserFactory()
    grant(user, "national_pilot")
    return user


def make_event(region, academies=None, *, days=(0,), **kwargs):
    event = EventFactory(academies=academies or region["academies"][:1], with_session=False, **kwargs)
    for offset in days:
        day = region["week"] + datetime.timedelta(days=offset)
        EventSessionFactory(event=event, starts_at=at(day, 9), ends_at=at(day, 12))
    return event


def search(q, **params):
    return list(CatalogueQuery.from_params({"q": q, **params}).entries())


def save(event, by, **fields):
    """Edit the event through its service, keeping its académies and sessions."""
    values = {name: getattr(event, name) for name in ("kind", "title", "description", "place", "audience")}
    values.update(department=event.department, bassin=event.bassin, capacity=event.capacity, **fields)
    return services.event_save(
        event=event,
        by=by,
        fields=values,
        academies=list(event.academies.all()),
        sessions=[
            {"id": s.pk, "title": s.title, "starts_at": s.starts_at, "ends_at": s.ends_at, "place": s.place}
            for s in event.sessions.all()
        ],
    )


def test_a_published_event_gets_an_entry_with_its_session_days_and_searched_text(region):
    event = make_event(
        region,
        days=(0, 2),
        title="Séminaire académique",
        place="Amphithéâtre Pascal, Aubière",
        audience=Audience.STAFF,
        online_url="https://visio.example.fr/secret-room",
    )
    SpeakerFactory(event=event, name="Nadia Berkouk", title="Sociologue", topic="Décrochage invisible")
    index.index_events([event.pk])
    entry = CatalogueEntry.objects.get(event=event)
    assert entry.kind == EntryKind.EVENT and entry.action_id is None
    assert entry.edition == region["editions"][0] and entry.campaign == region["campaign"]
    assert entry.get_absolute_url() == f"/evenements/{event.pk}/"
    week = region["week"]
    assert list(CatalogueDay.objects.filter(entry=entry).values_list("date", flat=True)) == [
        week,
        week + datetime.timedelta(days=2),
    ]
    assert (entry.first_date, entry.last_date) == (week, week + datetime.timedelta(days=2))
    for words in ("seminaire", "berkouk", "decrochage invisible", "sociologue", "amphitheatre aubiere"):
        assert search(words) == [entry], words
    assert search("secret room") == [] and search("visio") == []
    assert "secret" not in entry.text.search_text
    assert list(CatalogueQuery.from_params({"public": "personnels"}).entries()) == [entry]
    assert list(CatalogueQuery.from_params({"public": "parents"}).entries()) == []
    assert list(CatalogueQuery.from_params({"nature": "evenement"}).entries()) == [entry]
    assert list(CatalogueQuery.from_params({"nature": "action"}).entries()) == []
    assert list(CatalogueQuery.from_params({"jour": week.isoformat()}).entries()) == [entry]


def test_a_draft_event_or_one_without_an_edition_is_not_in_the_catalogue(region):
    draft = make_event(region, status=EventStatus.DRAFT)
    elsewhere = EventFactory()  # an académie without an edition that year
    index.index_events([draft.pk, elsewhere.pk])
    assert not CatalogueEntry.objects.exists()


def test_the_services_keep_the_catalogue_in_step(region, pilot, django_capture_on_commit_callbacks):
    event = make_event(region, status=EventStatus.DRAFT, title="Forum des métiers")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_published(event=event, by=pilot, published=True)
    entry = CatalogueEntry.objects.get(event=event)
    assert search("forum metiers") == [entry]
    # An edit: the new title is found, the old one no longer.
    with django_capture_on_commit_callbacks(execute=True):
        save(event, pilot, title="Rencontres de l'orientation")
    assert search("rencontres orientation") == [CatalogueEntry.objects.get(event=event)]
    assert search("forum metiers") == []
    # Taken back to draft: out, and listed among the removals.
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_published(event=event, by=pilot, published=False)
    assert not CatalogueEntry.objects.exists()
    assert search("rencontres") == []
    assert CatalogueRemoval.objects.filter(kind=EntryKind.EVENT, object_id=event.pk).exists()
    # Published again: back in, no longer a removal.
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_published(event=event, by=pilot, published=True)
    assert CatalogueEntry.objects.filter(event=event).count() == 1
    assert not CatalogueRemoval.objects.filter(kind=EntryKind.EVENT, object_id=event.pk).exists()
    # Deleted: out of the catalogue and of the full-text index, recorded as removed.
    event_id = event.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.event_delete(event=event, by=pilot)
    assert not CatalogueEntry.objects.exists()
    assert search("rencontres") == []
    assert CatalogueRemoval.objects.filter(kind=EntryKind.EVENT, object_id=event_id).exists()
    assert counts.national_total("2026-2027") == 0


def test_a_shared_event_is_in_each_academie_and_counted_once_nationally(region):
    clermont, grenoble, lyon = region["academies"]
    department = DepartmentFactory(academy=grenoble)
    shared = make_event(region, region["academies"], title="Séminaire interacadémique", department=department)
    ActionFactory(edition=region["editions"][0], published=True, title="Café des parents")
    index.index_actions(ActionFactory._meta.model.objects.values_list("pk", flat=True))
    index.index_events([shared.pk])
    entries = CatalogueEntry.objects.filter(event=shared)
    assert sorted(entries.values_list("academy__slug", flat=True)) == ["clermont-ev", "grenoble-ev", "lyon-ev"]
    # The primary entry is the académie of the event's département.
    assert list(entries.filter(is_primary=True).values_list("academy_id", flat=True)) == [grenoble.pk]
    # Nationally: one action, one event.
    national = CatalogueQuery()
    assert national.entries().count() == 2
    assert search("interacademique") == [entries.get(is_primary=True)]
    assert counts.national_total("2026-2027") == 2
    # In each académie's programme.
    expected = {"clermont-ev": 2, "grenoble-ev": 1, "lyon-ev": 1}
    for slug, n in expected.items():
        query = CatalogueQuery.from_params({"academie": slug})
        assert query.entries().count() == n
        assert search("interacademique", academie=slug) == [entries.get(academy__slug=slug)]
    from sps.catalogue.facets import facets

    academie_facet = next(f for f in facets(national) if f.name == "academie")
    assert {v.value: v.count for v in academie_facet.values} == expected
    # The counts kept in advance agree (one shared event: once nationally, in each académie).
    precomputed = counts.territory_facets(national)
    assert precomputed["school_year"] == {region["campaign"].pk: 2}
    assert precomputed["kind"] == {"action": 1, "event": 1}
    assert precomputed["academy"] == {clermont.pk: 2, grenoble.pk: 1, lyon.pk: 1}
    assert precomputed["public"]["personnels"] == 1
    lyon_only = counts.territory_facets(CatalogueQuery.from_params({"academie": "lyon-ev"}))
    assert lyon_only["kind"] == {"event": 1} and lyon_only["school_year"] == {region["campaign"].pk: 1}
    # The national table: each académie's row has the event, the national total has it once.
    assert {row["academy"].slug: row["actions"] for row in stats.national_table("2026-2027")} == expected
    # The printable programme of each académie lists it on its day.
    for edition in region["editions"]:
        programme = build_programme(ProgrammeScope(edition=edition, level="academy"))
        [day] = programme.days
        # The events come first on their day, under their own heading, with the session's hours.
        assert [item.entry.title for item in day.communes[0].items] == ["Séminaire interacadémique"]
        assert day.communes[0].name == "Événements de la Semaine", edition.academy.slug
        assert day.communes[0].items[0].times == "9\u00a0h – 12\u00a0h"


def test_an_academie_leaving_a_shared_event_loses_its_entry(region, pilot, django_capture_on_commit_callbacks):
    shared = make_event(region, region["academies"][:2])
    index.index_events([shared.pk])
    assert CatalogueEntry.objects.filter(event=shared).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.event_save(
            event=shared,
            by=pilot,
            fields={"title": shared.title, "place": shared.place},
            academies=[region["academies"][1]],
            sessions=[
                {"id": s.pk, "title": s.title, "starts_at": s.starts_at, "ends_at": s.ends_at, "place": ""}
                for s in shared.sessions.all()
            ],
        )
    entries = CatalogueEntry.objects.filter(event=shared)
    assert list(entries.values_list("academy__slug", "is_primary")) == [("grenoble-ev", True)]


def test_rebuild_catalogue_rebuilds_events_too(region):
    event = make_event(region, region["academies"][:2], title="Forum de la persévérance")
    CatalogueEntry.objects.all().delete()
    call_command("rebuild_catalogue", verbosity=0)
    assert CatalogueEntry.objects.filter(event=event).count() == 2
    assert [e.event_id for e in search("forum perseverance")] == [event.pk]


def test_open_data_records_carry_events_once_with_their_kind_and_page(region):
    shared = make_event(
        region, region["academies"][:2], title="Forum régional", online_url="https://visio.example.fr/x"
    )
    index.index_events([shared.pk])
    from sps.catalogue import exports

    records = list(exports.iter_records(CatalogueQuery()))
    assert [(r["kind"], r["id"], r["title"]) for r in records] == [("event", shared.pk, "Forum régional")]
    assert records[0]["url"].endswith(f"/evenements/{shared.pk}/")
    assert "visio" not in str(records)
    by_academy = list(exports.iter_records(CatalogueQuery.from_params({"academie": "grenoble-ev"})))
    assert [(r["academy"], r["id"]) for r in by_academy] == [("grenoble-ev", shared.pk)]


def test_an_event_joins_the_programme_when_its_academie_gets_its_edition(region):
    campaign = region["campaign"]
    newcomer = AcademyFactory(name="Dijon", slug="dijon-ev")
    event = make_event(region, [newcomer], title="Forum de Dijon")
    index.index_events([event.pk])
    assert not CatalogueEntry.objects.filter(event=event).exists()  # no edition of Dijon yet
    edition = EditionFactory(academy=newcomer, campaign=campaign)
    index.reindex_edition(edition)
    assert list(CatalogueEntry.objects.filter(event=event).values_list("edition_id", flat=True)) == [edition.pk]
