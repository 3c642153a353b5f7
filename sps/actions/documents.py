"""The poster (affiche) and the invitation of a fiche action, as A4 PDFs (WeasyPrint).

The HTML comes from templates/documents/{poster,invitation}.html, rendered by Django's template
engine (every text of the fiche is escaped: a title holding <script> prints as text). WeasyPrint
fetches nothing from the network: LocalFetcher only opens the DSFR's font files and data: URLs
(the edition's logo is embedded as one), anything else fails quietly and is left out.

They are built in a background task (sps.files, kind POSTER_KIND, params {"action": pk, "kind":
"poster"|"invitation"}) and downloaded from the generated file's page.
"""

import base64
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import dsfr
from django.template.loader import render_to_string
from django.utils.text import slugify

from sps.common.dates import format_date, format_time
from sps.editions.enums import DEFAULT_EDITION_TITLE
from sps.files.registry import Built, FileBuildError, register

KINDS = {"poster": "documents/poster.html", "invitation": "documents/invitation.html"}
POSTER_KIND = "actions.poster"
# kind -> (name of the file, what the download page calls it)
DOCUMENT_NAMES = {"poster": ("affiche", "Affiche"), "invitation": ("invitation", "Invitation")}
# What fits on one A4 page with the longest title (200 characters); more dates are counted, not listed.
MAX_MOMENTS = {"poster": 3, "invitation": 3}
LONG_TITLE = 70
FONT_DIR = Path(dsfr.__file__).resolve().parent / "static" / "dsfr" / "dist" / "fonts"
# Files WeasyPrint may open: the fonts, nothing else.
ALLOWED_ROOTS = (FONT_DIR,)


def occurrence_when(occurrence) -> str:
    """« mardi 17 mars 2026, de 14 h à 16 h », « … à 18 h 30 », or the date alone."""
    text = format_date(occurrence.date, weekday=True)
    if occurrence.start_time and occurrence.end_time:
        return f"{text}, de {format_time(occurrence.start_time)} à {format_time(occurrence.end_time)}"
    if occurrence.start_time:
        return f"{text}, à {format_time(occurrence.start_time)}"
    return text


def occurrence_where(occurrence) -> str:
    """The place, « en ligne », or both."""
    if occurrence.is_online and occurrence.place:
        return f"{occurrence.place} et en ligne"
    if occurrence.is_online:
        return "en ligne"
    return occurrence.place


@dataclass(frozen=True)
class Moment:
    when: str
    where: str


def _text_color(hex_color: str) -> str:
    """Black or white, whichever reads better on `hex_color` (WCAG relative luminance)."""
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#161616" if luminance > 0.179 else "#ffffff"


def _logo_data_url(edition) -> str:
    """The edition's logo (a PNG re-encoded on upload) as a data: URL; empty if none or unreadable."""
    if not edition.logo:
        return ""
    try:
        with edition.logo.open("rb") as f:
            data = f.read()
    except OSError:
        return ""
    kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def _font_url(name: str) -> str:
    path = FONT_DIR / name
    return path.as_uri() if path.exists() else ""


def document_context(action, *, kind: str) -> dict:
    """What the templates show; also used by tests to check the HTML that feeds WeasyPrint."""
    if kind not in KINDS:
        raise ValueError(f"Unknown document kind: {kind!r}")
    edition = action.edition
    color = edition.brand_color or "#000091"
    themes = [t.title for t in edition.themes.all()] or ([edition.campaign.theme] if edition.campaign.theme else [])
    moments = [Moment(when=occurrence_when(s), where=occurrence_where(s)) for s in action.occurrences.all()]
    shown = moments[: MAX_MOMENTS[kind]]
    return {
        "kind": kind,
        "action": action,
        "title": action.display_title,
        "carrier": action.carrier_label(),
        "schools": list(action.schools.all()),
        "moments": shown,
        "more_moments": len(moments) - len(shown),
        "long_title": len(action.display_title) > LONG_TITLE,
        "publics": action.get_publics_display(),
        "edition": edition,
        "edition_title": edition.title or DEFAULT_EDITION_TITLE,
        "is_default_title": (edition.title or DEFAULT_EDITION_TITLE) == DEFAULT_EDITION_TITLE,
        "ordinal_label": edition.ordinal_label,
        "academy": edition.academy,
        "week_label": edition.week.label,
        "themes": themes,
        "color": color,
        "on_color": _text_color(color),
        # Text in the colour only when it reads on white (a light yellow does not).
        "accent": color if _text_color(color) == "#ffffff" else "#161616",
        "logo_url": _logo_data_url(edition),
        "fonts": {
            "regular": _font_url("Marianne-Regular.woff2"),
            "bold": _font_url("Marianne-Bold.woff2"),
            "medium": _font_url("Marianne-Medium.woff2"),
        },
    }


def render_document_html(action, *, kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"Unknown document kind: {kind!r}")
    return render_to_string(KINDS[kind], document_context(action, kind=kind))


def _local_fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """data: URLs and files under ALLOWED_ROOTS; every other URL is refused."""

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(os.path.realpath(unquote(urlparse(url).path)))
                if any(path.is_relative_to(root) for root in ALLOWED_ROOTS) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"Ressource non autorisée dans un document généré : {url[:80]}")

    return LocalFetcher


def action_poster_pdf(action, *, kind: str = "poster") -> bytes:
    """The A4 PDF poster (kind "poster") or invitation (kind "invitation") of `action`.

    `action` should come with its edition (campaign, académie, themes), schools and occurrences:
    Action.objects.with_details() loads them.
    """
    from weasyprint import HTML  # imported here: loading pango takes a moment, only PDFs need it

    html = render_document_html(action, kind=kind)
    fetcher = _local_fetcher_class()(allowed_protocols=("file", "data"), allow_redirects=False)
    return HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=fetcher).write_pdf()


@register(POSTER_KIND)
def build_document(file, progress) -> Built:
    """The task's builder: the poster or invitation of fiche params["action"], if its requester may
    still open that fiche."""
    from sps.actions.models import Action

    kind = file.params.get("kind")
    if kind not in KINDS:
        raise FileBuildError("Ce type de document n'existe pas.")
    action = Action.objects.visible_to(file.requested_by).with_details().filter(pk=file.params.get("action")).first()
    if action is None:
        raise FileBuildError(
            "Cette fiche n'existe plus ou ne vous est plus accessible : le document n'a pas été généré."
        )
    progress(10)
    pdf = action_poster_pdf(action, kind=kind)
    prefix = DOCUMENT_NAMES[kind][0]
    name = f"{prefix}-{slugify(action.display_title)[:60] or action.pk}.pdf"
    return Built(filename=name, content_type="application/pdf", content=pdf)
