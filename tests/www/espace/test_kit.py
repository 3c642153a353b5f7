"""« Télécharger le kit », the download of a kit's file, the public edition page's kit section,
and the poster and invitation downloads of a fiche."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sps.editions.models import Resource
from sps.files.models import GeneratedFile
from tests.actions.factories import ActionFactory
from tests.editions.resource_files import pdf_bytes
from tests.files.helpers import content_of, download, request_file

pytestmark = pytest.mark.django_db


def _resource(edition, title, *, published=True, category="affiche", levels=(), publics=(), file=True):
    resource = Resource(
        edition=edition,
        title=title,
        category=category,
        is_published=published,
        levels=list(levels),
        publics=list(publics),
    )
    if file:
        resource.file.save("x.pdf", ContentFile(pdf_bytes()), save=False)
        resource.file_name, resource.file_type, resource.file_size = "affiche-2027.pdf", "pdf", 1234
    else:
        resource.url = "https://eduscol.education.fr/kit"
    resource.save()
    return resource


@pytest.fixture
def kit(world):
    return {
        "own": _resource(world.edition, "Affiche de Créteil", levels=["college"]),
        "own_link": _resource(world.edition, "Charte de Créteil", category="charte", file=False, publics=["parents"]),
        "draft": _resource(world.edition, "Brouillon de Créteil", published=False),
        "past": _resource(world.past_edition, "Affiche de l'an dernier"),
        "foreign": _resource(world.foreign_edition, "Affiche de Rennes"),
        "national": _resource(None, "Logo national", category="logo"),
        "national_retired": _resource(None, "Ancien logo national", category="logo", published=False),
    }


def test_espace_home_links_to_the_kit(client, world):
    client.force_login(world.contributor)
    content = client.get(reverse("espace:home")).content.decode()
    assert f'href="{reverse("espace:kit")}">Télécharger le kit de communication</a>' in content


def test_kit_page_shows_own_academy_and_national(client, world, kit):
    client.force_login(world.contributor)
    response = client.get(reverse("espace:kit"))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    for shown in ("Affiche de Créteil", "Charte de Créteil", "Logo national"):
        assert shown in content
    for hidden in ("Brouillon de Créteil", "Affiche de l'an dernier", "Affiche de Rennes", "Ancien logo national"):
        assert hidden not in content
    assert reverse("espace:resource_download", args=[kit["own"].pk]) in content
    assert 'href="https://eduscol.education.fr/kit"' in content
    assert "Charte graphique" in content and "Logo" in content  # grouped by category


def test_kit_page_filters_by_level_and_public(client, world, kit):
    client.force_login(world.contributor)
    content = client.get(reverse("espace:kit"), {"level": "premier_degre"}).content.decode()
    assert "Affiche de Créteil" not in content  # collège only
    assert "Charte de Créteil" in content and "Logo national" in content  # every level
    content = client.get(reverse("espace:kit"), {"public": "eleves"}).content.decode()
    assert "Charte de Créteil" not in content  # parents only
    assert "Affiche de Créteil" in content
    content = client.get(reverse("espace:kit"), {"level": "n'importe quoi"}).content.decode()
    assert "Affiche de Créteil" in content  # an unknown choice filters nothing


def test_another_academy_contributor_sees_its_own_kit(client, world, kit):
    client.force_login(world.foreign_contributor)
    content = client.get(reverse("espace:kit")).content.decode()
    assert "Affiche de Rennes" in content and "Logo national" in content
    assert "Affiche de Créteil" not in content


def test_kit_page_lists_posters_of_own_fiches_only(client, world):
    own = ActionFactory(edition=world.edition, schools=[world.school], title="Café des parents", validated=True)
    ActionFactory(edition=world.edition, schools=[world.other_bassin_school], title="Fiche d'ailleurs", published=True)
    client.force_login(world.colleague)  # a contributor of the same school: a porteur too
    content = client.get(reverse("espace:kit")).content.decode()
    assert reverse("espace:action_poster", args=[own.pk]) in content
    assert reverse("espace:action_invitation", args=[own.pk]) in content
    assert "Fiche d'ailleurs" not in content


# Which fiches of the porteur's own get a poster in the kit, by status (written here, not read
# from the code): only what the académie has accepted is announced.
POSTER_OFFERED = {
    "draft": False,
    "submitted": False,
    "changes_requested": False,
    "validated": True,
    "published": True,
    "refused": False,
    "withdrawn": False,
}


@pytest.mark.parametrize("status, offered", POSTER_OFFERED.items())
def test_kit_offers_posters_only_for_accepted_fiches(client, world, status, offered):
    traits = {} if status == "draft" else {status: True}
    action = ActionFactory(edition=world.edition, schools=[world.school], title="Café des parents", **traits)
    assert action.status == status
    client.force_login(world.contributor)
    content = client.get(reverse("espace:kit")).content.decode()
    assert (reverse("espace:action_poster", args=[action.pk]) in content) is offered
    assert (reverse("espace:action_invitation", args=[action.pk]) in content) is offered
    assert ("Café des parents" in content) is offered


def test_espace_home_kit_button_shows_its_label(client, world):
    """In a DSFR button group, an icon button is cut to a 40×40 icon unless the group says where the icon goes."""
    client.force_login(world.contributor)
    content = client.get(reverse("espace:home")).content.decode()
    group = content[: content.index("Télécharger le kit de communication")].rsplit("<ul", 1)[1]
    assert "fr-btns-group--icon-left" in group


def test_download_headers(client, kit):
    response = client.get(reverse("espace:resource_download", args=[kit["own"].pk]))  # anonymous: it is public
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="affiche-2027.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("name", ["draft", "national_retired"])
@pytest.mark.parametrize("who", [None, "contributor", "relay", "other_pilot"])
def test_unpublished_is_not_downloadable(client, world, kit, name, who):
    if who:
        client.force_login(world.users[who])
    assert client.get(reverse("espace:resource_download", args=[kit[name].pk])).status_code == 404


def test_managers_download_their_drafts(client, world, kit):
    client.force_login(world.academy_pilot)
    assert client.get(reverse("espace:resource_download", args=[kit["draft"].pk])).status_code == 200
    assert client.get(reverse("espace:resource_download", args=[kit["national_retired"].pk])).status_code == 404
    client.force_login(world.national_pilot)
    assert client.get(reverse("espace:resource_download", args=[kit["national_retired"].pk])).status_code == 200


def test_a_draft_editions_resources_are_not_public(client, world, kit):
    world.edition.status = "draft"
    world.edition.save()
    assert client.get(reverse("espace:resource_download", args=[kit["own"].pk])).status_code == 404


def test_a_link_has_no_download(client, kit):
    assert client.get(reverse("espace:resource_download", args=[kit["own_link"].pk])).status_code == 404


def test_the_file_is_not_under_media(kit, settings):
    assert not kit["own"].file.path.startswith(settings.MEDIA_ROOT)
    with pytest.raises(ValueError):
        kit["own"].file.url  # noqa: B018 - no URL: only the view serves it


def test_public_edition_page_has_the_kit(client, world, kit):
    url = reverse("public:edition_detail", args=[world.academy.slug, world.edition.campaign.school_year])
    content = client.get(url).content.decode()
    assert "Kit de communication" in content
    assert "Affiche de Créteil" in content and "Logo national" in content
    assert "Brouillon de Créteil" not in content and "Affiche de Rennes" not in content
    assert reverse("espace:resource_download", args=[kit["own"].pk]) in content


def test_public_edition_page_without_kit(client, world):
    url = reverse("public:edition_detail", args=[world.academy.slug, world.edition.campaign.school_year])
    assert "pas encore publié" in client.get(url).content.decode()


# --- Posters and invitations ----------------------------------------------------------------


@pytest.fixture
def fiche(world):
    return ActionFactory(
        edition=world.edition, schools=[world.school], created_by=world.contributor, title="Café des parents"
    )


@pytest.mark.parametrize(
    "who", ["contributor", "colleague", "relay", "department_pilot", "academy_pilot", "national_pilot"]
)
@pytest.mark.parametrize(
    "name, filename", [("espace:action_poster", "affiche"), ("espace:action_invitation", "invitation")]
)
def test_poster_for_porteurs_and_pilots(client, world, fiche, who, name, filename, django_capture_on_commit_callbacks):
    client.force_login(world.users[who])
    file = request_file(client, django_capture_on_commit_callbacks, reverse(name, args=[fiche.pk]))
    assert file.requested_by == world.users[who] and file.status == "ready"
    response = download(client, file)
    assert response["Content-Type"] == "application/pdf"
    assert content_of(response).startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="{filename}-cafe-des-parents.pdf"'


@pytest.mark.parametrize("who", ["other_contributor", "foreign_contributor", "other_relay", "other_pilot", "stranger"])
def test_poster_of_another_territory_is_404(client, world, fiche, who):
    client.force_login(world.users[who])
    assert client.post(reverse("espace:action_poster", args=[fiche.pk])).status_code == 404
    assert client.post(reverse("espace:action_invitation", args=[fiche.pk])).status_code == 404
    assert not GeneratedFile.objects.exists()


def test_poster_needs_login_and_post(client, world, fiche):
    response = client.post(reverse("espace:action_poster", args=[fiche.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(world.contributor)
    assert client.get(reverse("espace:action_poster", args=[fiche.pk])).status_code == 405
