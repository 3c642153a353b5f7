import factory

from sps.accounts.enums import ROLE_SCOPE_FIELD
from sps.accounts.models import RoleAssignment, User

PASSWORD = "mot-de-passe-de-test-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.fr")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def grant(user, role, scope=None, **extra):
    """Give `user` the `role` over `scope` (an Academy, Department, Bassin or School)."""
    field = ROLE_SCOPE_FIELD[role]
    kwargs = {field: scope} if field else {}
    return RoleAssignment.objects.create(user=user, role=role, **kwargs, **extra)
