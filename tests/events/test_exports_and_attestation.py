"""The registrations' export read back equals the registrations; the attestation de présence."""

import csv
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from sps.events.documents import attestation_html, attestation_pdf
from sps.events.exports import BASE_COLUMNS, registrations_table, table_csv, table_xlsx
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = EventFactory(title="Séminaire « persévérance »")
    question = QuestionFactory(event=event)
    school = SchoolFactory(name="Collège Marc Bloch")
    RegistrationFactory(
        event=event,
        name="Anne Durand",
        role="staff",
        school=school,
        attended=True,
        answers={question.key: "Climat scolaire"},
    )
    RegistrationFactory(event=event, name='=HYPERLINK("x")', email="b@example.fr", status="waiting")
    RegistrationFactory(event=event, name="Paul Roy", status="cancelled")
    return event


def _expected(event):
    question = event.questions.get()
    return [
        [
            r.name,
            r.email,
            r.get_role_display(),
            r.school.uai if r.school else "",
            r.get_status_display(),
            "Oui" if r.attended else "Non",
            r.answers.get(question.key, ""),
        ]
        for r in event.registrations.order_by("created_at", "pk")
    ]


def _pick(row):
    # name, e-mail, public, UAI, state, present, the question's answer
    return [row[1], row[2], row[3], row[4], row[6], row[7], row[9]]


def test_csv_read_back_equals_the_registrations(event):
    headers, rows = registrations_table(event)
    content = table_csv(headers, rows).decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert read[0] == BASE_COLUMNS + ["Atelier choisi"]
    picked = [_pick(row) for row in read[1:]]
    expected = _expected(event)
    expected[1][0] = "'" + expected[1][0]  # a formula is neutralised
    assert picked == expected


def test_xlsx_read_back_equals_the_registrations(event):
    headers, rows = registrations_table(event)
    sheet = load_workbook(io.BytesIO(table_xlsx(headers, rows, title="Inscriptions"))).active
    read = [[("" if v is None else v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert read[0] == BASE_COLUMNS + ["Atelier choisi"]
    expected = _expected(event)
    expected[1][0] = "'" + expected[1][0]
    assert [_pick(row) for row in read[1:]] == expected


def test_attestation_names_the_person_the_event_and_its_duration(event):
    registration = event.registrations.get(name="Anne Durand")
    html = attestation_html(registration)
    assert "Anne Durand" in html and "Collège Marc Bloch" in html and "3 h" in html
    assert "Séminaire « persévérance »" in html.replace("&laquo;", "«").replace("&raquo;", "»")
    pdf = attestation_pdf(registration)
    assert pdf.startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert "Attestation de présence" in text and "Anne Durand" in text
