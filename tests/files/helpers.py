"""Asking for a generated file through a view and following it to its download (tests run tasks
at once: the immediate backend, config/settings/test.py)."""

from django.urls import resolve, reverse

from sps.files.models import GeneratedFile


def request_file(client, django_capture_on_commit_callbacks, url, data=None) -> GeneratedFile:
    """POST `url`, which must lead to a generated file's page; the file (its task has run)."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    assert match.view_name == "files:detail", response["Location"]
    return GeneratedFile.objects.get(pk=match.kwargs["pk"])


def download(client, file: GeneratedFile):
    """The download response of a ready file, after checking its page links to it."""
    page = client.get(reverse("files:detail", kwargs={"pk": file.pk}))
    assert page.status_code == 200
    url = reverse("files:download", kwargs={"pk": file.pk})
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    return response


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


def ready_file(*, kind: str, key: str, label: str, filename: str, content: bytes, requested_by=None) -> GeneratedFile:
    """A generated file already built (status ready, expiring tomorrow), without running its task."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    content_type = "text/csv; charset=utf-8" if filename.endswith(".csv") else "application/octet-stream"
    file = GeneratedFile(
        requested_by=requested_by,
        kind=kind,
        key=key,
        label=label,
        status="ready",
        filename=filename,
        content_type=content_type,
        size=len(content),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    file.file.save(filename, ContentFile(content), save=False)
    file.save()
    return file
