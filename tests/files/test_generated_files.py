"""Generated files: one job per request, failures shown in French and logged, expiry and purge,
and the page and download only for the person who asked."""

import datetime
import logging
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from sps.audit.models import AuditEntry
from sps.files import registry
from sps.files.enums import FileStatus
from sps.files.models import GeneratedFile
from sps.files.registry import Built, FileBuildError
from sps.files.services import generated_file_request, generated_files_purge_expired
from sps.files.tasks import GENERIC_ERROR, build_generated_file
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "tests.echo"
calls = []


@pytest.fixture(autouse=True)
def echo_builder():
    """A builder of text files; params {"fail": "…"} raises that FileBuildError, {"crash": true} a bug."""

    def build(file, progress):
        calls.append(file.pk)
        if file.params.get("crash"):
            raise RuntimeError("boom: a bug in the builder")
        if file.params.get("fail"):
            raise FileBuildError(file.params["fail"])
        progress(50)
        return Built(filename="echo.txt", content_type="text/plain", content=file.params.get("text", "").encode())

    calls.clear()
    registry.BUILDERS[KIND] = build
    yield
    del registry.BUILDERS[KIND]


def _request(user, capture, **params):
    with capture(execute=True):
        return generated_file_request(by=user, kind=KIND, params=params, label="Écho")


def test_a_request_builds_and_stores_the_file(django_capture_on_commit_callbacks, settings):
    user = UserFactory()
    with freeze_time("2027-01-15 10:00"):
        file = _request(user, django_capture_on_commit_callbacks, text="bonjour")
    file.refresh_from_db()
    assert file.status == FileStatus.READY and file.progress == 100 and file.size == 7
    assert file.file.read() == b"bonjour" and file.filename == "echo.txt"
    assert file.file.path.startswith(settings.PRIVATE_MEDIA_ROOT)  # never under MEDIA_ROOT
    assert file.expires_at == datetime.datetime(2027, 1, 15, 10, tzinfo=datetime.UTC) + datetime.timedelta(
        hours=settings.GENERATED_FILE_TTL_HOURS
    )
    entry = AuditEntry.objects.get(verb="files.generated_file.requested")
    assert entry.user == user and entry.data == {"kind": KIND, "params": {"text": "bonjour"}}


def test_the_same_request_twice_is_one_job(django_capture_on_commit_callbacks):
    user = UserFactory()
    # Still pending (no worker yet): the second request gets the first file, no second task.
    first = generated_file_request(by=user, kind=KIND, params={"text": "a", "n": 1}, label="Écho")
    again = generated_file_request(by=user, kind=KIND, params={"n": 1, "text": "a"}, label="Écho")
    assert again.pk == first.pk and GeneratedFile.objects.count() == 1
    build_generated_file.call(str(first.pk))
    # Ready and not expired: still the same one, not rebuilt.
    assert _request(user, django_capture_on_commit_callbacks, text="a", n=1).pk == first.pk
    assert calls == [first.pk]
    # Other parameters, or another person: another job.
    assert _request(user, django_capture_on_commit_callbacks, text="b", n=1).pk != first.pk
    assert _request(UserFactory(), django_capture_on_commit_callbacks, text="a", n=1).pk != first.pk
    assert len(calls) == 3


def test_an_expired_or_failed_file_is_asked_again(django_capture_on_commit_callbacks):
    user = UserFactory()
    with freeze_time("2027-01-15 10:00"):
        old = _request(user, django_capture_on_commit_callbacks, text="a")
    with freeze_time("2027-03-01 10:00"):
        new = _request(user, django_capture_on_commit_callbacks, text="a")
    assert new.pk != old.pk
    failed = _request(user, django_capture_on_commit_callbacks, fail="Non.")
    assert _request(user, django_capture_on_commit_callbacks, fail="Non.").pk != failed.pk


def test_a_task_run_twice_builds_once(django_capture_on_commit_callbacks):
    file = _request(UserFactory(), django_capture_on_commit_callbacks, text="a")
    assert build_generated_file.call(str(file.pk)) == "skipped"
    assert calls == [file.pk]


def test_a_failing_job_shows_a_french_error_and_is_logged(client, django_capture_on_commit_callbacks, caplog):
    user = UserFactory()
    with caplog.at_level(logging.ERROR, logger="sps.files.tasks"):
        file = _request(user, django_capture_on_commit_callbacks, crash=True)
    file.refresh_from_db()
    assert file.status == FileStatus.FAILED and file.error == GENERIC_ERROR and not file.file
    record = next(r for r in caplog.records if r.name == "sps.files.tasks")
    assert record.levelno == logging.ERROR and str(file.pk) in record.getMessage()
    assert "boom: a bug in the builder" in caplog.text  # the traceback is in the log, not on the page
    client.force_login(user)
    page = client.get(reverse("files:detail", kwargs={"pk": file.pk})).content.decode()
    assert "Le fichier n'a pas pu être préparé" in page and "La génération du fichier a échoué." in page
    assert "boom" not in page and reverse("files:download", kwargs={"pk": file.pk}) not in page
    assert client.get(reverse("files:download", kwargs={"pk": file.pk})).status_code == 404


def test_a_builder_error_message_is_shown_as_is(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    file = _request(user, django_capture_on_commit_callbacks, fail="Cette fiche est introuvable.")
    client.force_login(user)
    assert (
        "Cette fiche est introuvable." in client.get(reverse("files:detail", kwargs={"pk": file.pk})).content.decode()
    )


def test_the_page_shows_progress_while_the_job_runs(client):
    user = UserFactory()
    file = generated_file_request(by=user, kind=KIND, params={}, label="Export des fiches")
    GeneratedFile.objects.filter(pk=file.pk).update(status=FileStatus.RUNNING, progress=40)
    client.force_login(user)
    response = client.get(reverse("files:detail", kwargs={"pk": file.pk}))
    page = response.content.decode()
    assert "En cours" in page and 'value="40"' in page and 'data-active="true"' in page
    assert "/static/sps/generated_file.js" in page and "<script>" not in page  # no inline script (CSP)
    assert reverse("files:download", kwargs={"pk": file.pk}) not in page
    assert client.get(reverse("files:download", kwargs={"pk": file.pk})).status_code == 404


def test_the_page_and_download_are_the_requesters_only(client, django_capture_on_commit_callbacks):
    owner = UserFactory()
    file = _request(owner, django_capture_on_commit_callbacks, text="secret")
    detail = reverse("files:detail", kwargs={"pk": file.pk})
    download = reverse("files:download", kwargs={"pk": file.pk})
    client.force_login(owner)
    assert client.get(detail).status_code == 200
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"secret"
    assert response["Content-Type"] == "text/plain" and "attachment" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"] and response["X-Content-Type-Options"] == "nosniff"
    for other in (UserFactory(), UserFactory(is_superuser=True, is_staff=True)):
        client.force_login(other)
        assert client.get(detail).status_code == 404
        assert client.get(download).status_code == 404
    client.logout()
    assert client.get(download)["Location"].startswith(reverse("accounts:login"))


def test_expired_files_are_purged_by_the_daily_command(client, django_capture_on_commit_callbacks, capsys):
    user = UserFactory()
    with freeze_time("2025-01-15 10:00"):
        expired = _request(user, django_capture_on_commit_callbacks, text="old")
        failed = _request(user, django_capture_on_commit_callbacks, fail="Non.")
    running = generated_file_request(by=user, kind=KIND, params={"text": "slow"}, label="Écho")
    GeneratedFile.objects.filter(pk=running.pk).update(status=FileStatus.RUNNING)
    fresh = _request(user, django_capture_on_commit_callbacks, text="new")
    expired.refresh_from_db()
    path = expired.file.path
    assert os.path.exists(path)
    client.force_login(user)
    assert client.get(reverse("files:download", kwargs={"pk": expired.pk})).status_code == 404  # expired: gone
    page = client.get(reverse("files:detail", kwargs={"pk": expired.pk})).content.decode()
    assert "a expiré" in page
    assert generated_files_purge_expired(dry_run=True) == 2
    call_command("purge_personal_data")
    assert "Fichiers générés expirés (exports, affiches) supprimés\u00a0: 2" in capsys.readouterr().out
    assert set(GeneratedFile.objects.values_list("pk", flat=True)) == {running.pk, fresh.pk}
    assert failed.pk not in GeneratedFile.objects.values_list("pk", flat=True)
    assert not os.path.exists(path)
    assert generated_files_purge_expired() == 0
    assert timezone.now() < GeneratedFile.objects.get(pk=fresh.pk).expires_at


def test_a_job_whose_worker_died_is_replaced_and_purged(django_capture_on_commit_callbacks, settings):
    user = UserFactory()
    with freeze_time("2025-01-15 10:00"):
        dead = generated_file_request(by=user, kind=KIND, params={"text": "a"}, label="Écho")
        GeneratedFile.objects.filter(pk=dead.pk).update(status=FileStatus.RUNNING)
    with freeze_time("2025-01-16 09:00"):  # within the time a job may take: still the same one
        assert generated_file_request(by=user, kind=KIND, params={"text": "a"}, label="Écho").pk == dead.pk
    other = generated_file_request(by=UserFactory(), kind=KIND, params={"text": "b"}, label="Écho")
    GeneratedFile.objects.filter(pk=other.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    assert generated_files_purge_expired(dry_run=True) == 2  # both stale
    new = _request(user, django_capture_on_commit_callbacks, text="a")
    assert new.pk != dead.pk
    dead.refresh_from_db()
    assert dead.status == FileStatus.FAILED and "Demandez-le à nouveau" in dead.error
    assert generated_files_purge_expired() == 2
    assert list(GeneratedFile.objects.values_list("pk", flat=True)) == [new.pk]
