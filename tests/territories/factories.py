import factory

from sps.territories.models import AcademicRegion, Academy, Bassin, Circonscription, Department


class AcademicRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicRegion
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Région {n}")


class AcademyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Academy

    code = factory.Sequence(lambda n: f"{(n % 900) + 100}")
    name = factory.Sequence(lambda n: f"Académie test {n}")
    slug = factory.Sequence(lambda n: f"academie-test-{n}")
    region = factory.SubFactory(AcademicRegionFactory)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"D{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Département {n}")
    academy = factory.SubFactory(AcademyFactory)


class BassinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bassin

    name = factory.Sequence(lambda n: f"Bassin {n}")
    department = factory.SubFactory(DepartmentFactory)


class CirconscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Circonscription

    name = factory.Sequence(lambda n: f"Circonscription {n}")
    department = factory.SubFactory(DepartmentFactory)
