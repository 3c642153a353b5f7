"""A new log-in address replaces the old one only through a link sent to it (signed, expiring, one use)."""

import pytest
from django.core import signing
from freezegun import freeze_time

from sps.accounts.enums import Role
from sps.accounts.services import email_change_token
from sps.audit.models import AuditEntry
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.accounts.helpers import links, text
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db

NEW = "nouvelle@example.fr"


@pytest.fixture
def user(client):
    user = UserFactory(email="camille@example.fr", first_name="Camille", last_name="Martin", job_title="CPE")
    client.force_login(user)
    return user


def ask_change(client, email=NEW, **extra):
    data = {"first_name": "Camille", "last_name": "Martin", "job_title": "CPE", "email": email}
    return client.post("/compte/", {**data, "current_password": PASSWORD, **extra})


def the_link(mailoutbox, settings) -> str:
    [url] = [u for u in links(mailoutbox[-1].body) if "/compte/adresse/confirmer/" in u]
    return url.removeprefix(settings.SITE_URL.rstrip("/"))


def test_change_is_confirmed_by_a_link_sent_to_the_new_address(
    client, user, mailoutbox, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_change(client, email="Nouvelle@Example.fr")
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "camille@example.fr"  # not yet
    page = text(client.get("/compte/"))
    assert f"Un lien de confirmation a été envoyé à {NEW}" in page
    assert "votre adresse de connexion reste camille@example.fr" in page
    assert "un lien de confirmation est envoyé à la nouvelle adresse" in page  # the field's help
    [message] = mailoutbox
    assert message.to == [NEW]
    assert message.subject == "Confirmez votre nouvelle adresse de connexion à la Semaine de la persévérance scolaire"
    path = the_link(mailoutbox, settings)

    # Opening the link changes nothing (a mail scanner may open it): the button does.
    page = client.get(path)
    assert page.status_code == 200
    assert NEW in text(page)
    user.refresh_from_db()
    assert user.email == "camille@example.fr"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == NEW
    # The old address is told, with the new one masked.
    notice = mailoutbox[-1]
    assert notice.to == ["camille@example.fr"]
    assert notice.subject == "L'adresse de connexion de votre compte a changé"
    assert "no…@example.fr" in notice.body and NEW not in notice.body
    actions = list(AuditEntry.objects.for_object(user).values_list("verb", flat=True))
    assert "accounts.user.email_change_requested" in actions and "accounts.user.email_changed" in actions


def test_a_reused_link_is_refused(client, user, mailoutbox, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_change(client)
    path = the_link(mailoutbox, settings)
    client.post(path)
    response = client.post(path)
    assert response.status_code == 410
    assert "Ce lien a déjà servi" in text(response)


def test_an_expired_link_is_refused(client, user, settings):
    with freeze_time("2026-03-02 10:00:00") as frozen:
        token = email_change_token(user=user, new_email=NEW)
        frozen.tick(settings.EMAIL_CHANGE_TIMEOUT + 1)
        response = client.post(f"/compte/adresse/confirmer/{token}/")
    assert response.status_code == 410
    assert "Ce lien a expiré" in text(response)
    user.refresh_from_db()
    assert user.email == "camille@example.fr"


def test_a_forged_link_is_refused(client, user):
    token = email_change_token(user=user, new_email=NEW)
    payload, _, signature = token.rpartition(":")
    forged = signing.dumps({"user": user.pk, "old": user.email, "new": "pirate@example.fr"}, salt="autre")
    for bad in (f"{payload}:{signature[:-2]}xx", forged, "n-importe-quoi"):
        assert client.post(f"/compte/adresse/confirmer/{bad}/").status_code == 404
    user.refresh_from_db()
    assert user.email == "camille@example.fr"


def test_a_link_of_another_account_does_nothing(client, user):
    other = UserFactory()
    token = email_change_token(user=other, new_email=NEW)
    assert client.post(f"/compte/adresse/confirmer/{token}/").status_code == 404
    other.refresh_from_db()
    assert other.email != NEW


def test_the_link_needs_the_account_logged_in(client, user):
    token = email_change_token(user=user, new_email=NEW)
    client.logout()
    response = client.get(f"/compte/adresse/confirmer/{token}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_an_address_already_taken_is_refused_at_request_and_at_confirmation(client, user, mailoutbox):
    UserFactory(email="prise@example.fr")
    body = text(ask_change(client, email="prise@example.fr"))
    assert "Un autre compte utilise déjà cette adresse électronique." in body
    assert mailoutbox == []
    # Taken between the request and the confirmation: refused, nothing written.
    token = email_change_token(user=user, new_email=NEW)
    UserFactory(email=NEW)
    response = client.post(f"/compte/adresse/confirmer/{token}/")
    assert response.status_code == 409
    assert "Un autre compte utilise déjà cette adresse électronique." in text(response)
    user.refresh_from_db()
    assert user.email == "camille@example.fr"


def test_a_school_address_cannot_be_taken_without_its_mailbox(client, user, django_capture_on_commit_callbacks):
    """The reported attack: a user sets another school's institutional address to block its claim."""
    school = SchoolFactory(email="ce.0940176f@ac-creteil.fr")
    with django_capture_on_commit_callbacks(execute=True):
        ask_change(client, email=school.email)
    user.refresh_from_db()
    assert user.email == "camille@example.fr"
    # The school's claim still goes through.
    response = client.post(f"/compte/revendiquer/{school.uai}/")
    assert response.status_code == 302


def test_emails_are_plain_text(client, mailoutbox, settings, django_capture_on_commit_callbacks):
    user = UserFactory(email="dartagnan@example.fr", first_name="D'Artagnan & Cie")
    grant(user, Role.SCHOOL_CONTRIBUTOR, SchoolFactory())
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/compte/",
            {"first_name": user.first_name, "last_name": "M", "email": NEW, "current_password": PASSWORD},
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(the_link(mailoutbox, settings))
    for message in mailoutbox:
        assert "Bonjour D'Artagnan & Cie," in message.body
        assert "&#x27;" not in message.subject + message.body and "&amp;" not in message.body
    assert "L'adresse" in mailoutbox[-1].subject
