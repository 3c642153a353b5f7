"""The printable programme of an académie, a département or a bassin for one edition.

    scope = programme_scope(params)          # ?academie=creteil&edition=2026-2027 (or departement, bassin)
    programme = build_programme(scope)       # days → communes → items, then the undated actions

Read through CatalogueQuery (the same filters as every public view) and the public temps forts of
the listed actions. The HTML page (sps/www/public/programme.py) and the PDF (built here, as a
background task of sps.files, kind PROGRAMME_KIND) show the same `Programme`.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator, slugify

from sps.actions.documents import FONT_DIR, _font_url, _local_fetcher_class, _text_color
from sps.actions.models import Occurrence
from sps.catalogue.models import CatalogueEntry
from sps.catalogue.query import CatalogueQuery
from sps.common.dates import format_date, format_period, format_time
from sps.editions.enums import DEFAULT_EDITION_TITLE
from sps.editions.models import Campaign, Edition
from sps.events.models import EventSession
from sps.files.registry import Built, FileBuildError, register
from sps.territories.models import Academy, Bassin, Department
from sps.territories.text import french_sort_key, of_academy

PROGRAMME_KIND = "catalogue.programme"
SUMMARY_WORDS = 40
NO_COMMUNE = "Autres lieux"
# The events of the week come first on each day, under this heading (they have no commune).
EVENTS_GROUP = "Événements de la Semaine"


class ProgrammeError(Exception):
    """A programme that cannot be shown: the message is French, for the visitor."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ProgrammeScope:
    """One territory (académie, département or bassin) in one published edition."""

    edition: Edition
    level: str  # "academy" | "department" | "bassin"
    department: Department | None = None
    bassin: Bassin | None = None

    @property
    def academy(self):
        return self.edition.academy

    @property
    def territory_label(self) -> str:
        if self.level == "bassin":
            name = self.bassin.display_name
            return name if name.lower().startswith(("bassin", "district")) else f"Bassin {name}"
        if self.level == "department":
            return str(self.department)
        return str(self.academy)

    def query(self) -> CatalogueQuery:
        query = CatalogueQuery(school_year=self.edition.campaign.school_year, academy=self.academy.slug)
        if self.level == "department":
            return CatalogueQuery(school_year=query.school_year, academy=query.academy, department=self.department.code)
        if self.level == "bassin":
            return CatalogueQuery(school_year=query.school_year, academy=query.academy, bassin=self.bassin.pk)
        return query

    def params(self) -> dict:
        """The query string that names this programme (the page's, the PDF's and the job's)."""
        out = {"edition": self.edition.campaign.school_year}
        if self.level == "bassin":
            out["bassin"] = str(self.bassin.pk)
        elif self.level == "department":
            out["departement"] = self.department.code
        else:
            out["academie"] = self.academy.slug
        return out

    def version(self) -> str:
        """Changes whenever what the programme shows changes (an entry published, edited or taken
        down, the edition edited): a PDF asked for after a change is a new one."""
        stats = self.query().entries().order_by().aggregate(n=Count("id"), last=Max("updated_at"))
        last = stats["last"].isoformat() if stats["last"] else ""
        return f"{stats['n']}-{last}-{self.edition.updated_at.isoformat()}"


def of_academy_phrase(academy) -> str:
    """« de l'académie de Créteil »."""
    return f"de l'académie {of_academy(academy.name)}"


def programme_scope(params) -> ProgrammeScope:
    """The scope named by `params` (academie / departement / bassin, and edition: a school year, the
    current campaign's by default). Raises ProgrammeError with a French message otherwise."""

    def get(name):
        return (params.get(name) or "").replace("\x00", "").strip()

    bassin_id, department_code, academy_slug = get("bassin"), get("departement")[:3], get("academie")[:100]
    school_year = get("edition")[:9]
    department = bassin = None
    if bassin_id:
        if not bassin_id.isdigit():
            raise ProgrammeError("Ce bassin n'existe pas.")
        bassin = Bassin.objects.select_related("department__academy").filter(pk=int(bassin_id)).first()
        if bassin is None:
            raise ProgrammeError("Ce bassin n'existe pas.")
        academy, level = bassin.department.academy, "bassin"
    elif department_code:
        department = Department.objects.select_related("academy").filter(code=department_code).first()
        if department is None:
            raise ProgrammeError("Ce département n'existe pas.")
        academy, level = department.academy, "department"
    elif academy_slug:
        academy = Academy.objects.filter(slug=academy_slug).first()
        if academy is None:
            raise ProgrammeError("Cette académie n'existe pas.")
        level = "academy"
    else:
        raise ProgrammeError("Choisissez une académie, un département ou un bassin.")
    if not school_year:
        campaign = Campaign.objects.current()
        school_year = campaign.school_year if campaign else ""
    edition = (
        Edition.objects.published()
        .select_related("campaign", "academy")
        .prefetch_related("themes")
        .filter(academy=academy, campaign__school_year=school_year)
        .first()
    )
    if edition is None:
        raise ProgrammeError(
            f"Aucune édition publiée {of_academy_phrase(academy)} pour l'année {school_year or 'en cours'}."
        )
    return ProgrammeScope(edition=edition, level=level, department=department, bassin=bassin)


@dataclass
class ProgrammeItem:
    entry: CatalogueEntry
    times: str = ""  # « 14 h – 16 h », « 18 h 30 »
    places: list = field(default_factory=list)

    @property
    def summary(self) -> str:
        return Truncator(self.entry.summary).words(SUMMARY_WORDS)

    @property
    def carrier(self) -> str:
        """Who carries it, unless every place already begins with that name (« École Le Parc,
        Choisy-le-Roi » above « École Le Parc » would say it twice)."""
        carrier = self.entry.carrier_label
        if carrier and self.places and all(p.casefold().startswith(carrier.casefold()) for p in self.places):
            return ""
        return carrier


@dataclass
class ProgrammeCommune:
    name: str
    items: list
    anchor: str = ""


@dataclass
class ProgrammeDay:
    date: datetime.date
    communes: list
    anchor: str = ""

    @property
    def label(self) -> str:
        return format_date(self.date, weekday=True)

    @property
    def count(self) -> int:
        return sum(len(c.items) for c in self.communes)


@dataclass
class Programme:
    scope: ProgrammeScope
    days: list
    undated: list
    count: int
    events: int = 0  # among `count`

    @property
    def count_label(self) -> str:
        """« 12 actions publiées », « 12 actions et 3 événements publiés » (the plural starts at 2)."""
        actions = self.count - self.events

        def plural(n, word):
            return f"{n} {word}{'s' if n > 1 else ''}"

        if not self.events:
            return f"{plural(actions, 'action')} publiée{'s' if actions > 1 else ''}"
        if not actions:
            return f"{plural(self.events, 'événement')} publié{'s' if self.events > 1 else ''}"
        return f"{plural(actions, 'action')} et {plural(self.events, 'événement')} publiés"

    @property
    def edition(self):
        return self.scope.edition

    @property
    def title(self) -> str:
        return self.edition.title or DEFAULT_EDITION_TITLE

    @property
    def period(self) -> str:
        """« du 15 au 19 mars 2027 »."""
        return format_period(self.edition.week_start, self.edition.week_end, weekday=False)

    @property
    def themes(self) -> list:
        return [t.title for t in self.edition.themes.all()] or (
            [self.edition.campaign.theme] if self.edition.campaign.theme else []
        )

    @property
    def has_toc(self) -> bool:
        """A table of contents for an académie's programme (the longest)."""
        return self.scope.level == "academy"


def _time_label(occurrence) -> str:
    if occurrence.start_time and occurrence.end_time:
        return f"{format_time(occurrence.start_time)} – {format_time(occurrence.end_time)}"
    if occurrence.start_time:
        return format_time(occurrence.start_time)
    return ""


def _place_label(occurrence) -> str:
    if occurrence.is_online and occurrence.place:
        return f"{occurrence.place} et en ligne"
    if occurrence.is_online:
        return "En ligne"
    return occurrence.place


def _commune_of(entry) -> str:
    if entry.is_event:
        return EVENTS_GROUP
    return entry.communes.split(",")[0].strip() if entry.communes else ""


@dataclass(frozen=True)
class _Slot:
    """A public temps fort of an action or a session of an event, as the programme prints it."""

    date: datetime.date
    start_time: datetime.time | None
    end_time: datetime.time | None
    place: str
    is_online: bool


def session_slot(session, event) -> _Slot:
    """A session in Europe/Paris time; its place (or the event's), « en ligne » without the link."""
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    return _Slot(
        date=start.date(),
        start_time=start.time(),
        end_time=end.time() if end.date() == start.date() else None,
        place=session.place or event.place,
        is_online=bool(event.online_url),
    )


def _slots(entries) -> dict:
    """{(entry id, date): [slots]} of the public temps forts of the actions and the sessions of
    the events among `entries`, in date and time order: two queries."""
    by_entry_day: dict = {}
    entry_of_action = {e.action_id: e.pk for e in entries if e.action_id}
    for occurrence in Occurrence.objects.filter(action_id__in=list(entry_of_action), is_public=True).order_by(
        "date", "start_time", "pk"
    ):
        by_entry_day.setdefault((entry_of_action[occurrence.action_id], occurrence.date), []).append(occurrence)
    entries_of_event: dict = {}
    for e in entries:
        if e.event_id:
            entries_of_event.setdefault(e.event_id, []).append(e.pk)
    sessions = (
        EventSession.objects.filter(event_id__in=list(entries_of_event))
        .select_related("event")
        .only("starts_at", "ends_at", "place", "event_id", "event__place", "event__online_url")
        .order_by("starts_at", "pk")
    )
    for session in sessions:
        slot = session_slot(session, session.event)
        for entry_id in entries_of_event[session.event_id]:
            by_entry_day.setdefault((entry_id, slot.date), []).append(slot)
    return dict(sorted(by_entry_day.items(), key=lambda kv: kv[0][1]))


def build_programme(scope: ProgrammeScope) -> Programme:
    """The programme of `scope`: each day of a public temps fort (or an event's session), its
    communes (alphabetical, the items without a commune last), their items by start time; then
    the actions without a public dated temps fort. Four queries whatever the size."""
    entries = list(scope.query().entries().select_related("bassin", "department").prefetch_related("text"))
    by_entry_day = _slots(entries)
    days: dict = {}
    undated = []
    dated_ids = {entry_id for entry_id, _ in by_entry_day}
    for entry in entries:
        if entry.pk not in dated_ids:
            undated.append(ProgrammeItem(entry=entry))
    for (entry_id, date), occurrences in by_entry_day.items():
        days.setdefault(date, []).append((entry_id, occurrences))
    entry_of = {e.pk: e for e in entries}
    result_days = []
    for date in sorted(days):
        communes: dict = {}
        for entry_id, occurrences in days[date]:
            entry = entry_of[entry_id]
            times = ", ".join(t for t in dict.fromkeys(_time_label(o) for o in occurrences) if t)
            places = [p for p in dict.fromkeys(_place_label(o) for o in occurrences) if p]
            item = ProgrammeItem(entry=entry, times=times, places=places)
            item.sort_time = min((o.start_time for o in occurrences if o.start_time), default=datetime.time(23, 59))
            communes.setdefault(_commune_of(entry), []).append(item)
        ordered = sorted(communes, key=lambda name: (name != EVENTS_GROUP, name == "", french_sort_key(name)))
        day = ProgrammeDay(
            date=date,
            anchor=f"jour-{date.isoformat()}",
            communes=[
                ProgrammeCommune(
                    name=name or NO_COMMUNE,
                    anchor=f"jour-{date.isoformat()}-{slugify(name or NO_COMMUNE)}",
                    items=sorted(communes[name], key=lambda i: (i.sort_time, french_sort_key(i.entry.title))),
                )
                for name in ordered
            ],
        )
        result_days.append(day)
    undated.sort(
        key=lambda i: (
            _commune_of(i.entry) == "",
            french_sort_key(_commune_of(i.entry)),
            french_sort_key(i.entry.title),
        )
    )
    return Programme(
        scope=scope,
        days=result_days,
        undated=undated,
        count=len(entries),
        events=sum(1 for e in entries if e.is_event),
    )


# --- The PDF ---------------------------------------------------------------------------------


def programme_context(programme: Programme) -> dict:
    color = programme.edition.brand_color or "#000091"
    return {
        "programme": programme,
        "color": color,
        "on_color": _text_color(color),
        "accent": color if _text_color(color) == "#ffffff" else "#161616",
        "fonts": {
            "regular": _font_url("Marianne-Regular.woff2"),
            "bold": _font_url("Marianne-Bold.woff2"),
            "medium": _font_url("Marianne-Medium.woff2"),
        },
    }


def render_programme_html(programme: Programme) -> str:
    return render_to_string("documents/programme.html", programme_context(programme))


def programme_pdf(programme: Programme) -> bytes:
    """The A4 PDF of `programme` (WeasyPrint; nothing fetched but the DSFR fonts)."""
    from weasyprint import HTML

    html = render_programme_html(programme)
    fetcher = _local_fetcher_class()(allowed_protocols=("file", "data"), allow_redirects=False)
    return HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=fetcher).write_pdf()


def programme_filename(scope: ProgrammeScope) -> str:
    return f"programme-{slugify(scope.territory_label)[:60]}-{scope.edition.campaign.school_year}.pdf"


def programme_label(scope: ProgrammeScope) -> str:
    return f"Programme {scope.edition.campaign.school_year} — {scope.territory_label}"


@register(PROGRAMME_KIND, public=True)
def build_programme_pdf(file, progress) -> Built:
    """The task's builder: params are the programme's query string (ProgrammeScope.params) and a
    version; only published content is read, so anybody may ask."""
    params = {k: v for k, v in file.params.items() if k != "version"}
    try:
        scope = programme_scope(params)
    except ProgrammeError as error:
        raise FileBuildError(error.message) from error
    progress(10)
    programme = build_programme(scope)
    progress(40)
    pdf = programme_pdf(programme)
    return Built(filename=programme_filename(scope), content_type="application/pdf", content=pdf)
