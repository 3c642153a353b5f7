"""The catalogue's answers kept in the cache (sps.catalogue.cache): read again without counting,
and never after the catalogue changed (a publication, an edit, a take-down)."""

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sps.actions.enums import Level
from sps.catalogue import cache, index
from sps.catalogue.facets import facet_counts
from sps.catalogue.models import CatalogueVersion
from sps.catalogue.query import CatalogueQuery
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db

NEUTRAL = {"description": "Un temps de rencontre.", "organisation": "", "objectives": "Se rencontrer."}


@pytest.fixture
def kept(settings):
    settings.CATALOGUE_CACHE_SECONDS = 600
    django_cache.clear()
    yield
    django_cache.clear()


def published(**kwargs):
    action = ActionFactory(published=True, **{**NEUTRAL, **kwargs})
    index.index_actions([action.pk])
    return action


def theatre():
    return CatalogueQuery.from_params({"q": "théâtre"})


def test_a_search_asked_again_is_read_from_the_cache(kept):
    published(title="Théâtre en famille")
    published(title="Atelier théâtre")
    first = facet_counts(theatre())
    assert first["total"] == 2
    with CaptureQueriesContext(connection) as queries:
        again = facet_counts(theatre())
        page = [e.action_id for e in theatre().page(0, 20)]
    assert again == first
    # The version token for each, and the page's rows by id: no count, no full-text match.
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert "count(" not in sql
    assert len(page) == 2
    with CaptureQueriesContext(connection) as queries:
        theatre().page(0, 20)
    assert len(queries.captured_queries) == 2  # the token, then the 2 rows by id


def test_a_publication_an_edit_and_a_take_down_are_seen_at_once(kept):
    cache.bump()  # answers are kept from the start: only the writes' own bumps can refresh them
    first = published(title="Théâtre en famille")
    assert facet_counts(theatre())["total"] == 1
    assert [e.action_id for e in theatre().page(0, 20)] == [first.pk]

    second = published(title="Atelier théâtre")
    assert facet_counts(theatre())["total"] == 2
    assert {e.action_id for e in theatre().page(0, 20)} == {first.pk, second.pk}

    second.title = "Atelier cirque"
    second.save()
    index.index_actions([second.pk])
    assert facet_counts(theatre())["total"] == 1
    assert [e.action_id for e in theatre().page(0, 20)] == [first.pk]

    first.status = "withdrawn"
    first.save()
    index.index_actions([first.pk])
    assert facet_counts(theatre())["total"] == 0
    assert theatre().page(0, 20) == []


def test_each_write_changes_the_version_token(kept):
    action = published(title="Théâtre")
    token = CatalogueVersion.objects.get().token
    index.index_actions([action.pk])
    assert CatalogueVersion.objects.get().token != token


def test_different_queries_and_pages_are_kept_apart(kept):
    for i in range(3):
        published(title=f"Théâtre {i}", levels=[Level.SIXIEME] if i else [Level.SECONDE])
    assert facet_counts(theatre())["total"] == 3
    by_level = CatalogueQuery.from_params({"q": "théâtre", "niveau": "college"})
    assert facet_counts(by_level)["total"] == 2
    assert len(theatre().page(0, 2)) == 2
    assert len(theatre().page(2, 2)) == 1


def test_off_it_reads_no_token(settings):
    settings.CATALOGUE_CACHE_SECONDS = 0
    published(title="Théâtre")
    with CaptureQueriesContext(connection) as queries:
        facet_counts(theatre())
    assert not any("catalogueversion" in q["sql"].lower() for q in queries.captured_queries)


def test_the_page_shows_a_new_publication_at_once(kept, client):
    published(title="Théâtre en famille", levels=[Level.SIXIEME])
    content = client.get("/programme/", {"q": "théâtre"}).content.decode()
    assert "Collège (1)" in content
    published(title="Atelier théâtre", levels=[Level.SIXIEME])
    content = client.get("/programme/", {"q": "théâtre"}).content.decode()
    assert "Collège (2)" in content and "Atelier théâtre" in content
