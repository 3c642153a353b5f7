"""This machine renders PDFs: WeasyPrint imports with its system libraries (Pango, HarfBuzz and its
subsetter, fonts from system-packages.txt) and poppler's pdftotext reads the page back.

Not a skip when a tool is missing: a machine that cannot render posters must say so (CI runs it too).
"""

import re
import subprocess
import warnings


def test_weasyprint_renders_one_page_read_back_by_pdftotext():
    with warnings.catch_warnings():
        # The HarfBuzz-Subset import warning is ignored by pyproject's filter; here it is an error,
        # since libharfbuzz-subset0 is in the list and makes the fonts subsetted.
        warnings.simplefilter("error")
        import weasyprint

    html = "<html lang='fr'><body><h1>Semaine de la persévérance scolaire</h1><p>Créteil, 2026-2027</p></body></html>"
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf.startswith(b"%PDF-")

    pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Pages:\s+1$", pages, re.M), pages
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = " ".join(text.split())
    assert "Semaine de la persévérance scolaire" in text
    assert "Créteil, 2026-2027" in text
