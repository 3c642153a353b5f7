"""The 2015-2016 national synthesis regenerated as PDF and DOCX from the shipped figures, read back:
each académie's section holds its figures as seed 002_… prints them (N.C. where it prints N.C.), its
four level boxes, and Strasbourg and Toulouse are listed « données non disponibles ».

EXPECTED is the table typed by hand from the seed in test_regeneration_2015_2016.py."""

import io
import re
import shutil
import subprocess

import pytest

from sps.editions.models import Campaign
from sps.syntheses.declared import declared_figures_load_reference, synthesis_axes_load_reference
from sps.syntheses.exports import render_synthesis
from tests.syntheses.test_regeneration_2015_2016 import EXPECTED, UNAVAILABLE

pytestmark = pytest.mark.django_db
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
LEVELS = ("Premier degré", "Collège", "Lycée", "Lycée professionnel")


@pytest.fixture
def campaign(reference):
    declared_figures_load_reference()
    synthesis_axes_load_reference()  # the axes de travail the seed gives each académie, as load_demo does
    return Campaign.objects.get(school_year="2015-2016")


def heading_of(name):
    from sps.territories.text import of_academy

    return f"Académie {of_academy(name)}"


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def sections_of(text: str, headings: list[str]) -> dict:
    """The text of each académie's section: from its heading to the next one."""
    start = text.index("Chiffres clés de l'édition")  # after the table of contents and the overview
    positions = sorted((text.index(f"\n{h}\n", start), h) for h in headings)
    ends = [p for p, _ in positions[1:]] + [text.index("\nDonnées non disponibles\n", start)]
    return {h: flat(text[p:end]) for (p, h), end in zip(positions, ends, strict=True)}


def check_section(name, text, *, ticked):
    _ordinal, actions, schools, *boxes = EXPECTED[name]
    assert f"Nombre d'actions identifiées : {actions}" in text, name
    assert f"Nombre d'écoles et d'établissements impliqués : {schools}" in text, name
    for label, box in zip(LEVELS, boxes, strict=True):
        if box == "N.C.":
            assert f"{label} : N.C." in text, (name, label)
        else:
            assert bool(re.search(rf"{ticked} {label}(?! professionnel)", text)) == (box == "Oui"), (name, label)
    assert "Axes de travail pour la prochaine édition" in text, name


@needs_pdftotext
def test_the_pdf_holds_each_academy_figures(campaign):
    _name, content_type, pdf = render_synthesis(campaign=campaign, fmt="pdf")
    assert content_type == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = "\n" + text.replace("\f", "\n")  # a page break before each section
    available = [n for n in EXPECTED if n not in UNAVAILABLE]
    layout = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    layout = layout.stdout.decode().replace("\u00a0", " ")
    overview = flat(layout[layout.index("Vue d'ensemble") : layout.index("Total connu") + 200])
    assert "Strasbourg N.C. N.C. N.C. N.C. N.C. N.C. N.C. non disponible" in overview
    assert "Total connu 1 082 677" in overview  # the known figures only: N.C. is not 0
    sections = sections_of(text.replace("\u00a0", " "), [heading_of(n) for n in available])
    assert list(sections) == [heading_of(n) for n in available]  # alphabetical, French collation
    for name in available:
        check_section(name, sections[heading_of(name)], ticked="✓")
    tail = flat(text[text.rindex("\nDonnées non disponibles\n") :])
    for name in UNAVAILABLE:
        assert f"{heading_of(name)} : données non disponibles" in tail
    assert "Conclusion" in tail and "Grille non renseignée" in tail
    # The table of contents after the cover gives each académie's page (target-counter).
    contents = flat(text[text.index("\nSommaire\n") : text.index("\nIntroduction\n", text.index("Conclusion"))])
    assert re.search(r"Académie de Versailles \d+", contents) and re.search(r"Conclusion \d+", contents)


def test_the_docx_holds_each_academy_figures_with_real_headings(campaign):
    from docx import Document

    _name, content_type, data = render_synthesis(campaign=campaign, fmt="docx")
    assert content_type.endswith("wordprocessingml.document")
    word = Document(io.BytesIO(data))
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    level_one = [text for style, text in headings if style == "Heading 1"]
    available = [n for n in EXPECTED if n not in UNAVAILABLE]
    assert level_one == [
        "Introduction",
        "Vue d'ensemble",
        *[heading_of(n) for n in available],
        "Données non disponibles",
        "Conclusion",
    ]
    overview = word.tables[0]
    assert len(overview.rows) == 31  # a header and the 30 académies
    assert [c.text for c in overview.rows[1].cells] == [
        "Aix-Marseille",
        "2e",
        "110",
        "110",
        "Oui",
        "Oui",
        "Oui",
        "Oui",
        "déclarée",
    ]
    assert [c.text for c in overview.rows[-2].cells][-1] == "non disponible"  # Toulouse
    assert ("Title", "La Synthèse nationale") in headings
    assert ("Heading 2", "Chiffres clés") in headings and ("Heading 2", "Partenaires") in headings
    # Paragraphs in order, the key-figures box (a table cell) in its place.
    body = []
    for block in word.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            body.append("".join(node.text or "" for node in block.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            body.append(
                " ".join(
                    "".join(n.text or "" for n in p.iter() if n.tag.endswith("}t"))
                    for p in block.iter()
                    if p.tag.endswith("}p")
                )
            )
    text = "\n" + "\n".join(body) + "\n"
    sections = sections_of(text.replace("\u00a0", " "), [heading_of(n) for n in available])
    for name in available:
        check_section(name, sections[heading_of(name)], ticked="☒")
    tail = flat(text[text.rindex("\nDonnées non disponibles\n") :])
    for name in UNAVAILABLE:
        assert f"{heading_of(name)} : données non disponibles" in tail


# How many axes de travail seed 002_… gives each académie (« Trois axes de travail se dégagent… »).
AXES_COUNT = {
    "Aix-Marseille": 3,
    "Amiens": 2,
    "Besançon": 3,
    "Bordeaux": 3,
    "Caen": 3,
    "Clermont-Ferrand": 2,
    "Corse": 2,
    "Créteil": 2,
    "Dijon": 2,
    "Grenoble": 2,
    "Guadeloupe": 2,
    "Guyane": 1,
    "La Réunion": 1,
    "Lille": 2,
    "Limoges": 4,
    "Lyon": 2,
    "Martinique": 3,
    "Montpellier": 2,
    "Nancy-Metz": 1,
    "Nantes": 2,
    "Nice": 3,
    "Orléans-Tours": 1,
    "Paris": 4,
    "Poitiers": 3,
    "Reims": 2,
    "Rennes": 2,
    "Rouen": 1,
    "Versailles": 1,
}


def test_the_seed_axes_are_each_academy_own_and_loaded_once(campaign):
    from sps.syntheses.declared import synthesis_axes_load_reference
    from sps.syntheses.document import build_synthesis
    from sps.syntheses.models import SynthesisText
    from sps.syntheses.services import synthesis_axes_update
    from sps.territories.models import Academy

    doc = build_synthesis(campaign=campaign)
    counts = {s.academy.name: len(s.axes) for s in doc.available_sections}
    assert counts == AXES_COUNT
    versailles = next(s for s in doc.available_sections if s.academy.name == "Versailles")
    assert [a.text for a in versailles.axes] == [
        "La consolidation de la dynamique de travail engagée depuis quatre ans sur la thématique de la "
        "persévérance scolaire."
    ]
    # A second load writes only what is missing; a pilot's own axes are kept.
    assert synthesis_axes_load_reference() == 0
    SynthesisText.objects.filter(academy__slug="versailles").delete()
    synthesis_axes_update(campaign=campaign, academy=Academy.objects.get(slug="lille"), axes=["Un forum"], by=None)
    assert synthesis_axes_load_reference() == 1
    assert SynthesisText.objects.get(academy__slug="lille").axes_lines == ["Un forum"]
    assert len(SynthesisText.objects.get(academy__slug="versailles").axes_lines) == 1


def test_the_perspectives_list_the_axes_most_academies_share(campaign):
    """As the seed's conclusion does: the partners first, then the valorisation, then the premier degré."""
    from sps.syntheses.document import build_synthesis

    shared = build_synthesis(campaign=campaign).common_axes
    assert shared[:3] == [
        ("Une plus grande mobilisation des partenaires de l'Ecole", 17),  # « Ecole » and « École » together
        ("Une plus grande valorisation de l'événement et des actions menées", 14),
        ("L'implication plus importante du premier degré", 7),
    ]
    assert all(count >= 2 for _text, count in shared)


def test_the_overview_keeps_a_figure_reported_in_words(campaign):
    """La Réunion reported « Toutes les écoles et tous les établissements de l'Académie »: not a
    number, but not « N.C. » (non communiqué) either: the overview table says « non chiffré » (the
    section below gives the words, as the XLSX does)."""
    from django.template.loader import render_to_string

    from sps.syntheses.document import build_synthesis

    doc = build_synthesis(campaign=campaign)
    html = render_to_string("syntheses/_document.html", {"doc": doc, "links_base": ""})
    overview = html[html.index("Chiffres clés de l'édition") :]
    row = overview[overview.index("#academie-la-reunion") :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[1:3] == ["N.C.", "non chiffré"]
    guyane = overview[overview.index("#academie-guyane") :]
    assert re.findall(r"<td[^>]*>(.*?)</td>", guyane[: guyane.index("</tr>")])[1:3] == ["N.C.", "N.C."]


def test_the_docx_overview_keeps_a_figure_reported_in_words(campaign):
    from docx import Document

    _name, _type, data = render_synthesis(campaign=campaign, fmt="docx")
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in Document(io.BytesIO(data)).tables[0].rows}
    assert rows["La Réunion"][2:4] == ["N.C.", "non chiffré"]
    assert rows["Guyane"][2:4] == ["N.C.", "N.C."]


def test_the_pdf_contents_give_the_page_of_each_academy(campaign):
    """Read back page by page (pypdf): each académie's section opens a page, and the table of
    contents gives that page's number."""
    from pypdf import PdfReader

    _name, _content_type, pdf = render_synthesis(campaign=campaign, fmt="pdf")
    pages = [flat(page.extract_text(extraction_mode="layout")) for page in PdfReader(io.BytesIO(pdf)).pages]
    contents = pages[1]
    assert contents.startswith("Sommaire")
    for name in [n for n in EXPECTED if n not in UNAVAILABLE]:
        heading = heading_of(name)
        [number] = [i + 1 for i, text in enumerate(pages) if text.startswith(heading)]
        assert re.search(rf"{re.escape(heading)} {number}\b", contents), (heading, number)
        check_section(name, pages[number - 1], ticked="✓")
    assert pages[-1].startswith("Conclusion")
