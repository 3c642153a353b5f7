import csv
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from sps.schools.uai import CHECK_LETTERS, is_valid_uai, normalize_uai, uai_check_letter, uai_error, validate_uai

FIXTURES = Path(__file__).resolve().parents[2] / "sps" / "schools" / "data" / "annuaire"
EXTRACTS = ["annuaire-extrait-35-ille-et-vilaine.csv", "annuaire-extrait-94-val-de-marne.csv"]


def real_uais() -> list[str]:
    uais = []
    for name in EXTRACTS:
        with open(FIXTURES / name, encoding="utf-8-sig", newline="") as f:
            uais += [row["Identifiant_de_l_etablissement"] for row in csv.DictReader(f, delimiter=";")]
    return uais


def test_every_real_uai_of_both_extracts_is_valid():
    uais = real_uais()
    assert len(uais) == 996 + 613
    assert [uai for uai in uais if not is_valid_uai(uai)] == []


def test_a_wrong_check_letter_is_refused_for_every_real_uai():
    for uai in real_uais():
        wrong = next(letter for letter in CHECK_LETTERS if letter != uai[7])
        assert not is_valid_uai(uai[:7] + wrong), uai


def test_wrong_check_letter_message_gives_the_expected_letter():
    assert (
        uai_error("0350122A")
        == "La lettre de contrôle de l'UAI «\u00a00350122A\u00a0» est incorrecte (attendue\u00a0: T)."
    )


def test_check_letter_of_known_codes():
    assert uai_check_letter("0350122") == "T"
    assert uai_check_letter("0940176") == "F"
    assert uai_check_letter("075A001") is None  # not only digits: not checkable


@pytest.mark.parametrize("raw", ["0350122t", " 0350122T ", "0350122t\n"])
def test_lower_case_and_spaces_are_normalised(raw):
    assert normalize_uai(raw) == "0350122T"
    assert is_valid_uai(raw)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "L'UAI est vide."),
        ("   ", "L'UAI est vide."),
        ("0350122", "L'UAI «\u00a00350122\u00a0» doit compter 8 caractères (7 chiffres et une lettre), pas 7."),
        ("0350122TT", "L'UAI «\u00a00350122TT\u00a0» doit compter 8 caractères (7 chiffres et une lettre), pas 9."),
        ("03501224", "L'UAI «\u00a003501224\u00a0» doit être composée de 7 chiffres suivis d'une lettre."),
        ("A350122T", "L'UAI «\u00a0A350122T\u00a0» doit être composée de 7 chiffres suivis d'une lettre."),
    ],
)
def test_wrong_length_or_shape_messages_are_in_french(raw, message):
    assert uai_error(raw) == message


def test_django_validator_raises_french_validation_error():
    validate_uai("0350122T")
    with pytest.raises(ValidationError) as excinfo:
        validate_uai("0350122A")
    assert excinfo.value.code == "invalid_uai"
    assert "lettre de contrôle" in excinfo.value.messages[0]


def test_example_uais_written_in_the_forms_are_valid():
    """Help texts and docstrings give example UAIs: a user copying one must not get « lettre incorrecte »."""
    import re
    from pathlib import Path

    from sps.schools.uai import is_valid_uai

    root = Path(__file__).resolve().parents[2] / "sps" / "www"
    examples = {uai for path in root.rglob("*.py") for uai in re.findall(r"\b0[0-9]{6}[A-Z]\b", path.read_text())}
    assert "0941234F" in examples
    assert [uai for uai in sorted(examples) if not is_valid_uai(uai)] == []
