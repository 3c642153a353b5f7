"""The tasks through real workers: the database worker (the embedded default, `manage.py
db_worker`) and Redis with RQ (the multi-server choice, `manage.py rqworker`), in burst mode."""

import io
import os
import signal
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from sps.actions.exports import DEFAULT_COLUMNS
from sps.common.mail import send_email_task
from sps.files.enums import FileStatus
from sps.files.models import GeneratedFile
from sps.files.tasks import build_generated_file
from tests.actions import conftest as domain_fixtures
from tests.actions.factories import ActionFactory
from tests.files.helpers import content_of, download

world = domain_fixtures.world
_frozen_today = domain_fixtures._frozen_today

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_database_worker():
    """What `manage.py db_worker --batch` does: run every ready task, then stop."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    ).run()


@pytest.mark.django_db(transaction=True)
def test_an_export_goes_through_the_database_worker(client, world, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_BACKEND
    ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor, title="Café des parents")
    client.force_login(world.academy_pilot)
    response = client.post(reverse("pilotage:action_export"), {"format": "xlsx", "columns": DEFAULT_COLUMNS})
    file = GeneratedFile.objects.get()
    assert response["Location"] == reverse("files:detail", kwargs={"pk": file.pk})
    # Enqueued in the database, not run: the page says so.
    task = DBTaskResult.objects.get()
    assert task.task_path == "sps.files.tasks.build_generated_file" and task.status == "READY"
    assert file.status == FileStatus.PENDING and file.task_id == str(task.id)
    assert "En attente" in client.get(response["Location"]).content.decode()
    run_database_worker()
    task.refresh_from_db()
    file.refresh_from_db()
    assert task.status == "SUCCESSFUL" and file.status == FileStatus.READY
    sheet = load_workbook(io.BytesIO(content_of(download(client, file)))).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Café des parents"]


@pytest.mark.django_db(transaction=True)
def test_a_poster_goes_through_the_database_worker(client, world, settings):
    settings.TASKS = DATABASE_BACKEND
    fiche = ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor, title="Forum")
    client.force_login(world.contributor)
    client.post(reverse("espace:action_poster", args=[fiche.pk]))
    client.post(reverse("espace:action_poster", args=[fiche.pk]))  # asked twice: one job
    file = GeneratedFile.objects.get()
    assert file.status == FileStatus.PENDING
    run_database_worker()
    file.refresh_from_db()
    assert file.status == FileStatus.READY and file.content_type == "application/pdf"
    assert content_of(download(client, file)).startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_e_mails_go_through_the_database_worker(settings):
    settings.TASKS = DATABASE_BACKEND
    send_email_task.enqueue(["porteur@example.fr"], "L'affiche est prête", "Bonjour.")
    assert mail.outbox == []
    run_database_worker()
    assert [m.subject for m in mail.outbox] == ["L'affiche est prête"]


# --- RQ (Redis) -------------------------------------------------------------------------------------


def _redis_or_skip():
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis does not answer on 127.0.0.1:6379 (.ci/run starts it)")
        pytest.skip("Redis does not answer on 127.0.0.1:6379")


@pytest.fixture
def rq_queue(settings):
    """A queue of this test only (other test runs may share the machine's Redis), and an RQ backend
    « rq » beside the default one."""
    _redis_or_skip()
    import django_rq

    name = f"sps-tests-{uuid.uuid4().hex}"
    # « default » only gives get_result() its connection: nothing is enqueued there.
    settings.RQ_QUEUES = {
        queue: {"URL": "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 60} for queue in (name, "default")
    }
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]},
    }
    yield name
    queue = django_rq.get_queue(name)
    queue.delete(delete_jobs=True)
    for key in queue.connection.scan_iter(f"rq:*{name}*"):  # its registries (finished, failed…)
        queue.connection.delete(key)


def run_rq_worker(queue_name):
    """What `manage.py rqworker --burst --job-class django_tasks_rq.Job` does, in this process
    (SimpleWorker: no fork, so the job sees the test's database)."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        django_rq.get_worker(queue_name, job_class=Job, worker_class=SimpleWorker).work(burst=True)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


@pytest.mark.django_db
def test_tasks_go_through_redis_and_an_rq_worker(world, rq_queue):
    result = send_email_task.using(backend="rq", queue_name=rq_queue).enqueue(["pilote@example.fr"], "Export", "Prêt.")
    file = GeneratedFile.objects.create(
        requested_by=world.academy_pilot,
        kind="actions.export",
        params={"filters": {}, "columns": ["title"], "format": "csv"},
        key="rq-test",
        label="Export des fiches actions (CSV)",
    )
    ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor, title="Forum")
    build_generated_file.using(backend="rq", queue_name=rq_queue).enqueue(str(file.pk))
    assert mail.outbox == [] and file.status == FileStatus.PENDING
    run_rq_worker(rq_queue)
    assert [m.to for m in mail.outbox] == [["pilote@example.fr"]]
    assert send_email_task.using(backend="rq", queue_name=rq_queue).get_result(result.id).status == "SUCCESSFUL"
    file.refresh_from_db()
    assert file.status == FileStatus.READY
    assert "Forum" in file.file.read().decode("utf-8-sig")
