import pytest

from sps.schools.uai import is_valid_uai
from tests.accounts.factories import UserFactory
from tests.schools.factories import SchoolFactory


@pytest.mark.django_db
def test_factories_build_valid_objects(client):
    school = SchoolFactory()
    assert is_valid_uai(school.uai)
    user = UserFactory()
    assert client.login(email=user.email, password="mot-de-passe-de-test-42")
