"""The pilots' kit pages: list, add (file or link), edit, publish and retire, branding."""

import pytest
from django.urls import reverse

from sps.audit.models import AuditEntry
from sps.editions.models import Resource
from tests.actions import conftest as fiche_world
from tests.editions.resource_files import EXE_BYTES, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db
# The small académie of the fiche tests (frozen on 15 January 2027).
world = fiche_world.world
_frozen_today = fiche_world._frozen_today


def _link(edition, title="Charte", published=False):
    return Resource.objects.create(
        edition=edition, title=title, category="charte", url="https://ex.fr/charte", is_published=published
    )


def _form(**overrides):
    data = {
        "title": "Affiche 2027",
        "category": "affiche",
        "description": "L'affiche officielle.",
        "levels": ["college", "lycee_pro"],
        "publics": ["eleves"],
        "url": "",
        "order": "1",
    }
    data.update(overrides)
    return data


def test_edition_kit_page(client, world, django_assert_max_num_queries):
    _link(world.edition, "Charte de Créteil")
    _link(world.foreign_edition, "Charte de Rennes")
    _link(None, "Logo national", published=True)
    client.force_login(world.academy_pilot)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pilotage:edition_kit", args=[world.edition.pk]))
    content = response.content.decode()
    assert response.status_code == 200 and content.count("<h1") == 1
    assert "Charte de Créteil" in content and "Logo national" in content and "Charte de Rennes" not in content
    assert reverse("pilotage:resource_add", args=[world.edition.pk]) in content
    assert reverse("pilotage:edition_branding", args=[world.edition.pk]) in content


def test_relay_reads_without_buttons(client, world):
    resource = _link(world.edition)
    client.force_login(world.relay)
    content = client.get(reverse("pilotage:edition_kit", args=[world.edition.pk])).content.decode()
    assert "Charte" in content
    assert reverse("pilotage:resource_edit", args=[resource.pk]) not in content
    assert reverse("pilotage:resource_add", args=[world.edition.pk]) not in content


def test_index_lists_the_pilots_editions(client, world):
    client.force_login(world.academy_pilot)
    content = client.get(reverse("pilotage:kit_index")).content.decode()
    assert reverse("pilotage:edition_kit", args=[world.edition.pk]) in content
    assert reverse("pilotage:edition_kit", args=[world.foreign_edition.pk]) not in content
    assert "Kit de communication" in content  # the side menu


def test_add_a_file(client, world):
    client.force_login(world.academy_pilot)
    data = _form(file=upload("Affiche.pdf", pdf_bytes()), is_published="on")
    response = client.post(reverse("pilotage:resource_add", args=[world.edition.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("pilotage:edition_kit", args=[world.edition.pk])
    resource = Resource.objects.get()
    assert resource.edition == world.edition and resource.is_published
    assert resource.levels == ["college", "lycee_pro"] and resource.file_type == "pdf"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["La ressource «\u00a0Affiche 2027\u00a0» est publiée."]


def test_add_a_link(client, world):
    client.force_login(world.academy_pilot)
    response = client.post(
        reverse("pilotage:resource_add", args=[world.edition.pk]), _form(url="https://eduscol.education.fr/kit")
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.url == "https://eduscol.education.fr/kit" and not resource.is_published


def test_a_bad_file_keeps_what_was_typed(client, world):
    client.force_login(world.academy_pilot)
    data = _form(title="Mon affiche <b>", description="Texte tapé", file=upload("programme.pdf", EXE_BYTES))
    response = client.post(reverse("pilotage:resource_add", args=[world.edition.pk]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert not Resource.objects.exists()
    assert "ne correspond pas à un fichier PDF" in content
    assert 'value="Mon affiche &lt;b&gt;"' in content and "Texte tapé" in content
    assert "choisissez-le à nouveau" in content
    assert 'value="college" id="id_levels_1" checked' in content
    assert 'value="premier_degre" id="id_levels_0" checked' not in content
    assert "Rien n'a été enregistré" in content


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({}, "Déposez un fichier ou indiquez un lien."),
        ({"title": "   "}, "Ce champ est obligatoire."),
        ({"category": "nope"}, "Sélectionnez un choix valide"),
        ({"url": "pas une adresse"}, "Saisissez une URL valide."),
        ({"url": "https://ex.fr", "file": "both"}, "pas les deux"),
        ({"url": "https://ex.fr", "levels": ["maternite"]}, "Sélectionnez un choix valide"),
        ({"file": "svg"}, "SVG"),
    ],
)
def test_bad_input_is_refused_in_french(client, world, overrides, message):
    if overrides.get("file") == "both":
        overrides["file"] = upload("a.pdf", pdf_bytes())
    elif overrides.get("file") == "svg":
        overrides["file"] = upload("logo.svg", b"<svg/>")
    client.force_login(world.academy_pilot)
    response = client.post(reverse("pilotage:resource_add", args=[world.edition.pk]), _form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Resource.objects.exists()


def test_edit_keeps_the_file_when_none_is_chosen(client, world):
    client.force_login(world.academy_pilot)
    client.post(reverse("pilotage:resource_add", args=[world.edition.pk]), _form(file=upload("a.pdf", pdf_bytes())))
    resource = Resource.objects.get()
    url = reverse("pilotage:resource_edit", args=[resource.pk])
    assert "a.pdf" in client.get(url).content.decode()
    response = client.post(url, _form(title="Nouveau titre"))
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "Nouveau titre" and resource.file_type == "pdf"
    response = client.post(url, _form(url="https://ex.fr/affiche"))
    resource.refresh_from_db()
    assert resource.url == "https://ex.fr/affiche" and not resource.file


@pytest.mark.parametrize(
    "who, expected",
    [
        (None, "login"),
        ("contributor", 403),
        ("relay", 403),
        ("department_pilot", 403),
        ("other_pilot", 404),
        ("academy_pilot", 302),
        ("national_pilot", 302),
    ],
)
@pytest.mark.parametrize("action, published_before", [("resource_publish", False), ("resource_retire", True)])
def test_publish_and_retire_by_role(client, world, who, expected, action, published_before):
    resource = _link(world.edition, published=published_before)
    if who:
        client.force_login(world.users[who])
    response = client.post(reverse(f"pilotage:{action}", args=[resource.pk]))
    resource.refresh_from_db()
    if expected == "login":
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    else:
        assert response.status_code == expected
    assert resource.is_published == (published_before if expected != 302 else not published_before)


def test_publish_needs_post(client, world):
    resource = _link(world.edition)
    client.force_login(world.academy_pilot)
    assert client.get(reverse("pilotage:resource_publish", args=[resource.pk])).status_code == 405


@pytest.mark.parametrize("who, expected", [("academy_pilot", 403), ("other_pilot", 403), ("national_pilot", 302)])
def test_national_resources_by_role(client, world, who, expected):
    resource = _link(None)
    client.force_login(world.users[who])
    response = client.post(reverse("pilotage:resource_publish", args=[resource.pk]))
    assert response.status_code == expected
    edit = client.get(reverse("pilotage:resource_edit", args=[resource.pk]))
    assert edit.status_code == (200 if expected == 302 else 403)


def test_national_pilot_adds_a_national_resource(client, world):
    client.force_login(world.national_pilot)
    response = client.post(reverse("pilotage:national_resource_add"), _form(url="https://ex.fr/logo", category="logo"))
    assert response["Location"] == reverse("pilotage:national_kit")
    assert Resource.objects.get().is_national
    assert AuditEntry.objects.filter(verb="editions.resource.created", user=world.national_pilot).exists()


def test_branding(client, world):
    client.force_login(world.academy_pilot)
    url = reverse("pilotage:edition_branding", args=[world.edition.pk])
    assert 'value="#000091"' in client.get(url).content.decode()
    response = client.post(url, {"brand_color": "pas une couleur", "logo": upload("logo.png", png_bytes())})
    content = response.content.decode()
    assert response.status_code == 200 and "#000091 (un # suivi" in content and 'value="pas une couleur"' in content
    assert "choisi à nouveau" in content
    response = client.post(url, {"brand_color": "#E1000F", "logo": upload("logo.png", png_bytes())})
    assert response.status_code == 302
    world.edition.refresh_from_db()
    assert world.edition.brand_color == "#e1000f" and world.edition.logo
    response = client.post(url, {"brand_color": "#e1000f", "logo": upload("logo.png", b"%PDF-1.4")})
    assert "PNG ou JPEG" in response.content.decode()
