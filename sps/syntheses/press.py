"""The dossier de presse of an académie's edition: what a press officer sends to journalists.

    cover (the académie, the edition's ordinal, dates and theme) · the week in figures (counted
    from the published actions and events, or declared by the académie, « N.C. » where unknown) ·
    the theme · highlights (actions phares with their school and commune, the published events of
    the week) · the académie's press contact (a service and its functional address).

Nothing personal: no porteur's name or address (the fiches' contacts stay out), no registration,
no event's connection link. `build_press_kit(edition=…)` reads everything in a fixed number of
queries; `press_kit_pdf` (WeasyPrint) and `press_kit_docx` (python-docx) lay it out; the Pilotage
page asks for them as generated files (kind PRESS_KIT_KIND, params {"edition": pk, "format": …}).
"""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from sps.catalogue.enums import EntryKind
from sps.catalogue.models import CatalogueEntry, CatalogueSchool
from sps.common.dates import format_date
from sps.editions.models import Edition, EditionTheme
from sps.events.enums import EventKind
from sps.events.selectors import published_events_during
from sps.events.text import format_time
from sps.files.registry import Built, FileBuildError, register
from sps.syntheses.document import edition_label, paragraphs, public_action_path
from sps.syntheses.enums import LEVEL_BOXES, NOT_REPORTED, FigureSource
from sps.syntheses.models import PressContact
from sps.syntheses.synthesis import synthesis_rows
from sps.syntheses.typography import french_spacing

PRESS_KIT_KIND = "syntheses.press_kit"
PRESS_KIT_FORMATS = ("pdf", "docx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
HIGHLIGHTS_MAX = 8
SUMMARY_MAX = 600


@dataclass(frozen=True)
class KeyFigure:
    """One figure of « La semaine en chiffres »: `value` is a number or « N.C. »."""

    value: int | str
    label: str
    note: str = ""

    @property
    def is_known(self) -> bool:
        return self.value != NOT_REPORTED


@dataclass(frozen=True)
class Highlight:
    action_id: int
    title: str
    school: str
    communes: str
    summary: str

    @property
    def url(self) -> str:
        return public_action_path(self.action_id)

    @property
    def where(self) -> str:
        """« Collège Pierre Brossolette, Vitry-sur-Seine »."""
        return ", ".join(part for part in (self.school, self.communes) if part)


@dataclass(frozen=True)
class PressEvent:
    event_id: int
    kind: str
    title: str
    when: str
    place: str
    summary: str

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("public:event_detail", kwargs={"pk": self.event_id})


@dataclass
class PressKitDocument:
    edition: Edition
    heading: str  # « Académie de Créteil »
    edition_label: str  # « 2e édition »
    dates: str
    theme: str
    theme_texts: list[str]
    figures: list[KeyFigure]
    levels: list[tuple[str, bool | None]]
    source: FigureSource
    highlights: list[Highlight] = field(default_factory=list)
    events: list[PressEvent] = field(default_factory=list)
    contact: PressContact | None = None
    programme_url: str = ""

    @property
    def campaign(self):
        return self.edition.campaign

    @property
    def title(self) -> str:
        return "Dossier de presse"

    @property
    def subtitle(self) -> str:
        return f"Semaine de la persévérance scolaire {self.campaign.school_year} — {self.heading}"

    @property
    def source_note(self) -> str:
        if self.source == FigureSource.COUNTED:
            return "Chiffres comptés à partir des actions et des événements publiés sur la plateforme."
        if self.source == FigureSource.DECLARED:
            return "Chiffres déclarés par l'académie ; «\u00a0N.C.\u00a0» : non communiqué."
        return "Chiffres non disponibles («\u00a0N.C.\u00a0» : non communiqué)."

    @property
    def levels_line(self) -> str:
        """« Premier degré, collège, lycée » — or « N.C. » when no level is known."""
        ticked = [label for label, value in self.levels if value]
        if not ticked:
            return NOT_REPORTED if all(value is None for _label, value in self.levels) else "aucun niveau déclaré"
        text = ", ".join(ticked[:1] + [label.lower() for label in ticked[1:]])
        return text

    @property
    def filename_stem(self) -> str:
        return f"dossier-de-presse-{self.edition.academy.slug}-{self.campaign.school_year}"


def _when(starts_at, ends_at) -> str:
    """« mardi 17 mars 2026, de 14 h à 17 h » (local time); several days: « du … au … »."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    text = format_date(start.date(), weekday=True)
    if start.date() == end.date():
        return f"{text}, de {format_time(start.time())} à {format_time(end.time())}"
    return f"du {text} au {format_date(end.date(), weekday=True)}"


def _shorten(text: str, limit: int = SUMMARY_MAX) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _events_of_week(edition: Edition) -> list[PressEvent]:
    """The académie's published events with a session during the edition's week (a shared event of
    the région académique counts once); their public fields only (never the connection link)."""
    events = published_events_during(academy=edition.academy, start=edition.week_start, end=edition.week_end)
    items = []
    for event in events:
        sessions = event.ordered_sessions()
        if not sessions:
            continue
        items.append(
            PressEvent(
                event.pk,
                EventKind(event.kind).label,
                french_spacing(event.title),
                _when(sessions[0].starts_at, max(s.ends_at for s in sessions)),
                french_spacing(event.place) if event.place else ("En ligne" if event.online_url else ""),
                french_spacing(_shorten(event.description)),
            )
        )
    return items


def _highlights(edition: Edition) -> list[Highlight]:
    entries = (
        CatalogueEntry.objects.filter(edition=edition, kind=EntryKind.ACTION, is_flagship=True)
        .exclude(action=None)
        .order_by("title", "pk")
        .values("action_id", "title", "carrier_label", "communes", "text__summary")[:HIGHLIGHTS_MAX]
    )
    return [
        Highlight(
            row["action_id"],
            french_spacing(row["title"]),
            french_spacing(row["carrier_label"]),
            row["communes"],
            french_spacing(_shorten(row["text__summary"] or "")),
        )
        for row in entries
    ]


def _reported(figure) -> int | str:
    """A figure of the synthesis row (counted or declared): its number, « N.C. » when not reported."""
    return NOT_REPORTED if figure is None or figure.value is None else figure.value


def _count(value: int | None, counted: bool) -> int | str:
    """A figure only the platform knows (communes, events, actions phares): for an edition whose
    actions are not entered (declared figures), 0 means « not known », not « none »."""
    if value is None:
        return NOT_REPORTED
    return value if (counted or value) else NOT_REPORTED


def build_press_kit(*, edition: Edition) -> PressKitDocument:
    """The dossier de presse of `edition` (published content only)."""
    edition = Edition.objects.select_related("campaign", "academy").get(pk=edition.pk)
    academy, campaign = edition.academy, edition.campaign
    rows = [row for row in synthesis_rows(campaign=campaign, academy=academy) if row.edition == edition]
    row = rows[0] if rows else None
    source = row.source if row else FigureSource.UNAVAILABLE
    counted = source == FigureSource.COUNTED
    entries = CatalogueEntry.objects.filter(edition=edition, kind=EntryKind.ACTION)
    flagships = entries.filter(is_flagship=True).count() if counted else None
    communes = (
        CatalogueSchool.objects.filter(entry__edition=edition, entry__kind=EntryKind.ACTION)
        .exclude(school__commune="")
        .aggregate(n=Count("school__commune", distinct=True))["n"]
        if counted
        else None
    )
    events = _events_of_week(edition)
    actions = row.actions if row else None
    schools = row.schools if row else None
    figures = [
        KeyFigure(_reported(actions), "actions", actions.note if actions else ""),
        KeyFigure(_reported(schools), "écoles et établissements impliqués", schools.note if schools else ""),
        KeyFigure(_count(communes, counted), "communes"),
        KeyFigure(_count(len(events), counted or bool(events)), "événements pendant la semaine"),
        KeyFigure(_count(flagships, counted), "actions phares"),
    ]
    themes = list(EditionTheme.objects.filter(edition=edition).order_by("order", "pk").values_list("title", "text"))
    theme = "\u00a0; ".join(french_spacing(title) for title, _text in themes) or french_spacing(campaign.theme)
    theme_texts = [p for _title, text in themes for p in paragraphs(text)]
    levels = list(zip((label for _name, label in LEVEL_BOXES), row.levels if row else (None,) * 4, strict=True))
    return PressKitDocument(
        edition=edition,
        heading=str(academy),
        edition_label=edition_label(edition.ordinal).capitalize(),
        dates=edition.week.label,
        theme=theme,
        theme_texts=theme_texts,
        figures=figures,
        levels=levels,
        source=source,
        highlights=_highlights(edition) if counted else [],
        events=events,
        contact=PressContact.objects.filter(edition=edition).first(),
        programme_url=settings.SITE_URL.rstrip("/") + edition.get_absolute_url() if edition.is_published else "",
    )


# --- PDF ------------------------------------------------------------------------------------------


def press_kit_pdf(doc: PressKitDocument) -> bytes:
    from weasyprint import HTML

    from sps.actions.documents import FONT_DIR, _font_url, _local_fetcher_class

    html = render_to_string(
        "syntheses/press_kit_pdf.html",
        {
            "doc": doc,
            "links_base": settings.SITE_URL.rstrip("/"),
            "footer_label": f"{doc.title} — {doc.subtitle}".translate(
                str.maketrans({'"': "'", "\\": None, "<": None, ">": None})
            ),
            "fonts": {
                "regular": _font_url("Marianne-Regular.woff2"),
                "bold": _font_url("Marianne-Bold.woff2"),
                "medium": _font_url("Marianne-Medium.woff2"),
            },
        },
    )
    fetcher = _local_fetcher_class()(allowed_protocols=("file", "data"), allow_redirects=False)
    return HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=fetcher).write_pdf(
        pdf_identifier=doc.filename_stem.encode()
    )


# --- DOCX -----------------------------------------------------------------------------------------


def press_kit_docx(doc: PressKitDocument) -> bytes:
    """Word's own styles (Title, Subtitle, Heading 1/2, List Bullet, a table for the figures), so that
    the académie's press office can restyle it and build a table of contents."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor

    from sps.syntheses.docx import BLUE, _hyperlink, _shade

    word = Document()
    word.core_properties.title = f"{doc.title} — {doc.subtitle}"
    word.core_properties.language = "fr-FR"
    word.core_properties.author = doc.heading
    normal = word.styles["Normal"]
    normal.font.name = "Marianne"
    normal.font.size = Pt(10.5)
    for name in ("Title", "Heading 1", "Heading 2"):
        word.styles[name].font.color.rgb = RGBColor.from_string(BLUE)
    links_base = settings.SITE_URL.rstrip("/")

    word.add_paragraph("Semaine de la persévérance scolaire", style="Subtitle")
    word.add_paragraph(doc.title, style="Title")
    word.add_paragraph(doc.heading, style="Subtitle")
    cover = word.add_paragraph()
    cover.add_run(f"{doc.edition_label} — {doc.campaign.school_year}").bold = True
    cover.runs[-1].add_break(WD_BREAK.LINE)
    cover.add_run(doc.dates[:1].upper() + doc.dates[1:])
    if doc.theme:
        cover.runs[-1].add_break(WD_BREAK.LINE)
        cover.add_run(f"Thème\u00a0: {doc.theme}")
    word.add_paragraph("Tous mobilisés pour vaincre le décrochage scolaire")

    heading = word.add_heading("La semaine en chiffres", level=1)
    heading.paragraph_format.page_break_before = True
    table = word.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for figure in doc.figures:
        cells = table.add_row().cells
        _shade(cells[0], "F5F5FE")
        number = cells[0].paragraphs[0].add_run(str(figure.value))
        number.bold, number.font.size = True, Pt(16)
        number.font.color.rgb = RGBColor.from_string(BLUE)
        cells[1].paragraphs[0].add_run(figure.label)
        if figure.note:
            cells[1].add_paragraph().add_run(f"Tel que déclaré\u00a0: {figure.note}").italic = True
    levels = word.add_paragraph()
    levels.add_run("Niveaux d'enseignement concernés\u00a0: ").bold = True
    levels.add_run(doc.levels_line)
    word.add_paragraph().add_run(doc.source_note).italic = True

    word.add_heading("Le thème", level=1)
    word.add_paragraph(doc.theme or NOT_REPORTED)
    for paragraph in doc.theme_texts:
        word.add_paragraph(paragraph)

    word.add_heading("Les temps forts", level=1)
    word.add_heading("Actions phares", level=2)
    if doc.highlights:
        for item in doc.highlights:
            entry = word.add_paragraph(style="List Bullet")
            _hyperlink(entry, links_base + item.url, item.title)
            if item.where:
                entry.add_run(f", {item.where}")
            if item.summary:
                word.add_paragraph(item.summary)
    else:
        word.add_paragraph("Aucune action phare n'a encore été désignée pour cette édition.")
    word.add_heading("Événements de la semaine", level=2)
    if doc.events:
        for event in doc.events:
            entry = word.add_paragraph(style="List Bullet")
            _hyperlink(entry, links_base + event.url, event.title)
            entry.add_run(f" ({event.kind.lower()}), {event.when}" + (f", {event.place}" if event.place else ""))
            if event.summary:
                word.add_paragraph(event.summary)
    else:
        word.add_paragraph("Aucun événement publié pendant la semaine.")

    word.add_heading("Contact presse", level=1)
    if doc.contact:
        contact = word.add_paragraph()
        contact.add_run(doc.contact.service).bold = True
        for line in (doc.contact.email, doc.contact.phone, doc.contact.website):
            if line:
                contact.runs[-1].add_break(WD_BREAK.LINE)
                contact.add_run(line)
    else:
        word.add_paragraph("Contact presse non renseigné.")
    if doc.programme_url:
        programme = word.add_paragraph("Le programme complet de la semaine\u00a0: ")
        _hyperlink(programme, doc.programme_url, doc.programme_url)

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def render_press_kit(*, edition: Edition, fmt: str) -> tuple[str, str, bytes]:
    if fmt not in PRESS_KIT_FORMATS:
        raise ValueError(f"Unknown format {fmt!r}")
    doc = build_press_kit(edition=edition)
    content = press_kit_pdf(doc) if fmt == "pdf" else press_kit_docx(doc)
    return f"{doc.filename_stem}.{fmt}", CONTENT_TYPES[fmt], content


@register(PRESS_KIT_KIND)
def build_press_kit_file(file, progress) -> Built:
    """The task's builder: checks again that the requester may still see that académie's documents."""
    from sps.accounts import perms as rules

    fmt = file.params.get("format")
    if fmt not in PRESS_KIT_FORMATS:
        raise FileBuildError("Ce format de dossier de presse n'existe pas.")
    edition = Edition.objects.select_related("academy").filter(pk=file.params.get("edition")).first()
    if edition is None:
        raise FileBuildError("Cette édition n'existe plus : le dossier de presse n'a pas été généré.")
    if not rules.can_view_academy_synthesis(file.requested_by, edition.academy):
        raise FileBuildError("Ce dossier de presse ne vous est plus accessible : il n'a pas été généré.")
    progress(10)
    filename, content_type, content = render_press_kit(edition=edition, fmt=fmt)
    return Built(filename=filename, content_type=content_type, content=content)
