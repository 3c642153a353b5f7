"""The national « Synthèse » table: counted figures where actions are published, declared ones
otherwise, « non disponible » without either; the XLSX and the `synthesis` command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from sps.actions.enums import Level
from sps.catalogue import index
from sps.schools.enums import SchoolKind
from sps.syntheses.enums import DataStatus, FigureSource
from sps.syntheses.models import DeclaredFigures
from sps.syntheses.synthesis import synthesis_rows
from sps.territories.models import Academy, Department
from tests.actions.factories import ActionFactory
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db

EXPECTED_COLUMNS = [
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


def academy(name):
    return Academy.objects.get(name=name)


def published(edition, **kwargs):
    action = ActionFactory(edition=edition, published=True, **kwargs)
    index.index_actions([action.pk])
    return action


@pytest.fixture
def campaign(reference):
    return CampaignFactory(school_year="2025-2026")


def row_of(rows, name):
    return next(row for row in rows if row.academy.name == name)


def test_counted_figures_come_from_the_published_actions(campaign):
    creteil = EditionFactory(campaign=campaign, academy=academy("Créteil"), ordinal=3, published=True)
    val_de_marne = Department.objects.get(code="94")
    college = SchoolFactory(kind=SchoolKind.COLLEGE, department=val_de_marne)
    ecole = SchoolFactory(kind=SchoolKind.ELEMENTARY, department=val_de_marne)
    published(creteil, schools=[college], levels=[Level.SIXIEME])
    published(creteil, schools=[college, ecole], levels=[Level.ELEMENTARY, Level.TROISIEME])
    ActionFactory(edition=creteil, schools=[college], levels=[Level.LYCEE_PRO])  # a draft: not counted
    # Declared figures are ignored once actions are entered.
    DeclaredFigures.objects.create(edition=creteil, actions_count=500, schools_count=400, lycee_pro=True)
    row = row_of(synthesis_rows(campaign=campaign), "Créteil")
    assert row.source == FigureSource.COUNTED and row.source_label == "comptée"
    assert (row.actions.cell, row.schools.cell) == (2, 2)  # the collège carries two actions: counted once
    assert row.level_cells == ["Oui", "Oui", "Non", "Non"]
    assert row.ordinal == 3 and row.dates == creteil.week.label


def test_declared_figures_without_published_actions(campaign):
    rennes = EditionFactory(campaign=campaign, academy=academy("Rennes"), ordinal=2)
    ActionFactory(edition=rennes)  # entered but not published: the declared figures stand
    DeclaredFigures.objects.create(
        edition=rennes,
        actions_count=49,
        actions_wording="49 actions recensées, 13 actions ponctuelles",
        schools_count=None,
        primary=True,
        college=True,
        lycee=False,
        lycee_pro=None,
        dates_wording="mars 2026",
    )
    row = row_of(synthesis_rows(campaign=campaign), "Rennes")
    assert row.source == FigureSource.DECLARED and row.source_label == "déclarée"
    assert row.actions.cell == 49 and row.actions.note == "49 actions recensées, 13 actions ponctuelles"
    assert row.schools.cell == "N.C."
    assert row.level_cells == ["Oui", "Oui", "Non", "N.C."]
    assert (row.ordinal, row.dates) == (2, "mars 2026")


def test_zero_is_a_number_and_nc_is_text(campaign):
    paris = EditionFactory(campaign=campaign, academy=academy("Paris"))
    DeclaredFigures.objects.create(edition=paris, actions_count=0, schools_count=None)
    row = row_of(synthesis_rows(campaign=campaign), "Paris")
    assert row.actions.cell == 0 and row.schools.cell == "N.C."


def test_without_figures_the_row_is_not_available(campaign):
    lille = EditionFactory(campaign=campaign, academy=academy("Lille"), ordinal=4)
    strasbourg = EditionFactory(campaign=campaign, academy=academy("Strasbourg"))
    DeclaredFigures.objects.create(edition=strasbourg, status=DataStatus.UNAVAILABLE)
    rows = synthesis_rows(campaign=campaign)
    for name in ("Lille", "Strasbourg", "Toulouse"):  # Toulouse has no edition at all
        row = row_of(rows, name)
        assert row.source == FigureSource.UNAVAILABLE and row.source_label == "non disponible"
        assert (row.actions.cell, row.schools.cell) == ("N.C.", "N.C.")
        assert row.level_cells == ["N.C."] * 4
    assert row_of(rows, "Lille").ordinal == 4 and row_of(rows, "Lille").dates == lille.week.label
    assert row_of(rows, "Strasbourg").ordinal is None and row_of(rows, "Strasbourg").dates == "N.C."


def test_one_row_per_academy_of_the_campaign_in_alphabetical_order(reference):
    old = CampaignFactory(school_year="2015-2016")
    new = CampaignFactory(school_year="2025-2026")
    old_names = [row.academy.name for row in synthesis_rows(campaign=old)]
    new_names = [row.academy.name for row in synthesis_rows(campaign=new)]
    assert len(old_names) == 30 and "Caen" in old_names and "Normandie" not in old_names
    assert "Mayotte" not in old_names
    assert "Normandie" in new_names and "Caen" not in new_names and "Mayotte" in new_names
    assert old_names[:8] == [
        "Aix-Marseille",
        "Amiens",
        "Besançon",
        "Bordeaux",
        "Caen",
        "Clermont-Ferrand",
        "Corse",
        "Créteil",
    ]
    assert old_names.index("La Réunion") == old_names.index("Guyane") + 1


def test_the_table_costs_the_same_queries_whatever_the_number_of_actions(campaign, django_assert_num_queries):
    creteil = EditionFactory(campaign=campaign, academy=academy("Créteil"), published=True)
    school = SchoolFactory(department=Department.objects.get(code="94"))
    published(creteil, schools=[school])
    with django_assert_num_queries(4):
        synthesis_rows(campaign=campaign)
    for _ in range(5):
        published(creteil, schools=[SchoolFactory(department=school.department)])
    with django_assert_num_queries(4):
        rows = synthesis_rows(campaign=campaign)
    assert row_of(rows, "Créteil").actions.cell == 6


def read_sheet(path):
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_command_writes_the_xlsx(campaign, tmp_path):
    bordeaux = EditionFactory(campaign=campaign, academy=academy("Bordeaux"), ordinal=1)
    DeclaredFigures.objects.create(
        edition=bordeaux,
        actions_count=40,
        actions_wording="40",
        schools_count=30,
        schools_wording="Une trentaine d'établissements",
        schools_approximate=True,
        primary=False,
        college=True,
        lycee=True,
        lycee_pro=True,
        dates_wording="février 2026",
    )
    out = tmp_path / "synthese.xlsx"
    stdout = StringIO()
    call_command("synthesis", "--campaign", "2025-2026", "--format", "xlsx", "--out", str(out), stdout=stdout)
    assert "Synthèse nationale 2025-2026" in stdout.getvalue()
    sheet, rows = read_sheet(out)
    assert sheet.title == "Synthèse"
    assert rows[0] == EXPECTED_COLUMNS
    bordeaux_row = next(r for r in rows if r[0] == "Bordeaux")
    assert bordeaux_row == ["Bordeaux", 1, "février 2026", 40, 30, "Non", "Oui", "Oui", "Oui", "déclarée"]
    cells = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Bordeaux")
    assert cells[1].number_format == '[=1]0"re";0"e"'  # shown « 1re »
    assert cells[3].comment is None
    assert "Une trentaine d'établissements" in cells[4].comment.text
    assert all(isinstance(r[3], int) or r[3] == "N.C." for r in rows[1:])


def test_the_command_for_one_academy(campaign, tmp_path):
    out = tmp_path / "creteil.xlsx"
    call_command("synthesis", "--campaign", "2025-2026", "--academy", "24", "--out", str(out), stdout=StringIO())
    _sheet, rows = read_sheet(out)
    assert [r[0] for r in rows[1:]] == ["Créteil"]


@pytest.mark.parametrize(("fmt", "magic"), [("html", b"<!DOCTYPE html>"), ("pdf", b"%PDF-"), ("docx", b"PK")])
def test_the_command_writes_every_format(campaign, tmp_path, fmt, magic):
    out = tmp_path / f"synthese.{fmt}"
    stdout = StringIO()
    call_command("synthesis", "--campaign", "2025-2026", "--format", fmt, "--out", str(out), stdout=stdout)
    assert out.read_bytes().startswith(magic)
    assert f"({fmt})" in stdout.getvalue()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--campaign", "1999-2000"], "Aucune campagne 1999-2000"),
        (["--campaign", "2025-2026", "--academy", "99"], "Académie inconnue\u00a0: «\u00a099\u00a0»"),
        (["--campaign", "2025-2026", "--academy", "05"], "n'existait pas pendant la campagne 2025-2026"),
        (["--campaign", "2025-2026", "--format", "odt"], "Format inconnu\u00a0: «\u00a0odt\u00a0»"),
    ],
)
def test_the_command_refuses_bad_arguments(campaign, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("synthesis", *args, "--out", str(tmp_path / "x.xlsx"))


@pytest.mark.parametrize(
    "value, wording, aside",
    [
        (
            19,
            "19 (Nombre issu du document académique de recensement des actions)",
            "Nombre issu du document académique de recensement des actions",
        ),
        (40, "40 actions recensées", "actions recensées"),
        (30, "Une trentaine d'établissements", "Une trentaine d'établissements"),
        (110, "110", ""),
        (19, "190 actions", "190 actions"),
        (None, "", ""),
    ],
)
def test_the_wording_beside_the_number_does_not_repeat_it(value, wording, aside):
    """« Nombre d'actions identifiées : 19 (Nombre issu du document…) », never « 19 (19 (Nombre…)) »."""
    from sps.syntheses.synthesis import Figure

    assert Figure(value, wording).aside == aside
