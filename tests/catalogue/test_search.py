"""Full-text search (SQLite FTS5 / PostgreSQL french + unaccent): accents, case, several words,
prefixes, no result, ranking, and the index kept in step."""

import pytest

from sps.catalogue import index, search
from sps.catalogue.models import CatalogueEntry
from sps.catalogue.query import CatalogueQuery
from tests.actions.factories import ActionFactory, PartnerFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db

NEUTRAL = {"description": "Un temps de rencontre.", "organisation": "", "objectives": "Se rencontrer."}


def published(**kwargs):
    action = ActionFactory(published=True, **{**NEUTRAL, **kwargs})
    index.index_actions([action.pk])
    return action


def found(q, **params):
    return [e.action_id for e in CatalogueQuery.from_params({"q": q, **params}).entries()]


def test_accents_and_case_do_not_matter():
    theatre = published(title="Théâtre des élèves")
    published(title="Forum des métiers")
    for q in ("theatre", "THÉÂTRE", "Théatre", "theatre eleves", "ÉLÈVES"):
        assert found(q) == [theatre.pk], q


def test_an_accented_query_finds_unaccented_text():
    action = published(title="Cafe des parents")
    assert found("café") == [action.pk]


def test_every_word_is_required():
    both = published(title="Café des parents", description="Parler d'orientation.")
    published(title="Café des parents", description="Un goûter.")
    published(title="Orientation au lycée")
    assert found("parents orientation") == [both.pk]


def test_common_words_of_the_query_are_not_required():
    action = published(title="Atelier théâtre")
    assert found("atelier de théâtre") == [action.pk]


def test_the_last_word_matches_as_a_prefix():
    action = published(title="Théâtre forum")
    assert found("théât") == [action.pk]
    assert found("forum thé") == [action.pk]


def test_plurals_are_found():
    action = published(title="Les parents au collège")
    assert found("parent") == [action.pk]


def test_no_result_is_an_empty_list_and_punctuation_is_harmless():
    published(title="Théâtre")
    assert found("astronomie") == []
    for q in ('"', "théâtre*", "AND OR NOT", "(", "a:b", "théâtre -forum", "NEAR(", "^", "'"):
        CatalogueQuery.from_params({"q": q}).entries().count()  # no error


def test_a_query_without_words_lists_everything():
    published(title="Théâtre")
    assert len(found("  !! ")) == 1


def test_schools_communes_partners_and_organisation_are_searched():
    school = SchoolFactory(name="Collège Jean Moulin", commune="Vitry-sur-Seine")
    action = ActionFactory(published=True, **{**NEUTRAL, "title": "Forum", "organisation": "Un atelier de jonglage"})
    action.schools.set([school])
    action.action_partners.create(partner=PartnerFactory(name="Ligue de l'enseignement"))
    index.index_actions([action.pk])
    assert found("moulin") == [action.pk]
    assert found("vitry") == [action.pk]
    assert found("jonglage") == [action.pk]
    assert found("ligue enseignement") == [action.pk]


def test_a_title_match_ranks_above_a_description_match():
    in_description = published(title="Rencontre", description="Un atelier de théâtre avec les familles.")
    in_rest = published(title="Rencontre", organisation="Sortie au théâtre.")
    in_title = published(title="Théâtre en famille")
    assert found("théâtre") == [in_title.pk, in_description.pk, in_rest.pk]
    qs = CatalogueQuery.from_params({"q": "théâtre"}).entries()
    ranks = [e.rank for e in qs]
    assert ranks == sorted(ranks, reverse=True)


def test_sorting_by_date_overrides_relevance():
    first = published(title="Rencontre", description="Théâtre.")
    second = published(title="Théâtre")
    first.occurrences.update(date=second.occurrences.get().date.replace(day=1))
    index.index_actions([first.pk])
    assert found("théâtre", tri="date")[0] == first.pk


def test_the_index_follows_edits_and_removals():
    action = published(title="Théâtre")
    action.title = "Musique"
    action.save()
    index.index_actions([action.pk])
    assert found("théâtre") == []
    assert found("musique") == [action.pk]
    action.status = "withdrawn"
    action.save()
    index.index_actions([action.pk])
    assert found("musique") == []


def test_rebuild_drops_stale_rows_and_indexes_again():
    action = published(title="Théâtre")
    search.clear()
    assert found("théâtre") == []
    index.rebuild()
    assert found("théâtre") == [action.pk]


def test_facets_and_counts_work_on_a_searched_queryset():
    published(title="Théâtre")
    published(title="Théâtre musical")
    qs = CatalogueQuery.from_params({"q": "théâtre"}).entries()
    assert qs.count() == 2
    assert list(qs.order_by().values("academy").distinct().values_list("academy", flat=True))
    assert CatalogueEntry.objects.filter(pk__in=qs.values("pk")).count() == 2


def test_ligatures_are_spelled_out():
    action = published(title="Le cœur de l'école")
    assert found("coeur") == [action.pk]
    assert found("cœur") == [action.pk]


def test_a_search_works_inside_a_subquery():
    # On PostgreSQL the match reads the entry's own document column (search.OnDocument): inside a
    # subquery Django renames the table, and the condition must follow.
    theatre = published(title="Théâtre en famille")
    published(title="Forum des métiers")
    matches = CatalogueQuery.from_params({"q": "théâtre"}).entries()
    outer = CatalogueEntry.objects.filter(pk__in=matches.values("pk"))
    assert [e.action_id for e in outer] == [theatre.pk]
