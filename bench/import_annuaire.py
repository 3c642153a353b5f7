"""Benchmark of the Annuaire de l'éducation import at national size (not a test).

Generates a national-size directory (66 000 lines by default) in the shape of the real
extracts — half in the older header (UTF-8 with BOM), half in the newer one, every département,
some bad lines, spreadsheet-mangled numbers, DD/MM/YYYY dates, multi-line establishments —,
then imports it into a scratch database three times, each in a child process whose wall time
and peak RSS are measured: a first import, a re-import of the same files (all unchanged), and
a re-import where one line in ten changed.

    .venv/bin/python bench/import_annuaire.py                       # scratch SQLite file
    .venv/bin/python bench/import_annuaire.py --database-url postgres://postgres@127.0.0.1:5432/sps_bench

The PostgreSQL database is created if missing and its schools, bassins and circonscriptions
are emptied before the first import: give it a database of its own. Results are printed and
written to bench/results/import_annuaire.json.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXTRACTS = REPO / "sps" / "schools" / "data" / "annuaire"
OLD_EXTRACT = EXTRACTS / "annuaire-extrait-35-ille-et-vilaine.csv"
NEW_EXTRACT = EXTRACTS / "annuaire-extrait-94-val-de-marne.csv"
DEPARTMENTS = REPO / "sps" / "territories" / "data" / "departements_academies.csv"
RESULTS = REPO / "bench" / "results" / "import_annuaire.json"
CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
TARGET_SECONDS = 60
TARGET_RSS_MB = 300


# --- Generation -----------------------------------------------------------------------------


def read_extract(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        return list(reader.fieldnames), list(reader)


def uai_prefix(department: str) -> str:
    corsica = {"2A": "620", "2B": "720"}
    return corsica[department] if department in corsica else f"{int(department):03d}"


def make_uai(prefix: str, number: int) -> str:
    digits = f"{prefix}{number:04d}"
    return digits + CHECK_LETTERS[int(digits) % 23]


def generate(directory: Path, *, rows: int, variant: int = 0) -> list[Path]:
    """Write the national-size files; `variant` > 0 changes one line in ten (names, pupils)."""
    old_header, old_templates = read_extract(OLD_EXTRACT)
    new_header, new_templates = read_extract(NEW_EXTRACT)
    # The newer export of a whole département has every kind: take the 35 lines as templates too.
    new_templates = new_templates + [
        {**row, "coordX_origine": row["coordonnee_X"], "coordY_origine": row["coordonnee_Y"]} for row in old_templates
    ]
    with open(DEPARTMENTS, encoding="utf-8") as f:
        departments = [row["code_departement"] for row in csv.DictReader(f)]

    per_department: dict[str, int] = {}
    paths = []
    halves = [(directory / "annuaire-national-ancien.csv", old_header, old_templates, "utf-8-sig")]
    halves.append((directory / "annuaire-national-nouveau.csv", new_header, new_templates, "utf-8"))
    for half, (path, header, templates, encoding) in enumerate(halves):
        count = rows // 2 if half == 0 else rows - rows // 2
        with open(path, "w", encoding=encoding, newline="") as f:
            writer = csv.DictWriter(f, fieldnames=header, delimiter=";", restval="", extrasaction="ignore")
            writer.writeheader()
            previous = None
            for i in range(count):
                n = half * (rows // 2) + i
                department = departments[n % len(departments)]
                if n % 2000 == 1999 and previous is not None:  # a multi-line establishment
                    writer.writerow({**previous, "Adresse_1": "Site annexe"})
                    continue
                number = per_department[department] = per_department.get(department, 0) + 1
                row = dict(templates[n % len(templates)])
                prefix = uai_prefix(department)
                row["Identifiant_de_l_etablissement"] = make_uai(prefix, number)
                row["Nom_etablissement"] = f"{row['Nom_etablissement']} {number}"
                # Leading zeros as in the real files, or lost by a spreadsheet.
                row["Code_departement"] = f"0{department}" if n % 7 else department
                row["Code_academie"] = ""
                if variant and n % 10 == 0:
                    row["Nom_etablissement"] += " (rénové)"
                if "Nombre_d_eleves" in row and row["Nombre_d_eleves"]:
                    pupils = int(row["Nombre_d_eleves"]) + (variant if n % 10 == 0 else 0)
                    row["Nombre_d_eleves"] = f"{pupils},0" if n % 50 == 0 else str(pupils)
                if n % 40 == 0 and row["date_ouverture"]:
                    row["date_ouverture"] = datetime.date.fromisoformat(row["date_ouverture"]).strftime("%d/%m/%Y")
                if n % 25 == 0 and row["latitude"]:
                    row["latitude"] = row["latitude"].replace(".", ",")
                    row["longitude"] = row["longitude"].replace(".", ",")
                if "code_bassin_formation" in header:
                    bassin = number % 4
                    row["code_bassin_formation"] = f"{prefix}{bassin:02d}"
                    row["libelle_bassin_formation"] = f"{department} BASSIN {bassin + 1}"
                    if row["Type_etablissement"] == "Ecole":
                        circonscription = number % 6
                        row["code_circonscription"] = make_uai(prefix, 9000 + circonscription)
                        row["nom_circonscription"] = f"Circonscription {department}-{circonscription + 1}"
                    else:
                        row["code_circonscription"] = row["nom_circonscription"] = ""
                else:
                    circonscription = number % 6
                    if row["Type_etablissement"] == "Ecole":
                        row["nom_circonscription"] = f"Circonscription {department}-{circonscription + 1}"
                # Some bad lines: about 0.5 %.
                if n % 300 == 17:
                    uai = row["Identifiant_de_l_etablissement"]
                    wrong = CHECK_LETTERS[(CHECK_LETTERS.index(uai[7]) + 1) % 23]
                    row["Identifiant_de_l_etablissement"] = uai[:7] + wrong
                elif n % 997 == 5:
                    row["Code_departement"] = "099"
                elif n % 1499 == 3:
                    row["Nom_etablissement"] = ""
                writer.writerow(row)
                previous = row
        paths.append(path)
    return paths


# --- Database -------------------------------------------------------------------------------


def child_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "0",
        "PYTHONPATH": str(REPO),
    }


def manage(database_url: str, *args: str):
    subprocess.run([sys.executable, str(REPO / "manage.py"), *args], env=child_env(database_url), check=True, cwd=REPO)


def prepare_database(database_url: str):
    if database_url.startswith(("postgres://", "postgresql://")):
        import psycopg
        from psycopg import sql

        base, _, name = database_url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    manage(database_url, "migrate", "--noinput", "-v0")
    manage(database_url, "load_reference")
    print(file=sys.stderr)
    # Start from no schools (a PostgreSQL bench database is kept between runs).
    run_child(database_url, ["--reset"])


def run_child(database_url: str, args: list[str]) -> dict:
    """Run this script in child mode; return its JSON, the wall time and the child's peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", *args], env=child_env(database_url), stdout=subprocess.PIPE, cwd=REPO
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"child failed ({process.returncode})")
    result = json.loads(output)
    result["wall_seconds"] = round(wall, 2)
    # ru_maxrss is in kilobytes on Linux.
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return result


def child(args):
    import django

    django.setup()
    from django.db import connection

    from sps.schools.importer import directory_import
    from sps.schools.models import School
    from sps.territories.models import Bassin, Circonscription

    if args.reset:
        School.objects.all().delete()
        Bassin.objects.all().delete()
        Circonscription.objects.all().delete()
        print(json.dumps({}))
        return
    if connection.vendor == "sqlite":
        database = "SQLite " + ".".join(map(str, connection.Database.sqlite_version_info))
    else:
        version = connection.cursor().connection.info.server_version
        database = f"PostgreSQL {version // 10000}.{version % 10000}"
    started = time.perf_counter()
    report = directory_import(files=[(Path(name).name, name) for name in args.files])
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "import_seconds": round(seconds, 2),
                "lines": report.lines_read,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": report.rejected_count,
                "duplicates": len(report.duplicates),
                "warnings": len(report.warnings),
                "schools": School.objects.count(),
                "bassins": Bassin.objects.count(),
                "circonscriptions": Circonscription.objects.count(),
                "database": database,
            }
        )
    )


# --- Main -----------------------------------------------------------------------------------


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=66_000)
    parser.add_argument("--database-url", help="défaut : un fichier SQLite temporaire")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--reset", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    with tempfile.TemporaryDirectory(prefix="sps-bench-") as tmp:
        tmp = Path(tmp)
        database_url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
        print(f"Base : {database_url}", file=sys.stderr)
        load_before = [round(x, 2) for x in os.getloadavg()]
        prepare_database(database_url)
        started = time.perf_counter()
        (tmp / "v0").mkdir()
        (tmp / "v1").mkdir()
        files = generate(tmp / "v0", rows=args.rows)
        changed = generate(tmp / "v1", rows=args.rows, variant=1)
        generation = time.perf_counter() - started
        size_mb = sum(path.stat().st_size for path in files) / 1e6
        print(f"{args.rows} lignes générées ({size_mb:.1f} Mo) en {generation:.1f} s", file=sys.stderr)

        scenarios = {}
        for label, paths in [
            ("first_import", files),
            ("reimport_unchanged", files),
            ("reimport_10pc_changed", changed),
        ]:
            print(f"… {label}", file=sys.stderr)
            scenarios[label] = run_child(database_url, [str(path) for path in paths])

    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    results = {
        "benchmark": "import_annuaire",
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "rows": args.rows,
        "files_mb": round(size_mb, 1),
        "engine": engine,
        "database": scenarios["first_import"]["database"],
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            # The machine is shared: a load above the CPU count means other work slowed the run.
            "load_average_before": load_before,
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "targets": {"seconds": TARGET_SECONDS, "peak_rss_mb": TARGET_RSS_MB},
        "scenarios": scenarios,
    }
    print_table(results)
    write_results(args.output, results)


def print_table(results):
    print(f"\nImport de l'annuaire : {results['rows']} lignes, {results['database']}, {results['machine']['cpus']} CPU")
    print(
        f"{'scénario':<24} {'import (s)':>10} {'total (s)':>10} {'RSS max (Mo)':>13} {'créés':>7} "
        f"{'mis à jour':>10} {'inchangés':>10} {'rejetés':>8} {'doublons':>9}"
    )
    for label, s in results["scenarios"].items():
        ok = s["wall_seconds"] < TARGET_SECONDS and s["peak_rss_mb"] < TARGET_RSS_MB
        print(
            f"{label:<24} {s['import_seconds']:>10.2f} {s['wall_seconds']:>10.2f} {s['peak_rss_mb']:>13.1f} "
            f"{s['created']:>7} {s['updated']:>10} {s['unchanged']:>10} {s['rejected']:>8} {s['duplicates']:>9}"
            f"  {'OK' if ok else 'HORS CIBLE'}"
        )
    load = results["machine"]["load_average_before"][0]
    print(f"Charge de la machine au départ : {load} (pour {results['machine']['cpus']} CPU).")
    print(f"Cibles : moins de {TARGET_SECONDS} s et de {TARGET_RSS_MB} Mo de mémoire (RSS) par import.")


def write_results(path: Path, results: dict):
    """Keep one entry per engine in the JSON file, so SQLite and PostgreSQL runs sit side by side."""
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(path.read_text()) if path.exists() else {}
    if "engine" in existing:  # an old single-run file
        existing = {}
    existing[results["engine"]] = results
    path.write_text(json.dumps(existing, indent=2, ensure_ascii=False) + "\n")
    print(f"Résultats : {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


if __name__ == "__main__":
    main()
