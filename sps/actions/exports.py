"""CSV and XLSX exports of fiches actions, with chosen columns (pilots' list; later the syntheses).

Built in a background task (sps.files): `generated_file_request(kind=EXPORT_KIND, params=…)` with
params {"filters": {...ids and codes...}, "columns": [...], "format": "xlsx"|"csv"}. The task
reads the fiches again through `Action.objects.visible_to(user)`, so the export never holds more
than its requester may see at the time it is built.

Values keep their type: numbers and dates are numbers and dates in XLSX (CSV writes dates as
« 03/12/2026 »); a figure not reported is « N.C. », never 0; a text that a spreadsheet would run
as a formula is neutralised.
"""

import csv
import datetime
import io

from django.db.models import Prefetch, Q
from django.utils import timezone

from sps.actions.enums import Contribution, Public
from sps.actions.fields import FIELDS
from sps.actions.models import (
    PARTICIPANT_FIELDS,
    Action,
    bilan_returned_q,
    carried_by_schools_q,
    has_occurrence_q,
    has_partner_q,
    participants_not_reported_q,
)
from sps.editions.models import Campaign
from sps.files.registry import Built, FileBuildError, register
from sps.schools.models import School
from sps.territories.models import Academy, Bassin, Department

EXPORT_KIND = "actions.export"
# The « category » filter's value for fiches written without a model of the idea bank.
NO_CATEGORY = "aucune"
NC = "N.C."
FORMATS = {
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("csv", "text/csv; charset=utf-8"),
}


def _join(items) -> str:
    return ", ".join(str(i) for i in items if i)


def _schools(action):
    return list(action.schools.all())


def _participants(name):
    def get(action):
        bilan = getattr(action, "bilan", None)
        value = getattr(bilan, name, None) if bilan is not None else None
        return NC if value is None else value

    return get


def _occurrences(action) -> str:
    parts = []
    for s in action.occurrences.all():
        text = s.date.strftime("%d/%m/%Y")
        if s.start_time:
            text += " " + s.start_time.strftime("%H:%M")
            if s.end_time:
                text += "-" + s.end_time.strftime("%H:%M")
        text += " — " + ("en ligne" if s.is_online else s.place)
        parts.append(text)
    return " ; ".join(parts)


def _partners(action) -> str:
    labels = dict(Contribution.choices)
    parts = []
    for link in action.action_partners.all():
        text = f"{link.partner.name} ({link.partner.get_kind_display()})"
        if link.contributions:
            text += " : " + _join(labels.get(c, c) for c in link.contributions)
        parts.append(text)
    return " ; ".join(parts)


def _yes(value) -> str:
    return "Oui" if value else "Non"


def _day(value) -> datetime.date | None:
    """The local day of a timestamp, as a date (a date cell in XLSX)."""
    return timezone.localtime(value).date() if value else None


# key -> (column title, getter). Contacts are personal data: never in the default set.
EXPORT_COLUMNS = {
    "id": ("N°", lambda a: a.pk),
    "title": (FIELDS["title"].column, lambda a: a.title),
    "description": (FIELDS["description"].column, lambda a: a.description),
    "status": ("Statut", lambda a: a.get_status_display()),
    "edition": ("Édition", lambda a: f"{a.edition.campaign.school_year} — {a.edition.academy.name}"),
    "carrier": ("Porteur(s)", lambda a: a.carrier_label()),
    "uai": ("UAI", lambda a: _join(s.uai for s in _schools(a))),
    "commune": ("Commune(s)", lambda a: _join(dict.fromkeys(s.commune for s in _schools(a)))),
    "bassin": (
        "Bassin(s)",
        lambda a: _join(
            dict.fromkeys(
                [s.bassin.display_name for s in _schools(a) if s.bassin] + ([a.bassin.display_name] if a.bassin else [])
            )
        ),
    ),
    "department": ("Département(s)", lambda a: _join(dict.fromkeys(s.department.name for s in _schools(a)))),
    "publics": (FIELDS["publics"].column, lambda a: _join(a.get_publics_display())),
    "levels": (FIELDS["levels"].column, lambda a: _join(a.get_levels_display())),
    "classes": (FIELDS["classes"].column, lambda a: a.classes),
    "themes": (FIELDS["themes"].column, lambda a: _join(t.title for t in a.themes.all())),
    "occurrences": (FIELDS["occurrences"].column, _occurrences),
    "promotion_kind": (
        FIELDS["promotion_kind"].column,
        lambda a: a.get_promotion_kind_display() if a.promotion_kind else "",
    ),
    "partners": (FIELDS["partners"].column, _partners),
    "is_year_long": (FIELDS["is_year_long"].column, lambda a: _yes(a.is_year_long)),
    "is_flagship": (FIELDS["is_flagship"].column, lambda a: _yes(a.is_flagship)),
    "shown_at_forum": (FIELDS["shown_at_forum"].column, lambda a: _yes(a.shown_at_forum)),
    "organisation": (FIELDS["organisation"].column, lambda a: a.organisation),
    "objectives": (FIELDS["objectives"].column, lambda a: a.objectives),
    "steering": (FIELDS["steering"].column, lambda a: a.steering),
    "success_factors": (FIELDS["success_factors"].column, lambda a: a.success_factors),
    "promotion": (FIELDS["promotion"].column, lambda a: a.promotion),
    "contact_name": (FIELDS["contact_name"].column, lambda a: a.contact_name),
    "contact_email": (FIELDS["contact_email"].column, lambda a: a.contact_email),
    "contact_role": (FIELDS["contact_role"].column, lambda a: a.contact_role),
    "participants_pupils": ("Participants : élèves", _participants(PARTICIPANT_FIELDS[Public.PUPILS])),
    "participants_parents": ("Participants : parents", _participants(PARTICIPANT_FIELDS[Public.PARENTS])),
    "participants_staff": ("Participants : personnels", _participants(PARTICIPANT_FIELDS[Public.STAFF])),
    "participants_partners": ("Participants : partenaires", _participants(PARTICIPANT_FIELDS[Public.PARTNERS])),
    "submitted_at": ("Soumise le", lambda a: _day(a.submitted_at)),
    "published_at": ("Publiée le", lambda a: _day(a.published_at)),
}
DEFAULT_COLUMNS = [
    "id",
    "title",
    "description",
    "status",
    "carrier",
    "uai",
    "commune",
    "bassin",
    "publics",
    "levels",
    "occurrences",
    "is_flagship",
    "shown_at_forum",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell a spreadsheet would run as a formula gets a leading quote (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def ordered_columns(columns) -> list[str]:
    """The known columns among `columns`, in the export's order."""
    return [key for key in EXPORT_COLUMNS if key in set(columns)]


def export_rows(actions, columns):
    getters = [EXPORT_COLUMNS[key][1] for key in columns]
    for action in actions:
        yield [neutralise(get(action)) for get in getters]


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def export_csv(actions, columns, *, progress=None, total=0) -> bytes:
    """UTF-8 with a BOM and `;`, as Excel (in French) opens it; N.C. stays « N.C. »."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([EXPORT_COLUMNS[key][0] for key in columns])
    for index, row in enumerate(export_rows(actions, columns), start=1):
        writer.writerow([_csv_value(v) for v in row])
        if progress and total:
            progress(index * 100 // total)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(actions, columns, *, progress=None, total=0) -> bytes:
    """Numbers as numbers, dates as dates (shown « JJ/MM/AAAA »), texts as texts (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Fiches actions"
    sheet.append([EXPORT_COLUMNS[key][0] for key in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, row in enumerate(export_rows(actions, columns), start=1):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
        if progress and total:
            progress(index * 100 // total)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Which fiches -----------------------------------------------------------------------------------


def filter_actions(actions, filters: dict, *, current_campaign):
    """The pilots' list filters, given as ids and codes (what a task's parameters can hold):
    edition, campaign (a school year), academy, status, department, bassin, level, levels_any (a
    group of levels), public, theme, is_flagship, shown_at_forum, q, and those the indicators link to
    (sps.syntheses.indicators): school_kind, priority_education, sector (of a carrying school),
    has_occurrence, bilan_returned, has_partner, partner_kind, partner, category, participants_nc.
    Without an edition nor a campaign, the current campaign's fiches."""
    if filters.get("edition"):
        actions = actions.filter(edition_id=filters["edition"])
    elif filters.get("campaign"):
        actions = actions.filter(edition__campaign__school_year=filters["campaign"])
    elif current_campaign is not None:
        actions = actions.filter(edition__campaign=current_campaign)
    if filters.get("academy"):
        academy = Academy.objects.filter(pk=filters["academy"]).first()
        actions = actions.for_territory(academy=academy) if academy is not None else actions.none()
    actions = _indicator_filters(actions, filters)
    actions = actions.filtered(
        department=Department(pk=filters["department"]) if filters.get("department") else None,
        bassin=Bassin(pk=filters["bassin"]) if filters.get("bassin") else None,
        status=filters.get("status") or None,
        level=filters.get("level") or None,
        public=filters.get("public") or None,
        theme=filters.get("theme") or None,
        is_flagship=True if filters.get("is_flagship") else None,
        shown_at_forum=True if filters.get("shown_at_forum") else None,
    )
    query = (filters.get("q") or "").strip()
    if query:
        actions = actions.filter(Q(title__icontains=query))
    return actions


def _indicator_filters(actions, filters: dict):
    """The filters behind each figure of the indicators' dashboard (one definition for both)."""
    if filters.get("levels_any"):
        actions = actions.with_any_level(filters["levels_any"])
    school = {
        field: filters[key]
        for key, field in (
            ("school_kind", "kind"),
            ("priority_education", "priority_education"),
            ("sector", "sector"),
        )
        if filters.get(key)
    }
    if school:
        actions = actions.filter(carried_by_schools_q(**school))
    if filters.get("has_occurrence"):
        actions = actions.filter(has_occurrence_q())
    if filters.get("bilan_returned"):
        actions = actions.filter(bilan_returned_q())
    if filters.get("has_partner"):
        actions = actions.filter(has_partner_q())
    if filters.get("partner_kind"):
        actions = actions.filter(has_partner_q(partner__kind=filters["partner_kind"]))
    if filters.get("partner"):
        actions = actions.filter(has_partner_q(partner_id=filters["partner"]))
    if filters.get("category"):
        category = filters["category"]
        actions = (
            actions.filter(from_model__isnull=True)
            if category == NO_CATEGORY
            else actions.filter(from_model__category=category)
        )
    if filters.get("participants_nc"):
        actions = actions.filter(participants_not_reported_q(filters["participants_nc"]))
    return actions


def actions_for_export(*, user, filters: dict):
    """The fiches `user` may see that match `filters`, with what the columns read, in id order."""
    actions = filter_actions(Action.objects.visible_to(user), filters, current_campaign=Campaign.objects.current())
    return (
        actions.select_related("edition__academy", "edition__campaign", "bassin__department", "department", "bilan")
        .prefetch_related(
            Prefetch("schools", queryset=School.objects.select_related("bassin", "department")),
            "occurrences",
            "themes",
            "action_partners__partner",
        )
        .order_by("pk")
    )


@register(EXPORT_KIND)
def build_export(file, progress) -> Built:
    """The task's builder: params {"filters", "columns", "format"} (see the module's docstring)."""
    params = file.params
    columns = ordered_columns(params.get("columns") or [])
    if not columns:
        raise FileBuildError("Aucune colonne n'a été choisie : cochez au moins une colonne de l'export.")
    extension, content_type = FORMATS[params.get("format", "xlsx")]
    actions = actions_for_export(user=file.requested_by, filters=params.get("filters") or {})
    total = actions.count()
    build = export_csv if extension == "csv" else export_xlsx
    content = build(actions, columns, progress=progress, total=total)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return Built(filename=f"fiches-actions-{stamp}.{extension}", content_type=content_type, content=content)
