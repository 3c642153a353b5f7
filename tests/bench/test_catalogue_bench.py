"""The catalogue benchmark at a tiny size: the generator fills the database, the bulk indexer gives
the same rows as `index_actions`, and one pass of the benchmark answers every scenario."""

import importlib.util
from pathlib import Path

import pytest
from django.core.management import call_command

from sps.catalogue import index
from sps.catalogue.models import CatalogueDay, CatalogueEntry, CatalogueSchool, CatalogueText, CatalogueTheme

pytestmark = pytest.mark.django_db
BENCH = Path(__file__).resolve().parents[2] / "bench"


def load(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def generated(tmp_path):
    call_command("load_reference", stdout=open(tmp_path / "out", "w"))
    generator = load("generate_catalogue")
    timings = generator.generate(seed=3, actions=200, schools=300, campaigns=2, log=lambda *a: None)
    return generator, timings


def rows():
    entries = {
        e["action_id"]: e
        for e in CatalogueEntry.objects.values()
        if not e.update({"updated_at": None}) and e.pop("id", None)
    }
    links = {}
    for model, column in (
        (CatalogueSchool, "school_id"),
        (CatalogueTheme, "theme_id"),
        (CatalogueDay, "date"),
        (CatalogueText, "summary"),
        (CatalogueText, "search_text"),
    ):
        for action_id, value in model.objects.values_list("entry__action_id", column):
            links.setdefault((model.__name__, action_id), set()).add(value)
    return entries, links


def test_the_generator_publishes_and_indexes_every_action(generated):
    _, timings = generated
    assert CatalogueEntry.objects.count() == 200
    assert timings["total_s"] >= 0
    assert CatalogueEntry.objects.filter(text__search_text__contains="parents").exists()
    assert CatalogueEntry.objects.exclude(bassin=None).exists()
    assert CatalogueDay.objects.exists() and CatalogueTheme.objects.exists() and CatalogueSchool.objects.exists()


def test_the_bulk_indexer_gives_the_same_rows_as_index_actions(generated):
    bulk = rows()
    assert len(bulk[0]) == 200
    ids = list(bulk[0])
    CatalogueEntry.objects.all().delete()
    index.index_actions(ids)
    assert rows() == bulk
    # Already indexed actions go through index_actions: nothing changes.
    index.index_new_actions(ids)
    assert rows() == bulk


def test_one_pass_of_the_benchmark_answers_every_scenario(generated):
    benchmark = load("catalogue")
    results = benchmark.run_benchmark(requests=1, warmup=0, log=lambda *a: None)
    assert {"1", "2", "3p1", "3p50", "4", "5"} <= set(results)
    for figures in results.values():
        assert figures["requests"] == 1
        assert figures["queries"] > 0
        assert figures["how"] in {"page", "API", "fonction"}


def test_the_national_table_counts_actions_and_distinct_schools(generated):
    from sps.catalogue.models import CatalogueSchool
    from sps.catalogue.stats import national_table

    year = CatalogueEntry.objects.order_by("-campaign__school_year").values_list("campaign__school_year", flat=True)[0]
    table = national_table(year)
    assert sum(row["actions"] for row in table) == CatalogueEntry.objects.filter(campaign__school_year=year).count()
    for row in table:
        links = CatalogueSchool.objects.filter(entry__campaign__school_year=year, entry__academy=row["academy"])
        assert row["schools"] == links.values("school").distinct().count()
    assert [row["academy"].name for row in table] == sorted(row["academy"].name for row in table)


def test_replication_copies_fiches_and_catalogue_rows_consistently(generated):
    from sps.actions.models import Action

    generator, _ = generated
    before = CatalogueEntry.objects.count()
    generator.replicate(2, log=lambda *a: None)
    assert CatalogueEntry.objects.count() == 2 * before == Action.objects.published().count()
    copy = CatalogueEntry.objects.order_by("-id").select_related("action").first()
    assert copy.action.title == copy.title
    assert set(copy.school_links.values_list("school_id", flat=True)) == set(
        copy.action.schools.values_list("pk", flat=True)
    )
    # The copies are indexed like the originals: indexing them again changes nothing.
    entries, links = rows()
    index.index_actions(list(entries))
    assert rows() == (entries, links)


def live_and_precomputed(params):
    from sps.catalogue import counts
    from sps.catalogue.query import CatalogueQuery

    query = CatalogueQuery.from_params(params)
    live = {**load("catalogue")._facet_counts(query), "total": query.entries().count()}
    return live, counts.territory_facets(query)


def test_precomputed_facet_counts_agree_with_the_entries_for_every_territory_filter(generated):
    from sps.catalogue.models import CatalogueEntry as Entry

    entry = Entry.objects.exclude(bassin=None).select_related("campaign", "academy", "department").first()
    year, slug = entry.campaign.school_year, entry.academy.slug
    for params in (
        {},
        {"edition": year},
        {"academie": slug},
        {"edition": year, "academie": slug},
        {"edition": year, "academie": slug, "departement": entry.department.code},
        {"edition": year, "bassin": str(entry.bassin_id)},
        {"departement": entry.department.code},
        {"edition": "1999-2000"},
    ):
        live, precomputed = live_and_precomputed(params)
        assert precomputed == live, params
    # Any other filter is not answered by the table.
    assert live_and_precomputed({"academie": slug, "niveau": "college"})[1] is None
    assert live_and_precomputed({"q": "parents"})[1] is None


def test_the_index_keeps_the_counts_in_step(generated):
    from sps.actions.enums import ActionStatus
    from sps.actions.models import Action

    entry = CatalogueEntry.objects.select_related("campaign", "academy").first()
    params = {"edition": entry.campaign.school_year, "academie": entry.academy.slug}
    Action.objects.filter(pk=entry.action_id).update(status=ActionStatus.WITHDRAWN)
    index.index_actions([entry.action_id])
    live, precomputed = live_and_precomputed(params)
    assert precomputed == live
    Action.objects.filter(pk=entry.action_id).update(status=ActionStatus.PUBLISHED, is_flagship=True)
    index.index_actions([entry.action_id])
    live, precomputed = live_and_precomputed(params)
    assert precomputed == live
