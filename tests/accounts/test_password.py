import pytest

from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.helpers import links, text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "un-nouveau-secret-solide-7"


def test_password_reset_sends_french_email_with_working_link(client, mailoutbox, settings):
    settings.SITE_URL = "https://persevérance.example.gouv.fr".replace("é", "e")
    user = UserFactory(email="camille@example.fr", first_name="Camille")
    response = client.post("/compte/mot-de-passe/oublie/", {"email": "camille@example.fr"})
    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/oublie/envoye/"
    assert "Message envoyé" in text(client.get(response["Location"]))

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["camille@example.fr"]
    assert message.subject == "Semaine de la persévérance scolaire : choisir un nouveau mot de passe"
    assert "Bonjour Camille," in message.body
    [link] = [u for u in links(message.body) if "/mot-de-passe/nouveau/" in u]
    assert link.startswith("https://perseverance.example.gouv.fr/compte/mot-de-passe/nouveau/")

    path = link.removeprefix(settings.SITE_URL)
    response = client.get(path)  # Django swaps the token for a session value, then redirects
    assert response.status_code == 302
    form_url = response["Location"]
    page = client.get(form_url)
    assert "Nouveau mot de passe" in text(page)

    response = client.post(form_url, {"new_password1": "court", "new_password2": "court"})
    assert response.status_code == 200
    assert "Ce mot de passe est trop court." in text(response)

    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/compte/mot-de-passe/nouveau/termine/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link is single-use.
    assert "Lien invalide ou expiré" in text(client.get(path, follow=True))


def test_password_reset_unknown_address_sends_nothing_and_says_the_same(client, mailoutbox):
    response = client.post("/compte/mot-de-passe/oublie/", {"email": "personne@example.fr"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_password_reset_bad_address_french_error(client):
    response = client.post("/compte/mot-de-passe/oublie/", {"email": "pas-une-adresse"})
    assert response.status_code == 200
    body = text(response)
    assert "Saisissez une adresse électronique valide" in body
    assert 'value="pas-une-adresse"' in body


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/compte/mot-de-passe/",
        {"old_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "ancien mot de passe est incorrect" in text(response)
    response = client.post(
        "/compte/mot-de-passe/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == "/compte/mot-de-passe/modifie/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Still logged in after the change.
    assert client.get("/compte/").status_code == 200
