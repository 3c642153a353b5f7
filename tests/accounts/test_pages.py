"""Every page of the accounts area: one h1, no inline script or style (strict CSP), CSRF enforced."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sps.accounts.enums import Role
from sps.accounts.models import Invitation
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db

INLINE = re.compile(r"\s(style|on[a-z]+)=", re.IGNORECASE)


def assert_clean_page(response):
    assert response.status_code in (200, 410), response.status_code
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert not INLINE.search(body), INLINE.search(body)
    assert "<script>" not in body


def test_public_pages(client):
    school = SchoolFactory()
    invitation = Invitation.objects.create(
        school=school, email="a@example.fr", expires_at=timezone.now() + timedelta(days=1)
    )
    used = Invitation.objects.create(
        school=school, email="b@example.fr", expires_at=timezone.now() + timedelta(days=1), accepted_at=timezone.now()
    )
    for url in (
        "/compte/connexion/",
        "/compte/mot-de-passe/oublie/",
        "/compte/mot-de-passe/oublie/envoye/",
        "/compte/mot-de-passe/nouveau/termine/",
        "/compte/mot-de-passe/nouveau/MQ/mauvais-jeton/",
        f"/compte/invitation/{invitation.token}/",
        f"/compte/invitation/{used.token}/",
        f"/compte/revendiquer/{school.uai}/",
        "/donnees-personnelles/",
    ):
        assert_clean_page(client.get(url))


def test_logged_in_pages(client):
    school = SchoolFactory()
    user = UserFactory()
    grant(user, Role.ACADEMY_PILOT, school.department.academy)
    client.force_login(user)
    for url in (
        "/compte/",
        "/compte/mot-de-passe/",
        "/compte/mot-de-passe/modifie/",
        "/compte/supprimer/",
        "/pilotage/invitations/",
    ):
        assert_clean_page(client.get(url))


def test_personal_data_page_content(client):
    body = client.get("/donnees-personnelles/").content.decode()
    for words in ("droit à l'image", "Inscriptions aux événements", "Contacts des actions", "Supprimer mon compte"):
        assert words in body.replace("&#x27;", "'")


def test_csrf_is_enforced_on_login_and_forms():
    client = Client(enforce_csrf_checks=True)
    user = UserFactory()
    assert client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD}).status_code == 403
    client.force_login(user)
    assert client.post("/compte/supprimer/", {"password": PASSWORD, "confirm": "on"}).status_code == 403
    assert client.post("/compte/deconnexion/").status_code == 403


def test_account_page_query_count(client, django_assert_max_num_queries):
    user = UserFactory()
    for _ in range(3):
        grant(user, Role.SCHOOL_CONTRIBUTOR, SchoolFactory())
    client.force_login(user)
    with django_assert_max_num_queries(4):
        assert client.get("/compte/").status_code == 200


def test_invitations_page_query_count(client, django_assert_max_num_queries):
    school = SchoolFactory()
    pilot = UserFactory()
    grant(pilot, Role.ACADEMY_PILOT, school.department.academy)
    for n in range(5):
        Invitation.objects.create(
            school=school, email=f"p{n}@example.fr", invited_by=pilot, expires_at=timezone.now() + timedelta(days=1)
        )
    client.force_login(pilot)
    # 8: the pilotage menu counts the « À traiter » queue (the académie's predecessors, then the count).
    with django_assert_max_num_queries(8):
        assert client.get("/pilotage/invitations/").status_code == 200
