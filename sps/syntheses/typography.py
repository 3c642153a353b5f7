"""French typography for the texts of a synthesis (many are typed or copied from Word documents).

A no-break space (U+00A0) before « : ; ! ? % » and inside « », so that a line never starts with
a colon or a closing guillemet. URLs are left alone (their colons have no space before them).
"""

import re

NBSP = "\u00a0"
NNBSP = "\u202f"
_BEFORE = re.compile(r"[ \t\u202f]+([:;!?%»])")
_AFTER = re.compile(r"«[ \t\u202f]+")
_MISSING_BEFORE = re.compile(r"(?<=[^\s\u00a0«(/\d:])([;!?»])(?=\s|$)")


def french_spacing(text: str) -> str:
    """« Partenaires : les collectivités » → « Partenaires\u00a0: les collectivités »."""
    if not text:
        return text
    text = _BEFORE.sub(NBSP + r"\1", text)
    text = _AFTER.sub("«" + NBSP, text)
    text = _MISSING_BEFORE.sub(NBSP + r"\1", text)
    return text


def publication_date(moment) -> str:
    """The day a synthesis was published, as the documents print it: « 3 décembre 2026 »."""
    from django.utils import timezone
    from django.utils.formats import date_format

    return date_format(timezone.localtime(moment), "j F Y")
