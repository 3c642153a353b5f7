"""Importing declared figures: N.C. kept apart from 0, malformed rows reported by line and column
(the rest imported), re-import idempotent, a file that is not UTF-8 refused whole."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sps.audit.models import AuditEntry
from sps.editions.models import Campaign, Edition
from sps.syntheses.declared import DeclaredFiguresFormatError, declared_figures_import, default_week
from sps.syntheses.enums import DataStatus
from sps.syntheses.models import DeclaredFigures
from sps.territories.models import Academy
from tests.editions.factories import CampaignFactory, EditionFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "academie;annee_scolaire;edition;debut_semaine;fin_semaine;dates;statut;actions;actions_libelle;"
    "actions_approximatif;etablissements;etablissements_libelle;etablissements_approximatif;premier_degre;"
    "college;lycee;lycee_professionnel;partenaires;temps_forts"
)


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def figures_of(name: str, year: str = "2015-2016") -> DeclaredFigures:
    return DeclaredFigures.objects.get(edition__academy__name=name, edition__campaign__school_year=year)


def test_a_row_creates_the_campaign_the_edition_and_the_figures(reference):
    report = declared_figures_import(
        data=csv_bytes(
            "Bordeaux;2015-2016;2;2016-02-01;2016-02-05;février 2016;;40;40;non;30;Une trentaine d'établissements;"
            "oui;non;oui;oui;oui;Les collectivités territoriales;Aucun"
        )
    )
    assert (report.rows, report.created, report.updated, report.errors) == (1, 1, 0, [])
    assert report.editions_created == 1
    campaign = Campaign.objects.get(school_year="2015-2016")
    edition = Edition.objects.get(campaign=campaign, academy__name="Bordeaux")
    assert (edition.ordinal, edition.week_start, edition.week_end) == (
        2,
        datetime.date(2016, 2, 1),
        datetime.date(2016, 2, 5),
    )
    figures = edition.declared_figures
    assert figures.status == DataStatus.REPORTED
    assert (figures.actions_count, figures.actions_approximate) == (40, False)
    assert (figures.schools_count, figures.schools_wording, figures.schools_approximate) == (
        30,
        "Une trentaine d'établissements",
        True,
    )
    assert (figures.primary, figures.college, figures.lycee, figures.lycee_pro) == (False, True, True, True)
    assert figures.partners == "Les collectivités territoriales" and figures.dates_wording == "février 2016"
    assert AuditEntry.objects.filter(verb="syntheses.declared_figures.created", object_id=figures.pk).exists()
    assert AuditEntry.objects.filter(verb="syntheses.edition.created_by_import", object_id=edition.pk).exists()


def test_nc_and_empty_are_none_and_zero_stays_zero(reference):
    declared_figures_import(
        data=csv_bytes(
            "Reims;2015-2016;1;;;mars 2016;;N.C.;N.C.;;;;;non;oui;oui;oui;N.C.;",
            "Paris;2015-2016;1;;;mars 2016;;0;0;;0;;;;;;;;",
        )
    )
    reims, paris = figures_of("Reims"), figures_of("Paris")
    assert reims.actions_count is None and reims.schools_count is None
    assert reims.actions_wording == "N.C."
    assert paris.actions_count == 0 and paris.schools_count == 0
    # An empty level box is « N.C. », not « non ».
    assert (paris.primary, paris.college, paris.lycee, paris.lycee_pro) == (None, None, None, None)
    assert reims.primary is False


def test_unavailable_rows_hold_no_figure(reference):
    report = declared_figures_import(
        data=csv_bytes(
            "Strasbourg;2015-2016;;;;;non disponible;;;;;;;;;;;;",
            "Toulouse;2015-2016;;;;;Données non disponibles;12;;;;;;oui;;;;;",
        )
    )
    strasbourg = figures_of("Strasbourg")
    assert strasbourg.status == DataStatus.UNAVAILABLE and strasbourg.actions_count is None
    assert [(e.line, e.column) for e in report.errors] == [(3, "actions"), (3, "premier_degre")]
    assert "non disponibles" in report.errors[0].message
    assert not DeclaredFigures.objects.filter(edition__academy__name="Toulouse").exists()


def test_malformed_rows_are_reported_by_line_and_column_and_the_rest_is_imported(reference):
    data = csv_bytes(
        "Amiens;2015-2016;1;;;novembre 2015;;112;112;;62;62;;oui;oui;oui;oui;;",
        "Atlantide;2015-2016;1;;;;;3;;;;;;;;;;;",
        'Caen;2015-2016;1;;;mars 2016;;douze;;;30;;;non;oui;oui;oui;"Deux paragraphes\nsur deux lignes";',
        "Lille;2015-2016;1;2016-03-21;;mars 2016;;20;;;18;;;peut-être;oui;oui;oui;;",
        "Nice;2015-16;1;;;;;5;;;10;;;;;;;;",
        "Lyon;2015-2016;1;2016-04-04;2016-04-08;avril 2016;;31;;;14;;;oui;oui;oui;oui;;",
    )
    report = declared_figures_import(data=data)
    found = [(e.line, e.column) for e in report.errors]
    assert found == [
        (3, "academie"),
        (4, "actions"),
        (6, "fin_semaine"),
        (6, "premier_degre"),
        (7, "annee_scolaire"),
    ]
    messages = {(e.line, e.column): e.message for e in report.errors}
    assert messages[(3, "academie")] == "Académie inconnue\u00a0: «\u00a0Atlantide\u00a0»."
    assert "«\u00a0douze\u00a0» n'est pas un nombre entier" in messages[(4, "actions")]
    assert messages[(6, "premier_degre")] == "«\u00a0peut-être\u00a0»\u00a0: écrivez oui, non ou N.C."
    assert "2025-2026" in messages[(7, "annee_scolaire")]
    assert report.rejected_lines == [3, 4, 6, 7]
    assert sorted(DeclaredFigures.objects.values_list("edition__academy__name", flat=True)) == ["Amiens", "Lyon"]
    assert report.summary() == "6 lignes lues, 2 créées, 0 mise à jour, 0 inchangée, 4 rejetées. 2 éditions créées."
    # A rejected row leaves no edition behind.
    assert not Edition.objects.filter(academy__name__in=["Atlantide", "Caen", "Lille", "Nice"]).exists()


def test_reimport_updates_without_duplicating(reference):
    row = "Grenoble;2015-2016;2;;;avril 2016;;113;113;;93;93;;oui;oui;oui;oui;;"
    first = declared_figures_import(data=csv_bytes(row))
    again = declared_figures_import(data=csv_bytes(row))
    assert (first.created, again.created, again.updated, again.unchanged) == (1, 0, 0, 1)
    assert again.editions_created == 0
    changed = declared_figures_import(data=csv_bytes(row.replace(";113;113;", ";115;115;")))
    assert (changed.created, changed.updated) == (0, 1)
    assert DeclaredFigures.objects.count() == 1 and Edition.objects.count() == 1 and Campaign.objects.count() == 1
    assert figures_of("Grenoble").actions_count == 115
    assert AuditEntry.objects.filter(verb="syntheses.declared_figures.updated").count() == 1


def test_an_existing_edition_is_used_as_it_is(reference):
    campaign = CampaignFactory(school_year="2015-2016")
    edition = EditionFactory(campaign=campaign, academy=Academy.objects.get(name="Créteil"), ordinal=2)
    declared_figures_import(data=csv_bytes("Créteil;2015-2016;5;2016-01-04;2016-01-08;mars 2016;;26;;;;N.C.;;;;;;;"))
    edition.refresh_from_db()
    assert edition.ordinal == 2 and edition.week_start.month == 3
    assert edition.declared_figures.actions_count == 26


def test_without_dates_the_edition_gets_the_default_week(reference):
    declared_figures_import(data=csv_bytes("Limoges;2015-2016;1;;;durant l'année scolaire 2015-2016;;3;;;3;;;;;;;;"))
    edition = Edition.objects.get(academy__name="Limoges")
    assert (edition.week_start, edition.week_end) == default_week(edition.campaign)
    assert edition.week_start == datetime.date(2016, 3, 14) and edition.week_start.weekday() == 0


def test_row_level_checks(reference):
    report = declared_figures_import(
        data=csv_bytes(
            "Normandie;2015-2016;;;;;;1;;;;;;;;;;;",  # did not exist in 2015-2016
            "Dijon;2015-2016;1;2016-10-03;2016-10-07;;;1;;;;;;;;;;;",  # outside the school year
            "Nantes;2015-2016;zéro;;;;;1;;oui;;;;;;;;;",
            "Nantes;2015-2016;;;;;;;;oui;;;;;;;;;",  # approximate without a number
            "Rennes;2015-2016;;;;;;49;;;;;;;;;;;",
            "Rennes;2015-2016;;;;;;49;;;;;;;;;;;",
        )
    )
    found = {(e.line, e.column) for e in report.errors}
    assert found == {
        (2, "academie"),
        (3, "debut_semaine"),
        (3, "fin_semaine"),
        (4, "edition"),
        (5, "actions_approximatif"),
        (7, "academie"),
    }
    by_line = {e.line: e.message for e in report.errors if e.column == "academie"}
    assert "n'existe pas encore en 2015-2016" in by_line[2]
    assert "Ligne en double" in by_line[7] and "ligne 6" in by_line[7]
    assert report.created == 1


def test_comma_separated_file_with_codes_and_french_dates(reference):
    data = b"academie,annee_scolaire,debut_semaine,fin_semaine,actions,college\n24,2015-2016,14/03/2016,18/03/2016,26,oui\n"
    report = declared_figures_import(data=data)
    assert report.created == 1, report.errors
    figures = figures_of("Créteil")
    assert figures.actions_count == 26 and figures.college is True and figures.edition.week_start.day == 14


def test_a_file_that_is_not_utf8_is_refused_whole(reference):
    data = csv_bytes("Amiens;2015-2016;1;;;;;112;;;62;;;;;;;;", "Besançon;2015-2016;1;;;;;19;;;20;;;;;;;;")
    latin1 = data.decode("utf-8").encode("latin-1")
    with pytest.raises(DeclaredFiguresFormatError) as caught:
        declared_figures_import(data=latin1)
    assert (
        "UTF-8" in str(caught.value) and "ligne 3" in str(caught.value) and "rien n'a été importé" in str(caught.value)
    )
    assert not DeclaredFigures.objects.exists() and not Campaign.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "Le fichier est vide"),
        (b"academie;actions\nAmiens;3\n", "Colonne obligatoire absente de la ligne d'en-tête\u00a0: annee_scolaire"),
        (b"academie;annee_scolaire;actions;actions\n", "Colonne en double dans l'en-tête\u00a0: actions"),
    ],
)
def test_a_file_without_a_usable_header_is_refused(reference, data, expected):
    with pytest.raises(DeclaredFiguresFormatError, match=expected):
        declared_figures_import(data=data)


def test_unknown_columns_are_ignored_and_said(reference):
    report = declared_figures_import(data=b"academie;annee_scolaire;remarque\nAmiens;2015-2016;x\n")
    assert report.ignored_columns == ["remarque"] and report.created == 1


def test_the_command_prints_the_report_and_the_rejected_lines(reference, tmp_path):
    path = tmp_path / "chiffres.csv"
    path.write_bytes(csv_bytes("Amiens;2015-2016;1;;;;;112;;;62;;;;;;;;", "Amiens2;2015-2016;1;;;;;1;;;;;;;;;;;"))
    out, err = StringIO(), StringIO()
    call_command("import_declared_figures", str(path), stdout=out, stderr=err)
    assert "2 lignes lues, 1 créée" in out.getvalue()
    assert "Ligne 3, colonne academie\u00a0: Académie inconnue\u00a0: «\u00a0Amiens2\u00a0»." in err.getvalue()
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_declared_figures", str(tmp_path / "absent.csv"))
    path.write_bytes("academie;annee_scolaire\nBesançon;2015-2016\n".encode("cp1252"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_declared_figures", str(path))
