"""The dossier de presse in the Pilotage space: the page (preview, press contact form with French
messages that keep what was typed), who may open it, its PDF and DOCX built by a task (asked twice
while it is built: one job, the « en cours » page), and the builder checking the rights again."""

import io

import pytest
from django.urls import reverse

from sps.accounts.enums import Role
from sps.audit.models import AuditEntry
from sps.files.models import GeneratedFile
from sps.syntheses.models import DeclaredFigures, PressContact
from sps.territories.models import Academy
from tests.accounts.factories import UserFactory, grant
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.files.helpers import content_of, download, request_file

pytestmark = pytest.mark.django_db
YEAR = "2025-2026"


@pytest.fixture
def world(reference):
    campaign = CampaignFactory(school_year=YEAR)
    creteil = Academy.objects.get(slug="creteil")
    edition = EditionFactory(campaign=campaign, academy=creteil, ordinal=2, published=True)
    DeclaredFigures.objects.create(edition=edition, actions_count=26, schools_count=None)
    EditionFactory(campaign=campaign, academy=Academy.objects.get(slug="rennes"), published=True)
    users = {}
    for name, role, scope in [
        ("pilot", Role.ACADEMY_PILOT, creteil),
        ("national", Role.NATIONAL_PILOT, None),
        ("rennes", Role.ACADEMY_PILOT, Academy.objects.get(slug="rennes")),
    ]:
        users[name] = UserFactory(email=f"{name}@example.fr")
        grant(users[name], role, scope)

    class World:
        pass

    w = World()
    w.edition, w.users = edition, users
    return w


def page_url(slug="creteil"):
    return reverse("pilotage:press_kit", kwargs={"school_year": YEAR, "academy_slug": slug})


def download_url(slug="creteil"):
    return reverse("pilotage:press_kit_download", kwargs={"school_year": YEAR, "academy_slug": slug})


def test_the_page_previews_the_kit_and_links_from_the_synthesis(client, world):
    client.force_login(world.users["pilot"])
    synthesis = client.get(
        reverse("pilotage:academy_synthesis", kwargs={"school_year": YEAR, "academy_slug": "creteil"})
    ).content.decode()
    assert page_url() in synthesis
    response = client.get(page_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "La semaine en chiffres" in html and "Deuxième édition" in html
    assert '<span class="press-figure-value">26</span>' in html
    assert '<span class="press-figure-value">N.C.</span>' in html
    assert "Aucun contact presse n'est renseigné" in html
    assert download_url() in html


def test_the_press_contact_is_saved_and_recorded(client, world):
    client.force_login(world.users["pilot"])
    response = client.post(
        page_url(),
        {
            "service": "Service de la communication",
            "email": "Communication@AC-Creteil.fr",
            "phone": "01 57 02 60 00",
            "website": "https://www.ac-creteil.fr",
        },
    )
    assert response.status_code == 302
    contact = PressContact.objects.get(edition=world.edition)
    assert (contact.service, contact.email, contact.phone) == (
        "Service de la communication",
        "communication@ac-creteil.fr",
        "01 57 02 60 00",
    )
    assert AuditEntry.objects.filter(verb="syntheses.press_contact.updated").count() == 1
    assert "communication@ac-creteil.fr" in client.get(page_url()).content.decode()


@pytest.mark.parametrize(
    "data, field_message",
    [
        ({"service": "", "email": "com@ac-creteil.fr"}, "Indiquez le service à contacter"),
        ({"service": "Communication", "email": "pas-une-adresse"}, "Saisissez une adresse électronique valide"),
        ({"service": "Communication", "email": "com@ac-creteil.fr", "phone": "appelez-nous"}, "numéro de téléphone"),
        ({"service": "Communication", "email": "com@ac-creteil.fr", "website": "pas un site"}, "adresse de site"),
    ],
)
def test_a_bad_contact_is_refused_in_french_and_kept(client, world, data, field_message):
    client.force_login(world.users["pilot"])
    response = client.post(page_url(), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert field_message in html and 'class="fr-error-text"' in html
    for value in data.values():
        if value:
            assert f'value="{value}"' in html  # what was typed is kept
    assert not PressContact.objects.exists()


def test_another_academy_pilot_gets_a_404_and_nothing_is_built(client, world):
    client.force_login(world.users["rennes"])
    assert client.get(page_url()).status_code == 404
    assert client.post(page_url(), {"service": "x", "email": "x@example.fr"}).status_code == 404
    assert client.post(download_url(), {"format": "pdf"}).status_code == 404
    assert not GeneratedFile.objects.exists() and not PressContact.objects.exists()
    assert client.get(page_url("rennes")).status_code == 200  # their own


def test_an_academy_without_edition_is_a_404(client, world):
    client.force_login(world.users["national"])
    assert client.get(page_url("lille")).status_code == 404


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_asked_twice_while_built_gives_one_job(client, world, fmt, django_capture_on_commit_callbacks):
    client.force_login(world.users["national"])
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post(download_url(), {"format": fmt})
    second = client.post(download_url(), {"format": fmt})  # the second click
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert GeneratedFile.objects.count() == 1
    page = client.get(first["Location"]).content.decode()
    assert "En attente" in page or "En cours" in page
    assert "en cours de préparation" in page


def test_the_docx_is_built_by_a_task_and_read_back(client, world, django_capture_on_commit_callbacks):
    from docx import Document

    client.force_login(world.users["pilot"])
    file = request_file(client, django_capture_on_commit_callbacks, download_url(), {"format": "docx"})
    assert file.status == "ready" and file.filename == f"dossier-de-presse-creteil-{YEAR}.docx"
    word = Document(io.BytesIO(content_of(download(client, file))))
    assert ("Title", "Dossier de presse") in [(p.style.name, p.text) for p in word.paragraphs]
    assert word.tables[0].rows[0].cells[0].text == "26"
    assert word.tables[0].rows[1].cells[0].text == "N.C."


def test_a_bad_format_is_refused_in_french(client, world):
    client.force_login(world.users["pilot"])
    response = client.post(download_url(), {"format": "odt"}, follow=True)
    assert "Choisissez un format\u00a0: PDF ou DOCX." in response.content.decode()
    assert not GeneratedFile.objects.exists()


def test_the_builder_checks_the_rights_again(world, django_capture_on_commit_callbacks):
    from sps.files.services import generated_file_request

    with django_capture_on_commit_callbacks(execute=True):
        file = generated_file_request(
            by=world.users["rennes"],
            kind="syntheses.press_kit",
            params={"edition": world.edition.pk, "format": "pdf"},
            label="Dossier de presse",
        )
    file.refresh_from_db()
    assert file.status == "failed" and "ne vous est plus accessible" in file.error
