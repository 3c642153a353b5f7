"""Every synthesis format (HTML, PDF, DOCX, XLSX), national and academic, and the dossier de presse
are generated off the request: the click leads to the file's page, which says « en cours » while the
task has not run; a second click (the same request) does not start a second generation."""

import pytest
from django.urls import reverse

from sps.accounts.enums import Role
from sps.files.models import GeneratedFile
from sps.syntheses.models import DeclaredFigures
from sps.territories.models import Academy
from tests.accounts.factories import UserFactory, grant
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.files.helpers import content_of, download, request_file

pytestmark = pytest.mark.django_db
YEAR = "2025-2026"
# What the ministry asks for (issue 10): these four formats of the synthesis, PDF and DOCX of the kit.
SYNTHESIS_FORMATS = ["html", "pdf", "docx", "xlsx"]
PRESS_KIT_FORMATS = ["pdf", "docx"]


@pytest.fixture
def national(reference):
    campaign = CampaignFactory(school_year=YEAR)
    edition = EditionFactory(campaign=campaign, academy=Academy.objects.get(slug="creteil"), published=True)
    DeclaredFigures.objects.create(edition=edition, actions_count=26)
    user = UserFactory(email="national@example.fr")
    grant(user, Role.NATIONAL_PILOT, None)
    return user


def urls():
    kwargs = {"school_year": YEAR, "academy_slug": "creteil"}
    return [
        *[
            (reverse("pilotage:national_synthesis_download", kwargs={"school_year": YEAR}), f)
            for f in SYNTHESIS_FORMATS
        ],
        *[(reverse("pilotage:academy_synthesis_download", kwargs=kwargs), f) for f in SYNTHESIS_FORMATS],
        *[(reverse("pilotage:press_kit_download", kwargs=kwargs), f) for f in PRESS_KIT_FORMATS],
    ]


def test_the_second_click_does_not_start_a_second_generation(client, national, django_capture_on_commit_callbacks):
    client.force_login(national)
    enqueued = []
    for url, fmt in urls():
        with django_capture_on_commit_callbacks(execute=False) as first_callbacks:
            first = client.post(url, {"format": fmt})
        with django_capture_on_commit_callbacks(execute=False) as second_callbacks:
            second = client.post(url, {"format": fmt})
        assert first.status_code == second.status_code == 302, (url, fmt)
        assert first["Location"] == second["Location"], (url, fmt)
        assert len(first_callbacks) == 1 and second_callbacks == [], (url, fmt)  # one task enqueued
        enqueued.append(first["Location"])
        page = client.get(first["Location"]).content.decode()
        assert "en cours de préparation" in page and "<progress" in page, (url, fmt)
    assert len(set(enqueued)) == GeneratedFile.objects.count() == 4 + 4 + 2
    assert set(GeneratedFile.objects.values_list("status", flat=True)) == {"pending"}


def test_the_archive_html_is_a_generated_file(client, national, django_capture_on_commit_callbacks):
    client.force_login(national)
    url = reverse("pilotage:national_synthesis_download", kwargs={"school_year": YEAR})
    file = request_file(client, django_capture_on_commit_callbacks, url, {"format": "html"})
    assert file.status == "ready" and file.filename == f"synthese-nationale-{YEAR}.html"
    response = download(client, file)
    assert response["Content-Disposition"].startswith("attachment")
    html = content_of(response).decode()
    assert html.startswith("<!DOCTYPE html>") and "Académie de Créteil" in html
