"""The registrations of an event as CSV or XLSX (the organisers' attendance list).

Built by a background task (sps.files, kind EXPORT_KIND, params {"event": pk, "format": "csv"|"xlsx"});
the builder loads the event again through `Event.objects.managed_by(requester)`, so an export is
never built for someone who is no longer an organiser. Cells are neutralised as in the actions'
exports (sps/actions/exports.py): a text that a spreadsheet would run as a formula starts with a quote.
"""

import csv
import datetime
import io

from django.utils import timezone
from django.utils.text import slugify

from sps.actions.exports import FORMATS, neutralise
from sps.events.models import Event
from sps.files.registry import Built, FileBuildError, register

EXPORT_KIND = "events.registrations"
BASE_COLUMNS = [
    "N°",
    "Nom et prénom",
    "Adresse électronique",
    "Public",
    "UAI",
    "Établissement",
    "État",
    "Présent",
    "Inscrit le",
]


def registrations_table(event) -> tuple[list[str], list[list]]:
    """Headers and rows: every registration (cancelled ones included, their state says so) with the
    answers to the event's questions, in registration order."""
    questions = list(event.questions.all())
    headers = BASE_COLUMNS + [q.label for q in questions]
    rows = []
    for r in event.registrations.select_related("school").order_by("created_at", "pk"):
        row = [
            r.pk,
            r.name,
            r.email,
            r.get_role_display(),
            r.school.uai if r.school else "",
            r.school.name if r.school else "",
            r.get_status_display(),
            "Oui" if r.attended else "Non",
            timezone.localtime(r.created_at).replace(tzinfo=None, microsecond=0),
        ]
        row += [r.answers.get(q.key, "") for q in questions]
        rows.append([neutralise(value) for value in row])
    return headers, rows


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value


def table_csv(headers, rows) -> bytes:
    """UTF-8 with a BOM and `;`, as Excel (in French) opens it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_xlsx(headers, rows, *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
            elif isinstance(cell.value, datetime.datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(event, extension: str) -> str:
    return f"inscriptions-{slugify(event.title)[:60] or event.pk}.{extension}"


@register(EXPORT_KIND)
def build_registrations_export(file, progress) -> Built:
    event = Event.objects.managed_by(file.requested_by).filter(pk=file.params.get("event")).first()
    if event is None:
        raise FileBuildError("Cet événement n'existe plus ou vous n'en êtes plus organisateur : rien n'a été exporté.")
    extension, content_type = FORMATS[file.params.get("format", "xlsx")]
    headers, rows = registrations_table(event)
    progress(50)
    content = table_csv(headers, rows) if extension == "csv" else table_xlsx(headers, rows, title="Inscriptions")
    return Built(filename=export_filename(event, extension), content_type=content_type, content=content)
