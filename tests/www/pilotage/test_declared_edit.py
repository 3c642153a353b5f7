"""An académie pilot enters and edits their own académie's declared figures for an edition: each
figure with its raw wording, N.C. (empty) distinct from 0, French messages next to the field that
keep what was typed and save nothing; another académie's pilot gets a 404, the national pilot
edits any académie's; the synthesis then uses the figures."""

import pytest
from django.urls import reverse

from sps.accounts.enums import Role
from sps.audit.models import AuditEntry
from sps.syntheses.models import DeclaredFigures
from sps.syntheses.synthesis import synthesis_rows
from sps.territories.models import Academy
from tests.accounts.factories import UserFactory, grant
from tests.editions.factories import CampaignFactory, EditionFactory

pytestmark = pytest.mark.django_db
YEAR = "2015-2016"


@pytest.fixture
def world(reference):
    campaign = CampaignFactory(school_year=YEAR)
    creteil = Academy.objects.get(slug="creteil")
    edition = EditionFactory(campaign=campaign, academy=creteil, ordinal=1)
    EditionFactory(campaign=campaign, academy=Academy.objects.get(slug="rennes"))
    users = {}
    for name, role, scope in [
        ("pilot", Role.ACADEMY_PILOT, creteil),
        ("national", Role.NATIONAL_PILOT, None),
        ("rennes", Role.ACADEMY_PILOT, Academy.objects.get(slug="rennes")),
        ("relay", Role.DEPARTMENT_PILOT, creteil.departments.first()),
    ]:
        users[name] = UserFactory(email=f"{name}@example.fr")
        grant(users[name], role, scope)

    class World:
        pass

    w = World()
    w.campaign, w.edition, w.users = campaign, edition, users
    return w


def url(slug="creteil"):
    return reverse("pilotage:declared_figures_edit", kwargs={"school_year": YEAR, "academy_slug": slug})


GOOD = {
    "status": "reported",
    "actions_count": "40",
    "actions_wording": "40 actions recensées, 13 actions ponctuelles",
    "schools_count": "",
    "schools_wording": "Une trentaine d'établissements",
    "schools_approximate": "on",
    "primary": "non",
    "college": "oui",
    "lycee": "oui",
    "lycee_pro": "",
    "dates_wording": "en février 2016",
    "partners": "Les collectivités territoriales.",
    "notable_events": "Séminaire académique ; forum des métiers",
}


def test_the_pilot_enters_the_figures_with_nc_apart_from_zero(client, world):
    client.force_login(world.users["pilot"])
    assert client.get(url()).status_code == 200
    response = client.post(url(), GOOD)
    assert response.status_code == 302
    figures = DeclaredFigures.objects.get(edition=world.edition)
    assert figures.actions_count == 40 and figures.actions_wording == "40 actions recensées, 13 actions ponctuelles"
    assert figures.schools_count is None and figures.schools_wording == "Une trentaine d'établissements"
    assert figures.schools_approximate is True
    assert (figures.primary, figures.college, figures.lycee, figures.lycee_pro) == (False, True, True, None)
    assert figures.updated_by == world.users["pilot"]
    assert AuditEntry.objects.filter(verb="syntheses.declared_figures.updated").count() == 1
    row = synthesis_rows(campaign=world.campaign, academy=world.edition.academy)[0]
    assert row.actions.cell == 40 and row.schools.cell == "Une trentaine d'établissements"
    assert row.level_cells == ["Non", "Oui", "Oui", "N.C."]
    # Then edited: 0 is zero, not N.C.
    client.post(url(), {**GOOD, "actions_count": "0", "actions_wording": ""})
    figures.refresh_from_db()
    assert figures.actions_count == 0
    # The form shows what is stored.
    html = client.get(url()).content.decode()
    assert 'name="actions_count" value="0"' in html
    assert "Une trentaine d&#x27;établissements" in html


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"actions_count": "une quarantaine"}, "actions_count", "Saisissez le nombre d&#x27;actions en chiffres"),
        ({"schools_count": "-3"}, "schools_count", "ne peut pas être négatif"),
        ({"actions_wording": "x" * 501}, "actions_wording", "500 caractères au plus"),
        ({"status": "unavailable"}, "actions_count", "Videz ce champ (N.C.)"),
        ({"primary": "peut-être"}, "primary", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_kept(client, world, changes, field, message):
    client.force_login(world.users["pilot"])
    response = client.post(url(), {**GOOD, **changes})
    html = response.content.decode()
    assert response.status_code == 400
    error_block = html.split(f'id="id_{field}-messages"', 1)[1][:400]
    assert message in error_block
    assert 'value="en février 2016"' in html  # the rest of what was typed is kept
    if field == "actions_count" and "actions_count" in changes:
        assert f'value="{changes["actions_count"]}"' in html
    assert not DeclaredFigures.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="syntheses.declared").exists()


def test_unavailable_without_figures_is_accepted(client, world):
    client.force_login(world.users["pilot"])
    data = {"status": "unavailable", "primary": "", "college": "", "lycee": "", "lycee_pro": ""}
    assert client.post(url(), data).status_code == 302
    row = synthesis_rows(campaign=world.campaign, academy=world.edition.academy)[0]
    assert row.source == "unavailable"


@pytest.mark.parametrize(
    "user, slug, expected",
    [
        ("pilot", "creteil", 200),
        ("pilot", "rennes", 404),  # another académie: it does not learn more
        ("rennes", "creteil", 404),
        ("rennes", "rennes", 200),
        ("national", "creteil", 200),
        ("national", "rennes", 200),
        ("relay", "creteil", 403),
        (None, "creteil", 302),
    ],
)
def test_an_academy_edits_only_its_own(client, world, user, slug, expected):
    if user:
        client.force_login(world.users[user])
    assert client.get(url(slug)).status_code == expected
    response = client.post(url(slug), GOOD)
    assert response.status_code == (302 if expected == 200 else expected)
    assert DeclaredFigures.objects.exists() == (expected == 200)


def test_no_edition_no_page(client, world):
    client.force_login(world.users["national"])
    assert client.get(url("lille")).status_code == 404


def test_the_academic_synthesis_links_to_the_page(client, world):
    client.force_login(world.users["pilot"])
    html = client.get(
        reverse("pilotage:academy_synthesis", kwargs={"school_year": YEAR, "academy_slug": "creteil"})
    ).content.decode()
    assert url() in html


def test_the_national_synthesis_links_each_academy_figures_page(client, world):
    """Rennes has an edition and no data: listed « données non disponibles », with the way to enter them."""
    client.force_login(world.users["national"])
    html = client.get(reverse("pilotage:national_synthesis", kwargs={"school_year": YEAR})).content.decode()
    assert f'href="{url("rennes")}"' in html and f'href="{url("creteil")}"' in html
    assert 'href="{}"'.format(url("lille")) not in html  # no edition: nothing to enter figures for
