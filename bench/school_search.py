"""School search at national size: the public /etablissements/?q=… page over ~66,000 schools.

Builds its own database (a temporary SQLite file, or --database-url for PostgreSQL), loads the
reference data and 66,000 generated schools in the directory's shape, then times the search
page (count + first page of 20, as the view does) for typical queries. Prints a table and
writes bench/results/school_search.json.

    .venv/bin/python bench/school_search.py
    .venv/bin/python bench/school_search.py --database-url postgres://postgres@127.0.0.1:5432/sps_bench_search
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "school_search.json"
QUERIES = ["ecole", "college jean moulin", "lycee professionnel lyon", "0940176F", "saint", "zzz introuvable"]
COMMUNES = ["Créteil", "Lyon", "Marseille", "Rennes", "Saint-Denis", "Saint-Malo", "Vitry-sur-Seine", "Lille", "Nantes"]
NAMES = [
    "École élémentaire Jean Jaurès",
    "École maternelle Les Tilleuls",
    "Collège Jean Moulin",
    "Collège Victor Hugo",
    "Lycée professionnel Louise Michel",
    "Lycée général Saint-Exupéry",
    "École primaire Jules Ferry",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--schools", type=int, default=66_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    tmp = None
    if not args.database_url:
        tmp = tempfile.mkdtemp(prefix="sps-bench-search-")
        args.database_url = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor == "postgresql":
        _create_postgres_database(args.database_url)
    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=open(os.devnull, "w"))
    _fill(args.schools)

    from django.test import Client

    setup_test_environment()
    client = Client()
    rows = []
    for query in QUERIES:
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get("/etablissements/", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        count = response.context["page"].paginator.count
        rows.append(
            {
                "query": query,
                "matches": count,
                "median_ms": round(statistics.median(timings), 1),
                "max_ms": round(max(timings), 1),
            }
        )
    print(
        f"{'requête':<28} {'résultats':>9} {'médiane (ms)':>13} {'max (ms)':>9}   ({connection.vendor}, {args.schools} établissements)"
    )
    for row in rows:
        print(f"{row['query']:<28} {row['matches']:>9} {row['median_ms']:>13} {row['max_ms']:>9}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[connection.vendor] = {
        "schools": args.schools,
        "repeat": args.repeat,
        "load_average": os.getloadavg(),
        "rows": rows,
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


def _create_postgres_database(url: str):
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _fill(total: int):
    from sps.schools.models import School
    from sps.schools.uai import uai_check_letter
    from sps.territories.models import Department

    School.objects.all().delete()
    departments = list(Department.objects.all())
    batch = []
    for n in range(total):
        department = departments[n % len(departments)]
        digits = f"{9000000 + n:07d}"
        uai = digits + uai_check_letter(digits)
        name, commune = f"{NAMES[n % len(NAMES)]} {n // 97}", COMMUNES[n % len(COMMUNES)]
        batch.append(
            School(
                uai=uai,
                name=name,
                commune=commune,
                postal_code="75000",
                department=department,
                search_key=School.build_search_key(uai=uai, name=name, commune=commune, postal_code="75000"),
            )
        )
        if len(batch) == 2000:
            School.objects.bulk_create(batch)
            batch = []
    School.objects.bulk_create(batch)
    doisneau = School.objects.order_by("pk").first()
    doisneau.uai, doisneau.name = "0940176F", "École élémentaire Robert Doisneau"
    doisneau.refresh_search_key()
    doisneau.save()


if __name__ == "__main__":
    main()
