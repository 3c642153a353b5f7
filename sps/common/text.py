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


# --- Directory names, readable ---------------------------------------------------------------
# The ministry's directory writes many names in capitals without accents (« 94 BASSIN 3-OUEST
# (DIST. 6, 7, 8 ET 9) », « ECOLE PRIMAIRE PRIVEE HOLISKOL », « Ecole élémentaire Jules Ferry »).
# `readable_name` gives the form shown to people; the raw value stays stored, for matching.

# Unaccented lower case → accented lower case, for the words of school and territory names.
ACCENTED_WORDS = {
    "ecole": "école",
    "ecoles": "écoles",
    "elementaire": "élémentaire",
    "lycee": "lycée",
    "lycees": "lycées",
    "college": "collège",
    "colleges": "collèges",
    "etablissement": "établissement",
    "regional": "régional",
    "regionale": "régionale",
    "prive": "privé",
    "privee": "privée",
    "adapte": "adapté",
    "education": "éducation",
    "educatif": "éducatif",
    "educative": "éducative",
    "specialise": "spécialisé",
    "specialisee": "spécialisée",
    "medico": "médico",
    "academique": "académique",
    "academie": "académie",
    "departemental": "départemental",
    "departementale": "départementale",
    "metiers": "métiers",
    "hotellerie": "hôtellerie",
    "general": "général",
    "generale": "générale",
    "deficients": "déficients",
    "eleves": "élèves",
    "reussite": "réussite",
    "superieur": "supérieur",
    "superieure": "supérieure",
    "experimental": "expérimental",
    "therapeutique": "thérapeutique",
    "cite": "cité",
    "secretariat": "secrétariat",
}
# Words that describe the kind of school: lower case after the first word (« École primaire privée »).
KIND_WORDS = {
    "élémentaire",
    "maternelle",
    "primaire",
    "privé",
    "privée",
    "public",
    "publique",
    "professionnel",
    "polyvalent",
    "général",
    "générale",
    "technologique",
    "agricole",
    "régional",
    "régionale",
    "adapté",
    "académique",
    "départemental",
    "départementale",
}
SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "et", "en", "aux", "au", "sur", "sous", "d", "l", "à"}
ACRONYMS = {
    "IME",
    "ITEP",
    "CIO",
    "EREA",
    "SEGPA",
    "ULIS",
    "CASNAV",
    "IA",
    "DSDEN",
    "MLDS",
    "REP",
    "UE",
    "CAP",
    "SESSAD",
    "EATICE",
}
_TOKENS = re.compile(r"([\s\-'’(),./]+)")
_BASSIN = re.compile(r"^\s*\d{2,3}[AB]?\s+bassin\s+(\d+)\s*-\s*(.*?)\s*(?:\((.*)\))?\s*$", re.IGNORECASE)


def readable_name(raw: str) -> str:
    """« 94 BASSIN 3-OUEST (DIST. 6, 7, 8 ET 9) » → « Bassin 3 – Ouest (districts 6, 7, 8 et 9) »;
    « ECOLE PRIMAIRE PRIVEE HOLISKOL » → « École primaire privée Holiskol »;
    « Ecole élémentaire Jules Ferry » → « École élémentaire Jules Ferry ». Names already written
    with lower case keep their words, only the known unaccented ones get their accents back."""
    raw = " ".join((raw or "").split())
    if match := _BASSIN.match(raw):
        number, rest, districts = match.groups()
        text = f"Bassin {number} – {readable_name(rest)}"
        if districts:
            districts = re.sub(r"^dist(?:ricts?)?\.?\s*", "districts ", districts.strip(), flags=re.IGNORECASE)
            text += f" ({_words(districts, shouting=True, first_capital=False)})"
        return text
    letters = [c for c in raw if c.isalpha()]
    shouting = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8
    return _words(raw, shouting=shouting, first_capital=True)


def _words(text: str, *, shouting: bool, first_capital: bool) -> str:
    parts = _TOKENS.split(text)
    out = []
    first = True
    for part in parts:
        if not part or _TOKENS.fullmatch(part):
            out.append(part)
            continue
        out.append(_word(part, shouting=shouting, first=first and first_capital))
        first = False
    return "".join(out)


def _word(word: str, *, shouting: bool, first: bool) -> str:
    if word.isupper() and word in ACRONYMS or any(c.isdigit() for c in word):
        return word
    lower = word.lower()
    accented = ACCENTED_WORDS.get(strip_accents(lower))
    if word.isupper() and (shouting or len(word) > 3):
        # A word in capitals: lower case, then capitalised unless it is a small or kind word.
        base = accented or lower
        if not first and (base in SMALL_WORDS or base in KIND_WORDS):
            return base
        return base[:1].upper() + base[1:]
    if accented is None:
        return word
    if first or word[:1].isupper() and accented not in KIND_WORDS:
        return accented[:1].upper() + accented[1:]
    return accented
