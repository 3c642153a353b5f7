"""The synthesis documents hold the national examples (title, school, commune, link, argument) and the
evaluation grid's results (scores by axis, the académie to accompany and its tutor): HTML, DOCX read
back with python-docx, PDF read back with poppler's pdftotext (the project's PDF reader in tests; pypdf is
not a dependency). The academic synthesis holds the académie's own grid."""

import io
import shutil
import subprocess

import pytest
from django.conf import settings

from sps.accounts.enums import Role
from sps.catalogue import index
from sps.syntheses.examples import example_decide, example_propose
from sps.syntheses.exports import render_synthesis
from sps.syntheses.grid import grid_assessment_save, grid_criteria
from sps.territories.models import Academy, Department
from tests.accounts.factories import UserFactory, grant
from tests.actions.factories import ActionFactory
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
ARGUMENT = "Un magasin pédagogique qui redonne du sens à la formation."


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture
def campaign(reference):
    campaign = CampaignFactory(school_year="2025-2026")
    national = UserFactory(email="national@example.fr")
    grant(national, Role.NATIONAL_PILOT)
    pilot = UserFactory(email="pilote@example.fr")
    grant(pilot, Role.ACADEMY_PILOT, Academy.objects.get(slug="creteil"))
    editions = {
        slug: EditionFactory(campaign=campaign, academy=Academy.objects.get(slug=slug), published=True)
        for slug in ("creteil", "rennes")
    }
    school = SchoolFactory(
        name="Lycée professionnel Maréchal Leclerc",
        commune="Vitry-sur-Seine",
        department=Department.objects.get(code="94"),
    )
    action = ActionFactory(
        edition=editions["creteil"],
        published=True,
        is_flagship=True,
        schools=[school],
        title="L'épicerie de vos envies",
    )
    index.index_actions([action.pk])
    example_decide(proposal=example_propose(action=action, argument=ARGUMENT, by=pilot), chosen=True, by=national)
    criteria = grid_criteria(campaign)
    # Créteil 4 everywhere but 1 on « Mobiliser les partenaires »; Rennes 2 everywhere.
    for slug, level_of in [("creteil", lambda c: 1 if c.axis == "partners" else 4), ("rennes", lambda c: 2)]:
        grid_assessment_save(
            edition=editions[slug],
            levels={c.pk: level_of(c) for c in criteria},
            comments={"partners": f"Commentaire de {slug} sur les partenaires."},
            by=national,
        )
    campaign.action = action
    return campaign


EXPECTED_NATIONAL = [
    "L'épicerie de vos envies, Lycée professionnel Maréchal Leclerc, Vitry-sur-Seine",
    ARGUMENT,
    "Grille d'évaluation nationale",
    "Identifier et valoriser les actions mises en œuvre dans l'Académie : moyenne 3,0 ; les plus avancées : Créteil.",
    "Mobiliser les partenaires de l'École : moyenne 1,5 ; les plus avancées : Rennes.",
    "Accompagnement et tutorat entre académies",
    # Partners: Créteil (1) lowest, Rennes (2) tutor; the other axes: Rennes (2) lowest, Créteil (4) tutor.
    "Mobiliser les partenaires de l'École : l'académie de Créteil (1,0) pourrait être accompagnée par l'académie de "
    "Rennes (2,0).",
    "Communiquer et rendre visible la Semaine de la persévérance scolaire : l'académie de Rennes (2,0) pourrait être "
    "accompagnée par l'académie de Créteil (4,0).",
]
EXPECTED_ACADEMIC = [
    "Commentaire de creteil sur les partenaires.",
    "Mobiliser les partenaires de l'École : un tutorat par l'académie de Rennes (2,0) pourrait accompagner l'académie.",
]


def test_the_html_synthesis(campaign):
    _name, _type, content = render_synthesis(campaign=campaign, fmt="html")
    html = content.decode()
    assert f'/programme/actions/{campaign.action.pk}/">L&#x27;épicerie de vos envies</a>' in html
    assert "exemple national" in html
    text = flat(__import__("re").sub(r"<[^>]+>", "", html).replace("&#x27;", "'").replace("&nbsp;", " "))
    for expected in EXPECTED_NATIONAL:
        assert flat(expected) in text, expected
    assert "Commentaire de creteil" not in text  # the comments stay in the academic synthesis


def test_the_docx_synthesis(campaign):
    from docx import Document

    _name, _type, content = render_synthesis(campaign=campaign, fmt="docx")
    word = Document(io.BytesIO(content))
    paragraphs = [flat(p.text) for p in word.paragraphs]
    text = "\n".join(paragraphs)
    for expected in EXPECTED_NATIONAL:
        assert flat(expected) in text, expected
    links = [rel.target_ref for rel in word.part.rels.values() if rel.reltype.endswith("/hyperlink")]
    assert any(link.endswith(f"/programme/actions/{campaign.action.pk}/") for link in links)
    cells = [[flat(cell.text) for cell in row.cells] for table in word.tables for row in table.rows]
    assert ["Académie", "Axe 1", "Axe 2", "Axe 3", "Axe 4"] in cells
    assert ["Créteil", "4,0", "1,0", "4,0", "4,0"] in cells and ["Rennes", "2,0", "2,0", "2,0", "2,0"] in cells
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "Accompagnement et tutorat entre académies" in headings

    _name, _type, content = render_synthesis(campaign=campaign, academy=Academy.objects.get(slug="creteil"), fmt="docx")
    word = Document(io.BytesIO(content))
    text = "\n".join(flat(p.text) for p in word.paragraphs)
    cells = [[flat(cell.text) for cell in row.cells] for table in word.tables for row in table.rows]
    for expected in EXPECTED_ACADEMIC[1:]:
        assert flat(expected) in text, expected
    assert ["Mobiliser les partenaires de l'École", "1,0", EXPECTED_ACADEMIC[0]] in cells


def pdf_text(pdf: bytes) -> str:
    """The PDF's text on one line, words hyphenated at a line's end joined again (« accompa‐ gner »)."""
    text = flat(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode())
    return text.replace("\u2010 ", "")


@needs_pdftotext
def test_the_pdf_synthesis(campaign):
    _name, _type, content = render_synthesis(campaign=campaign, fmt="pdf")
    text = pdf_text(content)
    # The PDF prints each link's address after it.
    site = settings.SITE_URL.rstrip("/")
    link = f"L'épicerie de vos envies ({site}/programme/actions/{campaign.action.pk}/), Lycée"
    assert link in text
    for expected in EXPECTED_NATIONAL[1:]:
        assert flat(expected) in text, expected

    _name, _type, content = render_synthesis(campaign=campaign, academy=Academy.objects.get(slug="creteil"), fmt="pdf")
    text = pdf_text(content)
    for expected in EXPECTED_ACADEMIC:
        assert flat(expected) in text, expected
