"""The catalogue's read model follows the fiches: published in, anything else out, removals kept."""

import datetime

import pytest

from sps.actions.enums import IdeaCategory, Level, Public
from sps.catalogue import index
from sps.catalogue.models import CatalogueDay, CatalogueEntry, CatalogueRemoval
from sps.catalogue.query import CatalogueQuery
from sps.schools.enums import SchoolKind
from tests.actions.factories import ActionFactory, IdeaModelFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def published(**kwargs):
    action = ActionFactory(published=True, **kwargs)
    index.index_actions([action.pk])
    return action


def test_a_published_action_gets_one_entry_with_its_facets():
    school = SchoolFactory(kind=SchoolKind.COLLEGE, commune="Créteil")
    action = published(
        schools=[school],
        levels=[Level.SIXIEME, Level.ELEMENTARY],
        publics=[Public.PARENTS],
        from_model=IdeaModelFactory(category=IdeaCategory.GUIDANCE),
    )
    entry = CatalogueEntry.objects.get(action=action)
    assert entry.academy == action.edition.academy
    assert entry.department == school.department
    assert entry.communes == "Créteil"
    assert entry.category == IdeaCategory.GUIDANCE
    query = CatalogueQuery.from_params
    assert list(query({"niveau": "college"}).entries()) == [entry]
    assert list(query({"niveau": "premier_degre"}).entries()) == [entry]
    assert list(query({"niveau": "lycee"}).entries()) == []
    assert list(query({"public": "parents"}).entries()) == [entry]
    assert list(query({"public": "eleves"}).entries()) == []
    assert list(query({"type": "college"}).entries()) == [entry]
    assert list(query({"type": "lycee_pro"}).entries()) == []
    assert list(query({"etablissement": school.uai.lower()}).entries()) == [entry]
    assert list(query({"categorie": "orientation"}).entries()) == [entry]


def test_only_public_temps_forts_give_days():
    action = ActionFactory(published=True, occurrences=[])
    monday = action.edition.week_start
    action.occurrences.create(date=monday, is_public=True)
    action.occurrences.create(date=monday + datetime.timedelta(days=1), is_public=False)
    index.index_actions([action.pk])
    assert list(CatalogueDay.objects.values_list("date", flat=True)) == [monday]


def test_the_dates_shown_and_sorted_on_come_from_public_temps_forts_only():
    action = ActionFactory(published=True, occurrences=[])
    monday = action.edition.week_start
    action.occurrences.create(date=monday - datetime.timedelta(days=7), is_public=False)
    action.occurrences.create(date=monday + datetime.timedelta(days=1), is_public=True)
    action.occurrences.create(date=monday + datetime.timedelta(days=2), is_public=True)
    action.occurrences.create(date=monday + datetime.timedelta(days=9), is_public=False)
    index.index_actions([action.pk])
    entry = CatalogueEntry.objects.get(action=action)
    assert (entry.first_date, entry.last_date) == (
        monday + datetime.timedelta(days=1),
        monday + datetime.timedelta(days=2),
    )
    action.occurrences.filter(is_public=True).update(is_public=False)
    index.index_actions([action.pk])
    entry.refresh_from_db()
    assert (entry.first_date, entry.last_date) == (None, None)


def test_unpublished_actions_leave_and_are_recorded_as_removed():
    action = published()
    ActionFactory(submitted=True)
    assert CatalogueEntry.objects.count() == 1
    action.status = "withdrawn"
    action.save()
    index.index_actions([action.pk])
    assert not CatalogueEntry.objects.exists()
    assert CatalogueRemoval.objects.filter(object_id=action.pk).exists()
    action.status = "published"
    action.save()
    index.index_actions([action.pk])
    assert CatalogueEntry.objects.count() == 1
    assert not CatalogueRemoval.objects.exists()


def test_search_finds_accents_and_case_insensitively():
    entry_action = published(title="Théâtre des parents", description="", organisation="")
    published(title="Forum des métiers", description="", organisation="")
    results = CatalogueQuery.from_params({"q": "THEATRE"}).entries()
    assert [e.action_id for e in results] == [entry_action.pk]


def test_bad_parameters_are_dropped_not_failed():
    query = CatalogueQuery.from_params({"niveau": "nope", "jour": "2027-13-45", "bassin": "x", "q": "a\x00b"})
    assert query.level == "" and query.day is None and query.bassin is None and query.q == "ab"
    assert query.to_params() == {"q": "ab"}
