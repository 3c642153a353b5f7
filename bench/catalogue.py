"""The public programme at national size: median and p95 of the catalogue's requests (not a test).

Runs against a database filled by bench/generate_catalogue.py, through the Django test client.
Each scenario is warmed up, then timed over --requests requests (200 by default):

1. an académie's catalogue for the latest edition, with every facet;
2. « théâtre », with every facet;
3. « parents orientation », level « collège », sorted by date: pages 1 and 50;
4. the national table of actions and schools per académie (latest school year);
5. a fiche page;
6. (1)-(3) through the API.

(2) and (3) are measured twice: as asked again (their facet counts and ranked page kept in the
cache, sps.catalogue.cache, the usual case during the week) and « sans cache », the cache emptied
before each request (the first visitor after a change of the catalogue).

A page that does not exist yet is replaced by the functions it will call (CatalogueQuery, the facet
counts, `sps.catalogue.stats`): the table says which was measured (« page », « API » or
« fonction »). Prints a table and writes bench/results/catalogue.json.

    .venv/bin/python bench/catalogue.py --database-url sqlite:////tmp/bench.sqlite3
    .venv/bin/python bench/catalogue.py --database-url postgres://postgres@127.0.0.1:5432/sps_bench
"""

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "catalogue.json"
PAGE_SIZE = 20
# Targets at 1,000,000 actions (issue 9), p95 in ms.
TARGETS = {"1": 50, "2": 250, "3p1": 250, "3p50": 250, "4": 50, "5": 50}


# --- The functions a page calls, for pages that do not exist yet ------------------------------


def facet_counts(query) -> dict:
    """Every facet's counts for `query`, each without its own filter. Uses
    `sps.catalogue.facets` when it exists, else the same counts written here."""
    try:
        from sps.catalogue import facets
    except ImportError:
        facets = None
    for name in ("facet_counts", "counts", "compute"):
        if facets is not None and hasattr(facets, name):
            return getattr(facets, name)(query)
    from sps.catalogue import counts

    precomputed = counts.territory_facets(query)
    return precomputed if precomputed is not None else _facet_counts(query)


def _facet_counts(query) -> dict:
    from django.db.models import Count, Q

    from sps.catalogue.enums import LEVEL_GROUP_BITS, PUBLIC_BITS, SCHOOL_KIND_BITS

    def grouped(attr, column):
        qs = query.entries(exclude=attr).order_by().values_list(column).annotate(n=Count("id"))
        return {key: n for key, n in qs if key is not None}

    def bits(attr, column, table):
        qs = query.entries(exclude=attr).order_by()
        return qs.aggregate(
            **{key: Count("id", filter=Q(**{f"{column}__bitand_any": bit})) for key, bit in table.items()}
        )

    return {
        "kind": grouped("kind", "kind"),
        "school_year": grouped("school_year", "campaign_id"),
        "academy": grouped("academy", "academy_id"),
        "department": grouped("department", "department_id"),
        "bassin": grouped("bassin", "bassin_id"),
        "school_kind": bits("school_kind", "school_kind_mask", SCHOOL_KIND_BITS),
        "level": bits("level", "level_mask", LEVEL_GROUP_BITS),
        "public": bits("public", "public_mask", PUBLIC_BITS),
        "theme": grouped("theme", "theme_links__theme_id"),
        "category": grouped("category", "category"),
        "day": grouped("day", "days__date"),
        "flagship": query.entries(exclude="flagship").order_by().filter(is_flagship=True).count(),
    }


def catalogue_function(params: dict, page: int = 1) -> int:
    """What the catalogue page computes: the count, one page of entries, the facets."""
    from sps.catalogue.query import CatalogueQuery

    query = CatalogueQuery.from_params(params)
    entries = query.entries()
    count = entries.count()
    start = (page - 1) * PAGE_SIZE
    rows = list(entries[start : start + PAGE_SIZE])
    facet_counts(query)
    return count if rows or count <= start else -1


def fiche_function(action_id: int):
    from sps.actions.models import Action
    from sps.catalogue.models import CatalogueEntry

    action = Action.objects.published().with_details().get(pk=action_id)
    CatalogueEntry.objects.get(action_id=action_id)
    for relation in (action.schools, action.themes, action.occurrences, action.action_partners):
        list(relation.all())
    return action


# --- Scenarios ----------------------------------------------------------------------------------


def scenarios(client, *, school_year: str, academy: str, action_id: int) -> list[tuple]:
    """(key, label, how, callable) for each scenario; `how` is page, API or fonction."""
    from sps.catalogue import stats

    def page_ready(url, params=None, key="facets"):
        response = client.get(url, params or {})
        if response.status_code != 200:
            return False
        if response.get("Content-Type", "").startswith("application/json"):
            return True
        return key is None or (response.context is not None and key in response.context)

    def get(url, params):
        def run():
            response = client.get(url, params)
            assert response.status_code == 200, (url, params, response.status_code)
            return response

        return run

    def uncached(run):
        from django.core.cache import cache

        def cold():
            cache.clear()
            return run()

        return cold

    s1 = {"edition": school_year, "academie": academy}
    s2 = {"q": "théâtre"}
    s3 = {"q": "parents orientation", "niveau": "college", "tri": "date"}
    out = []
    catalogue_page = page_ready("/programme/", s1)
    for key, label, params in (
        ("1", "(1) catalogue d'une académie, dernière édition, facettes", s1),
        ("2", "(2) « théâtre », facettes", s2),
        ("3p1", "(3) « parents orientation », collège, par date, page 1", {**s3, "page": "1"}),
        ("3p50", "(3) « parents orientation », collège, par date, page 50", {**s3, "page": "50"}),
    ):
        if catalogue_page:
            out.append((key, label, "page", get("/programme/", params)))
            if key != "1":
                # The same page for the first visitor who asks it after a change of the catalogue:
                # the answers kept in the cache (sps.catalogue.cache) are emptied before each request.
                out.append((f"{key}c", f"{label}, sans cache", "page", uncached(get("/programme/", params))))
        else:
            page = int(params.get("page", 1))
            base = {k: v for k, v in params.items() if k != "page"}
            out.append((key, label, "fonction", lambda base=base, page=page: catalogue_function(base, page)))
    out.append(("4", "(4) tableau national actions / établissements par académie", "fonction",
                lambda: stats.national_table(school_year)))  # fmt: skip
    fiche_url = f"/programme/actions/{action_id}/"
    if page_ready(fiche_url, key=None):
        out.append(("5", "(5) fiche action", "page", get(fiche_url, {})))
    else:
        out.append(("5", "(5) fiche action", "fonction", lambda: fiche_function(action_id)))
    api_url = "/api/actions"
    api_ready = page_ready(api_url, {}) or page_ready(api_url := "/api/actions/", {})
    if not api_ready:
        return out
    # The API pages with a cursor (keyset on updated_at, id), PAGE_SIZE items a page, without the
    # facets nor the date order (its order is the one that keeps a copy in sync): page 50 is
    # reached with the cursor that 49 pages give.
    api3 = {"q": s3["q"], "niveau": s3["niveau"], "limit": PAGE_SIZE}
    cursor = None
    for _ in range(49):
        cursor = client.get(api_url, {**api3, **({"cursor": cursor} if cursor else {})}).json().get("next_cursor")
        if not cursor:
            break
    for key, label, params in (
        ("6.1", "(6) API : (1)", {**s1, "limit": PAGE_SIZE}),
        ("6.2", "(6) API : (2)", {**s2, "limit": PAGE_SIZE}),
        ("6.3p1", "(6) API : (3) page 1", api3),
        ("6.3p50", "(6) API : (3) page 50", {**api3, **({"cursor": cursor} if cursor else {})}),
    ):
        out.append((key, label, "API", get(api_url, params)))
    return out


def server_cpu_ms() -> float:
    """CPU time used so far by this connection's PostgreSQL backend (same machine: its
    /proc/<pid>/schedstat, in ns), 0 for SQLite (whose queries run in this process) or when it
    cannot be read."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    pid = getattr(connection, "_bench_backend_pid", None)
    if pid is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = connection._bench_backend_pid = cursor.fetchone()[0]
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e6
    except (OSError, ValueError, IndexError):
        return 0.0


def measure(run, *, requests: int, warmup: int, budget_s: float = 0, min_requests: int = 20) -> dict:
    """Warm up, count the queries of one run, then time `requests` runs (fewer if `budget_s` is
    set and spent: the count is recorded). CPU per request: this process's, plus the PostgreSQL
    backend's (`server_cpu_ms`): what the machine's load does not inflate."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        run()
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        run()
    query_count = len(queries)
    timings = []
    deadline = time.perf_counter() + budget_s if budget_s else None
    cpu = []
    for _ in range(requests):
        started, cpu_started, server_started = time.perf_counter(), time.process_time(), server_cpu_ms()
        run()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000 + server_cpu_ms() - server_started)
        if deadline and started > deadline and len(timings) >= min_requests:
            break
    reset_queries()
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[math.ceil(len(timings) * 0.95) - 1], 1),  # nearest rank
        "max_ms": round(timings[-1], 1),
        # This process's CPU and, with PostgreSQL, its backend's (with SQLite the queries run in
        # this process): what the machine's load does not inflate.
        "cpu_median_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": round(sorted(cpu)[math.ceil(len(cpu) * 0.95) - 1], 1),
        "queries": query_count,
        "requests": len(timings),
    }


def run_benchmark(
    *, requests: int = 200, warmup: int = 20, budget_s: float = 0, min_requests: int = 20, only=None, log=print
) -> dict:
    """Every scenario on the current database; returns {key: figures}."""
    from django.test import override_settings

    # The API's rate limit per address (120 a minute) would answer 429 to the benchmark's client.
    # The catalogue's cache as in production (the test settings turn it off).
    with override_settings(API_RATE_LIMIT={"REQUESTS": 10**9, "WINDOW_SECONDS": 60}, CATALOGUE_CACHE_SECONDS=600):
        return _run(
            requests=requests,
            warmup=warmup,
            budget_s=budget_s,
            min_requests=min_requests,
            only=only,
            log=log,
        )


def _run(*, requests, warmup, budget_s, min_requests, only, log) -> dict:
    from django.test import Client

    from sps.catalogue.models import CatalogueEntry

    latest = CatalogueEntry.objects.order_by("-campaign__school_year").values_list("campaign__school_year", flat=True)
    school_year = latest.first()
    top = (
        CatalogueEntry.objects.filter(campaign__school_year=school_year)
        .order_by("academy__slug")
        .values_list("academy__slug", flat=True)
    )
    academy = "creteil" if top.filter(academy__slug="creteil").exists() else top.first()
    action_id = CatalogueEntry.objects.order_by("id").values_list("action_id", flat=True)[
        CatalogueEntry.objects.count() // 2
    ]
    client = Client()
    results = {}
    for key, label, how, run in scenarios(client, school_year=school_year, academy=academy, action_id=action_id):
        if only and key not in only:
            continue
        figures = measure(run, requests=requests, warmup=warmup, budget_s=budget_s, min_requests=min_requests)
        results[key] = {"label": label, "how": how, **figures}
        log(
            f"{label:<62} {how:<9} {figures['median_ms']:>8} {figures['p95_ms']:>8} "
            f"{figures['cpu_median_ms']:>8} {figures['cpu_p95_ms']:>8} {figures['queries']:>4} {figures['requests']:>5}"
        )
    return results


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:////tmp/bench.sqlite3")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--budget", type=float, default=0, help="secondes par scénario au-delà desquelles on s'arrête (≥ 20 requêtes)"
    )
    parser.add_argument("--min-requests", type=int, default=20, help="requêtes au moins, budget dépassé ou non")
    parser.add_argument("--only", help="clés des scénarios, séparées par des virgules (ex. 1,4)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "bench"))
    from generate_catalogue import database_size_mb, setup_django

    setup_django(args.database_url)
    from django.db import connection
    from django.test.utils import setup_test_environment

    from sps.catalogue.models import CatalogueEntry

    setup_test_environment()
    actions = CatalogueEntry.objects.count()
    load_before = [round(x, 2) for x in os.getloadavg()]
    print(
        f"{'scénario':<62} {'mesure':<9} {'médiane':>8} {'p95':>8} {'CPU méd':>8} {'CPU p95':>8} {'req.':>4} {'n':>5}   ({connection.vendor}, {actions} actions)"
    )
    results = run_benchmark(
        requests=args.requests,
        warmup=args.warmup,
        budget_s=args.budget,
        min_requests=args.min_requests,
        only=args.only.split(",") if args.only else None,
    )
    record = {
        "benchmark": "catalogue",
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "actions": actions,
        "database_mb": database_size_mb(),
        "requests": args.requests,
        "warmup": args.warmup,
        "budget_s": args.budget,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_before": load_before,
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "targets_p95_ms_at_1m": TARGETS,
        "scenarios": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    stored = json.loads(args.output.read_text()) if args.output.exists() else {}
    key = f"{connection.vendor}-{actions}"
    if args.only and key in stored:  # a partial run updates its scenarios only
        record["scenarios"] = {**stored[key]["scenarios"], **results}
    stored[key] = record
    args.output.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
