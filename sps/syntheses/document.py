"""The national synthesis of a campaign and the academic synthesis of an edition, in the structure
of seed 002_… (« La Synthèse nationale, édition 2015-2016 »):

    introduction · one section per académie (alphabetical, French collation): edition, dates, theme,
    notable events, key figures (actions, schools or N.C., the four level boxes), partners, example
    actions, axes de travail · académies without data (« données non disponibles ») · conclusion
    (evaluation grid, perspectives).

`build_synthesis(campaign=…, academy=None)` gathers everything in a fixed number of queries
(grouped by edition, whatever the number of académies or actions); the renderers (html.py,
pdf.py, docx.py, xlsx.py) only lay it out.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from sps.actions.enums import ActionStatus, CarrierLevel
from sps.actions.models import Action, ActionPartner
from sps.catalogue.enums import LEVEL_GROUP_BITS, EntryKind, LevelGroup
from sps.catalogue.models import CatalogueEntry
from sps.editions.models import Campaign, EditionBassin, EditionTheme
from sps.events.selectors import published_event_sessions
from sps.prizes.models import Prize
from sps.prizes.results import winners
from sps.schools.models import School
from sps.syntheses.axes import Axis, EditionIndicators, suggest_axes
from sps.syntheses.enums import LEVEL_BOXES, NOT_REPORTED, FigureSource
from sps.syntheses.examples import chosen_examples
from sps.syntheses.grid import GridResults, grid_results
from sps.syntheses.models import SynthesisText
from sps.syntheses.synthesis import SynthesisRow, synthesis_rows
from sps.syntheses.typography import french_spacing, publication_date
from sps.territories.models import Academy, Bassin
from sps.territories.text import of_academy

# « ; » between two notable events, with a plain or a no-break space before it.
EVENT_SEPARATOR = re.compile(r"[\s\u00a0]+;\s+")
EXAMPLES_MAX = 5  # example actions per académie (actions phares first)
TOP_PARTNERS = 5
UNAVAILABLE_TEXT = "Données non disponibles"
GRID_NOT_FILLED = "Grille non renseignée"
ORDINAL_WORDS = {
    1: "première",
    2: "deuxième",
    3: "troisième",
    4: "quatrième",
    5: "cinquième",
    6: "sixième",
    7: "septième",
    8: "huitième",
    9: "neuvième",
    10: "dixième",
}

DEFAULT_NATIONAL_INTRODUCTION = (
    "Mesure du plan «\u00a0Tous mobilisés pour vaincre le décrochage scolaire\u00a0», la Semaine de la "
    "persévérance scolaire mobilise chaque année les écoles, les établissements scolaires et les services "
    "académiques. Le présent document synthétise, académie par académie, l'activité recensée lors de "
    "l'édition {year}\u00a0: dates, thème, temps forts, chiffres clés, partenaires, exemples d'actions et axes "
    "de travail pour la prochaine édition."
)
DEFAULT_ACADEMY_INTRODUCTION = (
    "Le présent document synthétise l'édition {year} de la Semaine de la persévérance scolaire dans "
    "l'{academy}\u00a0: dates, thème, temps forts, chiffres clés, partenaires, exemples d'actions et axes de "
    "travail pour la prochaine édition."
)
DEFAULT_CONCLUSION = (
    "Au regard des éléments exposés dans le présent document, plusieurs axes de travail se dessinent pour "
    "la prochaine édition de la Semaine de la persévérance scolaire."
)
# The default when no axe de travail follows it (nothing to announce).
DEFAULT_CONCLUSION_WITHOUT_AXES = (
    "Les éléments exposés dans le présent document serviront de base à la préparation de la prochaine "
    "édition de la Semaine de la persévérance scolaire."
)


@dataclass(frozen=True)
class Example:
    action_id: int
    title: str
    carrier: str
    communes: str
    is_flagship: bool
    is_national: bool = False  # chosen by the national pilot (sps.syntheses.examples)
    argument: str = ""  # the académie's argument, for a national example

    @property
    def url(self) -> str:
        return public_action_path(self.action_id)

    @property
    def line(self) -> str:
        """« Titre, Collège X, Commune »."""
        return ", ".join(part for part in (self.title, self.carrier, self.communes) if part)


@dataclass
class AcademySection:
    academy: Academy
    row: SynthesisRow
    available: bool
    heading: str
    edition_label: str = NOT_REPORTED
    dates: str = NOT_REPORTED
    theme: str = ""
    notable_events: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    axes: list[Axis] = field(default_factory=list)
    axes_edited: bool = False
    published: bool = False  # this académie's synthesis is published: its axes are frozen
    prizes: list[str] = field(default_factory=list)  # « Prix du jury : … », once the palmarès is public
    indicators: EditionIndicators | None = None
    edit_url: str = ""  # set by the Pilotage page for who may edit the axes
    declared_url: str = ""  # set by the Pilotage page for who may enter the declared figures

    @property
    def source_note(self) -> str:
        if self.row.source == FigureSource.COUNTED:
            return "Chiffres comptés à partir des actions publiées sur la plateforme."
        if self.row.source == FigureSource.DECLARED:
            return "Chiffres déclarés par l'académie."
        return ""

    @property
    def level_boxes(self) -> list[tuple[str, bool | None]]:
        return [(label, value) for (_name, label), value in zip(LEVEL_BOXES, self.row.levels, strict=True)]

    @property
    def anchor(self) -> str:
        return f"academie-{self.academy.slug}"

    @property
    def lead(self) -> str:
        """The opening sentence of each section of seed 002_…: « L'Académie de Guyane a organisé en mars
        2016 sa première Semaine de la persévérance scolaire. » Empty when the ordinal is not known."""
        if not self.available or self.row.ordinal is None:
            return ""
        when = dates_phrase(self.dates)
        ordinal = ORDINAL_WORDS.get(self.row.ordinal, f"{self.row.ordinal}e")
        return (
            f"L'{self.heading} a organisé {when + ' ' if when else ''}sa {ordinal} Semaine de la persévérance scolaire."
        )


@dataclass
class SynthesisDocument:
    campaign: Campaign
    academy: Academy | None
    title: str
    subtitle: str
    introduction: list[str]
    sections: list[AcademySection]
    conclusion: list[str]
    grid: str = GRID_NOT_FILLED
    grid_results: GridResults | None = None  # the national evaluation grid (sps.syntheses.grid)
    published_at: datetime | None = None  # None: « Document de travail »

    @property
    def publication_mark(self) -> str:
        """« Synthèse publiée le 3 décembre 2026 », or « Document de travail » before publication."""
        if self.published_at is None:
            return "Document de travail"
        return f"Synthèse publiée le {publication_date(self.published_at)}"

    @property
    def grid_filled(self) -> bool:
        """The national synthesis: some académie filled the grid; an academic one: this académie did."""
        if self.grid_results is None or self.grid_results.is_empty:
            return False
        return self.academy is None or any(a.pk == self.academy.pk for a in self.grid_results.academies)

    @property
    def grid_lines(self) -> list[dict]:
        """The academic synthesis: the académie's score, comment and suggested tutor on each axis."""
        if self.academy is None or not self.grid_filled:
            return []
        return self.grid_results.for_academy(self.academy)

    @property
    def is_national(self) -> bool:
        return self.academy is None

    @property
    def available_sections(self) -> list[AcademySection]:
        return [s for s in self.sections if s.available]

    @property
    def unavailable_sections(self) -> list[AcademySection]:
        return [s for s in self.sections if not s.available]

    @property
    def totals(self) -> dict | None:
        """The sum of the known figures (national synthesis), and how many académies it leaves out."""
        if not self.is_national:
            return None
        actions = [s.row.actions.value for s in self.sections if s.row.actions.value is not None]
        schools = [s.row.schools.value for s in self.sections if s.row.schools.value is not None]
        return {
            "actions": sum(actions),
            "schools": sum(schools),
            "actions_text": format_number(sum(actions)),
            "schools_text": format_number(sum(schools)),
            "note": "hors chiffres non communiqués (N.C.)",
        }

    @property
    def common_axes(self) -> list[tuple[str, int]]:
        """National synthesis: the axes de travail most académies share (at least 2), most frequent
        first, as « (axe, number of académies) » — the ground of the perspectives."""
        if not self.is_national:
            return []
        counts, wording = {}, {}
        for section in self.available_sections:
            for key in {_axis_key(axis.text) for axis in section.axes}:
                counts[key] = counts.get(key, 0) + 1
            for axis in section.axes:
                wording.setdefault(_axis_key(axis.text), _axis_head(axis.text))
        shared = sorted(((n, key) for key, n in counts.items() if n >= 2), key=lambda item: (-item[0], item[1]))
        return [(wording[key], n) for n, key in shared[:COMMON_AXES_MAX]]

    @property
    def perspectives(self) -> tuple[str, list[str]]:
        """The list that follows the conclusion's text, with its lead-in: the axes most académies
        share (national synthesis), the académie's own axes (academic synthesis); ("", []) if none."""
        if self.is_national:
            items = [f"{text} ({count} académies)" for text, count in self.common_axes]
            lead = "Les axes de travail les plus partagés par les académies\u00a0:"
        else:
            items = [axis.text for section in self.available_sections for axis in section.axes]
            lead = "Les axes de travail retenus pour la prochaine édition\u00a0:"
        return (lead, items) if items else ("", [])

    @property
    def filename_stem(self) -> str:
        scope = self.academy.slug if self.academy else "nationale"
        return f"synthese-{scope}-{self.campaign.school_year}"


MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def dates_phrase(dates: str) -> str:
    """The dates as they follow « a organisé »: « en mars 2016 », « le 30 avril 2016 », « du lundi 15 au
    vendredi 19 mars 2027 », « durant l'année scolaire 2015-2016 »; empty when not known."""
    text = dates.strip()
    if len(text) > 60:  # several periods (Dijon 2015-2016): the « Dates » line gives them, not the sentence
        return ""
    text = text.split("(", 1)[0].strip()  # « février 2016 (du 1er au 5 février 2016) »: the details stay below
    if not text or text == NOT_REPORTED:
        return ""
    first = text.split()[0].lower()
    if first in MONTHS:
        return f"en {text}"
    if first[:1].isdigit():
        return f"le {text}"
    return text[:1].lower() + text[1:]


COMMON_AXES_MAX = 6


def _axis_head(text: str) -> str:
    """An axe without its examples and details: « Une plus grande mobilisation des partenaires de
    l'Ecole, en particulier… (ex : …) » → « Une plus grande mobilisation des partenaires de l'Ecole »."""
    head = re.split(r"\s*[(,.;:]\s*|\s+(?:car|afin|qui|permettant|en particulier)\s+", text.strip(), maxsplit=1)[0]
    return head.strip() or text.strip()


def _axis_key(text: str) -> str:
    """Axes that say the same thing group together whatever their accents (« Ecole » / « École »)."""
    folded = unicodedata.normalize("NFKD", _axis_head(text)).encode("ascii", "ignore").decode().lower()
    return " ".join(folded.split())


def format_number(n: int) -> str:
    """« 1\u202f082 »: French digit grouping with a narrow no-break space."""
    return f"{n:,}".replace(",", "\u202f")


def public_action_path(action_id: int) -> str:
    """The public fiche of an action (/programme/actions/<id>/), by its URL name once it exists."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("public:action_detail", kwargs={"pk": action_id})
    except NoReverseMatch:
        return f"/programme/actions/{action_id}/"


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a typed text (blank lines separate them; single line breaks are kept as spaces)."""
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in text.replace("\r", "").split("\n\n")]
    return [french_spacing(block) for block in blocks if block]


def edition_label(ordinal: int | None) -> str:
    if ordinal is None:
        return NOT_REPORTED
    return f"{ORDINAL_WORDS.get(ordinal, f'{ordinal}e')} édition"


def _texts(campaign, academy) -> tuple[SynthesisText | None, dict]:
    texts = SynthesisText.objects.filter(campaign=campaign)
    if academy is not None:
        texts = texts.filter(Q(academy=academy) | Q(academy__isnull=True))
    own, per_academy = None, {}
    for text in texts:
        if text.academy_id is None:
            if academy is None:
                own = text
        else:
            per_academy[text.academy_id] = text
            if academy is not None and text.academy_id == academy.pk:
                own = text
    return own, per_academy


def _grouped_indicators(campaign, edition_ids) -> dict:
    """Per edition: published actions, with a partner, carried by the académie, bassins covered."""
    published = Action.objects.filter(edition_id__in=edition_ids, status=ActionStatus.PUBLISHED)
    partners = dict(
        ActionPartner.objects.filter(action__in=published)
        .values("action__edition_id")
        .annotate(n=Count("action_id", distinct=True))
        .values_list("action__edition_id", "n")
    )
    academy_level = dict(
        published.filter(carrier_level=CarrierLevel.ACADEMY)
        .values("edition_id")
        .annotate(n=Count("pk"))
        .values_list("edition_id", "n")
    )
    entries = CatalogueEntry.objects.filter(edition_id__in=edition_ids, kind=EntryKind.ACTION)
    covered = dict(
        entries.exclude(bassin=None)
        .values("edition_id")
        .annotate(n=Count("bassin_id", distinct=True))
        .values_list("edition_id", "n")
    )
    primary = dict(
        entries.filter(level_mask__bitand_any=LEVEL_GROUP_BITS[LevelGroup.PRIMARY])
        .values("edition_id")
        .annotate(n=Count("pk"))
        .values_list("edition_id", "n")
    )
    participating = dict(
        EditionBassin.objects.filter(edition_id__in=edition_ids, edition__all_bassins_participate=False)
        .values("edition_id")
        .annotate(n=Count("pk"))
        .values_list("edition_id", "n")
    )
    return {
        "partners": partners,
        "academy_level": academy_level,
        "covered": covered,
        "primary": primary,
        "participating": participating,
    }


def _top_partners(edition_ids) -> dict:
    rows = (
        ActionPartner.objects.filter(action__edition_id__in=edition_ids, action__status=ActionStatus.PUBLISHED)
        .values("action__edition_id", "partner__name")
        .annotate(n=Count("action_id", distinct=True))
        .order_by("action__edition_id", "-n", "partner__name")
    )
    top = defaultdict(list)
    for row in rows:
        if len(top[row["action__edition_id"]]) < TOP_PARTNERS:
            top[row["action__edition_id"]].append(row["partner__name"])
    return top


def _examples(edition_ids, *, national: bool) -> dict:
    """The example actions of each edition, at most EXAMPLES_MAX: its national examples first (chosen
    by the national pilot, with the académie's argument), then its actions phares. The national
    synthesis shows only the national examples of an académie that has some."""
    chosen = chosen_examples(edition_ids)
    entries = (
        CatalogueEntry.objects.filter(edition_id__in=edition_ids, kind=EntryKind.ACTION, is_flagship=True)
        .exclude(action=None)
        .order_by("edition_id", "title", "pk")
        .values("edition_id", "action_id", "title", "carrier_label", "communes", "is_flagship")
    )
    found = defaultdict(list)
    for row in entries:
        arguments = chosen.get(row["edition_id"], {})
        found[row["edition_id"]].append(
            Example(
                row["action_id"],
                french_spacing(row["title"]),
                french_spacing(row["carrier_label"]),
                row["communes"],
                row["is_flagship"],
                is_national=row["action_id"] in arguments,
                argument=french_spacing(arguments.get(row["action_id"], "")),
            )
        )
    examples = {}
    for edition_id, items in found.items():
        first = [example for example in items if example.is_national]
        rest = [] if national and first else [example for example in items if not example.is_national]
        examples[edition_id] = (first + rest)[:EXAMPLES_MAX]
    return examples


def _themes(edition_ids) -> dict:
    themes = defaultdict(list)
    for edition_id, title in EditionTheme.objects.filter(edition_id__in=edition_ids).values_list("edition_id", "title"):
        themes[edition_id].append(title)
    return themes


def _academy_level_titles(edition_ids) -> dict:
    titles = defaultdict(list)
    rows = (
        Action.objects.filter(
            edition_id__in=edition_ids, status=ActionStatus.PUBLISHED, carrier_level=CarrierLevel.ACADEMY
        )
        .order_by("edition_id", "title")
        .values_list("edition_id", "title")
    )
    for edition_id, title in rows:
        if len(titles[edition_id]) < EXAMPLES_MAX:
            titles[edition_id].append(title)
    return titles


def _week_events(rows) -> dict:
    """Per edition: the titles of the académie's published events with a session during its week
    (one query for every académie: sps.events.selectors.published_event_sessions)."""
    editions = [row.edition for row in rows if row.edition is not None]
    if not editions:
        return {}
    sessions = published_event_sessions(
        academy_ids=[edition.academy_id for edition in editions],
        start=min(edition.week_start for edition in editions),
        end=max(edition.week_end for edition in editions),
    )
    titles = defaultdict(list)
    for edition in editions:
        for session in sessions:
            if (
                session["academy_id"] == edition.academy_id
                and edition.week_start <= session["day"] <= edition.week_end
                and session["title"] not in titles[edition.pk]
            ):
                titles[edition.pk].append(session["title"])
    return titles


def build_synthesis(*, campaign: Campaign, academy: Academy | None = None) -> SynthesisDocument:
    """The whole document (national when `academy` is None)."""
    rows = synthesis_rows(campaign=campaign, academy=academy)
    own_text, texts = _texts(campaign, academy)
    edition_ids = [row.edition.pk for row in rows if row.edition is not None]
    academy_ids = [row.academy.pk for row in rows]
    grouped = _grouped_indicators(campaign, edition_ids)
    top_partners = _top_partners(edition_ids)
    examples = _examples(edition_ids, national=academy is None)
    themes = _themes(edition_ids)
    academy_titles = _academy_level_titles(edition_ids)
    week_events = _week_events(rows)
    bassins_total = dict(
        Bassin.objects.filter(department__academy_id__in=academy_ids)
        .values("department__academy_id")
        .annotate(n=Count("pk"))
        .values_list("department__academy_id", "n")
    )
    open_schools = dict(
        School.objects.filter(is_open=True, department__academy_id__in=academy_ids)
        .values("department__academy_id")
        .annotate(n=Count("pk"))
        .values_list("department__academy_id", "n")
    )
    sections = [
        _section(
            row,
            campaign.theme,
            grouped,
            top_partners,
            examples,
            themes,
            academy_titles,
            bassins_total,
            open_schools,
            texts,
            week_events,
        )
        for row in rows
    ]
    # The winners of the académies' prizes, once shown to the public (sps.prizes.results). One query
    # finds the editions whose palmarès may be shown; only those (at most one per académie) are ranked.
    now = timezone.now()
    shown = set(
        Prize.objects.filter(edition__campaign=campaign)
        .filter(Q(jury_enabled=True, jury_published_at__isnull=False) | Q(public_enabled=True, vote_closes_at__lte=now))
        .values_list("edition_id", flat=True)
    )
    for section in sections:
        if section.available and section.row.edition is not None and section.row.edition.pk in shown:
            section.prizes = prize_lines(section.row.edition, now)
    year = campaign.school_year
    if academy is None:
        title, subtitle = "La Synthèse nationale", f"Édition {year}"
        default_intro = DEFAULT_NATIONAL_INTRODUCTION.format(year=year)
    else:
        title, subtitle = f"La Synthèse académique — {academy}", f"Édition {year}"
        default_intro = DEFAULT_ACADEMY_INTRODUCTION.format(year=year, academy=_lower_first(str(academy)))
    intro = own_text.introduction if own_text and own_text.introduction.strip() else default_intro
    own_conclusion = bool(own_text and own_text.conclusion.strip())
    conclusion = own_text.conclusion if own_conclusion else DEFAULT_CONCLUSION
    document = SynthesisDocument(
        campaign=campaign,
        academy=academy,
        title=title,
        subtitle=subtitle,
        introduction=paragraphs(intro),
        sections=sections,
        conclusion=paragraphs(conclusion),
        grid_results=grid_results(campaign, academy=academy),
        published_at=own_text.published_at if own_text else None,
    )
    if not own_conclusion and not document.perspectives[1]:
        document.conclusion = paragraphs(DEFAULT_CONCLUSION_WITHOUT_AXES)
    return document


def prize_lines(edition, now=None) -> list[str]:
    """« Prix du jury\u00a0: Titre, Collège X (note moyenne 4,33) », one per published award."""
    return [
        f"{award.label}\u00a0: {', '.join(p for p in (award.action.display_title, award.action.carrier_label()) if p)}"
        f" ({award.detail})"
        for award in winners(edition, now)
    ]


def _lower_first(text: str) -> str:
    """« Académie de Créteil » → « académie de Créteil » (after « l' »): « l'académie de Créteil »."""
    return text[:1].lower() + text[1:] if text.startswith("Académie") else text


def _events(text: str) -> list[str]:
    """The declared notable events, one per « ; »-separated item."""
    return [_capfirst(french_spacing(item.strip())) for item in EVENT_SEPARATOR.split(text) if item.strip()]


def _capfirst(text: str) -> str:
    """« court métrage… » → « Court métrage… » (each event is an item of a list); « « Journée… » » kept."""
    return text[:1].upper() + text[1:]


def _section(
    row,
    campaign_theme,
    grouped,
    top_partners,
    examples,
    themes,
    academy_titles,
    bassins_total,
    open_schools,
    texts,
    week_events,
):
    academy = row.academy
    heading = f"Académie {of_academy(academy.name)}"
    # No published action and no declared figures (or « données non disponibles »): listed apart.
    available = row.source != FigureSource.UNAVAILABLE
    section = AcademySection(academy=academy, row=row, available=available, heading=heading)
    if not available:
        return section
    edition = row.edition
    declared = getattr(edition, "declared_figures", None)
    section.edition_label = edition_label(row.ordinal)
    section.dates = row.dates
    section.theme = "\u00a0; ".join(themes.get(edition.pk, [])) or campaign_theme
    events = [_capfirst(french_spacing(title)) for title in week_events.get(edition.pk, [])]
    if row.source == FigureSource.DECLARED:
        section.notable_events = _events(declared.notable_events) + events
        section.partners = paragraphs(declared.partners)
        indicators = EditionIndicators(
            source=FigureSource.DECLARED,
            actions=row.actions.value,
            primary_box=row.levels[0],
            schools_involved=row.schools.value,
            open_schools=open_schools.get(academy.pk),
            bassins_total=bassins_total.get(academy.pk),
            bassins_participating=grouped["participating"].get(edition.pk)
            if not edition.all_bassins_participate
            else None,
        )
    else:
        actions = row.actions.value or 0
        with_partners = grouped["partners"].get(edition.pk, 0)
        section.notable_events = [french_spacing(t) for t in academy_titles.get(edition.pk, [])] + events
        if declared is not None and declared.notable_events:
            section.notable_events = _events(declared.notable_events) + section.notable_events
        partners = [
            f"{with_partners} action{'s' if with_partners > 1 else ''} sur {actions} "
            f"{'déclarent' if with_partners > 1 else 'déclare'} au moins un partenaire."
        ]
        if top_partners.get(edition.pk):
            partners.append("Partenaires les plus cités\u00a0: " + ", ".join(top_partners[edition.pk]) + ".")
        section.partners = partners
        indicators = EditionIndicators(
            source=FigureSource.COUNTED,
            actions=actions,
            primary_actions=grouped["primary"].get(edition.pk, 0),
            actions_with_partners=with_partners,
            # The académie's own actions and its published events of the week (seminar, forum…).
            academy_level_actions=grouped["academy_level"].get(edition.pk, 0) + len(events),
            bassins_total=bassins_total.get(academy.pk),
            bassins_participating=grouped["participating"].get(edition.pk, 0)
            if not edition.all_bassins_participate
            else None,
            bassins_covered=grouped["covered"].get(edition.pk, 0),
            schools_involved=row.schools.value,
            open_schools=open_schools.get(academy.pk),
        )
    section.indicators = indicators
    section.examples = examples.get(edition.pk, [])
    text = texts.get(academy.pk)
    section.published = bool(text and text.is_published)
    suggested = suggest_axes(indicators)
    if text is not None and text.axes_edited:
        reasons = {axis.text: axis for axis in suggested}
        section.axes = [reasons.get(line) or Axis("edited", line) for line in text.axes_lines]
        section.axes_edited = True
    else:
        section.axes = suggested
    return section


def suggested_axes_for(*, campaign: Campaign, academy: Academy) -> list[Axis]:
    """The axes the indicators suggest for `academy`'s edition of `campaign` (whatever the pilot wrote)."""
    document = build_synthesis(campaign=campaign, academy=academy)
    section = document.sections[0] if document.sections else None
    if section is None or section.indicators is None:
        return []
    return suggest_axes(section.indicators)
