from datetime import timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from sps.accounts.models import LoginFailure
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.helpers import text

pytestmark = pytest.mark.django_db

LOGIN_URL = "/compte/connexion/"


def post_login(client, email, password, **extra):
    return client.post(LOGIN_URL, {"username": email, "password": password, **extra})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_is_public_and_french(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Connexion</h1>" in body
    assert "Adresse électronique" in body
    assert 'autocomplete="email"' in body
    assert 'autocomplete="current-password"' in body


def test_login_success_redirects_to_account(client):
    user = UserFactory(email="camille@example.fr")
    response = post_login(client, "Camille@Example.fr", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_follows_next(client):
    user = UserFactory()
    response = post_login(client, user.email, PASSWORD, next="/compte/mes-donnees/")
    assert response["Location"] == "/compte/mes-donnees/"


def test_login_refuses_next_to_another_site(client):
    user = UserFactory()
    response = post_login(client, user.email, PASSWORD, next="https://example.com/")
    assert response["Location"] == reverse("accounts:account")


def test_login_failure_shows_french_error_and_keeps_email(client):
    user = UserFactory()
    response = post_login(client, user.email, "mauvais")
    assert response.status_code == 200
    body = text(response)
    assert "Adresse électronique ou mot de passe incorrect." in body
    assert f'value="{user.email}"' in body
    assert not is_logged_in(client)
    assert LoginFailure.objects.filter(email=user.email).count() == 1


def test_logout_is_post_only(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/compte/deconnexion/").status_code == 405
    response = client.post("/compte/deconnexion/")
    assert response.status_code == 302
    assert not is_logged_in(client)


def test_account_requires_login(client):
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


# --- Throttling ---------------------------------------------------------------------------


@pytest.fixture
def throttle(settings):
    settings.LOGIN_THROTTLE = {"WINDOW_SECONDS": 900, "SLOWDOWN_AFTER": 3, "LOCK_AFTER": 10, "LOCK_SECONDS": 900}


def test_slowdown_after_three_failures_refuses_without_checking_password(client, throttle):
    user = UserFactory()
    with freeze_time("2026-03-02 10:00:00") as frozen:
        for _ in range(3):
            post_login(client, user.email, "mauvais")
        # Too early: refused even with the right password, and not counted as a failure.
        response = post_login(client, user.email, PASSWORD)
        assert "Trop de tentatives : veuillez patienter 1 seconde avant de réessayer." in text(response)
        assert not is_logged_in(client)
        assert LoginFailure.objects.count() == 3

        frozen.tick(timedelta(seconds=1))
        post_login(client, user.email, "mauvais")  # 4th failure: next wait is 2 s
        frozen.tick(timedelta(seconds=1))
        response = post_login(client, user.email, PASSWORD)
        assert "veuillez patienter 1 seconde" in text(response)
        frozen.tick(timedelta(seconds=1))
        post_login(client, user.email, "mauvais")  # 5th failure: 4 s
        response = post_login(client, user.email, PASSWORD)
        assert "Trop de tentatives : veuillez patienter 4 secondes avant de réessayer." in text(response)

        frozen.tick(timedelta(seconds=4))
        response = post_login(client, user.email, PASSWORD)
        assert response.status_code == 302
        assert is_logged_in(client)
        # A successful log-in forgets the failures.
        assert LoginFailure.objects.filter(email=user.email).count() == 0


def test_failure_that_starts_the_slowdown_says_so(client, throttle):
    user = UserFactory()
    with freeze_time("2026-03-02 10:00:00"):
        post_login(client, user.email, "mauvais")
        post_login(client, user.email, "mauvais")
        body = text(post_login(client, user.email, "mauvais"))
    assert "Adresse électronique ou mot de passe incorrect." in body
    assert "veuillez patienter 1 seconde" in body


def test_lock_after_ten_failures_then_unlock(client, throttle):
    user = UserFactory()
    with freeze_time("2026-03-02 10:00:00") as frozen:
        for _ in range(10):
            post_login(client, user.email, "mauvais")
            frozen.tick(timedelta(seconds=70))  # longer than any slow-down before the lock
        body = text(post_login(client, user.email, PASSWORD))
        assert "Compte temporairement verrouillé" in body
        assert "réessayez dans 14 minutes" in body
        assert not is_logged_in(client)

        frozen.tick(timedelta(seconds=900 - 70 + 1))
        response = post_login(client, user.email, PASSWORD)
        assert response.status_code == 302
        assert LoginFailure.objects.filter(email=user.email).count() == 0


def test_lock_is_per_address(client, throttle):
    locked, other = UserFactory(), UserFactory()
    with freeze_time("2026-03-02 10:00:00") as frozen:
        for _ in range(10):
            post_login(client, locked.email, "mauvais", REMOTE_ADDR="10.0.0.1")
            frozen.tick(timedelta(seconds=70))
        assert "verrouillé" in text(post_login(client, locked.email, PASSWORD))
        response = client.post(LOGIN_URL, {"username": other.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
        assert response.status_code == 302


def test_slowdown_per_ip_across_addresses(client, throttle):
    with freeze_time("2026-03-02 10:00:00"):
        for n in range(15):  # IP threshold: 5 × SLOWDOWN_AFTER, spread over many addresses
            client.post(LOGIN_URL, {"username": f"x{n}@example.fr", "password": "mauvais"}, REMOTE_ADDR="10.9.9.9")
        user = UserFactory()
        response = client.post(LOGIN_URL, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
        assert "Trop de tentatives" in text(response)
        response = client.post(LOGIN_URL, {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1")
        assert response.status_code == 302


def test_old_failures_are_pruned(client, throttle):
    with freeze_time("2026-03-02 10:00:00") as frozen:
        post_login(client, "a@example.fr", "mauvais")
        frozen.tick(timedelta(hours=1))
        post_login(client, "b@example.fr", "mauvais")
    assert list(LoginFailure.objects.values_list("email", flat=True)) == ["b@example.fr"]


# --- Admin --------------------------------------------------------------------------------


def test_admin_refused_to_non_superusers(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302


def test_admin_refused_to_anonymous(client):
    response = client.get("/admin/")
    assert response.status_code == 302


def test_admin_open_to_superusers(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/admin/").status_code == 200
