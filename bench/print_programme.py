"""How long an académie's printable programme takes: its data, its HTML page, its PDF.

Builds its own scratch SQLite database (or --database-url), then one académie with two
départements, six bassins and --schools schools, and --actions published actions (deterministic
with --seed) with one to three public temps forts over the five days of the week (a tenth without
any), indexed into the catalogue. Times, --repeat times each:

- `build_programme` (the catalogue query, the temps forts, the grouping by day and commune),
- the HTML page (GET /programme/imprimer/?academie=…, the whole stack),
- the PDF (WeasyPrint, cover + table of contents + days), and its number of pages.

Prints a table and writes bench/results/print_programme.json (with the machine's load average).

    .venv/bin/python bench/print_programme.py
    .venv/bin/python bench/print_programme.py --actions 1000 --repeat 2
    .venv/bin/python bench/print_programme.py --database-url postgres://postgres@127.0.0.1:5432/sps_bench_print
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "print_programme.json"
WORDS = (
    "théâtre parents orientation métiers réussite confiance classe collège école lycée forum atelier "
    "débat persévérance estime avenir projet élèves familles partenaires exposition musique sport"
).split()
COMMUNES = ["Créteil", "Vitry-sur-Seine", "Ivry-sur-Seine", "Fresnes", "Arcueil", "Orly", "Melun", "Meaux", "Torcy"]


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def populate(rng, *, actions: int, schools: int):
    from sps.catalogue import index
    from tests.actions.factories import ActionFactory
    from tests.editions.factories import CampaignFactory, EditionFactory
    from tests.schools.factories import SchoolFactory
    from tests.territories.factories import AcademyFactory, BassinFactory, DepartmentFactory

    academy = AcademyFactory(name="Bench", slug="bench")
    departments = [DepartmentFactory(academy=academy, name=f"Département {n}") for n in range(2)]
    bassins = [BassinFactory(department=departments[n % 2], name=f"Bassin {n}") for n in range(6)]
    all_schools = [
        SchoolFactory(department=b.department, bassin=b, commune=rng.choice(COMMUNES), name=f"École {n}")
        for n in range(schools)
        for b in [bassins[n % len(bassins)]]
    ]
    edition = EditionFactory(academy=academy, campaign=CampaignFactory(school_year="2026-2027"), published=True)
    ids = []
    for n in range(actions):
        days = [] if n % 10 == 0 else rng.sample(range(5), rng.randint(1, 3))
        occurrences = [
            {
                "date": edition.week_start + datetime.timedelta(days=d),
                "start_time": datetime.time(rng.choice([8, 9, 10, 14, 16, 18])),
                "end_time": None,
                "place": f"Salle {rng.randint(1, 40)}",
                "is_public": True,
            }
            for d in days
        ] or [{"date": edition.week_start, "is_public": False}]
        action = ActionFactory(
            published=True,
            edition=edition,
            schools=[rng.choice(all_schools)],
            title=sentence(rng, rng.randint(3, 9)),
            description=sentence(rng, rng.randint(20, 60)),
            is_flagship=n % 25 == 0,
            occurrences=occurrences,
        )
        ids.append(action.pk)
    index.index_actions(ids)
    return academy, edition


def pdf_pages(document: bytes):
    """The page count from poppler's pdfinfo; None without it."""
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(["pdfinfo", "-"], input=document, capture_output=True, check=False).stdout.decode()
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(match.group(1)) if match else None


def timed(fn, repeat):
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {
        "median_s": round(statistics.median(wall), 3),
        "min_s": round(min(wall), 3),
        "cpu_median_s": round(statistics.median(cpu), 3),
        "runs": repeat,
    }, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--schools", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.database_url:
        args.database_url = f"sqlite:///{tempfile.mkdtemp(prefix='sps-bench-print-')}/bench.sqlite3"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from sps.catalogue.models import CatalogueEntry
    from sps.catalogue.programme import build_programme, programme_pdf, programme_scope

    setup_test_environment()
    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    start = time.perf_counter()
    if CatalogueEntry.objects.filter(academy__slug="bench").count() != args.actions:
        populate(rng, actions=args.actions, schools=args.schools)
    generate_s = round(time.perf_counter() - start, 1)
    params = {"academie": "bench", "edition": "2026-2027"}
    scope = programme_scope(params)
    client = Client()

    def page():
        response = client.get("/programme/imprimer/", params)
        assert response.status_code == 200, response.status_code
        return len(response.content)

    def pdf():
        return programme_pdf(build_programme(scope))

    page()  # warm up (templates, fonts)
    programme_pdf(build_programme(programme_scope({**params})))
    data, programme = timed(lambda: build_programme(scope), args.repeat)
    html, size = timed(page, args.repeat)
    pdf_times, document = timed(pdf, args.repeat)
    pages = pdf_pages(document)
    results = {
        "engine": connection.vendor,
        "actions": args.actions,
        "days": len(programme.days),
        "undated": len(programme.undated),
        "generate_s": generate_s,
        "build_programme": data,
        "html_page": {**html, "bytes": size},
        "pdf": {**pdf_times, "bytes": len(document), "pages": pages},
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    print(f"{args.actions} actions ({results['undated']} without a public temps fort), {connection.vendor}")
    print(f"{'measure':<20} {'wall median s':>14} {'wall min s':>11} {'CPU median s':>13}")
    for key in ("build_programme", "html_page", "pdf"):
        r = results[key]
        print(f"{key:<20} {r['median_s']:>14} {r['min_s']:>11} {r['cpu_median_s']:>13}")
    print(f"PDF: {pages} pages, {len(document) // 1024} KiB; HTML page {size // 1024} KiB")
    print(f"load average {results['load_average']} on {results['cpus']} CPUs")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
