"""Pilots declare fiches of their territory (bassin, département, académie) and edit the fiches they
moderate with the espace's form; choosing a carrying school by name, commune or UAI."""

import pytest
from django.urls import reverse

from sps.actions.enums import ActionStatus, CarrierLevel
from sps.actions.models import Action, ModerationSettings
from tests.actions import conftest as domain_fixtures
from tests.actions.factories import ActionFactory
from tests.schools.factories import SchoolFactory
from tests.www.espace.test_actions import fiche_payload

pytestmark = pytest.mark.django_db
world = domain_fixtures.world
_frozen_today = domain_fixtures._frozen_today

DECLARE = reverse("pilotage:action_declare")


def _declare(client, world, **data):
    return client.post(DECLARE, {"edition": world.edition.pk, "title": "Forum des métiers", **data})


# --- Declaring -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, offered, refused",
    [
        ("relay", ["bassin"], ["department", "academy"]),
        ("department_pilot", ["bassin", "department"], ["academy"]),
        ("academy_pilot", ["bassin", "department", "academy"], []),
    ],
)
def test_declare_offers_the_levels_of_the_pilots_scope(client, world, role, offered, refused):
    client.force_login(getattr(world, role))
    response = client.get(DECLARE)
    assert response.status_code == 200
    page = response.content.decode()
    for level in offered:
        assert f'value="{level}"' in page
    for level in refused:
        assert f'value="{level}"' not in page
        response = _declare(client, world, carrier_level=level, department=world.department.pk)
        assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    assert not Action.objects.exists()


def test_relay_declares_a_fiche_of_their_bassin(client, world):
    client.force_login(world.relay)
    response = _declare(client, world, carrier_level="bassin", bassin=world.bassin.pk)
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pilotage:action_edit", args=[action.pk])
    assert action.carrier_level == CarrierLevel.BASSIN and action.bassin == world.bassin
    assert (
        action.created_by == world.relay and action.status == ActionStatus.DRAFT and action.title == "Forum des métiers"
    )
    page = client.get(response["Location"]).content.decode()
    assert "Portée par\u00a0: Bassin Ouest" in page and 'name="schools"' not in page


def test_relay_cannot_declare_for_another_bassin(client, world):
    client.force_login(world.relay)
    response = _declare(client, world, carrier_level="bassin", bassin=world.other_bassin.pk)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Action.objects.exists()


def test_department_pilot_declares_for_their_department(client, world):
    client.force_login(world.department_pilot)
    _declare(client, world, carrier_level="department", department=world.department.pk)
    action = Action.objects.get()
    assert action.carrier_level == CarrierLevel.DEPARTMENT and action.department == world.department


def test_academy_pilot_declares_an_academy_fiche(client, world):
    client.force_login(world.academy_pilot)
    _declare(client, world, carrier_level="academy")
    action = Action.objects.get()
    assert action.carrier_level == CarrierLevel.ACADEMY and action.edition == world.edition


def test_declare_bad_input_is_refused_in_french_next_to_the_field(client, world):
    client.force_login(world.academy_pilot)
    page = _declare(client, world, carrier_level="bassin").content.decode()
    assert "Choisissez le bassin qui porte l&#x27;action." in page
    page = client.post(DECLARE, {"carrier_level": "academy"}).content.decode()
    assert "Choisissez l&#x27;édition de l&#x27;action." in page
    page = _declare(client, world, carrier_level="academy", title="x" * 201).content.decode()
    assert "fr-input-group--error" in page
    # A bassin of another académie's edition: the service refuses it.
    client.force_login(world.national_pilot)
    page = client.post(
        DECLARE,
        {"edition": world.foreign_edition.pk, "carrier_level": "bassin", "bassin": world.bassin.pk, "title": "Forum"},
    ).content.decode()
    assert "Le bassin Bassin Ouest n&#x27;appartient pas à Académie de Rennes." in page
    assert not Action.objects.exists()


def test_declare_is_for_pilots_of_the_editions_academy(client, world):
    client.force_login(world.contributor)
    assert client.get(DECLARE).status_code == 403
    assert _declare(client, world, carrier_level="academy").status_code == 403
    client.force_login(world.other_pilot)
    page = _declare(client, world, carrier_level="academy").content.decode()
    assert "Sélectionnez un choix valide" in page
    client.logout()
    assert client.get(DECLARE).status_code == 302
    assert not Action.objects.exists()


def test_the_list_links_to_the_declaration(client, world):
    client.force_login(world.relay)
    assert DECLARE in client.get(reverse("pilotage:action_list")).content.decode()


# --- Editing -----------------------------------------------------------------------------------------


def _fiche(world, **traits):
    return ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor, **traits)


def _edit_url(action):
    return reverse("pilotage:action_edit", args=[action.pk])


def _save(client, action, world, **overrides):
    return client.post(_edit_url(action), fiche_payload(world, intent="save", **overrides))


def test_academy_pilot_edits_a_submitted_fiche(client, world):
    action = _fiche(world, submitted=True)
    client.force_login(world.academy_pilot)
    detail = client.get(reverse("pilotage:action_detail", args=[action.pk])).content.decode()
    assert _edit_url(action) in detail
    page = client.get(_edit_url(action)).content.decode()
    # What the directory knows of each carrying school.
    assert "Collège Jean Moulin — Collège" in page and "bassin Bassin Ouest" in page
    response = _save(client, action, world, title="Fête des réussites, édition revue")
    assert response.status_code == 302 and response["Location"] == reverse("pilotage:action_detail", args=[action.pk])
    action.refresh_from_db()
    assert action.title == "Fête des réussites, édition revue" and action.status == ActionStatus.SUBMITTED


def test_edit_bad_input_next_to_the_field_and_nothing_written(client, world):
    action = _fiche(world, submitted=True)
    client.force_login(world.academy_pilot)
    response = _save(client, action, world, title="x" * 201)
    page = response.content.decode()
    assert response.status_code == 200 and "Rien n'a été enregistré" in page
    assert "au plus 200 caractères (actuellement 201)" in page
    action.refresh_from_db()
    assert action.title != "x" * 201


@pytest.mark.parametrize(
    "role, expected",
    [
        ("relay", "refused"),  # not a validator unless the académie says so
        ("department_pilot", "refused"),
        ("academy_pilot", "edit"),
        ("national_pilot", "edit"),
        ("other_relay", 404),  # the other bassin's
        ("other_pilot", 404),  # Rennes
        ("contributor", 403),  # the porteur edits in the espace
    ],
)
def test_edit_by_role(client, world, role, expected):
    action = _fiche(world, submitted=True)
    client.force_login(getattr(world, role))
    response = client.get(_edit_url(action))
    if expected == "edit":
        assert response.status_code == 200
    elif expected == "refused":
        assert response.status_code == 302 and response["Location"] == reverse(
            "pilotage:action_detail", args=[action.pk]
        )
        assert _save(client, action, world, title="Changé").status_code == 302
        action.refresh_from_db()
        assert action.title != "Changé"
    else:
        assert response.status_code == expected
        assert _save(client, action, world, title="Changé").status_code == expected
        action.refresh_from_db()
        assert action.title != "Changé"


def test_a_relay_with_validation_rights_edits_their_bassins_fiche(client, world):
    action = _fiche(world, submitted=True)
    ModerationSettings.objects.create(edition=world.edition, relays_may_validate=True)
    client.force_login(world.relay)
    assert client.get(_edit_url(action)).status_code == 200


def test_district_fiche_edited_by_its_relay(client, world):
    action = ActionFactory(
        edition=world.edition, carrier_level=CarrierLevel.BASSIN, bassin=world.bassin, created_by=world.relay
    )
    client.force_login(world.relay)
    payload = fiche_payload(world, intent="save", title="Forum des métiers du bassin")
    del payload["schools"]
    assert client.post(_edit_url(action), payload).status_code == 302
    action.refresh_from_db()
    assert action.title == "Forum des métiers du bassin" and not action.schools.exists()
    assert action.bassin == world.bassin


# --- Choosing a carrying school by name, commune or UAI ----------------------------------------------


def _search(client, action, world, query, **overrides):
    return client.post(_edit_url(action), fiche_payload(world, intent="search_school", school_query=query, **overrides))


def test_search_adds_the_single_match_then_saving_keeps_it(client, world):
    action = _fiche(world, submitted=True)
    client.force_login(world.academy_pilot)
    target = world.other_bassin_school
    response = _search(client, action, world, target.uai)
    page = response.content.decode()
    assert response.status_code == 200 and "est ajouté aux établissements porteurs" in page
    assert f'value="{target.pk}" id="id_schools_1" checked' in page or (
        f'value="{target.pk}"' in page and "checked" in page
    )
    assert set(action.schools.all()) == {world.school}  # nothing saved by a search
    _save(client, action, world, schools=[str(world.school.pk), str(target.pk)])
    assert set(action.schools.all()) == {world.school, target}


def test_search_lists_several_matches_to_tick(client, world):
    action = _fiche(world, submitted=True)
    SchoolFactory(department=world.department, bassin=world.other_bassin, name="Collège Voltaire", commune="Ivry")
    SchoolFactory(department=world.department, bassin=world.bassin, name="Lycée Voltaire", commune="Ivry")
    client.force_login(world.academy_pilot)
    page = _search(client, action, world, "voltaire").content.decode()
    assert "2 établissements correspondent" in page
    assert "Collège Voltaire — Collège — Ivry" in page and "Lycée Voltaire" in page
    assert set(action.schools.all()) == {world.school}


def test_search_without_match_says_so_next_to_the_field(client, world):
    action = _fiche(world, submitted=True)
    client.force_login(world.academy_pilot)
    page = _search(client, action, world, "Introuvable").content.decode()
    assert "Aucun établissement de votre territoire ne correspond à «\u00a0Introuvable\u00a0»." in page
    assert "fr-input-group--error" in page
    page = _search(client, action, world, "   ").content.decode()
    assert "Indiquez un nom, une commune ou un UAI." in page


def test_search_stays_in_the_pilots_territory(client, world):
    action = _fiche(world, submitted=True)
    client.force_login(world.academy_pilot)
    page = _search(client, action, world, world.foreign_school.uai).content.decode()
    assert "Aucun établissement de votre territoire" in page
    # Forged: a school of Rennes ticked on save is refused, nothing written.
    response = _save(client, action, world, schools=[str(world.school.pk), str(world.foreign_school.pk)])
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    assert set(action.schools.all()) == {world.school}
