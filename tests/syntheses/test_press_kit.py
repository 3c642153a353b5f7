"""The dossier de presse of an académie's edition, from data: the week in figures (counted, or
declared with N.C., never 0 for an unknown), the theme, the actions phares with school and commune,
the published events of the week only, the press contact and nothing personal; the PDF (pdftotext)
and the DOCX (python-docx, real headings) read back."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.utils import timezone

from sps.actions.enums import Level
from sps.catalogue import index
from sps.editions.models import EditionTheme
from sps.schools.enums import SchoolKind
from sps.syntheses.models import DeclaredFigures, PressContact
from sps.syntheses.press import build_press_kit, press_kit_docx, press_kit_pdf
from sps.territories.models import Academy, Department
from tests.actions.factories import ActionFactory
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.events.factories import EventFactory, EventSessionFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")


@pytest.fixture
def edition(reference):
    campaign = CampaignFactory(school_year="2025-2026", theme="Tous mobilisés")
    edition = EditionFactory(campaign=campaign, academy=Academy.objects.get(slug="creteil"), ordinal=3, published=True)
    EditionTheme.objects.create(edition=edition, title="Oser l'avenir", text="Chaque élève trouve sa voie.")
    return edition


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def publish(edition, **kwargs):
    action = ActionFactory(edition=edition, published=True, **kwargs)
    index.index_actions([action.pk])
    return action


@pytest.fixture
def counted(edition):
    dept = Department.objects.get(code="94")
    college = SchoolFactory(
        kind=SchoolKind.COLLEGE, department=dept, name="Collège Pierre Brossolette", commune="Vitry-sur-Seine"
    )
    ecole = SchoolFactory(kind=SchoolKind.ELEMENTARY, department=dept, name="École Jean Macé", commune="Créteil")
    publish(
        edition,
        title="Le café des parents",
        schools=[college],
        levels=[Level.SIXIEME],
        is_flagship=True,
        contact_name="Claire Dumas",
        contact_email="claire.dumas@ac-creteil.fr",
    )
    publish(edition, title="Chaîne humaine", schools=[college, ecole], levels=[Level.ELEMENTARY])
    publish(edition, title="Forum des métiers", schools=[college], levels=[Level.TROISIEME])
    ActionFactory(edition=edition, submitted=True, title="Brouillon soumis", is_flagship=True)  # not published
    creteil = edition.academy
    seminar = EventFactory(title="Séminaire académique", academies=[creteil], with_session=False, place="Rectorat")
    EventSessionFactory(event=seminar, starts_at=at(edition.week_start, 9), ends_at=at(edition.week_start, 12))
    before = EventFactory(title="Réunion de lancement", academies=[creteil], with_session=False)
    EventSessionFactory(
        event=before,
        starts_at=at(edition.week_start - datetime.timedelta(days=30), 9),
        ends_at=at(edition.week_start - datetime.timedelta(days=30), 12),
    )
    draft = EventFactory(title="Forum en préparation", academies=[creteil], with_session=False, draft=True)
    EventSessionFactory(event=draft, starts_at=at(edition.week_end, 9), ends_at=at(edition.week_end, 12))
    rennes = EventFactory(
        title="Séminaire de Rennes", academies=[Academy.objects.get(slug="rennes")], with_session=False
    )
    EventSessionFactory(event=rennes, starts_at=at(edition.week_start, 9), ends_at=at(edition.week_start, 12))
    online = EventFactory(
        title="Webinaire des parents",
        academies=[creteil],
        with_session=False,
        place="",
        online_url="https://visio.example.fr/secret-room",
    )
    EventSessionFactory(event=online, starts_at=at(edition.week_end, 18), ends_at=at(edition.week_end, 19))
    return edition


def figures_of(doc) -> dict:
    return {figure.label: figure.value for figure in doc.figures}


def test_counted_week_in_figures_highlights_and_events(counted):
    doc = build_press_kit(edition=counted)
    assert figures_of(doc) == {
        "actions": 3,
        "écoles et établissements impliqués": 2,
        "communes": 2,
        "événements pendant la semaine": 2,
        "actions phares": 1,
    }
    assert doc.edition_label == "Troisième édition"
    assert doc.theme == "Oser l'avenir" and doc.theme_texts == ["Chaque élève trouve sa voie."]
    assert [(h.title, h.where) for h in doc.highlights] == [
        ("Le café des parents", "Collège Pierre Brossolette, Vitry-sur-Seine")
    ]
    # Published events of Créteil during the week only: not the launch a month before, not the draft,
    # not Rennes'; an online event says « En ligne », never its connection link.
    assert [(e.title, e.place) for e in doc.events] == [
        ("Séminaire académique", "Rectorat"),
        ("Webinaire des parents", "En ligne"),
    ]
    assert doc.levels_line == "Premier degré, collège"


def test_declared_figures_keep_nc_apart_from_zero(edition):
    DeclaredFigures.objects.create(
        edition=edition,
        actions_count=40,
        actions_wording="40 actions recensées",
        schools_count=None,
        schools_wording="Une trentaine d'établissements",
        primary=False,
        college=True,
        lycee=None,
        lycee_pro=None,
    )
    doc = build_press_kit(edition=edition)
    assert figures_of(doc) == {
        "actions": 40,
        "écoles et établissements impliqués": "N.C.",
        "communes": "N.C.",
        "événements pendant la semaine": "N.C.",
        "actions phares": "N.C.",
    }
    assert doc.figures[0].note == "40 actions recensées"
    assert doc.levels_line == "Collège"
    assert "déclarés par l'académie" in doc.source_note


def test_a_declared_zero_stays_zero(edition):
    DeclaredFigures.objects.create(edition=edition, actions_count=0)
    assert figures_of(build_press_kit(edition=edition))["actions"] == 0


def pdf_text(content: bytes) -> tuple[int, str]:
    """The number of pages and the text (poppler, as the project's other PDF tests)."""
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return text.count("\f"), text


@needs_pdftotext
def test_the_pdf_reads_back_without_personal_data(counted):
    PressContact.objects.create(
        edition=counted,
        service="Service de la communication du rectorat",
        email="communication@ac-creteil.fr",
        phone="01 57 02 60 00",
    )
    pages, text = pdf_text(press_kit_pdf(build_press_kit(edition=counted)))
    flat = " ".join(text.split())
    assert pages >= 3  # the cover, the figures and the theme, the highlights and the contact
    for expected in (
        "Dossier de presse",
        "Académie de Créteil",
        "Troisième édition",
        "La semaine en chiffres",
        "Le café des parents",
        "Collège Pierre Brossolette, Vitry-sur-Seine",
        "Séminaire académique",
        "Service de la communication du rectorat",
        "communication@ac-creteil.fr",
        "01 57 02 60 00",
    ):
        assert expected in flat, expected
    for personal in ("Claire Dumas", "claire.dumas@", "secret-room", "Brouillon soumis", "Réunion de lancement"):
        assert personal not in flat, personal


def test_the_docx_has_real_headings_and_the_figures(counted):
    from docx import Document

    word = Document(io.BytesIO(press_kit_docx(build_press_kit(edition=counted))))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert ("Title", "Dossier de presse") in styles
    assert [text for style, text in styles if style == "Heading 1"] == [
        "La semaine en chiffres",
        "Le thème",
        "Les temps forts",
        "Contact presse",
    ]
    assert [text for style, text in styles if style == "Heading 2"] == ["Actions phares", "Événements de la semaine"]
    cells = [[cell.text for cell in row.cells] for row in word.tables[0].rows]
    assert cells == [
        ["3", "actions"],
        ["2", "écoles et établissements impliqués"],
        ["2", "communes"],
        ["2", "événements pendant la semaine"],
        ["1", "actions phares"],
    ]
    assert "Contact presse non renseigné." in [text for _style, text in styles]
    assert not any("Claire Dumas" in text for _style, text in styles)


def test_the_number_of_queries_does_not_grow_with_the_data(counted, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        build_press_kit(edition=counted)
    college = SchoolFactory(department=Department.objects.get(code="94"), commune="Ivry-sur-Seine")
    for n in range(5):
        publish(counted, title=f"Action phare {n}", schools=[college], is_flagship=True)
        seminar = EventFactory(academies=[counted.academy], with_session=False)
        EventSessionFactory(event=seminar, starts_at=at(counted.week_start, 9), ends_at=at(counted.week_start, 10))
    with CaptureQueriesContext(connection) as after:
        doc = build_press_kit(edition=counted)
    assert len(doc.highlights) == 6 and len(doc.events) == 7
    assert len(after.captured_queries) == len(before.captured_queries)
