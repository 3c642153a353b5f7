"""Two people taking the last seat at the same moment: never more confirmed registrations than seats.

Real concurrent requests (threads released together by a barrier) against the live server, many
rounds. Only PostgreSQL can run them side by side: SQLite serialises every write transaction
(transaction_mode IMMEDIATE), so there the race cannot even happen; CI runs this on PostgreSQL.
"""

import http.client
import threading
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from sps.events.models import Registration
from tests.events.factories import EventFactory

# May skip in CI's SQLite run: CI runs the suite on PostgreSQL too, where it must pass.
pytestmark = [
    pytest.mark.may_skip,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="Concurrent transactions need PostgreSQL (DATABASE_URL=postgres://…); SQLite serialises writes.",
    ),
]

ROUNDS = 8
CLIENTS = 12
SEATS = 3
# A fixed CSRF secret sent as cookie and as form field (Django accepts the unmasked secret).
CSRF = "a" * 32


def _post(host, port, path, email, results):
    body = urlencode({"name": "Camille Martin", "email": email, "role": "parent", "csrfmiddlewaretoken": CSRF})
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        connection.request(
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={CSRF}"},
        )
        response = connection.getresponse()
        response.read()
        results.append(response.status)
    except Exception as error:  # counted as an error, never hidden
        results.append(repr(error))
    finally:
        connection.close()


def test_last_seats_taken_at_the_same_moment(live_server, settings):
    # Every client comes from 127.0.0.1: lift the form's per-address rate limit (tested elsewhere).
    settings.EVENT_REGISTRATION_RATE_LIMIT = {"PER_IP": 10_000, "PER_EMAIL": 10_000, "WINDOW_SECONDS": 60}
    parts = urlsplit(live_server.url)
    for round_number in range(ROUNDS):
        event = EventFactory(capacity=SEATS)
        path = reverse("public:event_detail", kwargs={"pk": event.pk})
        barrier = threading.Barrier(CLIENTS)
        results = []

        def client(i, path=path, barrier=barrier, results=results, round_number=round_number):
            barrier.wait()
            _post(parts.hostname, parts.port, path, f"r{round_number}-p{i}@example.fr", results)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert results == [302] * CLIENTS, results
        statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
        assert statuses.count("confirmed") == SEATS, f"round {round_number}: {statuses}"
        assert statuses.count("waiting") == CLIENTS - SEATS
