"""The printable programme (HTML page with a print stylesheet, PDF built as a background task) and
the embeddable widget. Public: only published content is read (sps.catalogue).

Only the widget's responses may be framed by other sites (no X-Frame-Options, CSP frame-ancestors
*); every other page keeps DENY / 'none' from the settings.
"""

from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_not_required
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from sps.catalogue.enums import EntryKind
from sps.catalogue.programme import (
    PROGRAMME_KIND,
    ProgrammeError,
    build_programme,
    programme_label,
    programme_scope,
)
from sps.catalogue.query import CatalogueQuery
from sps.common.dates import format_date, format_period
from sps.files.services import generated_file_request
from sps.www.public.catalogue import published_label

WIDGET_SIZE = 30


def _error(request, error: ProgrammeError, *, status: int):
    return render(
        request,
        "public/programme/print_error.html",
        {"title": "Programme imprimable", "message": error.message},
        status=status,
    )


def _error_status(request) -> int:
    """Nothing chosen: 400; a territory or an edition that does not exist (or is not published): 404."""
    params = request.GET if request.method == "GET" else request.POST
    return 404 if any((params.get(n) or "").strip() for n in ("academie", "departement", "bassin")) else 400


@login_not_required
@require_GET
def programme_print(request):
    """The programme of an académie, a département or a bassin for an edition, to read and print."""
    try:
        scope = programme_scope(request.GET)
    except ProgrammeError as error:
        return _error(request, error, status=_error_status(request))
    programme = build_programme(scope)
    return render(
        request,
        "public/programme/print.html",
        {
            "title": f"Programme {scope.edition.campaign.school_year} — {scope.territory_label}",
            "programme": programme,
            "scope_params": scope.params(),
        },
    )


@login_not_required
@require_POST
def programme_print_pdf(request):
    """Ask for the programme's PDF: one shared job per programme and version (asked twice, or by
    two visitors, it is built once), then the generated file's page (progress, then the link)."""
    try:
        scope = programme_scope(request.POST)
    except ProgrammeError as error:
        return _error(request, error, status=_error_status(request))
    file = generated_file_request(
        by=None,
        kind=PROGRAMME_KIND,
        params={**scope.params(), "version": scope.version()},
        label=f"{programme_label(scope)} (PDF)",
    )
    return redirect("files:detail", pk=file.pk)


def _when(entry, *, year: bool = False) -> str:
    """« Mardi 16 mars » (« Mardi 17 mars 2026 » with `year`: an entry of an earlier edition, listed
    after the newest one, must not read as this year's), « du 16 au 18 mars 2027 »."""
    if entry.first_date and entry.last_date and entry.first_date != entry.last_date:
        return format_period(entry.first_date, entry.last_date, weekday=False)
    if entry.first_date:
        return format_date(entry.first_date, weekday=True, year=year)
    return "Tout au long de la semaine"


def widget_entry_url(entry) -> str:
    """The public page of an entry: an action's fiche (/programme/actions/<id>/) or an event's
    page (/evenements/<id>/)."""
    return entry.get_absolute_url()


@login_not_required
@require_GET
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def programme_widget(request):
    """A compact list of a territory's programme (any catalogue filter), made to be framed by an
    académie's or a school's website: links open outside the frame."""
    query = CatalogueQuery.from_params(request.GET)
    entries = query.entries()
    if not query.sort:
        # The newest edition first (a school's widget without an edition must not open on last
        # year's programme), then what happens soonest; actions without a date after them.
        entries = entries.order_by("-campaign__school_year", F("first_date").asc(nulls_last=True), "id")
    total = entries.count()
    events = entries.filter(kind=EntryKind.EVENT).count() if total else 0
    shown = list(entries[:WIDGET_SIZE])
    for entry in shown:
        entry.when = _when(entry, year=entry.campaign_id != shown[0].campaign_id)
        entry.url = request.build_absolute_uri(widget_entry_url(entry))
    params = query.without("sort").to_params()
    catalogue_url = request.build_absolute_uri(reverse("public:programme"))
    if params:
        catalogue_url += "?" + urlencode(params)
    return render(
        request,
        "public/programme/widget.html",
        {
            "entries": shown,
            "total": total,
            "count_label": published_label(total, events),
            "more": total - len(shown),
            "catalogue_url": catalogue_url,
        },
    )
