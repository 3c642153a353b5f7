"""The syntheses in the Pilotage space: the page, the introduction/conclusion and axes forms (French
messages, nothing saved on an error, the history), and the files built by a task (one job when
asked twice, the « en cours » page, the PDF read back)."""

from html import unescape

import pytest
from django.urls import reverse

from sps.accounts.enums import Role
from sps.audit.models import AuditEntry
from sps.files.models import GeneratedFile
from sps.syntheses.models import SynthesisText
from sps.territories.models import Academy
from tests.accounts.factories import UserFactory, grant
from tests.files.helpers import content_of, download, request_file
from tests.www.pilotage.synthesis_world import YEAR, creteil_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(reference):
    campaign, creteil, edition = creteil_edition()
    pilot = UserFactory(email="pilote.creteil@example.fr")
    grant(pilot, Role.ACADEMY_PILOT, creteil)
    national = UserFactory(email="national@example.fr")
    grant(national, Role.NATIONAL_PILOT, None)

    class World:
        pass

    w = World()
    w.campaign, w.creteil, w.edition, w.pilot, w.national = campaign, creteil, edition, pilot, national
    return w


def axes_url():
    return reverse("pilotage:synthesis_axes", kwargs={"school_year": YEAR, "academy_slug": "creteil"})


def academy_url():
    return reverse("pilotage:academy_synthesis", kwargs={"school_year": YEAR, "academy_slug": "creteil"})


def test_the_academic_synthesis_page(client, world):
    client.force_login(world.pilot)
    response = client.get(academy_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Académie de Créteil" in html and "deuxième édition" in html
    assert "Nombre d'actions identifiées&nbsp;: <strong>26</strong>" in html
    assert "impliqués&nbsp;: <strong>N.C.</strong>" in html
    assert "Une implication plus importante du premier degré" in html  # suggested: box not ticked
    assert "sps/synthesis.css" in html and "<style" not in html  # CSP: a static stylesheet only
    assert axes_url() in html


def test_the_index_lists_only_ones_own_syntheses(client, world):
    client.force_login(world.pilot)
    html = client.get(reverse("pilotage:synthesis_index")).content.decode()
    assert academy_url() in html
    national = 'href="{}"'.format(reverse("pilotage:national_synthesis", kwargs={"school_year": YEAR}))
    assert national not in html
    client.force_login(world.national)
    assert national in client.get(reverse("pilotage:synthesis_index")).content.decode()


def test_the_pilot_edits_the_axes_and_the_history_records_it(client, world):
    client.force_login(world.pilot)
    page = unescape(client.get(axes_url()).content.decode())
    assert "la case «\u00a0Premier degré\u00a0» n'est pas cochée" in page  # the figure behind the suggestion
    response = client.post(axes_url(), {"axes": "- Une implication plus importante du premier degré\n\nUn forum"})
    assert response.status_code == 302 and response["Location"] == academy_url()
    text = SynthesisText.objects.get(campaign=world.campaign, academy=world.creteil)
    assert text.axes_edited and text.axes_lines == ["Une implication plus importante du premier degré", "Un forum"]
    entry = AuditEntry.objects.get(verb="syntheses.axes.updated")
    assert entry.user == world.pilot and entry.data["after"] == text.axes_lines
    html = client.get(academy_url()).content.decode()
    assert "Un forum" in html
    # Back to the suggestions.
    response = client.post(axes_url(), {"axes": "ignored", "reset": "1"})
    assert response.status_code == 302
    text.refresh_from_db()
    assert not text.axes_edited and text.axes == ""
    assert AuditEntry.objects.filter(verb="syntheses.axes.reset", user=world.pilot).exists()


@pytest.mark.parametrize(
    ("axes", "message"),
    [
        ("", "Écrivez au moins un axe de travail, ou revenez aux axes suggérés."),
        (" - \n  \n", "Écrivez au moins un axe de travail, ou revenez aux axes suggérés."),
        ("\n".join(f"Axe {n}" for n in range(11)), "Écrivez 10 axes au plus (vous en avez écrit 11)."),
        ("Court\n" + "x" * 501, "L'axe n°\u00a02 dépasse 500 caractères\u00a0: raccourcissez-le."),
    ],
)
def test_bad_axes_are_refused_in_french_and_nothing_is_saved(client, world, axes, message):
    client.force_login(world.pilot)
    response = client.post(axes_url(), {"axes": axes})
    assert response.status_code == 400
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    if axes.strip(" -\n"):
        assert "Axe 10" in html or "Court" in html  # what was typed is given back
    assert not SynthesisText.objects.filter(axes_edited=True).exists()
    assert not AuditEntry.objects.filter(verb__startswith="syntheses.").exists()


def test_introduction_and_conclusion_all_or_nothing(client, world):
    client.force_login(world.national)
    url = reverse("pilotage:national_synthesis_edit", kwargs={"school_year": YEAR})
    page = client.get(url).content.decode()
    assert "Mesure du plan" in page  # the default text, ready to edit
    response = client.post(url, {"introduction": "", "conclusion": "Une conclusion."})
    assert response.status_code == 400
    assert "Écrivez l&#x27;introduction de la synthèse." in response.content.decode()
    assert "Une conclusion." in response.content.decode()
    assert not SynthesisText.objects.exists()
    response = client.post(url, {"introduction": "Bilan : très positif.", "conclusion": "Perspectives."})
    assert response.status_code == 302
    text = SynthesisText.objects.get(campaign=world.campaign, academy=None)
    assert (text.introduction, text.conclusion) == ("Bilan : très positif.", "Perspectives.")
    entry = AuditEntry.objects.get(verb="syntheses.synthesis_text.updated")
    assert entry.user == world.national and entry.data["fields"] == ["introduction", "conclusion"]
    html = client.get(reverse("pilotage:national_synthesis", kwargs={"school_year": YEAR})).content.decode()
    assert "Bilan\u00a0: très positif." in html


def test_an_academy_pilot_cannot_edit_another_academy(client, world):
    rennes_pilot = UserFactory(email="pilote.rennes@example.fr")
    grant(rennes_pilot, Role.ACADEMY_PILOT, Academy.objects.get(slug="rennes"))
    client.force_login(rennes_pilot)
    assert client.post(axes_url(), {"axes": "Piratage"}).status_code == 404
    assert (
        client.post(
            reverse("pilotage:academy_synthesis_download", kwargs={"school_year": YEAR, "academy_slug": "creteil"}),
            {"format": "pdf"},
        ).status_code
        == 404
    )
    assert not SynthesisText.objects.exists() and not GeneratedFile.objects.exists()


def test_the_pdf_is_built_by_a_task_once_and_read_back(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.national)
    url = reverse("pilotage:national_synthesis_download", kwargs={"school_year": YEAR})
    # Asked, not yet built (the task has not run): the page says « en cours »; asking again is the same job.
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post(url, {"format": "pdf"})
    second = client.post(url, {"format": "pdf"})
    assert first["Location"] == second["Location"]
    assert GeneratedFile.objects.count() == 1
    page = client.get(first["Location"]).content.decode()
    assert "en cours de préparation" in page
    GeneratedFile.objects.all().delete()
    file = request_file(client, django_capture_on_commit_callbacks, url, {"format": "pdf"})
    assert file.status == "ready" and file.filename == f"synthese-nationale-{YEAR}.pdf"
    pdf = content_of(download(client, file))
    assert pdf.startswith(b"%PDF-")
    assert file.label == f"Synthèse nationale {YEAR} (PDF)"


def test_docx_by_a_task_for_the_academy_pilot(client, world, django_capture_on_commit_callbacks):
    import io

    from docx import Document

    client.force_login(world.pilot)
    url = reverse("pilotage:academy_synthesis_download", kwargs={"school_year": YEAR, "academy_slug": "creteil"})
    file = request_file(client, django_capture_on_commit_callbacks, url, {"format": "docx"})
    word = Document(io.BytesIO(content_of(download(client, file))))
    assert "Académie de Créteil" in [p.text for p in word.paragraphs if p.style.name == "Heading 1"]


def test_a_bad_format_is_refused_in_french(client, world):
    client.force_login(world.national)
    url = reverse("pilotage:national_synthesis_download", kwargs={"school_year": YEAR})
    response = client.post(url, {"format": "odt"}, follow=True)
    assert "Choisissez un format\u00a0: PDF, DOCX, XLSX ou HTML." in response.content.decode()
    assert not GeneratedFile.objects.exists()


def test_the_builder_checks_the_rights_again(world, django_capture_on_commit_callbacks):
    """A pilot who lost their role between the request and the build gets a French error."""
    from sps.files.services import generated_file_request

    with django_capture_on_commit_callbacks(execute=True):
        file = generated_file_request(
            by=world.pilot,
            kind="syntheses.synthesis",
            params={"campaign": YEAR, "academy": "", "format": "pdf"},
            label="Synthèse nationale",
        )
    file.refresh_from_db()
    assert file.status == "failed" and "ne vous est plus accessible" in file.error
