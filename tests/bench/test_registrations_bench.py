"""The registrations benchmark at a tiny size against the test live server: one round where more
clients than seats post at the same moment (no timing asserted: speed is measured in bench/)."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from tests.territories.factories import AcademyFactory

BENCH = Path(__file__).resolve().parents[2] / "bench"
# SQLite's test database is one in-memory connection shared by the live server's threads: requests
# at the same moment there fail for that reason alone. The smoke run posts one client there, four
# at once on PostgreSQL (CI runs both).
CLIENTS = 4 if django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else 1


def load(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def benchmark(live_server, settings):
    # Every client is 127.0.0.1: the form's rate limit is lifted, as the benchmark lifts it.
    settings.EVENT_REGISTRATION_RATE_LIMIT = {"PER_IP": 10_000, "PER_EMAIL": 10_000, "WINDOW_SECONDS": 60}
    cache.clear()
    AcademyFactory()
    return load("registrations")


def test_one_round_registers_every_client_and_books_no_seat_twice(benchmark, live_server):
    event = benchmark.prepare_event(capacity=5, seats_left=2, tag="smoke")
    assert benchmark.count_registrations(event) == {"confirmed": 3, "waiting": 0, "cancelled": 0}
    result = benchmark.run_round(base_url=live_server.url, event=event, clients=CLIENTS, timeout=60, tag="smoke")
    assert result["registered"] == CLIENTS and result["errors"] == 0 and result["other_statuses"] == []
    confirmed = min(CLIENTS, 2)
    assert (result["confirmed_new"], result["waiting_new"], result["double_bookings"]) == (
        confirmed,
        CLIENTS - confirmed,
        0,
    )
    assert result["seats_left_before"] == 2 and len(result["latencies_ms"]) == CLIENTS
    summary = benchmark.summarise([result])
    assert (summary["posts"], summary["registered"], summary["errors"]) == (CLIENTS, CLIENTS, 0)
    assert summary["double_bookings"] == 0


def test_a_double_booking_would_be_counted(benchmark, live_server):
    from sps.events.models import Registration

    event = benchmark.prepare_event(capacity=2, seats_left=0, tag="over")
    # More confirmed rows than seats, written behind the service's back: the round must see it.
    Registration.objects.create(event=event, name="En trop", email="trop@example.fr", role="parent")
    result = benchmark.run_round(base_url=live_server.url, event=event, clients=1, timeout=60, tag="over")
    assert result["double_bookings"] == 1 and result["waiting_new"] == 1


def test_machine_figures_are_read_on_linux():
    benchmark = load("registrations")
    busy_total = benchmark.cpu_jiffies()
    if busy_total is None:
        pytest.skip("no /proc/stat here")
    busy, total = busy_total
    assert 0 <= busy <= total
    import os

    assert benchmark.process_tree_cpu_s(os.getpid()) > 0
    assert benchmark.percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
