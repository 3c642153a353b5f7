import factory

from sps.schools.enums import SchoolKind, Sector
from sps.schools.models import School
from sps.schools.uai import uai_check_letter
from tests.territories.factories import DepartmentFactory


def make_uai(n: int) -> str:
    digits = f"{9000000 + n:07d}"
    return digits + uai_check_letter(digits)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    uai = factory.Sequence(make_uai)
    name = factory.Sequence(lambda n: f"Collège Jules Ferry {n}")
    kind = SchoolKind.COLLEGE
    sector = Sector.PUBLIC
    commune = "Créteil"
    postal_code = "94000"
    department = factory.SubFactory(DepartmentFactory)
    email = factory.LazyAttribute(lambda o: f"ce.{o.uai.lower()}@ac-test.fr")
    search_key = factory.LazyAttribute(
        lambda o: School.build_search_key(uai=o.uai, name=o.name, commune=o.commune, postal_code=o.postal_code)
    )
