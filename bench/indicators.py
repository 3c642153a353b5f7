"""The indicators of one campaign: France, the largest académie, a département, a bassin (not a test).

Reads a database filled by bench/generate_catalogue.py (its published actions, schools, bassins,
partners, temps forts), or fills one first with --generate N (same generator, same seed). Times
`sps.syntheses.indicators.territory_indicators` (every figure, counted in the database) and the
dashboard page as a national pilot gets it (the figures, the SVG charts and map, the template),
each --repeat times after one warm-up; counts their queries. Target: the national indicators of
one edition (campaign) in 1 s or less at 100,000 actions (docs/performance.md).

Prints a table and writes bench/results/indicators.json.

    .venv/bin/python bench/generate_catalogue.py --seed 1 --actions 100000 --database-url postgres://postgres@127.0.0.1:5432/sps_bench
    .venv/bin/python bench/indicators.py --database-url postgres://postgres@127.0.0.1:5432/sps_bench
    .venv/bin/python bench/indicators.py --generate 2000 --schools 5000 --database-url sqlite:////tmp/bench-indicators.sqlite3
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "indicators.json"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))


def timed(fn, repeat: int) -> dict:
    fn()  # warm-up: the first run fills the database's caches
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return {"median_s": round(statistics.median(runs), 3), "max_s": round(max(runs), 3), "runs": len(runs)}


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:////tmp/bench.sqlite3")
    parser.add_argument("--generate", type=int, default=0, help="recréer la base avec N actions publiées d'abord")
    parser.add_argument("--schools", type=int, default=60_000, help="avec --generate : nombre d'établissements")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    import generate_catalogue

    if args.generate:
        generate_catalogue.reset_database(args.database_url)
    generate_catalogue.setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    if args.generate:
        call_command("migrate", verbosity=0)
        call_command("load_reference", stdout=open(os.devnull, "w"))
        generate_catalogue.generate(seed=1, actions=args.generate, schools=args.schools, log=lambda *a: None)

    from sps.accounts.enums import Role
    from sps.accounts.models import RoleAssignment, User
    from sps.actions.enums import ActionStatus
    from sps.actions.models import Action
    from sps.editions.models import Campaign
    from sps.schools.models import School
    from sps.syntheses.indicators import Territory, territory_indicators
    from sps.territories.models import Academy, Bassin, Department

    published = Action.objects.filter(status=ActionStatus.PUBLISHED)
    busiest = published.values("edition__campaign").annotate(n=Count("pk")).order_by("-n").first()
    if busiest is None:
        sys.exit("La base ne contient aucune action publiée : lancez bench/generate_catalogue.py ou --generate N.")
    campaign = Campaign.objects.get(pk=busiest["edition__campaign"])
    in_campaign = published.filter(edition__campaign=campaign)
    academy = Academy.objects.get(
        pk=in_campaign.values("edition__academy").annotate(n=Count("pk")).order_by("-n")[0]["edition__academy"]
    )
    department = Department.objects.filter(academy=academy).annotate(n=Count("schools")).order_by("-n").first()
    bassin = Bassin.objects.filter(department=department).annotate(n=Count("schools")).order_by("-n").first()
    scenarios = [
        ("France entière", Territory.national()),
        (str(academy), Territory.of_academy(academy)),
        (str(department), Territory.of_department(department)),
        (f"Bassin {bassin.name}", Territory.of_bassin(bassin)),
    ]

    national, _ = User.objects.get_or_create(email="bench-indicateurs@example.fr")
    if not RoleAssignment.objects.filter(user=national, role=Role.NATIONAL_PILOT).exists():
        RoleAssignment.objects.create(user=national, role=Role.NATIONAL_PILOT)
    client = Client()
    client.force_login(national)
    pages = {
        "France entière": reverse("pilotage:indicators_national", args=[campaign.school_year]),
        str(academy): reverse("pilotage:indicators_academy", args=[campaign.school_year, academy.slug]),
    }

    results = []
    for label, territory in scenarios:
        with CaptureQueriesContext(connection) as queries:
            figures = territory_indicators(territory=territory, campaign=campaign)
        row = {
            "territory": label,
            "actions": figures.total_actions,
            "published": figures.published,
            "schools": figures.schools.total,
            "queries": len(queries.captured_queries),
            "indicators": timed(lambda t=territory: territory_indicators(territory=t, campaign=campaign), args.repeat),
        }
        if label in pages:

            def get(url=pages[label]):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            row["page"] = timed(get, args.repeat)
        results.append(row)

    header = f"{'territoire':40} {'actions':>8} {'publiées':>8} {'étab.':>7} {'req.':>5} {'indic. s':>9} {'page s':>8}"
    print(f"Campagne {campaign.school_year}, {connection.vendor}, {in_campaign.count()} actions publiées")
    print(header)
    print("-" * len(header))
    for row in results:
        page = row.get("page", {}).get("median_s", "")
        print(
            f"{row['territory'][:40]:40} {row['actions']:>8} {row['published']:>8} {row['schools']:>7}"
            f" {row['queries']:>5} {row['indicators']['median_s']:>9} {page:>8}"
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                "benchmark": "indicators",
                "date": datetime.datetime.now().isoformat(timespec="seconds"),
                "engine": connection.vendor,
                "campaign": campaign.school_year,
                "published_actions_in_campaign": in_campaign.count(),
                "actions_in_database": Action.objects.count(),
                "schools_in_database": School.objects.count(),
                "repeat": args.repeat,
                "target_s": 1.0,
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load": os.getloadavg()},
                "results": results,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
