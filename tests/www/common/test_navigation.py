import pytest
from django.urls import reverse

from sps.accounts.enums import Role
from tests.accounts.factories import UserFactory, grant
from tests.schools.factories import SchoolFactory


def _menu(client):
    return [item["label"] for item in client.get(reverse("public:home")).context["main_menu"]]


@pytest.mark.django_db
def test_anonymous_menu_shows_every_space(client):
    assert _menu(client) == ["Accueil", "Programme", "Établissements", "Espace établissement", "Pilotage"]


@pytest.mark.django_db
def test_contributor_menu_has_no_pilotage(client):
    user = UserFactory()
    grant(user, Role.SCHOOL_CONTRIBUTOR, SchoolFactory())
    client.force_login(user)
    assert "Pilotage" not in _menu(client) and "Espace établissement" in _menu(client)


@pytest.mark.django_db
def test_pilot_menu_has_no_espace(client):
    user = UserFactory()
    grant(user, Role.NATIONAL_PILOT)
    client.force_login(user)
    assert "Espace établissement" not in _menu(client) and "Pilotage" in _menu(client)


@pytest.mark.django_db
def test_current_page_is_marked(client):
    response = client.get(reverse("public:school_search"))
    assert 'aria-current="page">Établissements' in response.content.decode()
