"""Territory codes, and académie names in French (elision, sort order)."""

from sps.common.text import strip_accents


def normalize_department_code(raw: str) -> str:
    """'035' -> '35', '5' -> '05', '02A' -> '2A', '971' -> '971'."""
    code = (raw or "").strip().upper()
    if not code:
        return ""
    if code.isdigit():
        number = int(code)
        return f"{number:02d}" if number < 100 else str(number)
    code = code.lstrip("0")
    return code


# --- French names: elision and collation ---------------------------------------------------------


def of_name(name: str) -> str:
    """« de » before a place name, elided before a vowel: « d'Amiens », « d'Orléans-Tours »,
    « de Créteil », « de La Réunion » (the article is the name's own)."""
    name = (name or "").strip()
    first = strip_accents(name[:1]).lower()
    if first and first in "aeiou":  # no académie starts with a y or an h (aspirated or not)
        return f"d'{name}"
    return f"de {name}"


def of_academy(name: str) -> str:
    """The académie's name after « Académie », « l'édition »…: « d'Amiens », « de Créteil »."""
    return of_name(name)


def french_sort_key(text: str) -> str:
    """A key that sorts names as a French reader expects, accents and case aside: « Île-de-France »
    between « Hauts-de-France » and « Normandie » (a plain sort puts it after « Z »). Ties keep
    their order (sorted() is stable)."""
    return strip_accents(text or "").casefold()
