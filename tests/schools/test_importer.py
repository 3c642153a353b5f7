import datetime
import filecmp
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sps.schools import importer
from sps.schools.enums import PriorityEducation, SchoolKind, Sector
from sps.schools.importer import (
    DirectoryFormatError,
    ImportReport,
    RejectedLine,
    directory_import,
    parse_date,
    parse_number,
    school_kind,
)
from sps.schools.models import School
from sps.schools.uai import uai_check_letter
from sps.territories.models import Bassin, Circonscription, Department

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = REPO_ROOT / "tests" / "fixtures"
EXTRACTS = REPO_ROOT / "sps" / "schools" / "data" / "annuaire"  # shipped for the demo, shared with the tests
EXTRACT_35 = EXTRACTS / "annuaire-extrait-35-ille-et-vilaine.csv"
EXTRACT_94 = EXTRACTS / "annuaire-extrait-94-val-de-marne.csv"
BROKEN = FIXTURES / "annuaire-broken.csv"
NO_UAI = FIXTURES / "annuaire-sans-uai.csv"
COMMAS = FIXTURES / "annuaire-virgules.csv"  # comma-separated, decimal commas not quoted
DUPLICATES = FIXTURES / "annuaire-doublons.csv"
SPREADSHEET = FIXTURES / "annuaire.xlsx"
SHARED = REPO_ROOT.parent / "shared" / "data" / "annuaire"

HEADER = (
    "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_postal;"
    "Nom_commune;Code_departement;Ecole_maternelle;Ecole_elementaire;code_nature"
)

pytestmark = pytest.mark.django_db


def run(*paths: Path, **kwargs) -> ImportReport:
    return directory_import(files=[(path.name, path) for path in paths], **kwargs)


def uai(n: int) -> str:
    digits = f"{9400000 + n:07d}"
    return digits + uai_check_letter(digits)


def write_schools(path: Path, count: int) -> Path:
    lines = [HEADER] + [f"{uai(n)};École {n};Ecole;Public;94000;Créteil;094;1;1;151" for n in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- The real extracts --------------------------------------------------------------------


@pytest.mark.may_skip
@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/ is not beside the clone")
@pytest.mark.parametrize("path", [EXTRACT_35, EXTRACT_94])
def test_fixtures_are_the_shared_extracts(path):
    assert filecmp.cmp(path, SHARED / path.name, shallow=False)


def test_import_ille_et_vilaine_extract(reference):
    report = run(EXTRACT_35)

    # 996 lines; three UAIs are on two lines each (etablissement_multi_lignes).
    assert report.lines_read == 996
    assert (report.created, report.updated, report.unchanged, report.rejected) == (993, 0, 0, [])
    assert sorted(line.uai for line in report.duplicates) == ["0350778F", "0350852L", "0352072M"]
    assert {line.line_number for line in report.duplicates} == {940, 961, 974}
    assert School.objects.count() == 993
    assert dict(Counter(School.objects.values_list("kind", flat=True))) == {
        SchoolKind.PRIMARY: 454,
        SchoolKind.ELEMENTARY: 119,
        SchoolKind.NURSERY: 112,
        SchoolKind.COLLEGE: 116,
        SchoolKind.LYCEE_PRO: 43,
        SchoolKind.LYCEE_GT: 29,
        SchoolKind.LYCEE_POLY: 12,
        SchoolKind.EREA: 2,
        SchoolKind.CIO: 5,
        SchoolKind.MEDICO_SOCIAL: 39,
        SchoolKind.ADMINISTRATIVE: 42,
        SchoolKind.OTHER: 20,
    }

    school = School.objects.get(uai="0350122T")
    assert school.name == "Ecole primaire publique les Lucioles"
    assert school.kind == SchoolKind.PRIMARY
    assert (school.nature_code, school.nature_label) == ("151", "ECOLE DE NIVEAU ELEMENTAIRE")
    assert school.sector == Sector.PUBLIC
    assert school.pupils_count == 143
    assert (school.address, school.postal_code, school.commune_code, school.commune) == (
        "6 rue PHILIPPE",
        "35580",
        "35016",
        "Baulon",
    )
    assert school.department.code == "35"
    assert school.department.academy.name == "Rennes"
    assert school.latitude == pytest.approx(47.98614492070133)
    assert school.longitude == pytest.approx(-1.9294895003671315)
    assert school.email == "ecole.0350122T@ac-rennes.fr"
    assert school.phone == "0299853802"
    assert school.opened_on == datetime.date(1965, 10, 1)
    assert school.directory_updated_on == datetime.date(2023, 6, 8)
    assert school.is_open
    assert school.priority_education == PriorityEducation.NONE
    assert school.circonscription.name == "Circonscription d'inspection du 1er degré de Bruz"
    assert school.circonscription.code is None
    assert school.bassin is None
    assert school.search_key == School.build_search_key(
        uai="0350122T", name=school.name, commune="Baulon", postal_code="35580"
    )

    # The first line of a multi-line establishment is the one imported.
    assert School.objects.get(uai="0350852L").name == "Collège Saint-Paul (annexe du collège Saint-Joseph, Bruz)"
    assert School.objects.get(uai="0350778F").sector == Sector.PRIVATE
    # 20 circonscriptions named in the file (no codes in the older header), none duplicated.
    assert Circonscription.objects.filter(department__code="35").count() == 20
    assert School.objects.filter(priority_education=PriorityEducation.REP_PLUS).count() == 6
    assert School.objects.filter(website="http://www.lycee-jblt.fr").exists()


def test_import_val_de_marne_extract(reference):
    report = run(EXTRACT_94)

    assert (report.created, report.updated, report.unchanged, report.rejected_count) == (613, 0, 0, 0)
    assert report.lines_read == 613
    schools = School.objects.all()
    assert schools.count() == 613
    # The newer header has no pupils count: unknown, not zero.
    assert not schools.filter(pupils_count__isnull=False).exists()
    assert dict(Counter(schools.values_list("kind", flat=True))) == {
        SchoolKind.NURSERY: 306,
        SchoolKind.ELEMENTARY: 270,
        SchoolKind.PRIMARY: 37,
    }
    school = School.objects.get(uai="0940176F")
    assert (school.name, school.commune, school.department.code) == (
        "Ecole élémentaire Robert Doisneau",
        "Fresnes",
        "94",
    )
    assert school.department.academy.name == "Créteil"
    assert school.circonscription.code == "0940927X"
    assert school.circonscription.name == "Circonscription d'inspection du 1er degré de Fresnes"
    assert school.email == "ce.0940176F@ac-creteil.fr"
    assert school.directory_updated_on == datetime.date(2026, 5, 27)
    assert Circonscription.objects.filter(department__code="94").count() == 24

    # Bassins come from the columns, marked as the directory's.
    assert set(Bassin.objects.values_list("code", "name", "source", "department__code")) == {
        ("24942", "94 BASSIN 2-CENTRAL (DIST 3, 4, 5 ET 10)", Bassin.Source.DIRECTORY, "94"),
        ("24943", "94 BASSIN 3-OUEST (DIST. 6, 7, 8 ET 9)", Bassin.Source.DIRECTORY, "94"),
    }
    assert schools.filter(bassin__code="24942").count() == 2
    # "A FERMER": closing at the end of the year, still open.
    assert schools.filter(is_open=True).count() == 613


def test_both_extracts_at_once_report_in_french(reference):
    report = run(EXTRACT_35, EXTRACT_94)

    assert report.summary() == (
        "1 609 lignes lues\u00a0: 1 606 créées, 0 mise à jour, 0 inchangée, 0 rejetée, 3 lignes en double ignorées"
    )


# --- Idempotence --------------------------------------------------------------------------


def test_reimport_changes_nothing(reference):
    run(EXTRACT_35, EXTRACT_94)
    before = {school.uai: (school.pk, school.updated_at) for school in School.objects.all()}
    bassins, circonscriptions = Bassin.objects.count(), Circonscription.objects.count()

    with CaptureQueriesContext(connection) as queries:
        report = run(EXTRACT_35, EXTRACT_94)

    assert (report.created, report.updated, report.unchanged, report.rejected_count) == (0, 0, 1606, 0)
    assert report.summary().startswith("1 609 lignes lues\u00a0: 0 créée, 0 mise à jour, 1 606 inchangées, 0 rejetée")
    assert {school.uai: (school.pk, school.updated_at) for school in School.objects.all()} == before
    assert (Bassin.objects.count(), Circonscription.objects.count()) == (bassins, circonscriptions)
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert writes == []


def test_reimport_updates_changed_schools_by_uai(reference):
    run(EXTRACT_35)
    School.objects.filter(uai="0350122T").update(name="Ancien nom", pupils_count=1, is_open=False)
    old = School.objects.get(uai="0350122T")

    report = run(EXTRACT_35)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 992)
    school = School.objects.get(uai="0350122T")
    assert (school.pk, school.name, school.pupils_count, school.is_open) == (
        old.pk,
        "Ecole primaire publique les Lucioles",
        143,
        True,
    )
    assert school.updated_at > old.updated_at
    assert "lucioles" in school.search_key
    assert School.objects.count() == 993


# --- A broken file ------------------------------------------------------------------------


def test_broken_file_reports_each_bad_line_and_imports_the_others(reference):
    report = run(BROKEN)

    assert report.rejected == [
        RejectedLine(
            "annuaire-broken.csv",
            3,
            "0949002A",
            "La lettre de contrôle de l'UAI «\u00a00949002A\u00a0» est incorrecte (attendue\u00a0: Z).",
        ),
        RejectedLine(
            "annuaire-broken.csv",
            4,
            "0949003",
            "L'UAI «\u00a00949003\u00a0» doit compter 8 caractères (7 chiffres et une lettre), pas 7.",
        ),
        RejectedLine("annuaire-broken.csv", 5, "0949004B", "Le nom de l'établissement est vide."),
        # After a quoted address on two lines (7 and 8): physical line numbers.
        RejectedLine("annuaire-broken.csv", 9, "0949007E", "Département inconnu\u00a0: «\u00a0099\u00a0»."),
    ]
    assert (report.created, report.updated, report.unchanged, report.rejected_count) == (7, 0, 0, 4)
    assert report.summary() == "11 lignes lues\u00a0: 7 créées, 0 mise à jour, 0 inchangée, 4 rejetées"
    assert set(School.objects.values_list("uai", flat=True)) == {
        "0949001Y",
        "0949005C",
        "0949006D",
        "0949008F",
        "0949009G",
        "6209001P",
        "0949010H",
    }

    # Bad optional values do not reject the line: they are left empty, with a warning.
    assert [(w.line_number, w.reason) for w in report.warnings] == [
        (6, "Nombre d'élèves\u00a0: nombre d'élèves invraisemblable «\u00a02,17003E+13\u00a0» (ignoré)."),
        (12, "Date d'ouverture\u00a0: date illisible «\u00a031/02/2020\u00a0»."),
    ]
    spreadsheet = School.objects.get(uai="0949005C")
    assert spreadsheet.pupils_count is None
    assert spreadsheet.kind == SchoolKind.COLLEGE
    assert spreadsheet.priority_education == PriorityEducation.REP

    # DD/MM/YYYY dates, a département without leading zero, numbers with a decimal comma.
    tilleuls = School.objects.get(uai="0949001Y")
    assert tilleuls.opened_on == datetime.date(1975, 9, 1)
    assert tilleuls.directory_updated_on == datetime.date(2026, 5, 27)
    assert tilleuls.department.code == "94"
    assert tilleuls.pupils_count == 143
    assert (tilleuls.latitude, tilleuls.longitude) == (pytest.approx(48.7901), pytest.approx(2.4553))
    assert tilleuls.priority_education == PriorityEducation.REP_PLUS
    assert tilleuls.kind == SchoolKind.ELEMENTARY

    two_lines = School.objects.get(uai="0949006D")
    assert two_lines.address == "Bâtiment A 12 rue du Retour"
    assert two_lines.pupils_count == 1234
    assert (two_lines.kind, two_lines.sector) == (SchoolKind.LYCEE_POLY, Sector.PRIVATE)

    lower = School.objects.get(uai="0949008F")
    assert lower.kind == SchoolKind.PRIMARY
    assert lower.circonscription == tilleuls.circonscription  # found by its name in the département

    assert School.objects.get(uai="0949009G").is_open is False  # FERME
    assert School.objects.get(uai="0949010H").is_open is True  # A FERMER

    no_type = School.objects.get(uai="6209001P")
    assert (no_type.kind, no_type.sector, no_type.department.code) == (SchoolKind.OTHER, Sector.UNKNOWN, "2A")
    assert no_type.opened_on is None


def test_file_without_uai_column_is_a_format_error(reference):
    with pytest.raises(DirectoryFormatError) as excinfo:
        run(NO_UAI)
    message = str(excinfo.value)
    assert "annuaire-sans-uai.csv" in message
    assert "Identifiant_de_l_etablissement (UAI)" in message
    assert "Nom_etablissement" in message  # what was found, to help the user
    assert School.objects.count() == 0


def test_a_format_error_in_any_file_imports_nothing(reference):
    with pytest.raises(DirectoryFormatError):
        run(BROKEN, NO_UAI)
    assert School.objects.count() == 0


def test_comma_separated_file_with_decimal_commas_is_refused_naming_line_and_column(reference):
    # « 143,0 » counts as two values: the latitude would get 0, the longitude 48, the nature a date
    # and a bassin would be named after a school kind. The file is refused and nothing is written.
    bassins = Bassin.objects.count()
    with pytest.raises(DirectoryFormatError) as excinfo:
        run(COMMAS)
    message = str(excinfo.value)
    assert "annuaire-virgules.csv" in message
    assert "ligne 2, 20 valeurs pour 17 colonnes d'en-tête" in message
    assert "la colonne «\u00a0date_ouverture\u00a0» (13e colonne), qui reçoit «\u00a07901\u00a0»" in message
    assert "Rien n'a été importé" in message
    assert "séparateur de ce fichier est la virgule" in message
    assert School.objects.count() == 0
    assert Bassin.objects.count() == bassins


def test_a_misaligned_line_in_a_later_file_imports_no_file(reference, tmp_path):
    short = tmp_path / "courte.csv"
    short.write_text(
        HEADER + "\n" + f"{uai(1)};École 1;Ecole;Public;94000;Créteil;094;1;1;151\n" + f"{uai(2)};École 2\n"
    )
    with pytest.raises(DirectoryFormatError, match=r"ligne 3, 2 valeurs pour 10 colonnes") as excinfo:
        run(BROKEN, short)
    assert "colonne «\u00a0Type_etablissement\u00a0» (3e colonne)" in str(excinfo.value)
    assert "virgule" not in str(excinfo.value)
    assert School.objects.count() == 0


def test_duplicate_uais_are_reported_with_the_line_kept(reference):
    report = run(DUPLICATES)

    assert report.created == 2
    assert [(d.line_number, d.uai, d.reason) for d in report.duplicates] == [
        (
            4,
            "0949001Y",
            "UAI déjà lue ligne 2 (établissement sur plusieurs lignes)\u00a0: la ligne 2 est gardée, la ligne 4 est ignorée.",
        ),
        (
            5,
            "0949005C",
            "UAI déjà lue ligne 3 (établissement sur plusieurs lignes)\u00a0: la ligne 3 est gardée, la ligne 5 est ignorée.",
        ),
        (
            6,
            "0949005C",
            "UAI déjà lue ligne 3 (établissement sur plusieurs lignes)\u00a0: la ligne 3 est gardée, la ligne 6 est ignorée.",
        ),
    ]
    assert School.objects.get(uai="0949005C").name == "Ecole elementaire Pasteur"


def test_command_lists_duplicate_lines(reference):
    out = io.StringIO()
    call_command("import_annuaire", str(DUPLICATES), stdout=out)
    text = out.getvalue()
    assert "Lignes en double ignorées (établissements sur plusieurs lignes)\u00a0: 3" in text
    assert "annuaire-doublons.csv:4 0949001Y — UAI déjà lue ligne 2" in text


@pytest.mark.parametrize(
    "content",
    [
        SPREADSHEET.read_bytes(),
        b"%PDF-1.7\n\x00\x01\x02\x03 binary",
        bytes(range(256)) * 4,
    ],
    ids=["xlsx", "pdf", "bytes"],
)
def test_binary_file_is_refused_without_echoing_its_bytes(reference, content):
    with pytest.raises(DirectoryFormatError) as excinfo:
        directory_import(files=[("export.xlsx", io.BytesIO(content))])
    message = str(excinfo.value)
    assert "n'est pas un fichier texte CSV" in message
    assert all(char.isprintable() or char == "\u00a0" for char in message)
    assert "PK" not in message and "Content_Types" not in message
    assert School.objects.count() == 0


def test_empty_file_is_a_format_error(reference, tmp_path):
    empty = tmp_path / "vide.csv"
    empty.write_bytes(b"")
    with pytest.raises(DirectoryFormatError, match="vide"):
        run(empty)


def test_cp1252_file(reference, tmp_path):
    path = tmp_path / "windows.csv"
    path.write_bytes(
        (HEADER + "\r\n" + f"{uai(1)};École de l’Étang;Ecole;Privé;94000;Créteil;094;1;0;101\r\n").encode("cp1252")
    )

    report = run(path)

    assert report.created == 1
    school = School.objects.get(uai=uai(1))
    assert (school.name, school.commune, school.sector, school.kind) == (
        "École de l’Étang",
        "Créteil",
        Sector.PRIVATE,
        SchoolKind.NURSERY,
    )


def test_file_objects_and_header_variants(reference):
    content = (
        "\ufeffidentifiant de l'établissement,NOM ETABLISSEMENT,Type établissement,Code postal,code département\n"
        f"{uai(2)},Collège Pasteur,Collège,94000,94\n"
    ).encode()

    report = directory_import(files=[("envoi.csv", io.BytesIO(content))])

    assert report.created == 1
    school = School.objects.get(uai=uai(2))
    assert (school.name, school.kind, school.postal_code) == ("Collège Pasteur", SchoolKind.COLLEGE, "94000")


def test_uploaded_file(reference):
    upload = SimpleUploadedFile("annuaire.csv", BROKEN.read_bytes(), content_type="text/csv")

    report = directory_import(files=[(upload.name, upload)])

    assert (report.created, report.rejected_count) == (7, 4)
    assert report.rejected[0].file_name == "annuaire.csv"


# --- Bassins ------------------------------------------------------------------------------


def test_manual_bassin_is_kept_on_reimport(reference):
    run(BROKEN)
    school = School.objects.get(uai="0949001Y")
    assert school.bassin.code == "24942"
    assert School.objects.get(uai="0949010H").bassin.code == "24943"
    assert Bassin.objects.count() == 2
    manual = Bassin.objects.create(department=school.department, name="District pilote")
    School.objects.filter(pk=school.pk).update(bassin=manual, bassin_set_manually=True)
    # A school whose bassin was not set by hand follows the directory.
    School.objects.filter(uai="0949005C").update(bassin=manual)

    report = run(BROKEN)

    assert School.objects.get(uai="0949001Y").bassin == manual
    assert School.objects.get(uai="0949005C").bassin.code == "24942"
    assert (report.created, report.updated, report.unchanged) == (0, 1, 6)


def test_bassin_known_by_name_gets_the_directory_code(reference):
    department = Department.objects.get(code="94")
    existing = Bassin.objects.create(department=department, name="94 bassin 2-central (dist 3, 4, 5 et 10)")

    run(BROKEN)

    existing.refresh_from_db()
    assert existing.code == "24942"
    assert School.objects.get(uai="0949001Y").bassin == existing


def test_file_without_bassin_columns_keeps_the_bassin(reference):
    run(BROKEN)
    bassin = School.objects.get(uai="0949001Y").bassin
    path = FIXTURES / "annuaire-broken.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    keep = [i for i, name in enumerate(header) if "bassin" not in name]
    first = lines[1].split(";")
    stripped = ";".join(header[i] for i in keep) + "\n" + ";".join(first[i] for i in keep) + "\n"

    report = directory_import(files=[("sans-bassin.csv", io.BytesIO(stripped.encode()))])

    assert report.unchanged == 1
    assert School.objects.get(uai="0949001Y").bassin == bassin


# --- Transactions and progress ------------------------------------------------------------


def test_progress_is_reported_every_thousand_lines(reference, tmp_path):
    path = write_schools(tmp_path / "grand.csv", 2500)
    calls = []

    report = run(path, progress=lambda rows_done, file_name: calls.append((rows_done, file_name)))

    assert report.created == 2500
    assert calls == [(1000, "grand.csv"), (2000, "grand.csv"), (2500, "grand.csv")]


def test_a_crash_mid_file_writes_nothing_of_that_file(reference, tmp_path, monkeypatch):
    path = write_schools(tmp_path / "grand.csv", 2500)
    original = importer._FileImport.write_batch
    calls = []

    def write_then_crash(self, batch):
        calls.append(len(batch))
        if len(calls) == 2:
            raise RuntimeError("panne")
        return original(self, batch)

    monkeypatch.setattr(importer._FileImport, "write_batch", write_then_crash)
    with pytest.raises(RuntimeError):
        run(path)

    assert calls == [1000, 1000]
    assert School.objects.count() == 0


def test_many_schools_need_few_queries(reference, tmp_path):
    path = write_schools(tmp_path / "grand.csv", 2500)
    with CaptureQueriesContext(connection) as queries:
        run(path)
    assert School.objects.count() == 2500
    # Not one query per line: a select and a few inserts per batch of 1 000.
    assert len(queries.captured_queries) < 300


# --- Parsing helpers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [("143", 143), ("143,0", 143), ("1 234", 1234), ("1\u00a0234", 1234), ("48,11", 48.11), ("", None)],
)
def test_parse_number(raw, value):
    assert parse_number(raw) == value


def test_parse_number_mangled_exponent():
    assert parse_number("2,17003E+13") == 2.17003e13


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("2023-06-08", datetime.date(2023, 6, 8)),
        ("08/06/2023", datetime.date(2023, 6, 8)),
        ("8/6/2023", datetime.date(2023, 6, 8)),
        ("2023-06-08T00:00:00", datetime.date(2023, 6, 8)),
        ("", None),
    ],
)
def test_parse_date(raw, value):
    assert parse_date(raw) == value


@pytest.mark.parametrize(
    ("nature_code", "school_type", "nursery", "elementary", "kind"),
    [
        ("101", "Ecole", True, False, SchoolKind.NURSERY),
        ("151", "Ecole", True, True, SchoolKind.PRIMARY),
        ("151", "Ecole", False, True, SchoolKind.ELEMENTARY),
        ("162", "Ecole", True, False, SchoolKind.NURSERY),
        ("340", "Collège", False, False, SchoolKind.COLLEGE),
        ("352", "Collège", False, False, SchoolKind.COLLEGE),
        ("300", "Lycée", False, False, SchoolKind.LYCEE_GT),
        ("335", "Lycée", False, False, SchoolKind.LYCEE_GT),
        ("320", "Lycée", False, False, SchoolKind.LYCEE_PRO),
        ("334", "Lycée", False, False, SchoolKind.LYCEE_PRO),
        ("306", "Lycée", False, False, SchoolKind.LYCEE_POLY),
        ("370", "EREA", False, False, SchoolKind.EREA),
        ("841", "Information et orientation", False, False, SchoolKind.CIO),
        ("", "Information et orientation", False, False, SchoolKind.CIO),
        ("245", "Médico-social", False, False, SchoolKind.MEDICO_SOCIAL),
        ("", "Médico-social", False, False, SchoolKind.MEDICO_SOCIAL),
        ("809", "Service Administratif", False, False, SchoolKind.ADMINISTRATIVE),
        ("", "Service Administratif", False, False, SchoolKind.ADMINISTRATIVE),
        ("", "Ecole", True, True, SchoolKind.PRIMARY),
        ("", "Collège", False, False, SchoolKind.COLLEGE),
        ("380", "Autre", False, False, SchoolKind.OTHER),
        ("400", "", False, False, SchoolKind.OTHER),
        ("", "", False, False, SchoolKind.OTHER),
    ],
)
def test_school_kind(nature_code, school_type, nursery, elementary, kind):
    assert school_kind(nature_code=nature_code, school_type=school_type, nursery=nursery, elementary=elementary) == kind


def test_lycee_without_nature_code_is_told_by_its_voies():
    assert school_kind(nature_code="", school_type="Lycée", vocational=True) == SchoolKind.LYCEE_PRO
    assert school_kind(nature_code="", school_type="Lycée", general=True) == SchoolKind.LYCEE_GT
    assert school_kind(nature_code="", school_type="Lycée", general=True, vocational=True) == SchoolKind.LYCEE_POLY


# --- The management command ---------------------------------------------------------------


def test_command_prints_counts_and_rejected_lines(reference):
    out, err = io.StringIO(), io.StringIO()

    call_command("import_annuaire", str(BROKEN), stdout=out, stderr=err)

    output = out.getvalue()
    assert "11 lignes lues\u00a0: 7 créées, 0 mise à jour, 0 inchangée, 4 rejetées" in output
    assert "Créés\u00a0: 7\nMis à jour\u00a0: 0\nInchangés\u00a0: 0\nRejetés\u00a0: 4" in output
    assert (
        "annuaire-broken.csv:3 0949002A — La lettre de contrôle de l'UAI «\u00a00949002A\u00a0» est incorrecte (attendue\u00a0: Z)."
    ) in output
    assert "annuaire-broken.csv:9 0949007E — Département inconnu\u00a0: «\u00a0099\u00a0»." in output
    assert "Valeurs illisibles ignorées (ligne importée sans elles)\u00a0: 2" in output
    assert "autres" not in output


def test_command_caps_the_listed_lines_and_shows_progress(reference, tmp_path):
    path = write_schools(tmp_path / "grand.csv", 5200)
    with open(path, "a", encoding="utf-8") as f:
        for n in range(60):
            f.write(f"{uai(10_000 + n)[:7]}A;École {n};Ecole;Public;94000;Créteil;094;1;1;151\n")
    out, err = io.StringIO(), io.StringIO()

    call_command("import_annuaire", str(path), stdout=out, stderr=err)

    assert "grand.csv\u00a0: 5 000 lignes lues…" in err.getvalue()
    output = out.getvalue()
    bad = [n for n in range(60) if uai(10_000 + n)[7] != "A"]
    assert f"Rejetés\u00a0: {len(bad)}" in output
    assert output.count("grand.csv:") == 50
    assert f"… et {len(bad) - 50} autres" in output


def test_command_format_error_exits_non_zero(reference):
    with pytest.raises(CommandError, match="Identifiant_de_l_etablissement"):
        call_command("import_annuaire", str(NO_UAI), stdout=io.StringIO(), stderr=io.StringIO())


def test_command_missing_file(reference, tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_annuaire", str(tmp_path / "absent.csv"), stdout=io.StringIO())
