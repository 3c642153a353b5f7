"""The generated poster and invitation of a fiche action (sps/actions/documents.py)."""

import datetime
import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile

from sps.actions import documents
from sps.actions.documents import action_poster_pdf, occurrence_when, render_document_html
from sps.actions.models import Action, Occurrence
from tests.actions.factories import ActionFactory
from tests.editions.resource_files import png_bytes

pytestmark = pytest.mark.django_db
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")


def _pdf_text(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def action(world):
    action = ActionFactory(
        edition=world.edition,
        schools=[world.school],
        created_by=world.contributor,
        title="Soirée des talents",
        occurrences=[
            {
                "date": datetime.date(2027, 3, 16),
                "start_time": datetime.time(14),
                "end_time": datetime.time(16),
                "place": "Gymnase Jean Moulin",
            },
            {
                "date": datetime.date(2027, 3, 18),
                "start_time": datetime.time(18, 30),
                "end_time": None,
                "place": "",
                "is_online": True,
            },
        ],
    )
    return Action.objects.with_details().get(pk=action.pk)


def test_french_dates_and_times():
    occurrence = Occurrence(date=datetime.date(2026, 3, 17), start_time=datetime.time(14), end_time=datetime.time(16))
    assert occurrence_when(occurrence) == "mardi 17 mars 2026, de 14\u00a0h à 16\u00a0h"
    occurrence = Occurrence(
        date=datetime.date(2026, 4, 1), start_time=datetime.time(9, 5), end_time=datetime.time(12, 30)
    )
    assert occurrence_when(occurrence) == "mercredi 1er avril 2026, de 9\u00a0h\u00a005 à 12\u00a0h\u00a030"
    assert occurrence_when(Occurrence(date=datetime.date(2026, 3, 17))) == "mardi 17 mars 2026"


@pytest.mark.parametrize("kind", ["poster", "invitation"])
def test_the_html_carries_the_fiche(action, kind):
    html = render_document_html(action, kind=kind)
    assert "Soirée des talents" in html
    assert "Collège Jean Moulin" in html
    assert "Mardi 16 mars 2027, de 14\u00a0h à 16\u00a0h" in html
    assert "Gymnase Jean Moulin" in html
    assert "Jeudi 18 mars 2027, à 18\u00a0h\u00a030" in html
    assert "En ligne" in html
    assert "2e édition" in html or "1re édition" in html
    assert "Climat scolaire" in html  # the edition's theme
    assert "#000091" in html
    # No logo: the edition's name stands instead; no link to the outside world.
    assert "Semaine de la persévérance scolaire" in html
    assert "http://" not in html and "https://" not in html
    assert "claire.dumas" not in html  # the contact is for staff only


@pytest.mark.parametrize("kind", ["poster", "invitation"])
def test_title_html_is_escaped(world, kind):
    action = ActionFactory(
        edition=world.edition,
        schools=[world.school],
        title='<script>alert("x")</script><img src="https://evil.example/t.png"> & <b>gras</b>',
    )
    html = render_document_html(Action.objects.with_details().get(pk=action.pk), kind=kind)
    assert "<script>alert" not in html and "<b>gras</b>" not in html and '<img src="https://evil' not in html
    assert "&lt;script&gt;" in html


@needs_pdftotext
@pytest.mark.parametrize("kind, heading", [("poster", "Une action de la semaine"), ("invitation", "Invitation")])
def test_the_pdf(action, kind, heading):
    pdf = action_poster_pdf(action, kind=kind)
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    assert "Soirée des talents" in text
    assert heading.lower() in text.lower()
    assert "16 mars 2027, de 14 h à 16 h" in text
    assert "en ligne" in text.lower()
    assert "Collège Jean Moulin" in text
    pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Pages:           1" in pages


@needs_pdftotext
def test_an_escaped_title_prints_as_text(world):
    action = ActionFactory(edition=world.edition, schools=[world.school], title="<script>alert(1)</script> Forum")
    text = _pdf_text(action_poster_pdf(Action.objects.with_details().get(pk=action.pk)))
    assert "<script>alert(1)</script> Forum" in text


@needs_pdftotext
def test_the_longest_fiche_fits_one_page(world):
    action = ActionFactory(
        edition=world.edition,
        schools=[world.school, world.school_b],
        title="Forum " + "des métiers et de l'orientation " * 6,
        occurrences=[
            {"date": datetime.date(2027, 3, 15 + i), "place": "Salle des fêtes " + "très longue " * 20}
            for i in range(6)
        ],
    )
    action.title = action.title[:200]
    action.save()
    action = Action.objects.with_details().get(pk=action.pk)
    for kind in ("poster", "invitation"):
        pdf = action_poster_pdf(action, kind=kind)
        pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert "Pages:           1" in pages, kind
        assert "autres dates" in _pdf_text(pdf)


def test_colour_and_logo(action):
    edition = action.edition
    edition.brand_color = "#f5c400"  # light: the text on it turns dark
    edition.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    action = Action.objects.with_details().get(pk=action.pk)
    html = render_document_html(action, kind="poster")
    assert "#f5c400" in html and "color: #161616" in html
    assert "data:image/png;base64," in html
    assert action_poster_pdf(action).startswith(b"%PDF")


def test_nothing_is_fetched_but_local_fonts(tmp_path):
    fetcher = documents._local_fetcher_class()(allowed_protocols=("file", "data"))
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    for url in ["https://example.org/x.png", "http://127.0.0.1:8020/", outside.as_uri(), "file:///etc/passwd"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    font = next(documents.FONT_DIR.glob("Marianne-Regular.woff2"))
    assert fetcher.fetch(font.as_uri()).read(4) == b"wOF2"


def test_unknown_kind(action):
    with pytest.raises(ValueError):
        action_poster_pdf(action, kind="flyer")
