"""The national « Synthèse » table: one row per académie of a campaign, counted or declared.

Counted figures come from the published actions (the catalogue's read model, counted in the
database: three queries whatever the number of actions); an edition without any published
action falls back on the figures its académie declared (DeclaredFigures); without either, the
row says « non disponible ». « N.C. » is never written as 0.
"""

import unicodedata
from dataclasses import dataclass

from django.db.models import Count, Q

from sps.catalogue.enums import LEVEL_GROUP_BITS, EntryKind, LevelGroup
from sps.catalogue.models import CatalogueEntry, CatalogueSchool
from sps.editions.models import Campaign, Edition
from sps.syntheses.enums import LEVEL_BOXES, NOT_REPORTED, DataStatus, FigureSource
from sps.territories.models import Academy

# The four boxes of DeclaredFigures, and the catalogue's level group each one counts.
LEVEL_GROUP_OF_BOX = {
    "primary": LevelGroup.PRIMARY,
    "college": LevelGroup.COLLEGE,
    "lycee": LevelGroup.LYCEE,
    "lycee_pro": LevelGroup.LYCEE_PRO,
}
COLUMNS = (
    "Académie",
    "Édition",
    "Dates",
    "Actions",
    "Établissements",
    *(label for _name, label in LEVEL_BOXES),
    "Source",
)


@dataclass(frozen=True)
class Figure:
    """A number with the wording it was reported in; `value` None is « N.C. »."""

    value: int | None
    wording: str = ""
    approximate: bool = False

    @property
    def cell(self) -> int | str:
        """The number; else a wording that is not a number (« Toutes les écoles… »); else « N.C. »."""
        if self.value is not None:
            return self.value
        if self.wording and self.wording.strip().upper().rstrip(".") != "N.C":
            return self.wording
        return NOT_REPORTED

    @property
    def wording_only(self) -> bool:
        """Reported in words that are not a number (« Toutes les écoles… »): not « N.C. »."""
        return self.value is None and self.cell != NOT_REPORTED

    @property
    def note(self) -> str:
        """The wording as printed when it says more than the number (« Une trentaine d'établissements »)."""
        if self.value is not None and self.wording and self.wording.strip() != str(self.value):
            return self.wording
        return ""

    @property
    def aside(self) -> str:
        """The note as it follows the number in a text, without repeating it: « 19 (Nombre issu du
        document académique…) » beside 19 reads « Nombre issu du document académique… »."""
        rest = self.note.strip()
        if (
            self.value is not None
            and rest.startswith(str(self.value))
            and not rest[len(str(self.value)) :][:1].isdigit()
        ):
            rest = rest[len(str(self.value)) :].strip()
            if rest.startswith("(") and rest.endswith(")"):
                rest = rest[1:-1].strip()
        return rest


NOT_AVAILABLE = Figure(None)


@dataclass(frozen=True)
class SynthesisRow:
    academy: Academy
    edition: Edition | None
    source: FigureSource
    ordinal: int | None
    dates: str
    actions: Figure
    schools: Figure
    levels: tuple  # four bool | None, in the order of LEVEL_BOXES

    @property
    def level_cells(self) -> list[str]:
        return [NOT_REPORTED if v is None else ("Oui" if v else "Non") for v in self.levels]

    @property
    def source_label(self) -> str:
        return FigureSource(self.source).label


def _sort_key(academy: Academy) -> str:
    return unicodedata.normalize("NFKD", academy.name).encode("ascii", "ignore").decode().lower()


def campaign_academies(campaign: Campaign):
    """The académies that existed during the campaign's school year (Caen and Rouen until 2019, Normandie after)."""
    return Academy.objects.exclude(valid_until__lt=campaign.starts_on).exclude(valid_from__gt=campaign.ends_on)


def _counted(campaign: Campaign, academy: Academy | None) -> tuple[dict, dict]:
    entries = CatalogueEntry.objects.filter(campaign=campaign, kind=EntryKind.ACTION)
    links = CatalogueSchool.objects.filter(entry__campaign=campaign, entry__kind=EntryKind.ACTION)
    if academy is not None:
        entries, links = entries.filter(academy=academy), links.filter(entry__academy=academy)
    level_counts = {
        box: Count("pk", filter=Q(level_mask__bitand_any=LEVEL_GROUP_BITS[group]))
        for box, group in LEVEL_GROUP_OF_BOX.items()
    }
    actions = {
        row["edition_id"]: row
        for row in entries.values("edition_id").annotate(actions=Count("pk"), **level_counts).order_by()
    }
    schools = {
        row["entry__edition_id"]: row["schools"]
        for row in links.values("entry__edition_id").annotate(schools=Count("school_id", distinct=True)).order_by()
    }
    return actions, schools


def synthesis_rows(*, campaign: Campaign, academy: Academy | None = None) -> list[SynthesisRow]:
    """One row per académie of `campaign` (only `academy` if given), in alphabetical order."""
    academies = campaign_academies(campaign)
    if academy is not None:
        academies = academies.filter(pk=academy.pk)
    editions = Edition.objects.filter(campaign=campaign).select_related("declared_figures")
    if academy is not None:
        editions = editions.filter(academy=academy)
    edition_of = {edition.academy_id: edition for edition in editions}
    counted, schools = _counted(campaign, academy)
    rows = []
    for item in sorted(academies, key=_sort_key):
        edition = edition_of.get(item.pk)
        rows.append(_row(item, edition, counted, schools))
    return rows


def _row(academy: Academy, edition: Edition | None, counted: dict, schools: dict) -> SynthesisRow:
    if edition is None:
        return SynthesisRow(
            academy, None, FigureSource.UNAVAILABLE, None, NOT_REPORTED, NOT_AVAILABLE, NOT_AVAILABLE, (None,) * 4
        )
    figures = getattr(edition, "declared_figures", None)
    count = counted.get(edition.pk)
    if count and count["actions"]:
        return SynthesisRow(
            academy,
            edition,
            FigureSource.COUNTED,
            edition.ordinal,
            edition.week.label,
            Figure(count["actions"]),
            Figure(schools.get(edition.pk, 0)),
            tuple(count[box] > 0 for box in LEVEL_GROUP_OF_BOX),
        )
    if figures is not None and figures.status == DataStatus.REPORTED:
        return SynthesisRow(
            academy,
            edition,
            FigureSource.DECLARED,
            edition.ordinal,
            figures.dates_wording or NOT_REPORTED,
            Figure(figures.actions_count, figures.actions_wording, figures.actions_approximate),
            Figure(figures.schools_count, figures.schools_wording, figures.schools_approximate),
            tuple(getattr(figures, box) for box in LEVEL_GROUP_OF_BOX),
        )
    if figures is not None:  # « données non disponibles »: even the edition's ordinal is not known
        return SynthesisRow(
            academy, edition, FigureSource.UNAVAILABLE, None, NOT_REPORTED, NOT_AVAILABLE, NOT_AVAILABLE, (None,) * 4
        )
    return SynthesisRow(
        academy,
        edition,
        FigureSource.UNAVAILABLE,
        edition.ordinal,
        edition.week.label,
        NOT_AVAILABLE,
        NOT_AVAILABLE,
        (None,) * 4,
    )
