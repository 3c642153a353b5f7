"""The UAI (ex-RNE), the 8-character national school identifier: 7 characters then a check letter."""

import re

from django.core.exceptions import ValidationError

CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
UAI_SHAPE = re.compile(r"^[0-9]{3}[0-9A-Z]{4}[A-Z]$")


def normalize_uai(raw: str) -> str:
    return (raw or "").strip().upper()


def uai_check_letter(first_seven: str) -> str | None:
    """The check letter of a UAI whose first seven characters are digits (others are not checkable)."""
    if not first_seven.isdigit():
        return None
    return CHECK_LETTERS[int(first_seven) % 23]


def uai_error(raw: str) -> str | None:
    """The French reason why `raw` is not a valid UAI, or None when it is."""
    uai = normalize_uai(raw)
    if not uai:
        return "L'UAI est vide."
    if len(uai) != 8:
        return f"L'UAI « {uai} » doit compter 8 caractères (7 chiffres et une lettre), pas {len(uai)}."
    if not UAI_SHAPE.match(uai):
        return f"L'UAI « {uai} » doit être composée de 7 chiffres suivis d'une lettre."
    expected = uai_check_letter(uai[:7])
    if expected is not None and uai[7] != expected:
        return f"La lettre de contrôle de l'UAI « {uai} » est incorrecte (attendue : {expected})."
    return None


def is_valid_uai(raw: str) -> bool:
    return uai_error(raw) is None


def validate_uai(value: str) -> None:
    """Django validator: raises a French ValidationError."""
    if message := uai_error(value):
        raise ValidationError(message, code="invalid_uai")
