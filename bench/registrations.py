"""Registrations on the last seats of a popular event: 50 concurrent clients against a live server.

Runs the application as in production (gunicorn, `config.settings.base`, DEBUG off: the command
of docs/deployment.md, 3 sync workers by default) on a free port of 127.0.0.1, against a
PostgreSQL database the script creates if missing (migrate, load_reference). Each round:

1. creates a published event with --capacity seats of which only --seats-left are free (the
   others are taken by registrations written directly);
2. starts --clients threads; each opens the event page (GET: CSRF cookie and token, not timed),
   then all of them wait at a barrier and post the registration form at the same moment, each
   with its own e-mail address;
3. counts the answers (302: registered, confirmed or on the waiting list; 5xx and timeouts:
   errors) and, in the database, the confirmed registrations: more than the capacity is a double
   booking (must be 0).

Prints a table (one line per round, then all rounds) and writes bench/results/registrations.json
with the machine's CPU count, load average and CPU use during the run: the machine may be shared,
and a load above the CPU count means the figures are pessimistic.

    .venv/bin/python bench/registrations.py
    .venv/bin/python bench/registrations.py --database-url postgres://postgres@127.0.0.1:5432/sps_bench \\
        --rounds 10 --clients 50 --seats-left 20 --workers 3

The form's rate limit per client address (settings.EVENT_REGISTRATION_RATE_LIMIT) is lifted for
the server (every client here is 127.0.0.1): what is measured is the registration itself.
"""

import argparse
import datetime
import http.client
import io
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "registrations.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sps_bench_registrations"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- The event of a round (Django's ORM, in this process) -----------------------------------


def prepare_event(*, capacity: int, seats_left: int, tag: str):
    """A published public event with `capacity` seats, all but `seats_left` already taken."""
    from django.utils import timezone

    from sps.events.enums import EventKind, RegistrationStatus
    from sps.events.models import Event, EventSession, Registration
    from sps.territories.models import Academy

    academy = Academy.objects.order_by("pk").first()
    event = Event.objects.create(
        kind=EventKind.FORUM,
        title=f"Forum de la persévérance (banc d'essai {tag})",
        description="Un événement très demandé : les dernières places partent en même temps.",
        place="Rectorat",
        capacity=capacity,
        status="published",
        published_at=timezone.now(),
    )
    event.academies.set([academy])
    start = timezone.now() + datetime.timedelta(days=10)
    EventSession.objects.create(
        event=event, title="Forum", starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    Registration.objects.bulk_create(
        Registration(
            event=event,
            name=f"Inscrit {n}",
            email=f"deja-{tag}-{n}@example.fr",
            role="parent",
            status=RegistrationStatus.CONFIRMED,
        )
        for n in range(capacity - seats_left)
    )
    return event


def count_registrations(event) -> dict:
    from sps.events.models import Registration

    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    return {status: statuses.count(status) for status in ("confirmed", "waiting", "cancelled")}


# --- The clients (plain http.client, one connection per request) -----------------------------


def _connection(base_url: str, timeout: float):
    parts = urlsplit(base_url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)


def open_form(base_url: str, path: str, timeout: float) -> tuple[str, str]:
    """GET the event page: the CSRF cookie and the form's token."""
    connection = _connection(base_url, timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode()
        if response.status != 200:
            raise RuntimeError(f"GET {path} → {response.status}")
        cookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie.load(header)
        return cookie["csrftoken"].value, CSRF_FIELD.search(body).group(1)
    finally:
        connection.close()


def post_registration(base_url: str, path: str, *, csrf: tuple[str, str], email: str, timeout: float):
    """POST the registration form; (status or error name, seconds)."""
    cookie, token = csrf
    body = urlencode({"name": "Camille Martin", "email": email, "role": "parent", "csrfmiddlewaretoken": token})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}
    connection = _connection(base_url, timeout)
    start = time.perf_counter()
    try:
        connection.request("POST", path, body, headers)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - start
    except TimeoutError:
        return "timeout", time.perf_counter() - start
    except OSError as error:
        return type(error).__name__, time.perf_counter() - start
    finally:
        connection.close()


def percentile(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def run_round(*, base_url: str, event, clients: int, timeout: float, tag: str) -> dict:
    """All `clients` post the form at the same moment; the answers and the database's counts."""
    from django.urls import reverse

    path = reverse("public:event_detail", kwargs={"pk": event.pk})
    before = count_registrations(event)
    tokens = [open_form(base_url, path, timeout) for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)
    answers: list = [None] * clients

    def client(i):
        barrier.wait()
        answers[i] = post_registration(
            base_url, path, csrf=tokens[i], email=f"client-{tag}-{i}@example.fr", timeout=timeout
        )

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    after = count_registrations(event)
    statuses = [status for status, _ in answers]
    latencies = [seconds * 1000 for _, seconds in answers]
    ok = statuses.count(302)
    server_errors = sum(1 for s in statuses if isinstance(s, int) and s >= 500)
    failures = sum(1 for s in statuses if not isinstance(s, int))  # timeouts, resets
    return {
        "clients": clients,
        "capacity": event.capacity,
        "seats_left_before": event.capacity - before["confirmed"],
        "registered": ok,
        "confirmed_new": after["confirmed"] - before["confirmed"],
        "waiting_new": after["waiting"] - before["waiting"],
        "errors": server_errors + failures,
        "errors_5xx": server_errors,
        "timeouts_or_resets": failures,
        "other_statuses": sorted({str(s) for s in statuses if s != 302 and isinstance(s, int) and s < 500}),
        "double_bookings": max(0, after["confirmed"] - event.capacity),
        "wall_s": round(wall, 3),
        "registrations_per_s": round(ok / wall, 1) if wall else None,
        "latency_median_ms": round(statistics.median(latencies), 1),
        "latency_p95_ms": round(percentile(latencies, 95), 1),
        "latency_max_ms": round(max(latencies), 1),
        "latencies_ms": [round(x, 1) for x in latencies],
    }


def summarise(rounds: list[dict]) -> dict:
    latencies = [x for r in rounds for x in r["latencies_ms"]]
    return {
        "rounds": len(rounds),
        "posts": sum(r["clients"] for r in rounds),
        "registered": sum(r["registered"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
        "double_bookings": sum(r["double_bookings"] for r in rounds),
        "registrations_per_s_median": round(statistics.median(r["registrations_per_s"] for r in rounds), 1),
        "latency_median_ms": round(statistics.median(latencies), 1),
        "latency_p95_ms": round(percentile(latencies, 95), 1),
        "latency_max_ms": round(max(latencies), 1),
    }


# --- The machine, the database and the server ------------------------------------------------


def cpu_jiffies() -> tuple[int, int] | None:
    """(busy, total) jiffies of the whole machine since boot (/proc/stat), None off Linux."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def process_tree_cpu_s(root: int) -> float | None:
    """CPU seconds (user + system) of `root` and its descendants (the gunicorn workers)."""
    try:
        stats = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    raw = (entry / "stat").read_text()
                except OSError:
                    continue
                rest = raw.rsplit(")", 1)[1].split()
                stats[int(entry.name)] = (int(rest[1]), int(rest[11]) + int(rest[12]))
    except OSError:
        return None
    tree, changed = {root}, True
    while changed:
        children = {pid for pid, (ppid, _) in stats.items() if ppid in tree} - tree
        tree |= children
        changed = bool(children)
    return sum(stats[pid][1] for pid in tree if pid in stats) / os.sysconf("SC_CLK_TCK")


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of `url` when it is missing."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(*, env: dict, port: int, workers: int, threads: int, probe: str):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi",
        "-w",
        str(workers),
        "--threads",
        str(threads),
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--backlog",
        "2048",
    ]
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped: " + server.stderr.read().decode()[-2000:])
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", probe)
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL (created if missing)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--capacity", type=int, default=700, help="seats of the event (seed 004: 700 teachers)")
    parser.add_argument("--seats-left", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn processes (docs/deployment.md: 3)")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn process")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a request is a timeout")
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("this benchmark runs on PostgreSQL (SQLite serialises the writes)")
    ensure_database(args.database_url)
    env = os.environ | {
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EVENT_REGISTRATION_RATE_LIMIT_PER_IP": "1000000",
        "EVENT_REGISTRATION_RATE_LIMIT_PER_EMAIL": "1000000",
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from sps.events.models import Event

    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=io.StringIO())
    tag = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
    first = prepare_event(capacity=args.capacity, seats_left=args.seats_left, tag=f"{tag}-probe")
    port = free_port()
    load_before, cpu_before = os.getloadavg(), cpu_jiffies()
    server = start_server(
        env=env, port=port, workers=args.workers, threads=args.threads, probe=f"/evenements/{first.pk}/"
    )
    base_url = f"http://127.0.0.1:{port}"
    rounds, events = [], [first]
    try:
        server_cpu_before = process_tree_cpu_s(server.pid)
        client_cpu_before = time.process_time()
        for n in range(args.rounds):
            event = prepare_event(capacity=args.capacity, seats_left=args.seats_left, tag=f"{tag}-{n}")
            events.append(event)
            rounds.append(
                run_round(base_url=base_url, event=event, clients=args.clients, timeout=args.timeout, tag=f"{tag}-{n}")
            )
        server_cpu = process_tree_cpu_s(server.pid)
        client_cpu = time.process_time() - client_cpu_before
    finally:
        server.terminate()
        server.wait(timeout=30)
    load_after, cpu_after = os.getloadavg(), cpu_jiffies()
    Event.objects.filter(pk__in=[e.pk for e in events]).delete()  # the scratch events and their rows

    summary = summarise(rounds)
    machine_busy = None
    if cpu_before and cpu_after and cpu_after[1] > cpu_before[1]:
        machine_busy = round((cpu_after[0] - cpu_before[0]) / (cpu_after[1] - cpu_before[1]), 3)
    results = {
        "engine": connection.vendor,
        "server": f"gunicorn config.wsgi -w {args.workers} --threads {args.threads} (DEBUG off)",
        "parameters": {k: v for k, v in vars(args).items() if k not in {"database_url", "output"}},
        "summary": summary,
        "rounds": [{k: v for k, v in r.items() if k != "latencies_ms"} for r in rounds],
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
            # Share of all the machine's CPUs busy during the run (every process, other helpers' too).
            "cpu_busy_share_during_run": machine_busy,
            "server_cpu_s": round(server_cpu - server_cpu_before, 2)
            if server_cpu is not None and server_cpu_before is not None
            else None,
            "clients_cpu_s": round(client_cpu, 2),
            "note": "shared machine: other processes ran beside the benchmark (see the load average)",
        },
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    print(
        f"{args.clients} clients, {args.seats_left} seats left of {args.capacity}, {results['server']}, "
        f"{connection.vendor}"
    )
    header = f"{'round':<6} {'reg/s':>7} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'confirmed':>10} {'waiting':>8} {'errors':>7} {'double':>7}"
    print(header)
    for n, r in enumerate(rounds, start=1):
        print(
            f"{n:<6} {r['registrations_per_s']:>7} {r['latency_median_ms']:>10} {r['latency_p95_ms']:>8} "
            f"{r['latency_max_ms']:>8} {r['confirmed_new']:>10} {r['waiting_new']:>8} {r['errors']:>7} "
            f"{r['double_bookings']:>7}"
        )
    s = summary
    print(
        f"{'all':<6} {s['registrations_per_s_median']:>7} {s['latency_median_ms']:>10} {s['latency_p95_ms']:>8} "
        f"{s['latency_max_ms']:>8} {'':>10} {'':>8} {s['errors']:>7} {s['double_bookings']:>7}"
    )
    m = results["machine"]
    print(
        f"load average {m['load_average_before']} → {m['load_average_after']} on {m['cpus']} CPUs; "
        f"machine CPU busy {m['cpu_busy_share_during_run']}; server CPU {m['server_cpu_s']} s, clients {m['clients_cpu_s']} s"
    )
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"written {output}")
    if s["double_bookings"] or s["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
