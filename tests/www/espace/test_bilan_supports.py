"""Supports produced by an action (files or links) on the porteur's bilan page, and their download
through an access-checked view."""

import io
import zipfile

import pytest
from django.urls import reverse

from sps.actions.models import Bilan, BilanSupport
from tests.actions import conftest as domain_fixtures
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db
world = domain_fixtures.world
_frozen_today = domain_fixtures._frozen_today


@pytest.fixture
def published(world):
    return ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor, published=True)


def _file(content: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


def _add(client, action, **data):
    payload = {f"support-{k}": v for k, v in data.items()}
    return client.post(reverse("espace:bilan_support_add", kwargs={"pk": action.pk}), payload)


def test_contributor_adds_a_file_and_a_link_then_downloads_the_file(client, world, published):
    client.force_login(world.contributor)
    bilan_url = reverse("espace:action_bilan", kwargs={"pk": published.pk})
    page = client.get(bilan_url).content.decode()
    assert "Supports produits" in page and "Aucun support pour l&#x27;instant." in page or "Aucun support" in page
    response = _add(client, published, title="Affiche de l'exposition", file=_file(b"%PDF-1.4 affiche", "affiche.pdf"))
    assert response.status_code == 302 and response["Location"] == bilan_url
    _add(client, published, title="Reportage", url="https://video.example.fr/reportage")
    pdf, link = BilanSupport.objects.order_by("pk")
    assert pdf.file and not pdf.url and link.url == "https://video.example.fr/reportage" and not link.file
    download = reverse("espace:bilan_support", kwargs={"pk": published.pk, "support_pk": pdf.pk})
    page = client.get(bilan_url).content.decode()
    assert download in page and "https://video.example.fr/reportage" in page and "/media/" not in page
    for user in (world.contributor, world.colleague):
        client.force_login(user)
        response = client.get(download)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment") and "private" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == b"%PDF-1.4 affiche"


def test_download_is_refused_to_others(client, world, published):
    client.force_login(world.contributor)
    _add(client, published, title="Affiche", file=_file(b"%PDF-1.4 affiche", "affiche.pdf"))
    _add(client, published, title="Lien", url="https://video.example.fr/1")
    pdf, link = BilanSupport.objects.order_by("pk")
    url = reverse("espace:bilan_support", kwargs={"pk": published.pk, "support_pk": pdf.pk})
    for user in (world.contributor_b, world.foreign_contributor):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(world.relay)
    assert client.get(url).status_code == 403  # pilots are not in the espace
    client.force_login(world.contributor)
    # A link has no file to download; a support under another fiche's address is a 404.
    assert (
        client.get(reverse("espace:bilan_support", kwargs={"pk": published.pk, "support_pk": link.pk})).status_code
        == 404
    )
    other = ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor, published=True)
    assert client.get(reverse("espace:bilan_support", kwargs={"pk": other.pk, "support_pk": pdf.pk})).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def _docx(main_type: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b'<Types><Override ContentType="' + main_type + b'"/></Types>')
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "", "url": "https://video.example.fr/1"}, "Indiquez le titre du support."),
        ({"title": "   ", "url": "https://video.example.fr/1"}, "Indiquez le titre du support."),
        ({"title": "x" * 201, "url": "https://video.example.fr/1"}, "au plus 200 caractères"),
        ({"title": "Rien"}, "Joignez un fichier ou indiquez un lien (l&#x27;un ou l&#x27;autre)."),
        ({"title": "Lien", "url": "javascript:alert(1)"}, "indiquez une adresse web complète"),
        ({"title": "Faux PDF", "file": ("affiche.pdf", b"MZ\x90\x00")}, "ne correspond pas à un fichier PDF"),
        ({"title": "Faux PNG", "file": ("photo.png", b"\x89PNG broken")}, "ne correspond pas à un fichier PNG"),
        ({"title": "Faux DOCX", "file": ("cr.docx", b"PK\x03\x04 not a zip")}, "ne correspond pas à un fichier DOCX"),
        (
            {"title": "Tableur renommé", "file": ("cr.docx", "xlsx")},
            "ne correspond pas à un fichier DOCX",
        ),
        ({"title": "Script", "file": ("virus.exe", b"MZ")}, "Ce type de fichier n&#x27;est pas accepté"),
        ({"title": "Dessin", "file": ("dessin.svg", b"<svg onload='alert(1)'/>")}, "SVG ne sont pas acceptées"),
    ],
)
def test_bad_support_is_refused_next_to_its_field_and_nothing_is_written(client, world, published, data, message):
    client.force_login(world.contributor)
    if "file" in data:
        name, content = data["file"]
        if content == "xlsx":
            content = _docx(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        data = {**data, "file": _file(content, name)}
    response = _add(client, published, **data)
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert "fr-error-text" in page or "fr-message--error" in page
    assert not BilanSupport.objects.exists() and not Bilan.objects.exists()


def test_supports_after_the_bilan_deadline_are_refused(client, world, published):
    from freezegun import freeze_time

    with freeze_time("2027-05-15"):
        client.force_login(world.contributor)
        response = _add(client, published, title="Trop tard", url="https://video.example.fr/1")
        assert response.status_code == 400 and "La date limite des bilans" in response.content.decode()
    assert not BilanSupport.objects.exists()


def test_only_the_contributor_adds_supports(client, world, published):
    for user, status in ((world.contributor_b, 404), (world.relay, 403)):
        client.force_login(user)
        assert _add(client, published, title="Lien", url="https://video.example.fr/1").status_code == status
    client.force_login(world.contributor)
    assert client.get(reverse("espace:bilan_support_add", kwargs={"pk": published.pk})).status_code == 405
    assert not BilanSupport.objects.exists()
