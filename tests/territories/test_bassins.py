import pytest

from sps.schools.services import SchoolError, schools_assign_bassin
from sps.territories.models import Bassin
from sps.territories.services import TerritoryError, bassin_create, bassin_rename
from tests.schools.factories import SchoolFactory
from tests.territories.factories import BassinFactory, DepartmentFactory


@pytest.mark.django_db
def test_bassin_create_normalises_spaces_and_refuses_duplicates():
    department = DepartmentFactory()
    bassin = bassin_create(department=department, name="  Bassin   Nord ")
    assert bassin.name == "Bassin Nord" and bassin.source == Bassin.Source.MANUAL
    with pytest.raises(TerritoryError, match="existe déjà"):
        bassin_create(department=department, name="bassin nord")
    with pytest.raises(TerritoryError, match="obligatoire"):
        bassin_create(department=department, name="   ")


@pytest.mark.django_db
def test_bassin_rename_refuses_a_name_taken_in_the_department():
    department = DepartmentFactory()
    BassinFactory(department=department, name="Est")
    west = BassinFactory(department=department, name="Ouest")
    with pytest.raises(TerritoryError):
        bassin_rename(bassin=west, name="Est")
    assert bassin_rename(bassin=west, name="Ouest-Val").name == "Ouest-Val"


@pytest.mark.django_db
def test_assign_schools_marks_the_choice_manual_and_refuses_other_departments():
    bassin = BassinFactory()
    inside = SchoolFactory(department=bassin.department)
    outside = SchoolFactory()
    assert schools_assign_bassin(schools=[inside], bassin=bassin) == 1
    inside.refresh_from_db()
    assert inside.bassin == bassin and inside.bassin_set_manually
    with pytest.raises(SchoolError, match=outside.uai):
        schools_assign_bassin(schools=[inside, outside], bassin=bassin)
    outside.refresh_from_db()
    assert outside.bassin is None
