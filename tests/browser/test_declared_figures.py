"""The national pilot loads a file of declared figures from the Pilotage menu and reads the report."""

import pytest
from playwright.sync_api import expect

from sps.accounts.enums import Role
from sps.syntheses.models import DeclaredFigures
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.browser.helpers import assert_accessible, follow, log_in

pytestmark = pytest.mark.browser

CSV = (
    "academie;annee_scolaire;actions;etablissements;etablissements_libelle;premier_degre\n"
    "Bordeaux;2015-2016;40;30;Une trentaine d'établissements;non\n"
    "Atlantide;2015-2016;1;1;;oui\n"
)


def test_national_pilot_uploads_declared_figures(page, reference, tmp_path):
    user = UserFactory()
    grant(user, Role.NATIONAL_PILOT)
    log_in(page, user.email, PASSWORD)
    follow(page, page.get_by_role("link", name="Importer des chiffres déclarés"))
    expect(page.locator("h1")).to_have_text("Importer des chiffres déclarés")
    assert_accessible(page)

    # No file: a French message, on the field.
    follow(page, page.get_by_role("button", name="Importer"))
    expect(page.locator("#id_file-error")).to_have_text("Choisissez un fichier.")
    assert_accessible(page)

    path = tmp_path / "chiffres.csv"
    path.write_text(CSV, encoding="utf-8")
    page.get_by_label("Fichier des chiffres déclarés (CSV)").set_input_files(str(path))
    follow(page, page.get_by_role("button", name="Importer"))
    expect(page.get_by_role("status")).to_contain_text("2 lignes lues, 1 créée")
    rejected = page.get_by_role("table", name="Lignes rejetées et motif")
    expect(rejected.get_by_role("row")).to_have_count(2)
    expect(rejected).to_contain_text("Académie inconnue\u00a0: «\u00a0Atlantide\u00a0».")
    assert_accessible(page)
    figures = DeclaredFigures.objects.get()
    assert (figures.schools_count, figures.schools_wording) == (30, "Une trentaine d'établissements")
