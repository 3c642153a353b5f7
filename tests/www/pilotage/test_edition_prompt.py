"""An académie pilot whose académie has no edition for the current campaign is asked to create it, on
the pilotage home and the editions page; nobody else is (expected prompts written here, per role)."""

import pytest
from django.urls import reverse

from sps.editions.models import Edition
from tests.actions import conftest as domain_fixtures

pytestmark = pytest.mark.django_db
world = domain_fixtures.world
_frozen_today = domain_fixtures._frozen_today

CREATE_RENNES = reverse("pilotage:edition_create", args=["2026-2027", "rennes-test"])

# Who is prompted to create the Rennes edition of 2026-2027 once it is missing.
PROMPTED = {
    "other_pilot": True,  # the Rennes académie pilot
    "academy_pilot": False,  # Créteil has its edition
    "national_pilot": False,  # sees every académie in the editions' table instead
    "department_pilot": False,
    "relay": False,
}


@pytest.mark.parametrize("role, prompted", PROMPTED.items())
@pytest.mark.parametrize("page", ["pilotage:home", "pilotage:edition_list"])
def test_missing_edition_prompt(client, world, role, prompted, page):
    world.foreign_edition.delete()
    client.force_login(getattr(world, role))
    response = client.get(reverse(page))
    assert response.status_code == 200
    content = response.content.decode()
    assert ("L'édition 2026-2027 de Rennes n'est pas encore créée" in content) is prompted
    assert (f'<a class="fr-btn" href="{CREATE_RENNES}">' in content) is prompted


def test_no_prompt_once_the_edition_exists(client, world):
    client.force_login(world.other_pilot)
    assert Edition.objects.filter(academy=world.other_academy, campaign=world.edition.campaign).exists()
    content = client.get(reverse("pilotage:home")).content.decode()
    assert "pas encore créée" not in content
