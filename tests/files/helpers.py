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
