from pathlib import Path

import pytest

from sps.schools.importer import directory_import
from sps.schools.models import School
from tests.schools.factories import SchoolFactory

EXTRACT_35 = (
    Path(__file__).resolve().parents[2]
    / "sps"
    / "schools"
    / "data"
    / "annuaire"
    / "annuaire-extrait-35-ille-et-vilaine.csv"
)


@pytest.fixture
def schools(db):
    return {
        "jaures": SchoolFactory(uai="0940176F", name="École élémentaire Jean Jaurès", commune="Créteil"),
        "maternelle": SchoolFactory(uai="0940198E", name="École maternelle Jean Jaurès", commune="Créteil"),
        "vitry": SchoolFactory(uai="0350122T", name="École élémentaire Henri Wallon", commune="Vitry-sur-Seine"),
        "college": SchoolFactory(uai="0350165P", name="Collège Saint-Exupéry", commune="Créteil"),
    }


def found(query):
    return set(School.objects.search(query).values_list("uai", flat=True))


def test_accent_insensitive(schools):
    assert found("ecole elementaire creteil") == {"0940176F"}
    assert found("exupery") == {"0350165P"}


def test_accents_in_the_query_are_ignored_too(schools):
    assert found("ÉCOLE Élémentaire Créteil") == {"0940176F"}


def test_case_insensitive(schools):
    assert found("JEAN JAURES") == {"0940176F", "0940198E"}


def test_by_uai_in_any_case(schools):
    assert found("0350122T") == {"0350122T"}
    assert found("0350122t") == {"0350122T"}


def test_by_commune(schools):
    assert found("creteil") == {"0940176F", "0940198E", "0350165P"}
    assert found("vitry sur seine") == {"0350122T"}


def test_every_word_must_match(schools):
    assert found("jaures maternelle") == {"0940198E"}
    assert found("jaures vitry") == set()


def test_punctuation_is_ignored_and_empty_query_returns_everything(schools):
    assert found("saint-exupéry") == {"0350165P"}
    assert found("   ") == set(s.uai for s in schools.values())


@pytest.mark.django_db
def test_imported_schools_are_searchable(reference):
    directory_import(files=[(EXTRACT_35.name, EXTRACT_35)])
    assert "0350122T" in found("ecole primaire baulon")
    assert found("lucioles baulon") == {"0350122T"}
