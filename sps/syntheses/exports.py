"""The synthesis in its four formats, for the command, the task and the bench.

    render_synthesis(campaign=…, academy=None, fmt="pdf") -> (filename, content type, bytes)

The PDF, DOCX, XLSX and the archive's HTML file of the Pilotage space are built by a task (kind SYNTHESIS_KIND, params
{"campaign": school year, "academy": slug or "", "format": …}) into a sps.files GeneratedFile.
"""

from django.conf import settings
from django.template.loader import render_to_string

from sps.files.registry import Built, FileBuildError, register
from sps.syntheses.document import build_synthesis
from sps.syntheses.synthesis import synthesis_rows

SYNTHESIS_KIND = "syntheses.synthesis"
FORMATS = ("html", "pdf", "docx", "xlsx")
# Every format is a generated file built off the request (one job when asked twice); the Pilotage
# page itself shows the same document in HTML.
DOWNLOAD_FORMATS = ("pdf", "docx", "xlsx", "html")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def synthesis_standalone_html(doc) -> str:
    """A self-contained HTML file (the archive's copy): the same body, its stylesheet inlined."""
    from sps.syntheses.pdf import CSS_FILE

    return render_to_string(
        "syntheses/document_standalone.html",
        {"doc": doc, "css": CSS_FILE.read_text(encoding="utf-8"), "links_base": settings.SITE_URL.rstrip("/")},
    )


def render_synthesis(*, campaign, academy=None, fmt: str, progress=None) -> tuple[str, str, bytes]:
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}")
    progress = progress or (lambda percent: None)
    scope = str(academy) if academy else "nationale"
    if fmt == "xlsx":
        from sps.syntheses.xlsx import synthesis_xlsx

        rows = synthesis_rows(campaign=campaign, academy=academy)
        content = synthesis_xlsx(rows, title=f"Synthèse {scope} {campaign.school_year}")
        stem = f"synthese-{academy.slug if academy else 'nationale'}-{campaign.school_year}"
        return f"{stem}.xlsx", CONTENT_TYPES[fmt], content
    doc = build_synthesis(campaign=campaign, academy=academy)
    progress(30)
    if fmt == "pdf":
        from sps.syntheses.pdf import synthesis_pdf

        content = synthesis_pdf(doc)
    elif fmt == "docx":
        from sps.syntheses.docx import synthesis_docx

        content = synthesis_docx(doc)
    else:
        content = synthesis_standalone_html(doc).lstrip().encode()
    progress(90)
    return f"{doc.filename_stem}.{fmt}", CONTENT_TYPES[fmt], content


@register(SYNTHESIS_KIND)
def build_synthesis_file(file, progress) -> Built:
    """The task's builder: checks again that the requester may still see that synthesis."""
    from sps.accounts import perms as rules
    from sps.editions.models import Campaign
    from sps.territories.models import Academy

    fmt = file.params.get("format")
    if fmt not in DOWNLOAD_FORMATS:
        raise FileBuildError("Ce format de synthèse n'existe pas.")
    campaign = Campaign.objects.filter(school_year=file.params.get("campaign")).first()
    slug = file.params.get("academy") or ""
    academy = Academy.objects.filter(slug=slug).first() if slug else None
    if campaign is None or (slug and academy is None):
        raise FileBuildError("Cette campagne ou cette académie n'existe plus : la synthèse n'a pas été générée.")
    allowed = (
        rules.can_view_academy_synthesis(file.requested_by, academy)
        if academy
        else rules.can_view_national_synthesis(file.requested_by)
    )
    if not allowed:
        raise FileBuildError("Cette synthèse ne vous est plus accessible : elle n'a pas été générée.")
    progress(10)
    filename, content_type, content = render_synthesis(campaign=campaign, academy=academy, fmt=fmt, progress=progress)
    return Built(filename=filename, content_type=content_type, content=content)
