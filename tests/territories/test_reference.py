import pytest

from sps.common.text import normalize_search
from sps.territories.models import AcademicRegion, Academy, Department
from sps.territories.services import reference_load
from sps.territories.text import normalize_department_code


@pytest.mark.django_db
def test_reference_load_is_complete_and_idempotent():
    first = reference_load()
    assert (first.academies, first.departments) == (32, 101)
    second = reference_load()
    assert (second.regions, second.academies, second.departments) == (0, 0, 0)
    assert Academy.objects.count() == 32
    # The 30 académies of 2015-2016 plus Mayotte are current, less Caen and Rouen, plus Normandie.
    assert Academy.objects.current().count() == 30
    assert AcademicRegion.objects.count() == 18
    assert Department.objects.count() == 101


@pytest.mark.django_db
def test_caen_and_rouen_merged_into_normandie(reference):
    normandie = Academy.objects.get(slug="normandie")
    for code in ["14", "27", "50", "61", "76"]:
        assert Department.objects.get(code=code).academy == normandie
    caen = Academy.objects.get(slug="caen")
    assert caen.successor == normandie
    assert caen.valid_until.isoformat() == "2019-12-31"


@pytest.mark.django_db
def test_overseas_and_corsica_codes(reference):
    assert Department.objects.get(code="2A").academy.name == "Corse"
    assert Department.objects.get(code="976").academy.name == "Mayotte"
    assert Department.objects.get(code="971").academy.region.name == "Guadeloupe"
    assert Department.objects.get(code="94").academy.region.name == "Île-de-France"


@pytest.mark.parametrize(
    "raw, expected", [("035", "35"), ("35", "35"), ("5", "05"), ("02A", "2A"), ("2b", "2B"), ("971", "971"), ("", "")]
)
def test_normalize_department_code(raw, expected):
    assert normalize_department_code(raw) == expected


def test_normalize_search_removes_accents_and_punctuation():
    assert normalize_search("École élémentaire L'Haÿ-les-Roses") == "ecole elementaire l hay les roses"
