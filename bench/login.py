"""Where the time of a log-in POST goes: the password hasher versus everything else.

Builds its own scratch SQLite database (or --database-url), creates one account with Django's
default password hasher (PBKDF2-SHA256, the production setting), then times:

- the hasher alone (`check_password`, what every log-in pays once, even for an unknown address),
- a successful log-in POST through the whole stack (middleware, throttle queries, session),
- a failed log-in POST (wrong password), and the GET of the log-in page.

Prints a table and writes bench/results/login.json (with the machine's load average).

    .venv/bin/python bench/login.py
    .venv/bin/python bench/login.py --repeat 10 --database-url postgres://postgres@127.0.0.1:5432/sps_bench_login
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
RESULTS = REPO / "bench" / "results" / "login.json"
PASSWORD = "un-mot-de-passe-solide-2027"


def timed_interleaved(measures: dict, repeat: int) -> dict:
    """Each measure once per round, in turn, so that the machine's changing load hits them alike."""
    runs = {name: [] for name in measures}
    cpu = {name: [] for name in measures}
    for _ in range(repeat):
        for name, fn in measures.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            runs[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((time.process_time() - start_cpu) * 1000)
    return {
        name: {
            "median_ms": round(statistics.median(r), 1),
            "min_ms": round(min(r), 1),
            # CPU time of this process: what the work costs, whatever else the machine is doing.
            "cpu_median_ms": round(statistics.median(cpu[name]), 1),
            "runs": len(r),
        }
        for name, r in runs.items()
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if not args.database_url:
        args.database_url = f"sqlite:///{tempfile.mkdtemp(prefix='sps-bench-login-')}/bench.sqlite3"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.conf import global_settings
    from django.contrib.auth.hashers import check_password, get_hasher, make_password
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment

    from sps.accounts.models import LoginFailure, User

    setup_test_environment()
    call_command("migrate", verbosity=0)
    # The test settings use MD5 for speed: measure the hasher production uses (Django's default).
    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS, LOGIN_THROTTLE={"SLOWDOWN_AFTER": 1000}):
        hasher = get_hasher()
        User.objects.filter(email="bench@example.fr").delete()
        user = User.objects.create_user(email="bench@example.fr", password=PASSWORD)
        encoded = make_password(PASSWORD)
        client = Client()

        def login_ok():
            response = client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD})
            assert response.status_code == 302, response.status_code
            client.logout()

        def login_failed():
            response = client.post("/compte/connexion/", {"username": user.email, "password": "mauvais"})
            assert response.status_code == 200
            LoginFailure.objects.all().delete()

        def login_page():
            assert client.get("/compte/connexion/").status_code == 200

        login_ok()  # warm up (templates, URL resolver, connections)
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
            login_ok()
        results = {
            "hasher": {"algorithm": hasher.algorithm, "iterations": getattr(hasher, "iterations", None)},
            **timed_interleaved(
                {
                    "check_password": lambda: check_password(PASSWORD, encoded),
                    "login_post_ok": login_ok,
                    "login_post_failed": login_failed,
                    "login_page_get": login_page,
                },
                args.repeat,
            ),
            "queries_per_successful_login": len(queries),
        }
    ok, hash_ms = results["login_post_ok"]["cpu_median_ms"], results["check_password"]["cpu_median_ms"]
    results["login_post_ok_without_hasher_cpu_ms"] = round(ok - hash_ms, 1)
    results["hasher_share_of_login_cpu"] = round(hash_ms / ok, 3) if ok else None
    results["engine"] = connection.vendor
    results["load_average"] = [round(x, 2) for x in os.getloadavg()]
    results["cpus"] = os.cpu_count()

    print(f"hasher: {hasher.algorithm}, {results['hasher']['iterations']} iterations; {args.repeat} runs each")
    print(f"{'measure':<30} {'wall median ms':>15} {'wall min ms':>12} {'CPU median ms':>14}")
    for key in ("check_password", "login_post_ok", "login_post_failed", "login_page_get"):
        r = results[key]
        print(f"{key:<30} {r['median_ms']:>15} {r['min_ms']:>12} {r['cpu_median_ms']:>14}")
    print(
        f"{'log-in POST minus the hasher':<30} {'':>15} {'':>12} {results['login_post_ok_without_hasher_cpu_ms']:>14}"
    )
    print(f"hasher share of a log-in (CPU): {results['hasher_share_of_login_cpu']:.0%}")
    print(f"queries per successful log-in: {results['queries_per_successful_login']}")
    print(f"load average {results['load_average']} on {results['cpus']} CPUs")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
