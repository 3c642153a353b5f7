"""Facet counts agree with the results: for any combination of filters, each value's count is the
number of results the catalogue shows once that value is chosen (hypothesis over generated data)."""

import datetime
import random

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sps.actions.enums import IdeaCategory, Level, Public
from sps.catalogue import index
from sps.catalogue.facets import facet_counts, facets
from sps.catalogue.query import CatalogueQuery
from sps.events.enums import Audience
from sps.schools.enums import SchoolKind
from tests.actions.factories import ActionFactory, IdeaModelFactory
from tests.editions.factories import CampaignFactory, EditionFactory, EditionThemeFactory
from tests.events.factories import EventFactory, EventSessionFactory
from tests.schools.factories import SchoolFactory
from tests.territories.factories import AcademyFactory, BassinFactory, DepartmentFactory

pytestmark = pytest.mark.django_db

WORDS = ["théâtre", "parents", "orientation", "forum", "musique", "débat"]


@pytest.fixture
def catalogue(db):
    """About forty published actions over two académies, two editions, three bassins."""
    rng = random.Random(7)
    academies = [AcademyFactory(name="Créteil", slug="creteil-f"), AcademyFactory(name="Rennes", slug="rennes-f")]
    departments = [DepartmentFactory(academy=a) for a in academies for _ in range(2)]
    bassins = [BassinFactory(department=d) for d in departments[:3]]
    schools = [
        SchoolFactory(department=d, bassin=rng.choice([b for b in bassins if b.department == d] or [None]), kind=k)
        for d in departments
        for k in (SchoolKind.COLLEGE, SchoolKind.LYCEE_PRO, SchoolKind.ELEMENTARY)
    ]
    campaigns = [CampaignFactory(school_year="2025-2026"), CampaignFactory(school_year="2026-2027")]
    editions = {
        (a.pk, c.pk): EditionFactory(academy=a, campaign=c, published=True) for a in academies for c in campaigns
    }
    themes = {e.pk: [EditionThemeFactory(edition=e), EditionThemeFactory(edition=e)] for e in editions.values()}
    models = [IdeaModelFactory(category=c) for c in (IdeaCategory.GUIDANCE, IdeaCategory.CLASSROOM)]
    ids = []
    for n in range(30):
        school = rng.choice(schools)
        edition = editions[(school.department.academy_id, rng.choice(campaigns).pk)]
        action = ActionFactory(
            edition=edition,
            published=True,
            title=f"{rng.choice(WORDS)} {n}",
            description=" ".join(rng.sample(WORDS, 2)),
            levels=rng.sample([Level.SIXIEME, Level.SECONDE, Level.ELEMENTARY, Level.LYCEE_PRO], rng.randint(0, 2)),
            publics=rng.sample(list(Public.values), rng.randint(1, 2)),
            is_flagship=rng.random() < 0.3,
            from_model=rng.choice([*models, None]),
            occurrences=[
                {"date": edition.week_start + datetime.timedelta(days=d), "is_public": rng.random() < 0.8}
                for d in rng.sample(range(5), rng.randint(0, 2))
            ],
            schools=[school, *rng.sample(schools, rng.randint(0, 1))],
        )
        action.themes.set(rng.sample(themes[edition.pk], rng.randint(0, 2)))
        ids.append(action.pk)
    index.index_actions(ids)
    # Events: some in one académie, some shared by both (one entry per académie, counted once).
    event_ids = []
    for n in range(8):
        campaign = rng.choice(campaigns)
        organisers = rng.choice([academies[:1], academies[1:], academies])
        department = rng.choice([d for d in departments if d.academy in organisers] + [None])
        week_start = editions[(organisers[0].pk, campaign.pk)].week_start
        event = EventFactory(
            academies=organisers,
            department=department,
            title=f"{rng.choice(WORDS)} événement {n}",
            audience=rng.choice(list(Audience.values)),
            with_session=False,
        )
        for d in rng.sample(range(5), rng.randint(1, 2)):
            start = timezone.make_aware(
                datetime.datetime.combine(week_start + datetime.timedelta(days=d), datetime.time(9))
            )
            EventSessionFactory(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
        event_ids.append(event.pk)
    index.index_events(event_ids)
    return {
        "academies": academies,
        "departments": departments,
        "bassins": bassins,
        "schools": schools,
        "themes": [t for ts in themes.values() for t in ts],
        "days": sorted({e.week_start + datetime.timedelta(days=d) for e in editions.values() for d in range(5)}),
    }


def _params(data, catalogue):
    """A random combination of filters, each drawn from values that exist (or not at all)."""
    choices = {
        "q": ["", *WORDS, "parents theatre", "evenement"],
        "nature": ["", "action", "evenement"],
        "edition": ["", "2025-2026", "2026-2027"],
        "academie": ["", "creteil-f", "rennes-f"],
        "departement": ["", *(d.code for d in catalogue["departments"])],
        "bassin": ["", *(str(b.pk) for b in catalogue["bassins"])],
        "type": ["", SchoolKind.COLLEGE, SchoolKind.LYCEE_PRO, SchoolKind.ELEMENTARY],
        "niveau": ["", "college", "lycee", "premier_degre", "lycee_pro"],
        "public": ["", *Public.values],
        "categorie": ["", IdeaCategory.GUIDANCE, IdeaCategory.CLASSROOM],
        "phare": ["", "1"],
        "theme": ["", *(str(t.pk) for t in catalogue["themes"][:3])],
        "jour": ["", *(d.isoformat() for d in catalogue["days"][:3])],
        "etablissement": ["", *(s.uai for s in catalogue["schools"][:2])],
        "tri": ["", "date", "recent"],
    }
    params = {}
    for name, values in choices.items():
        # Most filters left empty, so that combinations still have results.
        if data.draw(st.booleans(), label=f"use {name}"):
            params[name] = data.draw(st.sampled_from(values), label=name)
    return {k: v for k, v in params.items() if v}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_each_facet_count_is_the_number_of_results_with_that_value(catalogue, data):
    params = _params(data, catalogue)
    query = CatalogueQuery.from_params(params)
    expected = list(query.entries().values_list("pk", flat=True))
    counted = facet_counts(query)
    if "total" in counted:  # counted with the facets, in the same statement
        assert counted["total"] == len(expected), params
    # A page (ranked from the full-text table when searching) is the same slice as entries().
    assert [e.pk for e in query.page(2, 5)] == expected[2:7], params
    # Sorted by date or publication, the page's ids can come with the counts: the same slice.
    with_page = facet_counts(query, page=(2, 5))
    if "page_ids" in with_page:
        assert with_page["page_ids"] == expected[2:7], params
    for facet in facets(query):
        for value in facet.values:
            narrowed = CatalogueQuery.from_params({**params, facet.name: value.value})
            assert value.count == narrowed.entries().count(), (params, facet.name, value)
        if facet.name in params and facet.values:
            assert [v.value for v in facet.values if v.selected] == [str(params[facet.name])]


def test_facets_have_french_labels_and_a_sensible_order(catalogue):
    by_name = {f.name: f for f in facets(CatalogueQuery())}
    assert [v.label for v in by_name["academie"].values] == ["Créteil", "Rennes"]
    assert [v.value for v in by_name["edition"].values] == ["2026-2027", "2025-2026"]
    assert {v.label for v in by_name["niveau"].values} <= {"Collège", "Lycée", "Premier degré", "Lycée professionnel"}
    days = by_name["jour"].values
    assert days and days[0].label.split()[0] in {"lundi", "mardi", "mercredi", "jeudi", "vendredi"}
    assert sum(v.count for v in by_name["edition"].values) == CatalogueQuery().entries().count()


def test_a_theme_and_a_day_facet_count_their_links(catalogue):
    by_name = {f.name: f for f in facets(CatalogueQuery())}
    for name in ("theme", "jour"):
        for value in by_name[name].values:
            assert value.count == CatalogueQuery.from_params({name: value.value}).entries().count()


def test_the_type_facet_counts_actions_and_events_once_each(catalogue):
    """30 actions and 8 events were generated; a shared event has two entries but counts once."""
    by_name = {f.name: f for f in facets(CatalogueQuery())}
    assert [(v.value, v.label, v.count) for v in by_name["nature"].values] == [
        ("action", "Actions", 30),
        ("evenement", "Événements", 8),
    ]
    assert CatalogueQuery().entries().count() == 38
    academy_counts = {v.value: v.count for v in by_name["academie"].values}
    # Each académie sees its own events, the shared ones included: more than the total.
    assert sum(academy_counts.values()) >= 38
    for slug, count in academy_counts.items():
        assert count == CatalogueQuery.from_params({"academie": slug}).entries().count()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "parents", "tri": "date"},
        {"q": "théâtre", "tri": "recent", "phare": "1"},
        {"niveau": "college", "tri": "date", "academie": "creteil-f"},
    ],
)
def test_a_page_sorted_by_date_or_publication_comes_with_the_counts(catalogue, params):
    query = CatalogueQuery.from_params(params)
    expected = list(query.entries().values_list("pk", flat=True))
    counted = facet_counts(query, page=(1, 4))
    assert counted["total"] == len(expected)
    assert counted["page_ids"] == expected[1:5]
    assert [e.pk for e in query.page(1, 4, ids=counted["page_ids"])] == expected[1:5]


def test_link_masks_hold_themes_and_days_as_offsets_from_the_smallest():
    theme = type("Theme", (), {})
    themes = []
    for pk in (7, 5, 9):
        themes.append(theme())
        themes[-1].pk = pk
    monday = datetime.date(2027, 3, 15)
    masks = index.link_masks({"themes": themes, "days": [monday + datetime.timedelta(days=2), monday]})
    assert masks == {"theme_base": 5, "theme_mask": 0b10101, "day_base": monday, "day_mask": 0b101}
    assert index.link_masks({"themes": [], "days": []}) == {
        "theme_base": None,
        "theme_mask": 0,
        "day_base": None,
        "day_mask": 0,
    }
    wide = index.link_masks({"themes": [], "days": [monday, monday + datetime.timedelta(days=63)]})
    assert wide["day_base"] == monday and wide["day_mask"] is None


def test_themes_and_days_too_wide_for_a_mask_are_counted_from_their_links(catalogue):
    from sps.catalogue.models import CatalogueEntry

    edition = catalogue["themes"][0].edition
    fillers = [EditionThemeFactory(edition=edition) for _ in range(64)]
    action = ActionFactory(
        edition=edition,
        published=True,
        title="théâtre lointain",
        occurrences=[
            {"date": edition.week_start, "is_public": True},
            {"date": edition.week_start + datetime.timedelta(days=80), "is_public": True},
        ],
    )
    action.themes.set([catalogue["themes"][0], fillers[-1]])
    index.index_actions([action.pk])
    entry = CatalogueEntry.objects.get(action=action)
    assert entry.theme_mask is None and entry.day_mask is None
    for params in ({}, {"q": "théâtre"}, {"niveau": "college"}):
        by_name = {f.name: f for f in facets(CatalogueQuery.from_params(params))}
        assert fillers[-1].pk in {int(v.value) for v in by_name["theme"].values} or params
        assert (edition.week_start + datetime.timedelta(days=80)).isoformat() in {
            v.value for v in by_name["jour"].values
        } or params
        for name in ("theme", "jour"):
            for value in by_name[name].values:
                expected = CatalogueQuery.from_params({**params, name: value.value}).entries().count()
                assert value.count == expected, (params, name, value)


def test_the_migration_fills_the_masks_as_the_indexer_writes_them(catalogue):
    import importlib
    from types import SimpleNamespace

    from django.db import connection

    from sps.catalogue.models import CatalogueEntry

    columns = ("id", "theme_base", "theme_mask", "day_base", "day_mask")
    written = sorted(CatalogueEntry.objects.values_list(*columns))
    assert any(row[2] for row in written) and any(row[4] for row in written)
    CatalogueEntry.objects.update(theme_base=None, theme_mask=0, day_base=None, day_mask=0)
    migration = importlib.import_module("sps.catalogue.migrations.0007_theme_day_masks")
    with connection.cursor() as cursor:
        migration.fill_masks(None, SimpleNamespace(connection=connection, execute=cursor.execute))
    assert sorted(CatalogueEntry.objects.values_list(*columns)) == written
