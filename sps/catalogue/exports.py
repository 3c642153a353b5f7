"""The published catalogue as open data: one record per entry, with stable English snake_case
names, written as CSV (comma, UTF-8), CSV for spreadsheets (semicolon, UTF-8 with a BOM), JSON and
XLSX. The API's action records are the same records (`records`), so a field means the same in
every output.

Only what the public programme shows: no contact name, e-mail or role, no internal note, no
moderation comment. Records are read from the catalogue tables (sps.catalogue.models), never from
the fiches, through `CatalogueQuery` so that an export's filters mean what the catalogue's do.

Small exports are written in the request (streamed); above `settings.OPEN_DATA_DIRECT_MAX` rows
they are built by the generated-files task (kind `EXPORT_KIND`, requested by nobody: the data is
public and the same file serves every visitor until the catalogue changes).
"""

import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max, Prefetch
from django.utils import timezone

from sps.actions.exports import neutralise
from sps.catalogue.enums import LEVEL_GROUP_BITS, PUBLIC_BITS, SCHOOL_KIND_BITS
from sps.catalogue.models import CatalogueEntry, CatalogueRemoval, CatalogueSchool, CatalogueTheme
from sps.catalogue.query import CatalogueQuery
from sps.files.registry import Built, register

EXPORT_KIND = "catalogue.export"
BATCH_SIZE = 1000
LIST_SEPARATOR = " | "
# The fiche page of an entry, under SITE_URL (sps/www/public/urls.py).
FICHE_PATH = "/programme/actions/{id}/"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # integer, string, boolean, date, datetime, list[string], list[date]
    description: str
    example: str
    nullable: bool = False


COLUMNS = (
    Column("id", "integer", "Identifiant de l'action, stable d'une année sur l'autre.", "1234"),
    Column("url", "string", "Adresse de la fiche publique de l'action.", "https://…/programme/actions/1234/"),
    Column("title", "string", "Titre de l'action.", "Café des parents"),
    Column("summary", "string", "Présentation de l'action au public (un paragraphe).", "Les parents…"),
    Column("school_year", "string", "Année scolaire de la campagne.", "2026-2027"),
    Column("edition_id", "integer", "Identifiant de l'édition académique.", "12"),
    Column("academy", "string", "Académie (identifiant court, paramètre « academie »).", "creteil"),
    Column("academy_name", "string", "Nom de l'académie.", "Créteil"),
    Column("department", "string", "Code du département porteur (paramètre « departement »).", "94", nullable=True),
    Column("department_name", "string", "Nom du département porteur.", "Val-de-Marne", nullable=True),
    Column("bassin_id", "integer", "Identifiant du bassin porteur (paramètre « bassin »).", "57", nullable=True),
    Column("bassin_name", "string", "Nom du bassin porteur.", "Bassin 3 – Ouest", nullable=True),
    Column("carrier", "string", "Qui porte l'action (établissement(s), bassin, département).", "Collège Jean Moulin"),
    Column("communes", "string", "Communes des établissements porteurs.", "Créteil, Vitry-sur-Seine"),
    Column("school_uais", "list[string]", "UAI des établissements porteurs.", "0941234A"),
    Column("school_kinds", "list[string]", "Types d'établissements porteurs (codes « type »).", "college"),
    Column("levels", "list[string]", "Niveaux concernés (codes « niveau »).", "college | lycee"),
    Column("publics", "list[string]", "Publics concernés (codes « public »).", "eleves | parents"),
    Column("themes", "list[string]", "Thèmes de l'édition retenus par l'action.", "Oser l'avenir"),
    Column("category", "string", "Catégorie de la fiche modèle d'origine (code « categorie »).", "orientation"),
    Column("is_flagship", "boolean", "Action phare désignée par l'académie.", "false"),
    Column("first_date", "date", "Date du premier temps fort (AAAA-MM-JJ).", "2027-01-18", nullable=True),
    Column("last_date", "date", "Date du dernier temps fort.", "2027-01-22", nullable=True),
    Column("days", "list[date]", "Jours des temps forts publics.", "2027-01-18 | 2027-01-19"),
    Column("published_at", "datetime", "Date et heure de publication (ISO 8601, heure de Paris).", ""),
    Column("updated_at", "datetime", "Dernière modification dans le programme (ISO 8601).", ""),
    Column(
        "kind",
        "string",
        "Nature : « action » (fiche action, `id` d'action) ou « event » (événement de la Semaine, `id` "
        "d'événement ; un événement partagé par plusieurs académies figure une fois par académie filtrée, "
        "une seule fois sans filtre d'académie).",
        "action",
    ),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
# What the column schema shows as the example of the two datetimes (same form as the data).
COLUMN_EXAMPLE_DATETIME = "2026-12-01T09:30:00+01:00"

# name -> (extension, content type, label)
FORMATS = {
    "csv": ("csv", "text/csv; charset=utf-8", "CSV (virgule, UTF-8)"),
    "csv-tableur": ("csv", "text/csv; charset=utf-8", "CSV pour tableur (point-virgule, UTF-8 avec BOM)"),
    "json": ("json", "application/json", "JSON"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel (XLSX)"),
}


def _bits_of(mask: int, bits: dict) -> list[str]:
    return [value for value, bit in bits.items() if mask & bit]


def entries_with_relations(queryset):
    """Everything a record reads, in a fixed number of queries whatever the number of entries."""
    return queryset.select_related("campaign", "academy", "department", "bassin").prefetch_related(
        Prefetch("school_links", queryset=CatalogueSchool.objects.select_related("school").order_by("school__uai")),
        Prefetch("theme_links", queryset=CatalogueTheme.objects.select_related("theme").order_by("theme__order")),
        "days",
        "text",
    )


def record(entry, *, site_url: str = "") -> dict:
    """One entry as open data (typed values: dates, datetimes, booleans, lists)."""
    path = entry.get_absolute_url() if entry.is_event else FICHE_PATH.format(id=entry.action_id)
    return {
        "id": entry.object_id,
        "url": (site_url or settings.SITE_URL).rstrip("/") + path,
        "title": entry.title,
        "summary": entry.summary,
        "school_year": entry.campaign.school_year,
        "edition_id": entry.edition_id,
        "academy": entry.academy.slug,
        "academy_name": entry.academy.name,
        "department": entry.department.code if entry.department_id else None,
        "department_name": entry.department.name if entry.department_id else None,
        "bassin_id": entry.bassin_id,
        "bassin_name": entry.bassin.display_name if entry.bassin_id else None,
        "carrier": entry.carrier_label,
        "communes": entry.communes,
        "school_uais": [link.school.uai for link in entry.school_links.all()],
        "school_kinds": _bits_of(entry.school_kind_mask, SCHOOL_KIND_BITS),
        "levels": _bits_of(entry.level_mask, LEVEL_GROUP_BITS),
        "publics": _bits_of(entry.public_mask, PUBLIC_BITS),
        "themes": [link.theme.title for link in entry.theme_links.all()],
        "category": entry.category,
        "is_flagship": entry.is_flagship,
        "first_date": entry.first_date,
        "last_date": entry.last_date,
        "days": sorted(day.date for day in entry.days.all()),
        "published_at": timezone.localtime(entry.published_at),
        "updated_at": timezone.localtime(entry.updated_at),
        "kind": entry.kind,
    }


def records(entries: Iterable) -> list[dict]:
    """Records of already-loaded entries (see `entries_with_relations`)."""
    return [record(entry) for entry in entries]


def iter_records(query: CatalogueQuery, *, batch_size: int = BATCH_SIZE) -> Iterator[dict]:
    """Every record matching `query`, in the catalogue's order, read in batches (constant memory
    per batch: the ids first, then each batch with its relations)."""
    ids = list(query.entries().values_list("pk", flat=True))
    iterator = iter(ids)
    while batch := list(islice(iterator, batch_size)):
        by_id = {e.pk: e for e in entries_with_relations(CatalogueEntry.objects.filter(pk__in=batch))}
        for pk in batch:
            if pk in by_id:  # an entry removed since the ids were read is skipped
                yield record(by_id[pk])


# --- Writers ---------------------------------------------------------------------------------------


def cell(value, *, for_spreadsheet: bool = True):
    """A record's value as one CSV cell: lists joined with « | », dates in ISO 8601, booleans as
    true/false; a text a spreadsheet would run as a formula neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(cell(v, for_spreadsheet=False) for v in value)
    elif isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    elif not isinstance(value, str):
        return str(value)
    return neutralise(value) if for_spreadsheet else value


class _Echo:
    def write(self, value):
        return value


def csv_chunks(rows: Iterable[dict], *, spreadsheet: bool = False) -> Iterator[str]:
    """CSV text, line by line: comma and no BOM (open data), or semicolon with a BOM (spreadsheets)."""
    writer = csv.writer(_Echo(), delimiter=";" if spreadsheet else ",", lineterminator="\r\n")
    yield ("\ufeff" if spreadsheet else "") + writer.writerow(COLUMN_NAMES)
    for row in rows:
        yield writer.writerow([cell(row[name]) for name in COLUMN_NAMES])


def json_chunks(rows: Iterable[dict], *, query: CatalogueQuery, count: int) -> Iterator[str]:
    """{"generated_at", "licence", "filters", "count", "items": [...]}, written item by item."""
    head = {
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "licence": "Licence Ouverte / Open Licence 2.0 (etalab-2.0)",
        "filters": query.to_params(),
        "count": count,
    }
    yield json.dumps(head, ensure_ascii=False, cls=DjangoJSONEncoder)[:-1] + ', "items": ['
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder)
    yield "\n]}\n"


def _xlsx_value(value):
    if isinstance(value, list):
        return neutralise(LIST_SEPARATOR.join(cell(v, for_spreadsheet=False) for v in value))
    if isinstance(value, datetime.datetime):
        # Local time (Paris), to the second: a spreadsheet has no time zones nor microseconds.
        return value.replace(tzinfo=None, microsecond=0)
    return neutralise(value)


def xlsx_bytes(rows: Iterable[dict]) -> bytes:
    """Numbers as numbers, dates as dates, booleans as booleans, texts as texts (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Programme")
    bold = Font(bold=True)
    header = []
    for name in COLUMN_NAMES:
        c = WriteOnlyCell(sheet, value=name)
        c.font = bold
        header.append(c)
    sheet.append(header)
    for row in rows:
        cells = []
        for name in COLUMN_NAMES:
            value = _xlsx_value(row[name])
            c = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                c.data_type = "s"  # never a formula, whatever it starts with
            elif isinstance(value, datetime.datetime):
                c.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(value, datetime.date):
                c.number_format = "DD/MM/YYYY"
            cells.append(c)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_content(query: CatalogueQuery, fmt: str, *, count: int | None = None) -> Iterator[bytes]:
    """The export of `query` in `fmt` (a key of FORMATS), as chunks of bytes."""
    rows = iter_records(query)
    if fmt == "xlsx":
        yield xlsx_bytes(rows)
        return
    if fmt == "json":
        count = query.entries().count() if count is None else count
        chunks = json_chunks(rows, query=query, count=count)
    else:
        chunks = csv_chunks(rows, spreadsheet=fmt == "csv-tableur")
    for chunk in chunks:
        yield chunk.encode("utf-8")


def filename(query: CatalogueQuery, fmt: str) -> str:
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    suffix = "-tableur" if fmt == "csv-tableur" else ""
    return f"programme-{stamp}{suffix}.{FORMATS[fmt][0]}"


# --- Large exports: a task, one file for everyone until the catalogue changes ---------------------


def catalogue_version() -> str:
    """When the catalogue last changed (an entry indexed or removed): part of a large export's
    request, so that the same file is reused until then and a new one built after."""
    last_entry = CatalogueEntry.objects.aggregate(at=Max("updated_at"))["at"]
    last_removal = CatalogueRemoval.objects.aggregate(at=Max("removed_at"))["at"]
    stamps = [s for s in (last_entry, last_removal) if s is not None]
    return max(stamps).isoformat() if stamps else ""


def is_large(count: int) -> bool:
    return count > settings.OPEN_DATA_DIRECT_MAX


def open_data_file_request(*, query: CatalogueQuery, fmt: str):
    """The generated file of this export (for everyone: no requester), reused while the catalogue
    has not changed; a new one enqueued otherwise."""
    from sps.files.services import generated_file_request

    return generated_file_request(
        by=None,
        kind=EXPORT_KIND,
        params={"filters": query.to_params(), "format": fmt, "version": catalogue_version()},
        label=f"Programme en données ouvertes ({FORMATS[fmt][2]})",
    )


@register(EXPORT_KIND)
def build_open_data_export(file, progress) -> Built:
    """The task's builder: params {"filters", "format", "version"}."""
    query = CatalogueQuery.from_params(file.params.get("filters") or {})
    fmt = file.params.get("format", "csv")
    if fmt not in FORMATS:
        fmt = "csv"
    content = b"".join(export_content(query, fmt))
    progress(99)
    return Built(filename=filename(query, fmt), content_type=FORMATS[fmt][1], content=content)
