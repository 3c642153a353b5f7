"""The 2015-2016 national synthesis regenerated from the shipped figures.

EXPECTED is typed by hand from seed 002_… (« La Synthèse nationale, édition 2015-2016 »), box by
box, independently of sps/syntheses/data/declared_2015_2016.csv: a mistake in the file shows here.
Where the seed prints a figure in words, the number is the first one it prints and the words must
be kept in the cell's comment (see docs/declared-figures.md). The seed prints the level boxes of
Guyane and La Réunion as a plain list with no box state: « N.C. ».
"""

from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from sps.syntheses.declared import declared_figures_load_reference

pytestmark = pytest.mark.django_db

Y, N, NC = "Oui", "Non", "N.C."
REUNION_SCHOOLS = "Toutes les écoles et tous les établissements de l'Académie"

# Académie: (édition, actions, établissements, premier degré, collège, lycée, lycée professionnel)
EXPECTED = {
    "Aix-Marseille": (2, 110, 110, Y, Y, Y, Y),
    "Amiens": (1, 112, 62, Y, Y, Y, Y),
    "Besançon": (1, 19, 20, N, Y, Y, Y),
    "Bordeaux": (2, 40, 30, N, Y, Y, Y),
    "Caen": (1, 22, 30, N, Y, Y, Y),
    "Clermont-Ferrand": (2, 53, 71, Y, Y, Y, Y),
    "Corse": (1, 24, 24, N, Y, Y, Y),
    "Créteil": (2, 26, NC, N, Y, Y, Y),
    "Dijon": (1, 19, 15, N, Y, Y, Y),
    "Grenoble": (2, 113, 93, Y, Y, Y, Y),
    "Guadeloupe": (1, 6, 7, Y, Y, Y, N),
    "Guyane": (1, NC, NC, NC, NC, NC, NC),
    "La Réunion": (1, NC, REUNION_SCHOOLS, NC, NC, NC, NC),
    "Lille": (1, 20, 18, Y, Y, Y, Y),
    "Limoges": (1, 3, 3, N, N, Y, Y),
    "Lyon": (1, 31, 14, Y, Y, Y, Y),
    "Martinique": (1, 5, 5, N, Y, Y, Y),
    "Montpellier": (1, 55, 38, N, Y, Y, Y),
    "Nancy-Metz": (2, 30, 21, Y, Y, Y, Y),
    "Nantes": (1, 19, 17, N, Y, Y, Y),
    "Nice": (1, 5, 10, N, Y, Y, Y),
    "Orléans-Tours": (1, NC, 45, Y, Y, Y, Y),
    "Paris": (1, 4, 4, N, Y, Y, Y),
    "Poitiers": (2, 10, 10, N, Y, Y, Y),
    "Reims": (1, NC, NC, N, Y, Y, Y),
    "Rennes": (1, 49, 30, Y, Y, Y, Y),
    "Rouen": (1, 7, NC, Y, Y, Y, Y),
    "Strasbourg": (NC, NC, NC, NC, NC, NC, NC),
    "Toulouse": (NC, NC, NC, NC, NC, NC, NC),
    "Versailles": (4, 300, NC, Y, Y, Y, Y),
}
UNAVAILABLE = {"Strasbourg", "Toulouse"}
# Figures printed in words: (académie, column) → words the cell's comment must hold.
WORDINGS = {
    ("Besançon", "Actions"): "144 actions visibles sur Expérithèque",
    ("Besançon", "Établissements"): "20 dans le dossier de presse",
    ("Bordeaux", "Établissements"): "Une trentaine d'établissements",
    ("Caen", "Établissements"): "Tous les établissements du second degré",
    ("Dijon", "Actions"): "Nombre issu du document académique de recensement des actions",
    ("Lyon", "Actions"): "58 actions existantes identifiées lors de la Semaine",
    ("Lyon", "Établissements"): "70 écoles et établissements impliqués tout au long de l'année",
    ("Nice", "Actions"): "« initiatives remarquables »",
    ("Rennes", "Actions"): "13 actions ponctuelles organisées durant la Semaine",
    ("Rennes", "Établissements"): "Plus d'une trentaine",
    ("Rouen", "Actions"): "séminaire « La persévérance à l'épreuve des pratiques »",
}


@pytest.fixture
def workbook(reference, tmp_path):
    report = declared_figures_load_reference()
    assert (report.rows, report.created, report.errors) == (30, 30, [])
    out = tmp_path / "synthese-2015-2016.xlsx"
    call_command("synthesis", "--campaign", "2015-2016", "--format", "xlsx", "--out", str(out), stdout=StringIO())
    return load_workbook(out)


def test_every_academy_figures_and_boxes_equal_the_seed(workbook):
    sheet = workbook.worksheets[0]
    assert sheet.title == "Synthèse"
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert header == [
        "Académie",
        "Édition",
        "Dates",
        "Actions",
        "Établissements",
        "Premier degré",
        "Collège",
        "Lycée",
        "Lycée professionnel",
        "Source",
    ]
    assert [row[0] for row in rows] == list(EXPECTED)  # the 30 académies, in the seed's order
    for row in rows:
        name = row[0]
        ordinal, actions, schools, *boxes = EXPECTED[name]
        assert (row[1], row[3], row[4], *row[5:9]) == (ordinal, actions, schools, *boxes), name
        assert row[9] == ("non disponible" if name in UNAVAILABLE else "déclarée"), name
        for value in (row[3], row[4]):
            assert isinstance(value, int) or value in (NC, REUNION_SCHOOLS), name


def test_words_are_kept_beside_the_numbers(workbook):
    sheet = workbook.worksheets[0]
    columns = [cell.value for cell in sheet[1]]
    comments = {}
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.comment:
                comments[(row[0].value, columns[cell.column - 1])] = cell.comment.text
    for key, words in WORDINGS.items():
        assert words in comments.get(key, ""), key
    assert ("Amiens", "Actions") not in comments  # « 112 » says nothing more than 112


def test_reloading_the_reference_changes_nothing(workbook):
    again = declared_figures_load_reference()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 30)
