"""Open data exports: read back, they equal the catalogue for a filter; formulas neutralised; no
personal data; large exports through the generated-files task."""

import csv
import datetime
import io
import json

import pytest
from openpyxl import load_workbook

from sps.actions.enums import Level, Public
from sps.catalogue import exports
from sps.catalogue.query import CatalogueQuery
from sps.files.models import GeneratedFile
from sps.schools.enums import SchoolKind
from tests.api.helpers import published
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def catalogue():
    college = SchoolFactory(kind=SchoolKind.COLLEGE, commune="Créteil")
    lp = SchoolFactory(kind=SchoolKind.LYCEE_PRO, commune="Vitry-sur-Seine")
    return [
        published(schools=[college], title="Théâtre des parents", publics=[Public.PARENTS], levels=[Level.SIXIEME]),
        published(schools=[lp], title="Forum des métiers", levels=[Level.LYCEE_PRO], is_flagship=True),
        published(schools=[college, lp], title='=HYPERLINK("http://x")', description="@SUM(A1)"),
        published(schools=[lp], title="-2+3", levels=[Level.SECONDE]),
    ]


def _expected(params):
    return [exports.record(e) for e in exports.entries_with_relations(CatalogueQuery.from_params(params).entries())]


def _csv_text(value):
    """What the CSV holds for a record's value (exports.cell)."""
    return exports.cell(value)


def _download(client, fmt, params):
    response = client.get(f"/donnees/export/{fmt}/", params)
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


@pytest.mark.parametrize("params", [{}, {"niveau": "college"}, {"type": "lycee_pro"}, {"phare": "1"}, {"q": "theatre"}])
@pytest.mark.parametrize("fmt", ["csv", "csv-tableur"])
def test_csv_reads_back_equal_to_the_catalogue(client, catalogue, params, fmt):
    response, body = _download(client, fmt, params)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="programme-')
    text = body.decode("utf-8")
    assert text.startswith("\ufeff") == (fmt == "csv-tableur")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";" if fmt == "csv-tableur" else ","))
    assert tuple(rows[0]) == exports.COLUMN_NAMES
    expected = _expected(params)
    assert rows[1:] == [[_csv_text(r[name]) for name in exports.COLUMN_NAMES] for r in expected]
    assert len(rows) - 1 == len(expected) >= 1


@pytest.mark.parametrize("params", [{}, {"niveau": "lycee"}, {"public": "parents"}])
def test_xlsx_reads_back_equal_to_the_catalogue_with_types(client, catalogue, params):
    response, body = _download(client, "xlsx", params)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == exports.COLUMN_NAMES
    expected = _expected(params)
    assert len(rows) - 1 == len(expected) >= 1
    for row, record in zip(rows[1:], expected, strict=True):
        values = dict(zip(exports.COLUMN_NAMES, row, strict=True))
        assert values["id"] == record["id"] and isinstance(values["id"], int)
        assert values["title"] == exports.neutralise(record["title"])
        assert values["is_flagship"] is record["is_flagship"]
        # Dates are dates (openpyxl reads them back as datetimes at midnight).
        assert values["first_date"] == datetime.datetime.combine(record["first_date"], datetime.time())
        assert values["published_at"] == record["published_at"].replace(tzinfo=None, microsecond=0)
        assert values["school_uais"] == " | ".join(record["school_uais"])


def test_formula_cells_are_neutralised(client, catalogue):
    _, body = _download(client, "csv", {})
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    titles = {r["title"] for r in rows}
    assert '\'=HYPERLINK("http://x")' in titles and "'-2+3" in titles
    assert "'@SUM(A1)" in {r["summary"] for r in rows}
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())
    _, body = _download(client, "xlsx", {})
    sheet = load_workbook(io.BytesIO(body)).active
    for row in sheet.iter_rows(min_row=2):
        for c in row:
            assert c.data_type != "f"
            if isinstance(c.value, str):
                assert not c.value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_json_export(client, catalogue):
    response, body = _download(client, "json", {"niveau": "college"})
    assert response["Content-Type"] == "application/json"
    data = json.loads(body)
    assert data["filters"] == {"niveau": "college"} and data["count"] == len(data["items"])
    assert data["licence"].startswith("Licence Ouverte")
    assert [i["id"] for i in data["items"]] == [r["id"] for r in _expected({"niveau": "college"})]
    # JSON keeps the raw text (it is not a spreadsheet) and real lists.
    assert isinstance(data["items"][0]["school_uais"], list)


def test_no_personal_data_in_any_export(client, catalogue):
    for fmt in exports.FORMATS:
        _, body = _download(client, fmt, {})
        if fmt == "xlsx":
            sheet = load_workbook(io.BytesIO(body)).active
            body = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row).encode()
        text = body.decode("utf-8")
        assert "Claire" not in text and "claire.dumas" not in text and "Principale" not in text, fmt


def test_large_exports_go_through_the_task_and_are_shared(
    client, catalogue, settings, django_capture_on_commit_callbacks
):
    settings.OPEN_DATA_DIRECT_MAX = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/donnees/export/csv/")
    file = GeneratedFile.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/donnees/fichiers/{file.pk}/"
    assert file.requested_by is None and file.status == "ready" and file.kind == exports.EXPORT_KIND
    page = client.get(response["Location"])
    assert page.status_code == 200 and f"/donnees/fichiers/{file.pk}/telecharger/" in page.content.decode()
    download = client.get(f"/donnees/fichiers/{file.pk}/telecharger/")
    assert download.status_code == 200 and "public" in download["Cache-Control"]
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == 1 + len(catalogue)
    # Asked again, the catalogue unchanged: the same file.
    assert client.get("/donnees/export/csv/")["Location"] == f"/donnees/fichiers/{file.pk}/"
    # The catalogue changes: a new file.
    published()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get("/donnees/export/csv/")["Location"] != f"/donnees/fichiers/{file.pk}/"
    assert GeneratedFile.objects.count() == 2


def test_a_private_generated_file_is_not_public(client):
    from tests.accounts.factories import UserFactory

    file = GeneratedFile.objects.create(requested_by=UserFactory(), kind=exports.EXPORT_KIND, key="k", label="x")
    assert client.get(f"/donnees/fichiers/{file.pk}/").status_code == 404
    other = GeneratedFile.objects.create(kind="actions.export", key="k", label="x")
    assert client.get(f"/donnees/fichiers/{other.pk}/").status_code == 404


def test_unknown_format_is_a_404(client):
    assert client.get("/donnees/export/pdf/").status_code == 404


def test_downloads_are_rate_limited(client, catalogue, settings):
    settings.OPEN_DATA_RATE_LIMIT = {"REQUESTS": 2, "WINDOW_SECONDS": 60}
    for _ in range(2):
        _download(client, "csv", {})
    response = client.get("/donnees/export/csv/")
    assert response.status_code == 429
    assert response.content.decode().startswith("Trop de requêtes")


@pytest.mark.parametrize("fmt", ["csv", "csv-tableur", "xlsx"])
def test_each_of_the_four_formula_characters_is_neutralised(client, fmt):
    titles = ["=1+1", "+33 1 23 45 67 89", "-moins", "@cellule"]
    for title in titles:
        published(schools=[SchoolFactory()], title=title)
    _, body = _download(client, fmt, {})
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(body)).active
        header = [c.value for c in sheet[1]]
        exported = {row[header.index("title")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    else:
        text = body.decode().lstrip("\ufeff")
        rows = csv.DictReader(io.StringIO(text), delimiter=";" if fmt == "csv-tableur" else ",")
        exported = {r["title"] for r in rows}
    assert exported == {f"'{title}" for title in titles}
