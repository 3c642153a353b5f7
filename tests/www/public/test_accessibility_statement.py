"""The accessibility statement gives a real contact and the RGAA's recourse; the header's markup
is valid HTML (the Nu checker found one error on every page)."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db


def test_statement_gives_the_configured_contact(client, settings):
    settings.SPS_CONTACT_EMAIL = "accessibilite@perseverance.test"
    page = client.get("/accessibilite/").content.decode()
    assert '<a href="mailto:accessibilite@perseverance.test">accessibilite@perseverance.test</a>' in page


def test_contact_has_a_default(client):
    from django.conf import settings

    assert settings.SPS_CONTACT_EMAIL
    assert f"mailto:{settings.SPS_CONTACT_EMAIL}" in client.get("/accessibilite/").content.decode()


def test_statement_gives_the_defenseur_des_droits_recourse(client):
    page = client.get("/accessibilite/").content.decode()
    assert "Défenseur des droits" in page
    assert "https://formulaire.defenseurdesdroits.fr/" in page
    assert "https://www.defenseurdesdroits.fr/saisir/delegues" in page
    assert "Libre réponse 71120, 75342 Paris CEDEX 07" in page


class _AriaOnGenericElements(HTMLParser):
    """Elements with an accessible-name attribute but no role: HTML forbids aria-label(ledby)
    on a div or span without a role (the Nu checker's error)."""

    def __init__(self):
        super().__init__()
        self.errors = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"div", "span"} and "role" not in attrs and ({"aria-label", "aria-labelledby"} & attrs.keys()):
            self.errors.append(f"<{tag} id={attrs.get('id')!r}>")


@pytest.mark.parametrize("url", ["/", "/accessibilite/", "/compte/connexion/", "/page-qui-n-existe-pas/"])
def test_no_accessible_name_on_generic_elements(client, url):
    parser = _AriaOnGenericElements()
    parser.feed(client.get(url).content.decode())
    assert parser.errors == []
    # The menu the header's button opens is still there.
    assert 'id="fr-menu-mobile"' in client.get(url).content.decode()


def test_logged_in_header_too(client, django_user_model):
    user = django_user_model.objects.create_user(email="x@example.fr", password="x-long-password")
    client.force_login(user)
    parser = _AriaOnGenericElements()
    parser.feed(client.get("/compte/").content.decode())
    assert parser.errors == []
