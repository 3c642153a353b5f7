from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from freezegun import freeze_time

from sps.accounts.models import LoginFailure
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.helpers import links, text

pytestmark = pytest.mark.django_db

LOGIN_URL = "/compte/connexion/"


def post_login(client, email, password, **extra):
    return client.post(LOGIN_URL, {"username": email, "password": password, **extra})


def post_login_from(client, ip, email, password):
    return client.post(LOGIN_URL, {"username": email, "password": password}, REMOTE_ADDR=ip)


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
        assert "Trop de tentatives\u00a0: veuillez patienter 1 seconde avant de réessayer." in text(response)
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
        assert "Trop de tentatives\u00a0: veuillez patienter 4 secondes avant de réessayer." in text(response)

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
            post_login_from(client, "10.0.0.1", locked.email, "mauvais")
            frozen.tick(timedelta(seconds=70))
        assert "verrouillé" in text(post_login_from(client, "10.0.0.1", locked.email, PASSWORD))
        response = client.post(LOGIN_URL, {"username": other.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
        assert response.status_code == 302


def test_lock_is_per_address_and_ip_pair(client, throttle):
    """Someone who knows the address cannot keep its owner out: the lock is on their own IP."""
    user = UserFactory()
    with freeze_time("2026-03-02 10:00:00") as frozen:
        for _ in range(10):
            post_login_from(client, "203.0.113.66", user.email, "mauvais")
            frozen.tick(timedelta(seconds=70))
        body = text(post_login_from(client, "203.0.113.66", user.email, PASSWORD))
        assert "Compte temporairement verrouillé" in body
        # The owner, from the rectorat's network, logs in at once.
        response = post_login_from(client, "198.51.100.7", user.email, PASSWORD)
        assert response.status_code == 302
        # ...which does not lift the attacker's lock.
        client.logout()
        assert "verrouillé" in text(post_login_from(client, "203.0.113.66", user.email, PASSWORD))


def test_slowdown_per_address_across_many_ips(client, throttle):
    """Guessing spread over many machines is slowed down on the address (30 failures), never locked."""
    user = UserFactory()
    with freeze_time("2026-03-02 10:00:00"):
        for n in range(30):
            post_login_from(client, f"203.0.113.{n}", user.email, "mauvais")
        body = text(post_login_from(client, "198.51.100.7", user.email, PASSWORD))
    assert "Trop de tentatives\u00a0: veuillez patienter 1 seconde" in body
    assert "verrouillé" not in body


def test_completed_password_reset_lifts_every_lock(client, throttle, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    with freeze_time("2026-03-02 10:00:00") as frozen:
        for _ in range(10):
            post_login(client, user.email, "mauvais")
            frozen.tick(timedelta(seconds=70))
        assert "verrouillé" in text(post_login(client, user.email, PASSWORD))
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/compte/mot-de-passe/oublie/", {"email": user.email})
        [link] = [u for u in links(mailoutbox[0].body) if "/mot-de-passe/nouveau/" in u]
        form_url = client.get(link.removeprefix(django_settings.SITE_URL.rstrip("/")))["Location"]
        new = "un-nouveau-secret-solide-7"
        client.post(form_url, {"new_password1": new, "new_password2": new})
        assert LoginFailure.objects.filter(email=user.email).count() == 0
        assert post_login(client, user.email, new).status_code == 302


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


def test_admin_login_shares_the_throttle(client, throttle):
    """30 wrong passwords on /admin/login/ lock it too; and a lock from /compte/connexion/ holds there."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    with freeze_time("2026-03-02 10:00:00") as frozen:
        for _ in range(30):  # the probe: 30 in a row, then the right one
            client.post("/admin/login/?next=/admin/", {"username": admin.email, "password": "mauvais"})
        response = client.post("/admin/login/?next=/admin/", {"username": admin.email, "password": PASSWORD})
        assert response.status_code == 200
        assert "Trop de tentatives" in text(response)
        assert not is_logged_in(client)
        assert LoginFailure.objects.filter(email=admin.email).count() == 3  # refused attempts are not counted
        for _ in range(7):
            frozen.tick(timedelta(seconds=70))
            client.post("/admin/login/?next=/admin/", {"username": admin.email, "password": "mauvais"})
        frozen.tick(timedelta(seconds=70))
        response = client.post("/admin/login/?next=/admin/", {"username": admin.email, "password": PASSWORD})
        assert "Compte temporairement verrouillé" in text(response)
        assert not is_logged_in(client)

    other = UserFactory(is_superuser=True, is_staff=True)
    with freeze_time("2026-03-03 10:00:00") as frozen:
        for _ in range(10):
            post_login(client, other.email, "mauvais")
            frozen.tick(timedelta(seconds=70))
        response = client.post("/admin/login/?next=/admin/", {"username": other.email, "password": PASSWORD})
        assert "Compte temporairement verrouillé" in text(response)
        assert not is_logged_in(client)


def test_admin_login_slowdown_in_french(client, throttle):
    admin = UserFactory(is_superuser=True, is_staff=True)
    with freeze_time("2026-03-02 10:00:00"):
        for _ in range(3):
            client.post("/admin/login/", {"username": admin.email, "password": "mauvais"})
        response = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert "Trop de tentatives\u00a0: veuillez patienter 1 seconde avant de réessayer." in text(response)
    assert not is_logged_in(client)


def test_authenticate_without_request_is_throttled_too(throttle):
    """Any `authenticate()` call goes through the same count (the backend throttles, not a form)."""
    from django.contrib.auth import authenticate

    user = UserFactory()
    with freeze_time("2026-03-02 10:00:00"):
        for _ in range(3):
            assert authenticate(None, username=user.email, password="mauvais") is None
        assert authenticate(None, username=user.email, password=PASSWORD) is None
    assert LoginFailure.objects.filter(email=user.email).count() == 3


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
