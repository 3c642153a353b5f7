"""Import of the ministry's open school directory (Annuaire de l'éducation, `fr-en-annuaire-education`).

The directory is a semicolon-separated CSV with one line per school or service. Its exports
differ in small ways (column names, encoding, date formats, leading zeros, numbers mangled by
spreadsheets): columns are mapped by name, values are read tolerantly, and a line is rejected
only when the school cannot be identified or placed (UAI, name, département).

Decisions, written down because the directory leaves them open:

- `etat` = ``FERME`` → ``is_open=False``; ``A FERMER`` (closing at the end of the school year)
  is still open and stays ``is_open=True``; anything else (``OUVERT``, empty) is open.
- A bad optional value (date, number, coordinates) does not reject the line: the field is left
  empty and a warning is recorded in `ImportReport.warnings`.
- A UAI may appear on several lines of one file (``etablissement_multi_lignes``/``multi_uai``:
  one line per site). The first line is imported; the later ones are counted in
  `ImportReport.duplicates`, not as rejected lines.
- The directory's bassin replaces the school's bassin unless a pilot set it by hand
  (`School.bassin_set_manually`). When a file has no bassin (or circonscription) columns at all,
  the school's current value is kept.
- Existing bassins and circonscriptions are never renamed by an import.
- A line whose number of values differs from the header's is a format error for the whole
  import (checked before anything is written): read anyway, a comma-separated file with
  unquoted decimal commas would put a longitude in the latitude, a date in the nature and a
  school kind in the bassin. The message names the line and the first column whose value
  cannot be its own. A binary file (spreadsheet, PDF, image) is refused without quoting it.
- Duplicate lines are reported with both line numbers: the first is kept.
"""

import codecs
import csv
import datetime
import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import connection, reset_queries, transaction
from django.utils import timezone

from sps.common.errors import DomainError
from sps.common.text import strip_accents
from sps.schools.enums import PriorityEducation, SchoolKind, Sector
from sps.schools.models import School
from sps.schools.uai import normalize_uai, uai_error
from sps.territories.models import Bassin, Circonscription, Department
from sps.territories.text import normalize_department_code

BATCH_SIZE = 1000
PROGRESS_EVERY = 1000
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")  # latin-1 decodes anything: the last resort

ProgressCallback = Callable[[int, str], None]
FileSpec = tuple[str, "IO[bytes] | str | Path"]


class DirectoryFormatError(DomainError):
    """The file cannot be read as a directory export at all (the message is French, for the user)."""


@dataclass(frozen=True)
class RejectedLine:
    file_name: str
    line_number: int  # physical line in the file, the header being line 1
    uai: str  # as written in the file
    reason: str  # French


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Schools whose name, commune, kind or territory changed: the catalogue re-indexes their actions.
    renamed_school_ids: list[int] = field(default_factory=list)
    rejected: list[RejectedLine] = field(default_factory=list)
    # Later lines of a UAI already seen in the same file (multi-line establishments).
    duplicates: list[RejectedLine] = field(default_factory=list)
    # Optional values that could not be read: the line was imported without them.
    warnings: list[RejectedLine] = field(default_factory=list)

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    @property
    def lines_read(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.rejected) + len(self.duplicates)

    def summary(self) -> str:
        """« 1 609 lignes lues : 1 500 créées, 100 mises à jour, 9 inchangées, 0 rejetée »."""
        text = (
            f"{_count(self.lines_read, 'ligne lue', 'lignes lues')} : "
            f"{_count(self.created, 'créée', 'créées')}, "
            f"{_count(self.updated, 'mise à jour', 'mises à jour')}, "
            f"{_count(self.unchanged, 'inchangée', 'inchangées')}, "
            f"{_count(self.rejected_count, 'rejetée', 'rejetées')}"
        )
        if self.duplicates:
            text += f", {_count(len(self.duplicates), 'ligne en double ignorée', 'lignes en double ignorées')}"
        return text


def _count(number: int, singular: str, plural: str) -> str:
    # French: 0 and 1 take the singular; thousands separated by a space (as in the brief: « 1 609 »).
    return f"{number:,}".replace(",", " ") + " " + (singular if number < 2 else plural)


# --- Columns --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)  # bassin and circonscription names repeat on every line
def column_key(name: str) -> str:
    """'Code postal', 'Code_postal', 'CODE_POSTAL', 'Libellé nature' → 'codepostal', 'libellenature'."""
    return re.sub(r"[^a-z0-9]", "", strip_accents(name.replace("\ufeff", "")).lower())


# Field → accepted column keys (see `column_key`), the first present wins.
COLUMNS = {
    "uai": ("identifiantdeletablissement", "uai", "numerouai", "codeuai", "identifiant"),
    "name": ("nometablissement", "appellationofficielle", "nom"),
    "type": ("typeetablissement",),
    "sector": ("statutpublicprive", "secteur"),
    "address": ("adresse1", "adresse"),
    "postal_code": ("codepostal",),
    "commune_code": ("codecommune",),
    "commune": ("nomcommune", "commune"),
    "department": ("codedepartement", "departement"),
    "nursery": ("ecolematernelle",),
    "elementary": ("ecoleelementaire",),
    "general": ("voiegenerale",),
    "technological": ("voietechnologique",),
    "vocational": ("voieprofessionnelle",),
    "phone": ("telephone",),
    "website": ("web", "siteweb"),
    "email": ("mail", "email", "courriel"),
    "priority": ("appartenanceeducationprioritaire",),
    "pupils": ("nombredeleves",),
    "position": ("position",),
    "latitude": ("latitude",),
    "longitude": ("longitude",),
    "opened_on": ("dateouverture",),
    "updated_on": ("datemajligne",),
    "state": ("etat",),
    "nature_code": ("codenature",),
    "nature_label": ("libellenature",),
    "circonscription_code": ("codecirconscription",),
    "circonscription_name": ("nomcirconscription",),
    "bassin_code": ("codebassinformation",),
    "bassin_name": ("libellebassinformation",),
}
REQUIRED = {
    "uai": "Identifiant_de_l_etablissement (UAI)",
    "name": "Nom_etablissement",
    "department": "Code_departement",
}


def map_columns(header: list[str], file_name: str) -> dict[str, int]:
    """Field → column index; raises DirectoryFormatError when a required column is missing."""
    keys = [column_key(name) for name in header]
    mapping = {}
    for field_name, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in keys:
                mapping[field_name] = keys.index(alias)
                break
    missing = [label for field_name, label in REQUIRED.items() if field_name not in mapping]
    if missing:
        found = ", ".join(printable(name.strip()) for name in header[:8] if name.strip())
        raise DirectoryFormatError(
            f"Le fichier « {file_name} » n'est pas un export de l'Annuaire de l'éducation lisible : "
            f"colonne{'s' if len(missing) > 1 else ''} manquante{'s' if len(missing) > 1 else ''} : "
            f"{', '.join(missing)}. Colonnes trouvées : {found or 'aucune'}"
            f"{'…' if len(header) > 8 else ''}. Le fichier doit être le CSV (séparateur « ; ») "
            "téléchargé sur data.education.gouv.fr."
        )
    return mapping


# --- Values ---------------------------------------------------------------------------------


class ValueWarning(ValueError):
    """An optional value that could not be read (the message is French)."""


_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_number(raw: str) -> float | None:
    """'143', '143,0', '1 234', '2,17003E+13', '48.11' → float; '' → None; raises ValueWarning."""
    text = _SPACES.sub("", raw or "")
    if not text:
        return None
    text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueWarning(f"nombre illisible « {raw.strip()} »") from None


def parse_pupils(raw: str) -> int | None:
    number = parse_number(raw)
    if number is None:
        return None
    if number < 0 or number > 100_000 or number != int(number):
        raise ValueWarning(f"nombre d'élèves invraisemblable « {raw.strip()} » (ignoré)")
    return int(number)


def parse_date(raw: str) -> datetime.date | None:
    """'2023-06-08', '08/06/2023' (also with a time after it) → date; '' → None; raises ValueWarning."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text[:10])
        if match := re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})", text):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass
    raise ValueWarning(f"date illisible « {text} »")


def parse_flag(raw: str) -> bool:
    return (raw or "").strip().lower() in {"1", "oui", "o", "true", "vrai", "x"}


def parse_sector(raw: str) -> str:
    value = column_key(raw or "")
    if value == "public":
        return Sector.PUBLIC
    if value in {"prive", "privee"}:
        return Sector.PRIVATE
    return Sector.UNKNOWN


def parse_priority(raw: str) -> str:
    value = (raw or "").replace(" ", "").upper()
    if value == "REP+":
        return PriorityEducation.REP_PLUS
    if value == "REP":
        return PriorityEducation.REP
    return PriorityEducation.NONE


# Nature codes (code_nature) → kind; école codes (151-169) are split by the maternelle/élémentaire flags.
NATURE_RANGES = (
    (101, 103, SchoolKind.NURSERY),
    (340, 352, SchoolKind.COLLEGE),
    (300, 302, SchoolKind.LYCEE_GT),
    (335, 335, SchoolKind.LYCEE_GT),
    (320, 320, SchoolKind.LYCEE_PRO),
    (334, 334, SchoolKind.LYCEE_PRO),
    (306, 306, SchoolKind.LYCEE_POLY),
    (370, 370, SchoolKind.EREA),
    (841, 841, SchoolKind.CIO),
    (240, 249, SchoolKind.MEDICO_SOCIAL),
    (800, 899, SchoolKind.ADMINISTRATIVE),
)
# Type_etablissement (as a column key) → kind, for the types that say enough on their own.
TYPE_KINDS = {
    "erea": SchoolKind.EREA,
    "informationetorientation": SchoolKind.CIO,
    "medicosocial": SchoolKind.MEDICO_SOCIAL,
    "serviceadministratif": SchoolKind.ADMINISTRATIVE,
}


def school_kind(
    *,
    nature_code: str,
    school_type: str,
    nursery: bool = False,
    elementary: bool = False,
    general: bool = False,
    vocational: bool = False,
) -> str:
    """The SchoolKind of a directory line.

    The nature code decides when it is in a known range. Without a nature code, the coarser
    Type_etablissement and the flags do (école → maternelle/élémentaire/primaire, lycée → by its
    voies). A nature code outside the known ranges (MFR, STS/CPGE schools…) is `OTHER`.
    """
    code = int(nature_code) if nature_code.strip().isdigit() else None
    if code is not None:
        if 151 <= code <= 169:
            return _primary_kind(nursery=nursery, elementary=elementary)
        for low, high, kind in NATURE_RANGES:
            if low <= code <= high:
                return kind
    type_key = column_key(school_type or "")
    if type_key in TYPE_KINDS:
        return TYPE_KINDS[type_key]
    if code is None:
        if type_key == "ecole":
            return _primary_kind(nursery=nursery, elementary=elementary)
        if type_key == "college":
            return SchoolKind.COLLEGE
        if type_key == "lycee":
            if vocational and general:
                return SchoolKind.LYCEE_POLY
            return SchoolKind.LYCEE_PRO if vocational else SchoolKind.LYCEE_GT
    return SchoolKind.OTHER


def _primary_kind(*, nursery: bool, elementary: bool) -> str:
    if nursery and elementary:
        return SchoolKind.PRIMARY
    if nursery:
        return SchoolKind.NURSERY
    return SchoolKind.ELEMENTARY


def _clean(raw: str, max_length: int) -> str:
    return " ".join((raw or "").split())[:max_length]


# --- Reading --------------------------------------------------------------------------------


def _open_binary(source) -> tuple[IO[bytes], bool]:
    """A seekable binary stream, and whether we opened it (and must close it)."""
    if isinstance(source, str | Path):
        return open(source, "rb"), True  # closed by directory_import
    if hasattr(source, "seekable") and source.seekable():
        return source, False
    return io.BytesIO(source.read()), False


def detect_encoding(stream: IO[bytes]) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes as UTF-8, else cp1252, else latin-1."""
    for encoding in ENCODINGS:
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := stream.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        stream.seek(0)
        return encoding
    stream.seek(0)
    return "latin-1"


def _delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in (";", "\t", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


@dataclass
class _Row:
    line_number: int
    raw_uai: str
    values: list[str]


def _read_rows(text: IO[str], file_name: str) -> tuple[dict[str, int], list[str], str, Iterator[_Row]]:
    """The column mapping, the header, the delimiter and the lines of a file."""
    header_line = text.readline()
    if not header_line.strip():
        raise DirectoryFormatError(f"Le fichier « {file_name} » est vide : aucune ligne d'en-tête.")
    delimiter = _delimiter(header_line)
    header = next(csv.reader([header_line], delimiter=delimiter))
    mapping = map_columns(header, file_name)
    reader = csv.reader(text, delimiter=delimiter)
    uai_index = mapping["uai"]

    def rows() -> Iterator[_Row]:
        previous_end = 1  # the header line
        try:
            for values in reader:
                start = previous_end + 1
                previous_end = reader.line_num + 1
                if not any(value.strip() for value in values):
                    continue
                raw_uai = values[uai_index].strip() if uai_index < len(values) else ""
                yield _Row(line_number=start, raw_uai=raw_uai, values=values)
        except csv.Error as error:
            raise DirectoryFormatError(
                f"Le fichier « {file_name} » est mal formé vers la ligne {reader.line_num + 1} : {error}."
            ) from error

    return mapping, header, delimiter, rows()


def printable(text: str, limit: int = 40) -> str:
    """`text` fit to be quoted back to the user: control characters replaced, cut at `limit`."""
    text = "".join(char if char.isprintable() else "\ufffd" for char in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")


def _check_not_binary(*, name: str, stream: IO[bytes]) -> None:
    """A spreadsheet, PDF or image sent instead of the CSV is refused without quoting its bytes."""
    head = stream.read(8192)
    stream.seek(0)
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    if b"\x00" in head or head.startswith(BINARY_MAGIC) or (head and controls / len(head) > 0.01):
        raise DirectoryFormatError(
            f"Le fichier « {printable(name, 80)} » n'est pas un fichier texte CSV (tableur .xlsx, PDF, image…?). "
            "Téléchargez le CSV (séparateur « ; ») sur data.education.gouv.fr, ou enregistrez le tableur "
            "au format « CSV (point-virgule) »."
        )


def _value_fits(field_name: str, value: str) -> bool:
    """Whether `value` could be in the column of `field_name` (to find where a line's values shift)."""
    value = value.strip()
    if not value:
        return True
    try:
        if field_name == "uai":
            return bool(re.match(r"^[0-9]{7}[A-Za-z]?$", value))
        if field_name == "department":
            return bool(re.match(r"^(?:[0-9]{1,3}|2[AaBb])$", value))
        if field_name in {"nursery", "elementary", "general", "technological", "vocational"}:
            return value in {"0", "1"}
        if field_name in {"nature_code", "postal_code", "commune_code"}:
            return bool(re.match(r"^[0-9][0-9AB][0-9]{1,3}$", value))
        if field_name == "pupils":
            return parse_number(value) is not None
        if field_name == "latitude":
            return -90 <= parse_number(value) <= 90
        if field_name == "longitude":
            return -180 <= parse_number(value) <= 180
        if field_name in {"opened_on", "updated_on"}:
            return parse_date(value) is not None
        if field_name == "state":
            return column_key(value) in {"ouvert", "ferme", "afermer", "aouvrir"}
    except ValueWarning:
        return False
    return True


def _misaligned_error(*, file_name: str, delimiter: str, header: list[str], mapping: dict, row: _Row) -> str:
    """The French message for a line whose values do not line up with the header's columns."""
    by_index = {index: field_name for field_name, index in mapping.items()}
    column = None
    for index in range(min(len(header), len(row.values))):
        field_name = by_index.get(index)
        if field_name and not _value_fits(field_name, row.values[index]):
            column = index
            break
    if column is None:
        column = min(len(row.values), len(header) - 1)
    received = row.values[column] if column < len(row.values) else ""
    message = (
        f"Le fichier « {printable(file_name, 80)} » ne peut pas être importé : ligne {row.line_number}, "
        f"{len(row.values)} valeurs pour {len(header)} colonnes d'en-tête. Les valeurs ne correspondent plus "
        f"aux colonnes au plus tard à la colonne « {printable(header[column].strip())} » ({column + 1}e colonne)"
        + (f", qui reçoit « {printable(received)} »" if received.strip() else "")
        + ". Rien n'a été importé."
    )
    if delimiter == ",":
        message += (
            " Le séparateur de ce fichier est la virgule : un nombre à virgule décimale (« 48,79 ») "
            "non entouré de guillemets y compte pour deux valeurs. Utilisez l'export de l'annuaire "
            "(séparateur « ; »)."
        )
    return message


# --- Import ---------------------------------------------------------------------------------

# School fields written by the import, compared to decide "unchanged".
SCHOOL_FIELDS = (
    "name",
    "kind",
    "nature_code",
    "nature_label",
    "sector",
    "address",
    "postal_code",
    "commune_code",
    "commune",
    "department_id",
    "latitude",
    "longitude",
    "priority_education",
    "pupils_count",
    "email",
    "phone",
    "website",
    "is_open",
    "opened_on",
    "directory_updated_on",
    "search_key",
)


# Fields the public catalogue shows or searches.
CATALOGUE_FIELDS = frozenset({"name", "commune", "kind", "department_id", "bassin_id"})


class _FileImport:
    """The import of one file: parse in batches, compare with the database, write in bulk."""

    def __init__(self, *, file_name: str, mapping: dict[str, int], report: ImportReport, departments: dict):
        self.file_name = file_name
        self.mapping = mapping
        self.report = report
        self.departments = departments
        self.has_bassin = "bassin_code" in mapping or "bassin_name" in mapping
        self.has_circonscription = "circonscription_code" in mapping or "circonscription_name" in mapping
        self.seen: dict[str, int] = {}  # UAI → line number of its first line in this file
        self.bassins_by_code: dict[str, int] = {}
        self.bassins_by_name: dict[tuple[int, str], int] = {}
        self.circonscriptions_by_code: dict[str, int] = {}
        self.circonscriptions_by_name: dict[tuple[int, str], int] = {}
        self._load_territories()

    def _load_territories(self):
        for pk, code, name, department_id in Bassin.objects.values_list("pk", "code", "name", "department_id"):
            if code:
                self.bassins_by_code[code] = pk
            self.bassins_by_name[(department_id, column_key(name))] = pk
        for pk, code, name, department_id in Circonscription.objects.values_list("pk", "code", "name", "department_id"):
            if code:
                self.circonscriptions_by_code[code] = pk
            self.circonscriptions_by_name[(department_id, column_key(name))] = pk

    def get(self, values: list[str], field_name: str) -> str:
        index = self.mapping.get(field_name)
        if index is None or index >= len(values):
            return ""
        return values[index].strip()

    def warn(self, row: _Row, uai: str, message: str):
        self.report.warnings.append(
            RejectedLine(file_name=self.file_name, line_number=row.line_number, uai=uai, reason=message)
        )

    def reject(self, row: _Row, reason: str):
        self.report.rejected.append(
            RejectedLine(file_name=self.file_name, line_number=row.line_number, uai=row.raw_uai, reason=reason)
        )

    def parse(self, row: _Row) -> dict[str, Any] | None:
        """The school's field values from one line, or None when the line is rejected or a duplicate."""
        values = row.values
        if error := uai_error(row.raw_uai):
            self.reject(row, error)
            return None
        uai = normalize_uai(row.raw_uai)
        if uai in self.seen:
            self.report.duplicates.append(
                RejectedLine(
                    file_name=self.file_name,
                    line_number=row.line_number,
                    uai=row.raw_uai,
                    reason=f"UAI déjà lue ligne {self.seen[uai]} (établissement sur plusieurs lignes) : "
                    f"la ligne {self.seen[uai]} est gardée, la ligne {row.line_number} est ignorée.",
                )
            )
            return None
        name = _clean(self.get(values, "name"), 255)
        if not name:
            self.reject(row, "Le nom de l'établissement est vide.")
            return None
        raw_department = self.get(values, "department")
        if not raw_department:
            self.reject(row, "Le code du département est vide.")
            return None
        department_code = normalize_department_code(raw_department)
        department_id = self.departments.get(department_code)
        if department_id is None:
            self.reject(row, f"Département inconnu : « {raw_department} ».")
            return None
        self.seen[uai] = row.line_number

        data: dict[str, Any] = {"uai": uai, "name": name, "department_id": department_id}
        data["nature_code"] = _clean(self.get(values, "nature_code"), 3)
        data["nature_label"] = _clean(self.get(values, "nature_label"), 100)
        data["kind"] = school_kind(
            nature_code=data["nature_code"],
            school_type=self.get(values, "type"),
            nursery=parse_flag(self.get(values, "nursery")),
            elementary=parse_flag(self.get(values, "elementary")),
            vocational=parse_flag(self.get(values, "vocational")),
            general=parse_flag(self.get(values, "general")) or parse_flag(self.get(values, "technological")),
        )
        data["sector"] = parse_sector(self.get(values, "sector"))
        data["address"] = _clean(self.get(values, "address"), 255)
        data["postal_code"] = _clean(self.get(values, "postal_code"), 5)
        data["commune_code"] = _clean(self.get(values, "commune_code"), 5)
        data["commune"] = _clean(self.get(values, "commune"), 100)
        data["priority_education"] = parse_priority(self.get(values, "priority"))
        data["email"] = _clean(self.get(values, "email"), 254)
        data["phone"] = _clean(self.get(values, "phone"), 20)
        data["website"] = _clean(self.get(values, "website"), 255)
        data["is_open"] = column_key(self.get(values, "state")) != "ferme"

        for field_name, column, parser, label in (
            ("pupils_count", "pupils", parse_pupils, "Nombre d'élèves"),
            ("opened_on", "opened_on", parse_date, "Date d'ouverture"),
            ("directory_updated_on", "updated_on", parse_date, "Date de mise à jour"),
        ):
            try:
                data[field_name] = parser(self.get(values, column))
            except ValueWarning as warning:
                data[field_name] = None
                self.warn(row, uai, f"{label} : {warning}.")
        data["latitude"], data["longitude"] = self.coordinates(row, uai)

        data["search_key"] = School.build_search_key(
            uai=uai, name=name, commune=data["commune"], postal_code=data["postal_code"]
        )
        if self.has_bassin:
            data["bassin_id"] = self.bassin_id(values, department_id)
        if self.has_circonscription:
            data["circonscription_id"] = self.circonscription_id(values, department_id)
        return data

    def coordinates(self, row: _Row, uai: str) -> tuple[float | None, float | None]:
        raw_latitude, raw_longitude = self.get(row.values, "latitude"), self.get(row.values, "longitude")
        if not raw_latitude and not raw_longitude:
            # Some exports only have "position": "48.12, -1.65".
            parts = self.get(row.values, "position").split(", ")
            if len(parts) == 2:
                raw_latitude, raw_longitude = parts
        try:
            latitude, longitude = parse_number(raw_latitude), parse_number(raw_longitude)
        except ValueWarning as warning:
            self.warn(row, uai, f"Coordonnées : {warning}.")
            return None, None
        if latitude is None or longitude is None:
            return None, None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            self.warn(row, uai, f"Coordonnées hors limites « {raw_latitude} ; {raw_longitude} » (ignorées).")
            return None, None
        return latitude, longitude

    def bassin_id(self, values: list[str], department_id: int) -> int | None:
        code = _clean(self.get(values, "bassin_code"), 20)
        name = _clean(self.get(values, "bassin_name"), 200)
        if not code and not name:
            return None
        if code and code in self.bassins_by_code:
            return self.bassins_by_code[code]
        name = name or f"Bassin {code}"
        key = (department_id, column_key(name))
        if key in self.bassins_by_name:
            pk = self.bassins_by_name[key]
            if code:  # a bassin known by its name only (created by a pilot): it gets the directory's code
                Bassin.objects.filter(pk=pk, code__isnull=True).update(code=code)
                self.bassins_by_code[code] = pk
            return pk
        bassin = Bassin.objects.create(
            code=code or None, name=name, department_id=department_id, source=Bassin.Source.DIRECTORY
        )
        if code:
            self.bassins_by_code[code] = bassin.pk
        self.bassins_by_name[key] = bassin.pk
        return bassin.pk

    def circonscription_id(self, values: list[str], department_id: int) -> int | None:
        code = _clean(self.get(values, "circonscription_code"), 20).upper()
        name = _clean(self.get(values, "circonscription_name"), 200)
        if not code and not name:
            return None
        if code and code in self.circonscriptions_by_code:
            return self.circonscriptions_by_code[code]
        name = name or f"Circonscription {code}"
        key = (department_id, column_key(name))
        if key in self.circonscriptions_by_name:
            pk = self.circonscriptions_by_name[key]
            if code:
                Circonscription.objects.filter(pk=pk, code__isnull=True).update(code=code)
                self.circonscriptions_by_code[code] = pk
            return pk
        circonscription = Circonscription.objects.create(code=code or None, name=name, department_id=department_id)
        if code:
            self.circonscriptions_by_code[code] = circonscription.pk
        self.circonscriptions_by_name[key] = circonscription.pk
        return circonscription.pk

    def write_batch(self, batch: list[dict[str, Any]]):
        """Create the new schools, update the changed ones, leave the others untouched."""
        if not batch:
            return
        existing = {}
        for uais in _chunks([data["uai"] for data in batch], _query_chunk_size()):
            existing.update((school.uai, school) for school in School.objects.filter(uai__in=uais))
        now = timezone.now()
        to_create, to_update, changed_fields = [], [], set()
        for data in batch:
            school = existing.get(data["uai"])
            if school is None:
                to_create.append(School(**data, created_at=now, updated_at=now))
                continue
            if school.bassin_set_manually:
                data.pop("bassin_id", None)
            changes = [name for name, value in data.items() if getattr(school, name) != value]
            if not changes:
                self.report.unchanged += 1
                continue
            for name in changes:
                setattr(school, name, data[name])
            changed_fields.update(changes)
            if CATALOGUE_FIELDS.intersection(changes):
                self.report.renamed_school_ids.append(school.pk)
            school.updated_at = now
            to_update.append(school)
        if to_create:
            School.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
            self.report.created += len(to_create)
        if to_update:
            School.objects.bulk_update(to_update, sorted(changed_fields) + ["updated_at"], batch_size=BATCH_SIZE)
            self.report.updated += len(to_update)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _query_chunk_size() -> int:
    # SQLite allows 999 variables per query in Django's eyes; PostgreSQL has no such limit.
    return min(BATCH_SIZE, (connection.features.max_query_params or BATCH_SIZE) - 1)


def _check_file(*, name: str, stream: IO[bytes]) -> None:
    """Raise DirectoryFormatError now if the file cannot be imported, before any file is written:
    not text, no usable header, or a line whose values do not line up with the header (a
    comma-separated file with decimal commas would otherwise put a longitude in the latitude,
    a date in the nature and a school kind in the bassin)."""
    _check_not_binary(name=name, stream=stream)
    text = io.TextIOWrapper(stream, encoding=detect_encoding(stream), newline="")
    try:
        mapping, header, delimiter, rows = _read_rows(text, name)
        for row in rows:
            if len(row.values) != len(header):
                raise DirectoryFormatError(
                    _misaligned_error(file_name=name, delimiter=delimiter, header=header, mapping=mapping, row=row)
                )
    finally:
        text.detach()
        stream.seek(0)


def _import_file(*, name: str, stream: IO[bytes], report: ImportReport, departments: dict, progress):
    text = io.TextIOWrapper(stream, encoding=detect_encoding(stream), newline="")
    try:
        mapping, _header, _delimiter_used, rows = _read_rows(text, name)
        with transaction.atomic():
            file_import = _FileImport(file_name=name, mapping=mapping, report=report, departments=departments)
            batch: list[dict[str, Any]] = []
            done = 0
            for row in rows:
                done += 1
                if (data := file_import.parse(row)) is not None:
                    batch.append(data)
                if len(batch) >= BATCH_SIZE:
                    file_import.write_batch(batch)
                    batch = []
                    reset_queries()  # with DEBUG on, the logged SQL of bulk inserts would pile up
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done, name)
            file_import.write_batch(batch)
            if progress is not None and done % PROGRESS_EVERY:
                progress(done, name)
    finally:
        text.detach()


def directory_import(*, files: Iterable[FileSpec], progress: ProgressCallback | None = None) -> ImportReport:
    """Create or update the schools of one or more Annuaire de l'éducation CSV files (idempotent).

    `files` is a list of (name, binary file object or path); `name` is what rejected lines
    refer to. Schools are matched by UAI: new ones are created, changed ones updated, and
    unchanged ones not written at all (their `updated_at` stays). Each file is written in its
    own transaction; a bad line never stops the import, it is reported in `rejected` with
    its line number and a French reason. `progress(rows_done, file_name)` is called every
    1 000 lines and at the end of each file.

    Raises DirectoryFormatError (French message) when a file is not a directory export (no
    UAI, name or département column, empty): every header is checked before anything is
    written, so nothing is imported then. A CSV broken beyond reading halfway through a file
    also raises it; that file is rolled back, the files before it stay imported.
    """
    report = ImportReport()
    departments = dict(Department.objects.values_list("code", "pk"))
    opened = []
    try:
        streams = []
        for name, source in files:
            stream, we_opened = _open_binary(source)
            if we_opened:
                opened.append(stream)
            _check_file(name=name, stream=stream)
            streams.append((name, stream))
        for name, stream in streams:
            _import_file(name=name, stream=stream, report=report, departments=departments, progress=progress)
    finally:
        for stream in opened:
            stream.close()
    return report
