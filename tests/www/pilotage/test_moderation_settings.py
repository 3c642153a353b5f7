"""The académie's moderation settings, on the pilot's edition page: who validates, who receives
submitted fiches first; and their effect on a relay."""

import pytest
from django.urls import reverse

from sps.actions.enums import ActionStatus, FirstModerators
from sps.actions.models import Action, ModerationSettings
from sps.audit.models import AuditEntry
from tests.actions import conftest as domain_fixtures
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db
world = domain_fixtures.world
_frozen_today = domain_fixtures._frozen_today

ENABLE_RELAYS = {"relays_may_validate": "on", "first_moderators": FirstModerators.BASSIN}


def _url(world):
    return reverse("pilotage:edition_moderation", args=[world.edition.pk])


def _detail(world):
    return reverse("pilotage:edition_detail", args=[world.edition.pk])


@pytest.mark.parametrize(
    "role, shown", [("academy_pilot", True), ("national_pilot", True), ("department_pilot", False), ("relay", False)]
)
def test_the_form_is_on_the_edition_page_for_its_managers(client, world, role, shown):
    client.force_login(getattr(world, role))
    page = client.get(_detail(world)).content.decode()
    assert (_url(world) in page) is shown
    if shown:
        assert "Les relais de bassin peuvent valider les fiches" in page
        assert 'value="academy"' in page and "checked" in page  # the default: the académie first


def test_academy_pilot_saves_the_settings(client, world):
    client.force_login(world.academy_pilot)
    response = client.post(_url(world), ENABLE_RELAYS)
    assert response.status_code == 302 and response["Location"] == _detail(world)
    settings = ModerationSettings.objects.get(edition=world.edition)
    assert settings.relays_may_validate and not settings.department_pilots_may_validate
    assert settings.first_moderators == FirstModerators.BASSIN
    assert AuditEntry.objects.for_object(world.edition).filter(verb="actions.moderation_settings.updated").exists()
    page = client.get(_detail(world)).content.decode()
    assert "Les réglages de modération sont enregistrés." in page


@pytest.mark.parametrize(
    "role, status",
    [
        ("relay", 403),
        ("department_pilot", 403),
        ("contributor", 403),
        ("other_pilot", 404),  # Rennes: Créteil's edition does not exist for them
        ("anonymous", 302),
    ],
)
def test_others_cannot_change_the_settings(client, world, role, status):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    response = client.post(_url(world), ENABLE_RELAYS)
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    assert not ModerationSettings.objects.exists()


def test_get_is_refused(client, world):
    client.force_login(world.academy_pilot)
    assert client.get(_url(world)).status_code == 405


def test_bad_choice_is_shown_next_to_the_field_and_nothing_written(client, world):
    client.force_login(world.academy_pilot)
    response = client.post(_url(world), {"relays_may_validate": "on", "first_moderators": "everyone"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choisissez qui reçoit les fiches en premier parmi les choix proposés." in page
    assert "fr-fieldset--error" in page
    response = client.post(_url(world), {"relays_may_validate": "on"})
    assert "Choisissez qui reçoit les fiches en premier." in response.content.decode()
    assert not ModerationSettings.objects.exists()


def test_a_relay_validates_only_once_enabled(client, world):
    action = ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor, submitted=True)
    transition = reverse("pilotage:action_transition", args=[action.pk])
    client.force_login(world.relay)
    page = client.get(reverse("pilotage:action_detail", args=[action.pk])).content.decode()
    assert "Valider la fiche" not in page
    client.post(transition, {"to": "validated"})
    assert Action.objects.get(pk=action.pk).status == ActionStatus.SUBMITTED

    client.force_login(world.academy_pilot)
    client.post(_url(world), ENABLE_RELAYS)

    client.force_login(world.relay)
    page = client.get(reverse("pilotage:action_detail", args=[action.pk])).content.decode()
    assert "Valider la fiche" in page
    client.post(transition, {"to": "validated"})
    assert Action.objects.get(pk=action.pk).status == ActionStatus.VALIDATED
    # The other bassin's relay gets validation rights too, but not over this bassin's fiche.
    other = ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor, submitted=True)
    client.force_login(world.other_relay)
    assert client.post(reverse("pilotage:action_transition", args=[other.pk]), {"to": "validated"}).status_code == 404
    assert Action.objects.get(pk=other.pk).status == ActionStatus.SUBMITTED
