"""The synthesis document from data: indicators counted in the database feed the suggested axes,
the pilot's axes replace them, académies in French alphabetical order, those without data apart,
example actions (actions phares) with their public fiche, texts in French typography, and a number
of queries that does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sps.actions.enums import CarrierLevel, Level
from sps.actions.models import ActionPartner
from sps.catalogue import index
from sps.schools.enums import SchoolKind
from sps.syntheses.document import build_synthesis
from sps.syntheses.models import DeclaredFigures, SynthesisText
from sps.syntheses.typography import french_spacing
from sps.territories.models import Academy, Department
from tests.actions.factories import ActionFactory, PartnerFactory
from tests.editions.factories import CampaignFactory, EditionBassinFactory, EditionFactory
from tests.schools.factories import SchoolFactory
from tests.territories.factories import BassinFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(reference):
    return CampaignFactory(school_year="2025-2026")


@pytest.fixture
def creteil(campaign):
    return EditionFactory(campaign=campaign, academy=Academy.objects.get(slug="creteil"), ordinal=3, published=True)


def published(edition, **kwargs):
    action = ActionFactory(edition=edition, published=True, **kwargs)
    index.index_actions([action.pk])
    return action


def section_of(doc, slug):
    return next(s for s in doc.sections if s.academy.slug == slug)


def test_counted_indicators_trigger_the_axes(campaign, creteil):
    dept = Department.objects.get(code="94")
    bassins = [BassinFactory(department=dept, name=f"Bassin {n}") for n in range(4)]
    college = SchoolFactory(kind=SchoolKind.COLLEGE, department=dept, bassin=bassins[0])
    for _ in range(9):
        SchoolFactory(department=dept, bassin=bassins[1])  # open schools not involved
    first = published(creteil, schools=[college], levels=[Level.SIXIEME])
    published(creteil, schools=[college], levels=[Level.TROISIEME])
    ActionPartner.objects.create(action=first, partner=PartnerFactory(name="Canopé"))
    section = section_of(build_synthesis(campaign=campaign), "creteil")
    keys = {axis.key: axis.reason for axis in section.axes}
    # 0 premier degré; 1 partner of 2 = 50 %: not under; 1 bassin of 4 = 25 %; 1 school of 10 = 10 %:
    # not under; no académie-level action.
    assert set(keys) == {"primary", "bassins", "academy_week"}
    assert keys["bassins"].startswith("1 bassin sur 4 ")
    assert section.partners == [
        "1 action sur 2 déclare au moins un partenaire.",
        "Partenaires les plus cités\u00a0: Canopé.",
    ]
    # An académie-level premier degré action with a partner, in a second bassin: the axes follow.
    school = SchoolFactory(kind=SchoolKind.ELEMENTARY, department=dept, bassin=bassins[2])
    third = published(creteil, schools=[school], levels=[Level.ELEMENTARY], carrier_level=CarrierLevel.ACADEMY)
    ActionPartner.objects.create(action=third, partner=PartnerFactory(name="Ville de Créteil"))
    section = section_of(build_synthesis(campaign=campaign), "creteil")
    # Premier degré now covered, an académie-level action, 2 bassins of 4 (50 %): nothing left.
    assert section.axes == []


def test_participating_bassins_trigger_the_deployment_axe(campaign, creteil):
    dept = Department.objects.get(code="94")
    bassins = [BassinFactory(department=dept, name=f"Bassin {n}") for n in range(3)]
    creteil.all_bassins_participate = False
    creteil.save()
    EditionBassinFactory(edition=creteil, bassin=bassins[0], is_pilot=True)
    DeclaredFigures.objects.create(edition=creteil, actions_count=5, primary=True)
    section = section_of(build_synthesis(campaign=campaign), "creteil")
    assert [(a.key, a.reason) for a in section.axes] == [("bassins", "1 bassin participe sur 3")]


def test_the_pilots_axes_replace_the_suggestions(campaign, creteil):
    DeclaredFigures.objects.create(edition=creteil, actions_count=5, primary=False)
    creteil_academy = creteil.academy
    SynthesisText.objects.create(
        campaign=campaign,
        academy=creteil_academy,
        axes="Une implication plus importante du premier degré\nUn séminaire de rentrée",
        axes_edited=True,
    )
    section = section_of(build_synthesis(campaign=campaign), "creteil")
    assert section.axes_edited
    # The suggestion kept as is keeps the figure behind it; the pilot's own line has none.
    assert [(a.text, bool(a.reason)) for a in section.axes] == [
        ("Une implication plus importante du premier degré", True),
        ("Un séminaire de rentrée", False),
    ]


def test_sections_in_french_order_and_unavailable_ones_apart(campaign, creteil):
    for slug in ("dijon", "aix-marseille", "strasbourg"):
        edition = EditionFactory(campaign=campaign, academy=Academy.objects.get(slug=slug))
        if slug == "strasbourg":
            DeclaredFigures.objects.create(edition=edition, status="unavailable")
        else:
            DeclaredFigures.objects.create(edition=edition, actions_count=4)
    published(creteil)
    doc = build_synthesis(campaign=campaign)
    assert [s.academy.name for s in doc.available_sections] == ["Aix-Marseille", "Créteil", "Dijon"]
    unavailable = [s.academy.name for s in doc.unavailable_sections]
    assert "Strasbourg" in unavailable and "Rennes" in unavailable  # Rennes: no edition at all
    assert unavailable == sorted(unavailable, key=lambda n: n.replace("é", "e").lower())


def test_example_actions_are_the_actions_phares_with_their_public_fiche(campaign, creteil):
    school = SchoolFactory(department=Department.objects.get(code="94"), name="Collège Henri Matisse")
    flagship = published(creteil, schools=[school], is_flagship=True, title="Arbre de la persévérance")
    published(creteil, schools=[school], title="Une action ordinaire")
    section = section_of(build_synthesis(campaign=campaign), "creteil")
    assert [e.title for e in section.examples] == ["Arbre de la persévérance"]
    example = section.examples[0]
    assert example.url == f"/programme/actions/{flagship.pk}/"
    assert "Henri Matisse" in example.carrier


def test_introduction_and_conclusion_default_then_pilot_text(campaign, creteil):
    doc = build_synthesis(campaign=campaign)
    assert "édition 2025-2026" in doc.introduction[0]
    SynthesisText.objects.create(campaign=campaign, introduction="Premier paragraphe : bilan.\n\nSecond ?")
    doc = build_synthesis(campaign=campaign)
    assert doc.introduction == ["Premier paragraphe\u00a0: bilan.", "Second\u00a0?"]
    academic = build_synthesis(campaign=campaign, academy=creteil.academy)
    assert "l'académie de Créteil" in academic.introduction[0]  # its own default, not the national text
    assert [s.academy.slug for s in academic.sections] == ["creteil"]


def test_french_spacing():
    assert french_spacing("Partenaires : « MAIF » ; oui !") == "Partenaires\u00a0: «\u00a0MAIF\u00a0»\u00a0; oui\u00a0!"
    assert french_spacing("http://a.fr/?x=1 et 10 %") == "http://a.fr/?x=1 et 10\u00a0%"
    assert french_spacing("Pourquoi?") == "Pourquoi\u00a0?"


def test_the_number_of_queries_does_not_grow_with_the_data(campaign, creteil):
    dept = Department.objects.get(code="94")
    school = SchoolFactory(department=dept)
    published(creteil, schools=[school], is_flagship=True)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            build_synthesis(campaign=campaign)
        return len(ctx.captured_queries)

    before = count()
    for slug in ("dijon", "lyon", "nantes"):
        edition = EditionFactory(campaign=campaign, academy=Academy.objects.get(slug=slug), published=True)
        for _ in range(3):
            action = published(edition, schools=[SchoolFactory(department=dept)], is_flagship=True)
            ActionPartner.objects.create(action=action, partner=PartnerFactory())
    assert count() == before


@pytest.mark.parametrize(
    "dates, expected",
    [
        ("mars 2016", "L'Académie de Créteil a organisé en mars 2016 sa troisième Semaine"),
        ("30 avril 2016", "L'Académie de Créteil a organisé le 30 avril 2016 sa troisième Semaine"),
        ("février 2016 (du 1er au 5 février 2016)", "L'Académie de Créteil a organisé en février 2016 sa troisième"),
        ("durant l'année scolaire 2015-2016", "L'Académie de Créteil a organisé durant l'année scolaire 2015-2016 sa"),
        (
            "du 18 au 22 janvier 2016 (Nièvre) et semaine du 14 mars 2016 (bassins d'Auxerre et de Beaune)",
            "L'Académie de Créteil a organisé sa troisième Semaine de la persévérance scolaire.",
        ),
        ("", "L'Académie de Créteil a organisé sa troisième Semaine de la persévérance scolaire."),
    ],
)
def test_each_section_opens_as_in_the_seed(campaign, creteil, dates, expected):
    """Seed 002_…: « L'Académie de Guyane a organisé en mars 2016 sa première Semaine de la persévérance scolaire. »"""
    DeclaredFigures.objects.create(edition=creteil, actions_count=5, dates_wording=dates)
    lead = section_of(build_synthesis(campaign=campaign), "creteil").lead
    assert lead.startswith(expected) and lead.endswith("Semaine de la persévérance scolaire.")


def test_a_section_without_data_has_no_lead(campaign):
    section = section_of(build_synthesis(campaign=campaign), "lille")
    assert not section.available and section.lead == ""


def test_an_academic_synthesis_has_no_common_axes(campaign, creteil):
    DeclaredFigures.objects.create(edition=creteil, actions_count=5, primary=False)
    assert build_synthesis(campaign=campaign, academy=creteil.academy).common_axes == []


def test_the_academic_perspectives_list_the_academys_own_axes(campaign, creteil):
    """The default conclusion announces « plusieurs axes de travail »: the academic synthesis must then
    list them (HTML, PDF and DOCX), as the national one lists the axes most académies share."""
    import io

    from django.template.loader import render_to_string
    from docx import Document

    from sps.syntheses.docx import synthesis_docx

    DeclaredFigures.objects.create(edition=creteil, actions_count=5, primary=False)
    doc = build_synthesis(campaign=campaign, academy=creteil.academy)
    assert "plusieurs axes de travail se dessinent" in doc.conclusion[0]
    assert doc.perspectives == (
        "Les axes de travail retenus pour la prochaine édition\u00a0:",
        ["Une implication plus importante du premier degré"],
    )
    html = render_to_string("syntheses/_document.html", {"doc": doc, "links_base": ""})
    conclusion = html[html.index('id="synth-conclusion"') :]
    assert "<li>Une implication plus importante du premier degré</li>" in conclusion
    texts = [p.text for p in Document(io.BytesIO(synthesis_docx(doc))).paragraphs]
    after = texts[texts.index("Perspectives pour la prochaine édition") :]
    assert "Une implication plus importante du premier degré" in after


def test_the_academic_pdf_does_not_leave_the_introduction_alone_on_a_page(campaign, creteil):
    """Cover, then the introduction, the académie's section and the conclusion following each other (the
    national synthesis gives each part its own page; an academic one has a single short section)."""
    import shutil
    import subprocess

    from sps.syntheses.exports import render_synthesis

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    DeclaredFigures.objects.create(edition=creteil, actions_count=5, primary=False)
    _name, _type, data = render_synthesis(campaign=campaign, academy=creteil.academy, fmt="pdf")
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    pages = text.rstrip("\f").split("\f")
    assert len(pages) == 2
    assert "Introduction" in pages[1] and "Académie de Créteil\n" in pages[1] and "Chiffres clés" in pages[1]
    assert "Conclusion" in pages[1]


def test_without_any_axe_the_default_conclusion_announces_none(campaign, creteil):
    DeclaredFigures.objects.create(edition=creteil, actions_count=5, primary=True)
    doc = build_synthesis(campaign=campaign, academy=creteil.academy)
    assert doc.perspectives == ("", [])
    assert len(doc.conclusion) == 1 and "axes de travail" not in doc.conclusion[0]
    assert doc.conclusion[0].startswith("Les éléments exposés dans le présent document")
    SynthesisText.objects.create(campaign=campaign, academy=creteil.academy, conclusion="Notre conclusion.")
    assert build_synthesis(campaign=campaign, academy=creteil.academy).conclusion == ["Notre conclusion."]


def test_without_axes_the_documents_leave_the_part_out(campaign, creteil):
    """Nothing suggested, nothing written: no empty « Axes de travail » part in the DOCX or the printed
    HTML; the Pilotage page explains it on screen only (synth-screen-only, hidden in print and PDF)."""
    import io

    from django.template.loader import render_to_string
    from docx import Document

    from sps.syntheses.docx import synthesis_docx

    DeclaredFigures.objects.create(edition=creteil, actions_count=5, primary=True)
    doc = build_synthesis(campaign=campaign, academy=creteil.academy)
    assert doc.sections[0].axes == []
    word = Document(io.BytesIO(synthesis_docx(doc)))
    assert "Axes de travail pour la prochaine édition" not in [p.text for p in word.paragraphs]
    html = render_to_string("syntheses/_document.html", {"doc": doc, "links_base": ""})
    part = html[html.index('<div class="synth-screen-only">') :]
    assert part.index("Axes de travail pour la prochaine édition") < part.index("</div>")


def test_the_academy_published_events_of_the_week_are_temps_forts(campaign, creteil):
    """A published event of Créteil during its week is a temps fort and an académie-level event (no
    « véritable Semaine académique » axe); a draft, another académie's or one outside the week is not."""
    import datetime

    from django.utils import timezone

    from tests.events.factories import EventFactory, EventSessionFactory

    def event(title, academy, day, **kwargs):
        item = EventFactory(title=title, academies=[academy], with_session=False, **kwargs)
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        EventSessionFactory(event=item, starts_at=start, ends_at=start + datetime.timedelta(hours=2))

    dept = Department.objects.get(code="94")
    school = SchoolFactory(kind=SchoolKind.COLLEGE, department=dept)
    published(creteil, schools=[school], levels=[Level.SIXIEME])
    assert "academy_week" in {a.key for a in section_of(build_synthesis(campaign=campaign), "creteil").axes}
    rennes = Academy.objects.get(slug="rennes")
    event("Séminaire académique", creteil.academy, creteil.week_start)
    event("Forum en préparation", creteil.academy, creteil.week_start, draft=True)
    event("Réunion de lancement", creteil.academy, creteil.week_start - datetime.timedelta(days=20))
    event("Séminaire de Rennes", rennes, creteil.week_start)
    section = section_of(build_synthesis(campaign=campaign), "creteil")
    assert section.notable_events == ["Séminaire académique"]
    assert "academy_week" not in {a.key for a in section.axes}
