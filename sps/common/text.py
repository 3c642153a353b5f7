"""Text helpers shared by every app: accent-insensitive search keys, code normalisation."""

import re
import unicodedata


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_search(text: str) -> str:
    """Lower case, no accents, punctuation turned into spaces: the form search keys are stored in."""
    text = strip_accents(text or "").lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())
