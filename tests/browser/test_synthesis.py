"""An académie pilot opens their académie's synthesis from the Pilotage menu, edits an axe de
travail, and downloads the PDF (built by the worker); the national pilot opens the national one.
Every page is checked with axe."""

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from sps.accounts.enums import Role
from sps.syntheses.models import DeclaredFigures, SynthesisText
from sps.territories.models import Academy
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.browser.helpers import assert_accessible, follow, log_in, visit
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.files.test_workers import DATABASE_BACKEND, run_database_worker

pytestmark = pytest.mark.browser


@pytest.fixture
def creteil(reference):
    campaign = CampaignFactory(school_year="2025-2026")
    edition = EditionFactory(campaign=campaign, academy=Academy.objects.get(slug="creteil"), ordinal=2)
    DeclaredFigures.objects.create(
        edition=edition, actions_count=26, schools_count=None, primary=False, college=True, lycee=True, lycee_pro=True
    )
    return edition


def test_a_pilot_edits_an_axe_and_downloads_the_synthesis(page, creteil, settings):
    settings.TASKS = DATABASE_BACKEND
    pilot = UserFactory(email="pilote.creteil@example.fr")
    grant(pilot, Role.ACADEMY_PILOT, creteil.academy)
    log_in(page, pilot.email, PASSWORD)
    follow(page, page.get_by_role("link", name="Synthèses"))
    expect(page.locator("h1")).to_have_text("Synthèses")
    assert_accessible(page)

    follow(page, page.get_by_role("link", name=re.compile("Synthèse académique 2025-2026")))
    expect(page.locator("h1")).to_have_text("La Synthèse académique — Académie de Créteil")
    box = page.locator(".synth-keyfigures")
    expect(box).to_contain_text("Nombre d'actions identifiées\u00a0: 26")
    expect(box).to_contain_text("impliqués\u00a0: N.C.")
    expect(page.locator(".synth-axes")).to_contain_text("Une implication plus importante du premier degré")
    assert_accessible(page)

    follow(page, page.get_by_role("link", name=re.compile("Modifier les axes de travail")))
    assert_accessible(page)
    field = page.get_by_label(re.compile("Axes de travail pour la prochaine édition"))
    field.fill("")
    with page.expect_navigation() as navigation:  # refused: a 400 with the form and its message
        page.get_by_role("button", name="Enregistrer les axes").click()
    assert navigation.value.status == 400
    expect(page.locator("#id_axes-error, .fr-error-text").first).to_contain_text("Écrivez au moins un axe de travail")
    assert_accessible(page)
    field = page.get_by_label(re.compile("Axes de travail pour la prochaine édition"))
    field.fill("Une implication plus importante du premier degré\nUn forum des métiers dans chaque bassin")
    follow(page, page.get_by_role("button", name="Enregistrer les axes"))
    expect(page.locator(".synth-axes")).to_contain_text("Un forum des métiers dans chaque bassin")
    assert SynthesisText.objects.get(academy=creteil.academy).axes_edited

    synthesis_url = page.url
    follow(page, page.get_by_role("button", name="Télécharger en PDF"))
    expect(page).to_have_url(re.compile(r"/fichiers/\d+/$"))
    expect(page.locator("#generated-file-status")).to_contain_text("En attente")
    assert_accessible(page)
    run_database_worker()
    page.reload()
    link = page.get_by_role("link", name=re.compile(r"Télécharger synthese-creteil-2025-2026\.pdf"))
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "synthese-creteil-2025-2026.pdf"

    # Then the DOCX and the XLSX from the same page, each read back.
    for fmt in ("docx", "xlsx"):
        visit(page, synthesis_url.removeprefix(page.live_url))
        follow(page, page.get_by_role("button", name=f"Télécharger en {fmt.upper()}"))
        expect(page).to_have_url(re.compile(r"/fichiers/\d+/$"))
        run_database_worker()
        page.reload()
        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile(rf"Télécharger synthese-creteil-2025-2026\.{fmt}")).click()
        assert download.value.suggested_filename == f"synthese-creteil-2025-2026.{fmt}"
        path = download.value.path()
        if fmt == "docx":
            texts = [p.text for p in Document(path).paragraphs]
            assert "Un forum des métiers dans chaque bassin" in texts
        else:
            sheet = load_workbook(io.BytesIO(path.read_bytes())).worksheets[0]
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            assert sheet.title == "Synthèse"
            assert rows[1] == ["Créteil", 2, rows[1][2], 26, "N.C.", "Non", "Oui", "Oui", "Oui", "déclarée"]


def test_the_national_pilot_reads_the_national_synthesis(page, creteil):
    national = UserFactory(email="national@example.fr")
    grant(national, Role.NATIONAL_PILOT)
    log_in(page, national.email, PASSWORD)
    follow(page, page.get_by_role("link", name="Synthèses"))
    follow(page, page.get_by_role("link", name="Synthèse nationale 2025-2026"))
    expect(page.locator("h1")).to_have_text("La Synthèse nationale")
    expect(page.get_by_role("table", name=re.compile("Chiffres clés de l'édition 2025-2026"))).to_be_visible()
    expect(page.locator("#synth-unavailable")).to_have_text("Données non disponibles")
    assert_accessible(page)
