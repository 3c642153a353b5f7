"""Declared figures: reading the CSV of docs/declared-figures.md and writing DeclaredFigures.

One row per académie and edition. The file is decoded and its header checked before anything is
written: a file that is not UTF-8 or lacks a required column is refused whole (nothing kept).
Then each row is checked and written in its own transaction: a malformed row is reported with
its line number, column and a French message, and the other rows are imported. Importing the
same file again updates the same rows (one DeclaredFigures per edition), it never duplicates them.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from sps.audit.services import log_action
from sps.common.errors import DomainError
from sps.editions import rules
from sps.editions.models import Campaign, Edition, validate_school_year
from sps.editions.services import suggested_ordinal
from sps.syntheses.enums import DataStatus
from sps.syntheses.models import LEVEL_FIELDS, DeclaredFigures
from sps.territories.models import Academy

REFERENCE_2015_2016 = Path(__file__).resolve().parent / "data" / "declared_2015_2016.csv"

# Column → (DeclaredFigures field or None, label used in messages). Order = the documented order.
COLUMNS = {
    "academie": "académie",
    "annee_scolaire": "année scolaire",
    "edition": "numéro de l'édition",
    "debut_semaine": "début de la semaine",
    "fin_semaine": "fin de la semaine",
    "dates": "dates",
    "statut": "statut",
    "actions": "nombre d'actions",
    "actions_libelle": "nombre d'actions tel qu'écrit",
    "actions_approximatif": "nombre d'actions approximatif",
    "etablissements": "nombre d'établissements",
    "etablissements_libelle": "nombre d'établissements tel qu'écrit",
    "etablissements_approximatif": "nombre d'établissements approximatif",
    "premier_degre": "premier degré",
    "college": "collège",
    "lycee": "lycée",
    "lycee_professionnel": "lycée professionnel",
    "partenaires": "partenaires",
    "temps_forts": "temps forts",
}
REQUIRED_COLUMNS = ("academie", "annee_scolaire")
LEVEL_COLUMNS = dict(zip(("premier_degre", "college", "lycee", "lycee_professionnel"), LEVEL_FIELDS, strict=True))
MAX_LENGTHS = {
    "dates": 300,
    "actions_libelle": 500,
    "etablissements_libelle": 500,
    "partenaires": 5000,
    "temps_forts": 5000,
}
MAX_ROWS = 2000

NC_WORDS = {"", "nc", "n.c.", "n.c", "n. c.", "non communique", "non communiqué"}
YES_WORDS = {"oui", "o", "yes", "x"}
NO_WORDS = {"non", "n", "no"}
UNAVAILABLE_WORDS = {"non disponible", "non disponibles", "donnees non disponibles", "indisponible"}
REPORTED_WORDS = {"", "disponible", "disponibles", "communique", "communiquees", "donnees communiquees"}


class DeclaredFiguresFormatError(DomainError):
    """The whole file is refused (encoding, header); the message is French, for the user."""


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    editions_created: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})

    def summary(self) -> str:
        parts = [
            f"{self.rows} ligne{'s' if self.rows > 1 else ''} lue{'s' if self.rows > 1 else ''}",
            f"{self.created} créée{'s' if self.created > 1 else ''}",
            f"{self.updated} mise{'s' if self.updated > 1 else ''} à jour",
            f"{self.unchanged} inchangée{'s' if self.unchanged > 1 else ''}",
            f"{len(self.rejected_lines)} rejetée{'s' if len(self.rejected_lines) > 1 else ''}",
        ]
        text = ", ".join(parts) + "."
        if self.editions_created:
            text += f" {self.editions_created} édition{'s' if self.editions_created > 1 else ''} créée{'s' if self.editions_created > 1 else ''}."
        return text


def _fold(value: str) -> str:
    """Lower case, no accents, single spaces: « Données non disponibles » → « donnees non disponibles »."""
    text = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip().lower()


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DeclaredFiguresFormatError(
            f"Le fichier n'est pas encodé en UTF-8 (caractère illisible ligne {line}) : rien n'a été importé. "
            "Enregistrez-le au format « CSV UTF-8 » et recommencez."
        ) from exc


def _delimiter(header_line: str) -> str:
    """`;` or `,`, whichever splits the header into more columns."""
    return ";" if header_line.count(";") >= header_line.count(",") else ","


# --- Parsing one row ----------------------------------------------------------------------------


class _Row:
    """The cells of one CSV record and the errors found while reading them."""

    def __init__(self, line: int, cells: dict[str, str]):
        self.line = line
        self.cells = cells
        self.errors: list[RowError] = []

    def text(self, column: str) -> str:
        value = (self.cells.get(column) or "").strip()
        limit = MAX_LENGTHS.get(column)
        if limit and len(value) > limit:
            self.error(column, f"{limit} caractères au plus (ce texte en a {len(value)}).")
            return value[:limit]
        return value

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.line, column, message))

    def count(self, column: str) -> int | None:
        """An integer ≥ 0; empty or « N.C. » is None (not reported), never 0."""
        raw = self.text(column)
        if _fold(raw) in NC_WORDS:
            return None
        digits = re.sub(r"[\s\u00a0\u202f]", "", raw)
        if not digits.isdigit():
            self.error(
                column,
                f"« {raw} » n'est pas un nombre entier : écrivez un nombre (0 si aucun) ou laissez vide / N.C. "
                "si le chiffre n'est pas communiqué ; le libellé tel qu'écrit va dans la colonne "
                f"{column}_libelle.",
            )
            return None
        return int(digits)

    def yes_no(self, column: str, *, nc_allowed: bool) -> bool | None:
        raw = self.text(column)
        folded = _fold(raw)
        if folded in YES_WORDS:
            return True
        if folded in NO_WORDS:
            return False
        if folded in NC_WORDS and (nc_allowed or folded == ""):
            return None if nc_allowed else False
        expected = "oui, non ou N.C." if nc_allowed else "oui ou non."
        self.error(column, f"« {raw} » : écrivez {expected}")
        return None

    def date(self, column: str) -> datetime.date | None:
        raw = self.text(column)
        if not raw:
            return None
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(raw, pattern).date()
            except ValueError:
                continue
        self.error(column, f"« {raw} » n'est pas une date : écrivez-la sous la forme 2016-03-14 ou 14/03/2016.")
        return None


def _academy_index() -> dict[str, Academy]:
    index = {}
    for academy in Academy.objects.all():
        for key in (academy.code, academy.name, academy.slug):
            index[_fold(key)] = academy
    return index


@dataclass
class _Parsed:
    academy: Academy
    school_year: str
    ordinal: int | None
    week_start: datetime.date | None
    week_end: datetime.date | None
    values: dict


def _parse(row: _Row, academies: dict[str, Academy]) -> _Parsed | None:
    raw_academy = row.text("academie")
    academy = academies.get(_fold(raw_academy)) or academies.get(
        _fold(re.sub(r"^acad[ée]mie d[e'’ ]\s*", "", raw_academy, flags=re.I))
    )
    if not raw_academy:
        row.error("academie", "Indiquez l'académie (son nom, par exemple Aix-Marseille, ou son code).")
    elif academy is None:
        row.error("academie", f"Académie inconnue : « {raw_academy} ».")
    school_year = row.text("annee_scolaire")
    try:
        validate_school_year(school_year)
    except ValidationError as exc:
        row.error("annee_scolaire", " ".join(exc.messages))
    ordinal = None
    raw_ordinal = row.text("edition")
    if raw_ordinal:
        digits = re.sub(r"(re|er|e|ème|eme)$", "", raw_ordinal.strip().lower())
        if digits.isdigit() and int(digits) >= 1:
            ordinal = int(digits)
        else:
            row.error("edition", f"« {raw_ordinal} » : le numéro de l'édition est un nombre à partir de 1 (1, 2, 3…).")
    week_start, week_end = row.date("debut_semaine"), row.date("fin_semaine")
    if (week_start is None) != (week_end is None) and not any(
        e.column in ("debut_semaine", "fin_semaine") for e in row.errors
    ):
        row.error("fin_semaine" if week_start else "debut_semaine", "Indiquez les deux dates de la semaine, ou aucune.")
    status_word = _fold(row.text("statut"))
    if status_word in UNAVAILABLE_WORDS:
        status = DataStatus.UNAVAILABLE
    elif status_word in REPORTED_WORDS:
        status = DataStatus.REPORTED
    else:
        status = DataStatus.REPORTED
        row.error(
            "statut", f"« {row.text('statut')} » : laissez vide (données communiquées) ou écrivez « non disponible »."
        )
    values = {
        "status": status,
        "actions_count": row.count("actions"),
        "actions_wording": row.text("actions_libelle"),
        "actions_approximate": bool(row.yes_no("actions_approximatif", nc_allowed=False)),
        "schools_count": row.count("etablissements"),
        "schools_wording": row.text("etablissements_libelle"),
        "schools_approximate": bool(row.yes_no("etablissements_approximatif", nc_allowed=False)),
        "dates_wording": row.text("dates"),
        "partners": row.text("partenaires"),
        "notable_events": row.text("temps_forts"),
    }
    for column, name in LEVEL_COLUMNS.items():
        values[name] = row.yes_no(column, nc_allowed=True)
    for kind, column in (("actions", "actions"), ("schools", "etablissements")):
        if values[f"{kind}_approximate"] and values[f"{kind}_count"] is None:
            row.error(f"{column}_approximatif", f"Un nombre approximatif demande un nombre dans la colonne {column}.")
    if status == DataStatus.UNAVAILABLE:
        filled = [c for c in ("actions", "etablissements", *LEVEL_COLUMNS) if _fold(row.text(c)) not in NC_WORDS]
        for column in filled:
            row.error(column, "Les données de cette académie sont « non disponibles » : laissez cette colonne vide.")
    if row.errors:
        return None
    return _Parsed(academy, school_year, ordinal, week_start, week_end, values)


# --- Writing --------------------------------------------------------------------------------


def default_week(campaign: Campaign) -> tuple[datetime.date, datetime.date]:
    """When a file gives no dates: Monday to Friday of the week of 15 March (most académies of seed 002
    held their week in March). Documented in docs/declared-figures.md."""
    day = datetime.date(campaign.start_year + 1, 3, 15)
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=4)


def _campaign(school_year: str, *, by) -> Campaign:
    campaign = Campaign.objects.filter(school_year=school_year).first()
    if campaign is None:
        campaign = Campaign.objects.create(school_year=school_year, opened_by=by if getattr(by, "pk", None) else None)
        log_action(campaign, "syntheses.campaign.created_by_import", user=by, data={"school_year": school_year})
    return campaign


def _write(parsed: _Parsed, row: _Row, *, by, report: ImportReport) -> None:
    campaign = _campaign(parsed.school_year, by=by)
    edition = Edition.objects.select_for_update().filter(campaign=campaign, academy=parsed.academy).first()
    if edition is None:
        problem = rules.check_academy(campaign=campaign, academy=parsed.academy)
        if problem:
            row.error("academie", problem)
            return
        week_start, week_end = (parsed.week_start, parsed.week_end) if parsed.week_start else default_week(campaign)
        period_errors = rules.check_week(campaign=campaign, week_start=week_start, week_end=week_end)
        for name, message in period_errors.items():
            row.error("debut_semaine" if name == "week_start" else "fin_semaine", message)
        if period_errors:
            return
        edition = Edition.objects.create(
            campaign=campaign,
            academy=parsed.academy,
            ordinal=parsed.ordinal or suggested_ordinal(campaign=campaign, academy=parsed.academy),
            week_start=week_start,
            week_end=week_end,
        )
        log_action(
            edition,
            "syntheses.edition.created_by_import",
            user=by,
            data={"campaign": campaign.school_year, "academy": parsed.academy.code, "ordinal": edition.ordinal},
        )
        report.editions_created += 1
    figures = DeclaredFigures.objects.filter(edition=edition).first()
    if figures is None:
        figures = DeclaredFigures(edition=edition, updated_by=by if getattr(by, "pk", None) else None, **parsed.values)
        figures.save()
        log_action(figures, "syntheses.declared_figures.created", user=by, data=_audit_data(parsed.values))
        report.created += 1
        return
    changed = {name: value for name, value in parsed.values.items() if getattr(figures, name) != value}
    if not changed:
        report.unchanged += 1
        return
    for name, value in changed.items():
        setattr(figures, name, value)
    figures.updated_by = by if getattr(by, "pk", None) else None
    figures.save()
    log_action(figures, "syntheses.declared_figures.updated", user=by, data=_audit_data(changed))
    report.updated += 1


def _audit_data(values: dict) -> dict:
    return {name: value for name, value in values.items() if name not in ("partners", "notable_events")}


def declared_figures_import(*, data: bytes, by=None) -> ImportReport:
    """Import the declared figures of `data` (the CSV's bytes); `by` is the national pilot of the upload
    page, None for the command line. Raises DeclaredFiguresFormatError when the whole file is refused."""
    text = _decode(data)
    if not text.strip():
        raise DeclaredFiguresFormatError("Le fichier est vide : rien n'a été importé.")
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    try:
        header = [_fold(name).replace(" ", "_") for name in next(reader)]
    except csv.Error as exc:
        raise DeclaredFiguresFormatError(f"La ligne d'en-tête est illisible ({exc}) : rien n'a été importé.") from exc
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise DeclaredFiguresFormatError(
            "Colonne"
            + ("s" if len(missing) > 1 else "")
            + " obligatoire"
            + ("s" if len(missing) > 1 else "")
            + " absente"
            + ("s" if len(missing) > 1 else "")
            + " de la ligne d'en-tête : "
            + ", ".join(missing)
            + ". Rien n'a été importé ; voyez le modèle de fichier."
        )
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    if duplicated:
        raise DeclaredFiguresFormatError(
            f"Colonne en double dans l'en-tête : {', '.join(duplicated)}. Rien n'a été importé."
        )
    report = ImportReport(ignored_columns=[name for name in header if name and name not in COLUMNS])
    academies = _academy_index()
    seen: dict[tuple, int] = {}
    line = 2  # the first record starts on the line after the header
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            report.errors.append(RowError(line, "", f"Ligne illisible ({exc})."))
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.errors.append(RowError(start, "", f"Au plus {MAX_ROWS} lignes par fichier : la suite est ignorée."))
            break
        row = _Row(start, dict(zip(header, record, strict=False)))
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            row.error(
                "", f"{len(record)} cellules pour {len(header)} colonnes : vérifiez le séparateur et les guillemets."
            )
        parsed = _parse(row, academies)
        if parsed is not None:
            key = (parsed.academy.pk, parsed.school_year)
            if key in seen:
                row.error(
                    "academie",
                    f"Ligne en double : {parsed.academy} {parsed.school_year} figure déjà ligne {seen[key]}.",
                )
            else:
                seen[key] = start
                with transaction.atomic():
                    _write(parsed, row, by=by, report=report)
                    if row.errors:
                        transaction.set_rollback(True)
        report.errors.extend(row.errors)
    return report


def declared_figures_load_reference() -> ImportReport:
    """Load the shipped 2015-2016 figures of the 30 académies (seed 002_…); idempotent."""
    return declared_figures_import(data=REFERENCE_2015_2016.read_bytes())


AXES_2015_2016 = Path(__file__).resolve().parent / "data" / "axes_2015_2016.csv"


def synthesis_axes_load_reference(*, by=None) -> int:
    """Load the axes de travail that the 2015-2016 national synthesis (seed 002_…) gives each of its 28
    académies with data, as those académies' own axes; an académie whose pilot already wrote axes, or
    whose synthesis is published (its axes frozen), is left alone. Idempotent; the number of académies written."""
    from sps.syntheses.models import SynthesisText
    from sps.syntheses.services import synthesis_axes_update
    from sps.syntheses.typography import french_spacing

    campaign = Campaign.objects.filter(school_year="2015-2016").first()
    if campaign is None:
        return 0
    academies = _academy_index()
    axes: dict[Academy, list[str]] = {}
    with AXES_2015_2016.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            axes.setdefault(academies[_fold(row["academie"])], []).append(french_spacing(row["axe"].strip()))
    written = 0
    for academy, lines in axes.items():
        text = SynthesisText.objects.filter(campaign=campaign, academy=academy).first()
        if text is not None and (text.axes_edited or text.is_published):
            continue
        synthesis_axes_update(campaign=campaign, academy=academy, axes=lines, by=by)
        written += 1
    return written
