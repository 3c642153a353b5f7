"""The synthesis as a PDF (WeasyPrint), from the same HTML body as the Pilotage page.

WeasyPrint opens nothing but the DSFR's font files (the fetcher of sps.actions.documents); the
stylesheet is read from static/sps/synthesis.css and inlined.
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from sps.actions.documents import FONT_DIR, _font_url, _local_fetcher_class
from sps.syntheses.document import SynthesisDocument

# A CSS string inside <style>: no quote, backslash or angle bracket may end it early.
_CSS_UNSAFE = str.maketrans({'"': "'", "\\": None, "<": None, ">": None})
CSS_FILE = Path(settings.BASE_DIR) / "static" / "sps" / "synthesis.css"


def synthesis_pdf_html(doc: SynthesisDocument) -> str:
    return render_to_string(
        "syntheses/document_pdf.html",
        {
            "doc": doc,
            "css": CSS_FILE.read_text(encoding="utf-8"),
            "links_base": settings.SITE_URL.rstrip("/"),
            "footer_label": f"{doc.title} — {doc.subtitle}".translate(_CSS_UNSAFE),
            "fonts": {
                "regular": _font_url("Marianne-Regular.woff2"),
                "bold": _font_url("Marianne-Bold.woff2"),
                "medium": _font_url("Marianne-Medium.woff2"),
            },
        },
    )


def synthesis_pdf(doc: SynthesisDocument) -> bytes:
    from weasyprint import HTML  # loading pango takes a moment: only PDFs need it

    fetcher = _local_fetcher_class()(allowed_protocols=("file", "data"), allow_redirects=False)
    html = HTML(string=synthesis_pdf_html(doc), base_url=FONT_DIR.as_uri() + "/", url_fetcher=fetcher)
    return html.write_pdf(pdf_identifier=doc.filename_stem.encode())
