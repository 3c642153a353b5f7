"""The attestation de présence (A4 PDF, WeasyPrint) of a staff member marked present: time spent in
the week's workshops and conferences counts as training (seed 000). Small: built in the request."""

from django.template.loader import render_to_string
from django.utils import timezone

from sps.actions.documents import FONT_DIR, _font_url, _local_fetcher_class
from sps.common.dates import format_date
from sps.events.text import event_duration, event_session_when, format_duration


def attestation_context(registration) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "academies": list(event.academies.all()),
        "sessions": [(s, event_session_when(s)) for s in event.ordered_sessions()],
        "duration": format_duration(event_duration(event)),
        "issued_on": format_date(timezone.localdate()),
        "fonts": {"regular": _font_url("Marianne-Regular.woff2"), "bold": _font_url("Marianne-Bold.woff2")},
    }


def attestation_html(registration) -> str:
    return render_to_string("documents/attestation.html", attestation_context(registration))


def attestation_pdf(registration) -> bytes:
    from weasyprint import HTML

    fetcher = _local_fetcher_class()(allowed_protocols=("file", "data"), allow_redirects=False)
    return HTML(
        string=attestation_html(registration), base_url=FONT_DIR.as_uri() + "/", url_fetcher=fetcher
    ).write_pdf()
