import pytest

from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.helpers import links, text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "un-nouveau-secret-solide-7"


def test_password_reset_sends_french_email_with_working_link(
    client, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://persevérance.example.gouv.fr".replace("é", "e")
    user = UserFactory(email="camille@example.fr", first_name="Camille")
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves once the request commits
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


def test_password_reset_unknown_address_sends_nothing_and_says_the_same(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
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


# --- Throttling « mot de passe oublié » -----------------------------------------------------

RESET_URL = "/compte/mot-de-passe/oublie/"
TOO_MANY = "Trop de demandes de nouveau mot de passe"


@pytest.fixture
def ask_reset(django_capture_on_commit_callbacks):
    def ask(client, email, ip="10.0.0.1"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RESET_URL, {"email": email}, REMOTE_ADDR=ip)

    return ask


@pytest.mark.parametrize("has_account", [True, False])
def test_reset_throttled_per_address_with_the_same_answer_either_way(client, mailoutbox, has_account, ask_reset):
    from freezegun import freeze_time

    email = "camille@example.fr"
    if has_account:
        UserFactory(email=email)
    with freeze_time("2026-03-02 10:00:00") as frozen:
        for n in range(3):
            assert ask_reset(client, email, ip=f"10.0.0.{n}").status_code == 302
        response = ask_reset(client, email, ip="10.0.0.9")
        assert response.status_code == 200
        body = text(response)
        assert f"{TOO_MANY} pour cette adresse ou depuis ce réseau\u00a0: réessayez dans 60 minutes." in body
        assert f'value="{email}"' in body
        assert len(mailoutbox) == (3 if has_account else 0)
        frozen.tick(3601)
        assert ask_reset(client, email).status_code == 302
    assert len(mailoutbox) == (4 if has_account else 0)


def test_reset_throttled_per_ip(client, mailoutbox, ask_reset):
    from freezegun import freeze_time

    user = UserFactory()
    with freeze_time("2026-03-02 10:00:00"):
        for n in range(10):
            ask_reset(client, f"x{n}@example.fr", ip="203.0.113.5")
        assert TOO_MANY in text(ask_reset(client, user.email, ip="203.0.113.5"))
        assert mailoutbox == []
        assert ask_reset(client, user.email, ip="198.51.100.1").status_code == 302
    assert len(mailoutbox) == 1


def test_reset_mail_is_plain_text(client, mailoutbox, settings, ask_reset):
    settings.PASSWORD_RESET_THROTTLE = {"WINDOW_SECONDS": 3600, "PER_ADDRESS": 3, "PER_IP": 10}
    UserFactory(email="dartagnan@example.fr", first_name="D'Artagnan & Cie")
    ask_reset(client, "dartagnan@example.fr")
    [message] = mailoutbox
    assert "Bonjour D'Artagnan & Cie," in message.body
    assert "&#x27;" not in message.subject + message.body and "&amp;" not in message.body


def test_deleting_the_account_forgets_its_reset_requests(client, ask_reset):
    from sps.accounts.models import PasswordResetRequest
    from sps.accounts.services import user_delete

    user = UserFactory(email="camille@example.fr")
    ask_reset(client, user.email)
    ask_reset(client, "autre@example.fr")
    user_delete(user=user)
    assert list(PasswordResetRequest.objects.values_list("email", flat=True)) == ["autre@example.fr"]
