"""The national synthesis: time of its HTML, PDF and DOCX (and XLSX), with the 2015-2016 figures and at
a larger scale.

Builds its own scratch SQLite database (or --database-url), loads the reference territories and
the 2015-2016 declared figures (seed 002), then times each format of the 2015-2016 national
synthesis. With --actions N (default 100,000; 0 to skip) it also generates a 2025-2026 campaign: an
edition per académie, N published actions spread over them (schools, actions phares, partners,
catalogue rows bulk-inserted as the catalogue index would write them), and times the same formats.

With --existing it generates nothing and loads nothing: it times the national synthesis of the
campaigns already in --database-url, for instance a database made by bench/generate_catalogue.py
(schools, editions, actions with their temps forts, partners and catalogue rows written through
the project's own bulk path and index):

    .venv/bin/python bench/generate_catalogue.py --seed 1 --actions 5000 --database-url sqlite:////tmp/bench.sqlite3
    .venv/bin/python bench/synthesis.py --existing --database-url sqlite:////tmp/bench.sqlite3

Prints a table and writes bench/results/synthesis.json (--output to write elsewhere).

    .venv/bin/python bench/synthesis.py
    .venv/bin/python bench/synthesis.py --actions 10000 --repeat 3
    .venv/bin/python bench/synthesis.py --database-url postgres://postgres@127.0.0.1:5432/sps_bench_synthesis
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "synthesis.json"
FORMATS = ("html", "pdf", "docx", "xlsx")


def generate(campaign_year: str, actions: int) -> None:
    """An edition per académie and `actions` published actions, bulk-inserted (with their catalogue rows)."""
    from django.db import transaction
    from django.utils import timezone

    from sps.actions.enums import ActionStatus, CarrierLevel
    from sps.actions.models import Action, ActionPartner, Partner
    from sps.catalogue.enums import LEVEL_GROUP_BITS, EntryKind
    from sps.catalogue.models import CatalogueEntry, CatalogueSchool
    from sps.editions.models import Campaign, Edition
    from sps.schools.enums import SchoolKind
    from sps.schools.models import School
    from sps.syntheses.synthesis import campaign_academies
    from sps.territories.models import Department

    start_year = int(campaign_year[:4])
    campaign, _ = Campaign.objects.get_or_create(school_year=campaign_year)
    academies = list(campaign_academies(campaign))
    now = timezone.now()
    bits = list(LEVEL_GROUP_BITS.values())
    kinds = [SchoolKind.ELEMENTARY, SchoolKind.COLLEGE, SchoolKind.LYCEE_GT, SchoolKind.LYCEE_PRO]
    per_academy = max(1, actions // len(academies))
    partners = Partner.objects.bulk_create([Partner(name=f"Partenaire national {n}") for n in range(50)])
    uai = 0
    with transaction.atomic():
        for academy in academies:
            departments = list(Department.objects.filter(academy=academy))
            if not departments:
                continue
            edition = Edition.objects.create(
                campaign=campaign,
                academy=academy,
                ordinal=3,
                week_start=datetime.date(start_year + 1, 3, 16),
                week_end=datetime.date(start_year + 1, 3, 20),
            )
            schools = []
            for n in range(max(1, per_academy // 2)):
                uai += 1
                schools.append(
                    School(
                        uai=f"{uai:07d}A",
                        name=f"Établissement {uai}",
                        kind=kinds[n % 4],
                        commune=f"Commune {n % 97}",
                        department=departments[n % len(departments)],
                    )
                )
            schools = School.objects.bulk_create(schools, batch_size=2000)
            created = Action.objects.bulk_create(
                [
                    Action(
                        edition=edition,
                        title=f"Action {academy.slug} {n}",
                        status=ActionStatus.PUBLISHED,
                        published_at=now,
                        is_flagship=n % 500 == 0,
                        carrier_level=CarrierLevel.ACADEMY if n == 1 else CarrierLevel.SCHOOL,
                    )
                    for n in range(per_academy)
                ],
                batch_size=2000,
            )
            ActionPartner.objects.bulk_create(
                [ActionPartner(action=a, partner=partners[i % 50]) for i, a in enumerate(created) if i % 3 == 0],
                batch_size=2000,
            )
            entries = CatalogueEntry.objects.bulk_create(
                [
                    CatalogueEntry(
                        kind=EntryKind.ACTION,
                        action=a,
                        edition=edition,
                        campaign=campaign,
                        academy=academy,
                        department=schools[i % len(schools)].department,
                        title=a.title,
                        carrier_label=schools[i % len(schools)].name,
                        communes=schools[i % len(schools)].commune,
                        is_flagship=a.is_flagship,
                        level_mask=bits[i % 4],
                        published_at=now,
                        updated_at=now,
                    )
                    for i, a in enumerate(created)
                ],
                batch_size=2000,
            )
            CatalogueSchool.objects.bulk_create(
                [CatalogueSchool(entry=e, school=schools[i % len(schools)]) for i, e in enumerate(entries)],
                batch_size=2000,
            )


def existing_scenarios(years: list[str] | None) -> list[tuple[str, str]]:
    """The campaigns of an existing database with their number of published actions (catalogue)."""
    from django.db.models import Count

    from sps.catalogue.enums import EntryKind
    from sps.catalogue.models import CatalogueEntry
    from sps.editions.models import Campaign

    counts = dict(
        CatalogueEntry.objects.filter(kind=EntryKind.ACTION)
        .values("campaign__school_year")
        .annotate(n=Count("pk"))
        .values_list("campaign__school_year", "n")
    )
    campaigns = Campaign.objects.order_by("school_year").values_list("school_year", flat=True)
    return [
        (year, f"{year} ({counts.get(year, 0)} actions publiées, base existante)")
        for year in campaigns
        if not years or year in years
    ]


def timed(fn, repeat: int) -> dict:
    """Wall time and CPU time of this process (on a shared machine the wall time measures the
    neighbours too; the CPU time is what the work itself costs: the wall time on an idle machine)."""
    runs, cpu, size = [], [], 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        size = len(fn())
        runs.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {
        "median_s": round(statistics.median(runs), 2),
        "min_s": round(min(runs), 2),
        "cpu_median_s": round(statistics.median(cpu), 2),
        "bytes": size,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--actions", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--existing",
        action="store_true",
        help="time the campaigns already in --database-url (e.g. made by generate_catalogue.py); load nothing",
    )
    parser.add_argument("--campaign", action="append", help="with --existing: only this school year (repeatable)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.existing and not args.database_url:
        parser.error("--existing needs --database-url")
    if not args.database_url:
        args.database_url = f"sqlite:///{tempfile.mkdtemp(prefix='sps-bench-synthesis-')}/bench.sqlite3"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sps.editions.models import Campaign
    from sps.syntheses.declared import declared_figures_load_reference, synthesis_axes_load_reference
    from sps.syntheses.document import build_synthesis
    from sps.syntheses.exports import render_synthesis
    from sps.territories.services import reference_load

    if args.existing:
        scenarios = existing_scenarios(args.campaign)
    else:
        call_command("migrate", verbosity=0)
        reference_load()
        declared_figures_load_reference()
        synthesis_axes_load_reference()
        scenarios = [("2015-2016", "2015-2016 (chiffres déclarés, 30 académies)")]
    if args.actions and not args.existing:
        start = time.perf_counter()
        generate("2025-2026", args.actions)
        print(f"Generated {args.actions} published actions in {time.perf_counter() - start:.1f} s")
        scenarios.append(("2025-2026", f"2025-2026 ({args.actions} actions publiées)"))

    results = []
    for year, label in scenarios:
        campaign = Campaign.objects.get(school_year=year)
        with CaptureQueriesContext(connection) as queries:
            build_synthesis(campaign=campaign)
        row = {"scenario": label, "queries": len(queries.captured_queries)}
        row["build"] = timed(lambda c=campaign: [build_synthesis(campaign=c)], args.repeat)
        for fmt in FORMATS:
            row[fmt] = timed(lambda c=campaign, f=fmt: render_synthesis(campaign=c, fmt=f)[2], args.repeat)
        results.append(row)

    # « wall / CPU » seconds (medians): see timed().
    header = f"{'scenario':52} {'queries':>7} {'build s':>11} " + " ".join(f"{f + ' s':>11}" for f in FORMATS)
    print(header)
    print("-" * len(header))
    for row in results:
        cells = " ".join(f"{row[f]['median_s']:>5} / {row[f]['cpu_median_s']:<3}" for f in ("build", *FORMATS))
        print(f"{row['scenario']:52} {row['queries']:>7} {cells}")
    print(f"(wall / CPU seconds; load average {os.getloadavg()[0]:.1f} for {os.cpu_count()} CPUs)")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {
                "engine": connection.vendor,
                "database": "existing" if args.existing else "generated",
                "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
                "repeat": args.repeat,
                "results": results,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"→ {args.output}")


if __name__ == "__main__":
    main()
