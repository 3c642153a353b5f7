import json

import pytest

from sps.accounts.enums import InvitationKind, Role
from sps.accounts.models import Invitation, LoginFailure, RoleAssignment, User
from sps.accounts.services import user_delete
from sps.audit.models import AuditEntry
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.accounts.helpers import text
from tests.schools.factories import SchoolFactory
from tests.territories.factories import AcademyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client):
    user = UserFactory(email="camille@example.fr", first_name="Camille", last_name="Martin", job_title="CPE")
    client.force_login(user)
    return user


def profile_data(**overrides):
    data = {"first_name": "Camille", "last_name": "Martin", "job_title": "CPE", "email": "camille@example.fr"}
    return {**data, **overrides}


def test_account_page_shows_profile_roles_and_links(client, user):
    school = SchoolFactory(name="Collège Victor Hugo")
    academy = AcademyFactory(name="Créteil")
    grant(user, Role.SCHOOL_CONTRIBUTOR, school)
    grant(user, Role.ACADEMY_PILOT, academy)
    response = client.get("/compte/")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Mon compte</h1>" in body
    assert 'value="camille@example.fr"' in body
    assert f"Porteur de projet — Collège Victor Hugo ({school.uai})" in body
    assert "Pilote académique — " in body
    for url in ("/compte/mot-de-passe/", "/compte/mes-donnees/", "/compte/supprimer/"):
        assert f'href="{url}"' in body


def test_account_without_role_says_so(client, user):
    assert "Vous n'avez encore aucun rôle." in text(client.get("/compte/"))


def test_profile_edit(client, user):
    response = client.post("/compte/", profile_data(first_name="Dominique", job_title="Principale adjointe"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.job_title) == ("Dominique", "Principale adjointe")
    entry = AuditEntry.objects.for_object(user).get()
    assert entry.data == {"fields": ["first_name", "job_title"]}
    assert "Vos informations ont été enregistrées." in text(client.get("/compte/"))


def test_profile_bad_input_keeps_values_and_shows_errors(client, user):
    response = client.post(
        "/compte/", profile_data(last_name="", job_title="Référente décrochage", email="pas-une-adresse")
    )
    assert response.status_code == 200
    body = text(response)
    assert "Le formulaire contient des erreurs" in body
    assert "Ce champ est obligatoire." in body
    assert "Saisissez une adresse électronique valide" in body
    assert 'value="Référente décrochage"' in body
    assert 'value="pas-une-adresse"' in body
    assert 'aria-invalid="true"' in body
    user.refresh_from_db()
    assert user.last_name == "Martin"


def test_email_change_needs_password_and_a_free_address(client, user):
    UserFactory(email="pris@example.fr")
    body = text(client.post("/compte/", profile_data(email="pris@example.fr")))
    assert "Un autre compte utilise déjà cette adresse électronique." in body
    body = text(client.post("/compte/", profile_data(email="nouvelle@example.fr")))
    assert "Saisissez votre mot de passe actuel pour changer d'adresse électronique." in body
    body = text(client.post("/compte/", profile_data(email="nouvelle@example.fr", current_password="faux")))
    assert "Mot de passe incorrect." in body
    response = client.post("/compte/", profile_data(email="Nouvelle@Example.fr", current_password=PASSWORD))
    assert response.status_code == 302
    # The address changes only once the link sent to it is opened (tests/accounts/test_email_change.py).
    user.refresh_from_db()
    assert user.email == "camille@example.fr"


# --- RGPD ---------------------------------------------------------------------------------


def test_data_export_is_a_json_attachment_with_own_data_only(client, user):
    school = SchoolFactory(name="Lycée Condorcet")
    other_school = SchoolFactory()
    grant(user, Role.SCHOOL_CONTRIBUTOR, school)
    pilot = UserFactory(email="pilote@example.fr", first_name="Alex", last_name="Pilote")
    grant(pilot, Role.ACADEMY_PILOT, other_school.department.academy)
    Invitation.objects.create(
        school=school, email=user.email, invited_by=pilot, expires_at="2099-01-01T00:00Z", accepted_by=user
    )
    Invitation.objects.create(
        school=school, email="invitee@example.fr", invited_by=user, expires_at="2099-01-01T00:00Z"
    )
    Invitation.objects.create(
        school=other_school, email="autre@example.fr", invited_by=pilot, expires_at="2099-01-01T00:00Z"
    )
    LoginFailure.objects.create(email=user.email)
    LoginFailure.objects.create(email="pilote@example.fr")

    response = client.get("/compte/mes-donnees/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    data = json.loads(response.content)
    assert data["profil"]["adresse_electronique"] == "camille@example.fr"
    assert data["profil"]["fonction"] == "CPE"
    assert data["roles"] == [
        {
            "role": "Porteur de projet",
            "code": "school_contributor",
            "territoire": f"Lycée Condorcet ({school.uai})",
            "attribue_le": data["roles"][0]["attribue_le"],
        }
    ]
    assert len(data["invitations_envoyees"]) == 1
    assert data["invitations_envoyees"][0]["statut"] == "en attente"
    assert len(data["invitations_recues"]) == 1
    assert data["echecs_de_connexion_recents"] == 1
    raw = response.content.decode()
    for foreign in ("pilote@example.fr", "Pilote", "autre@example.fr", "invitee@example.fr", other_school.uai):
        assert foreign not in raw


def test_data_export_requires_login(client):
    assert client.get("/compte/mes-donnees/").status_code == 302


def test_delete_account_wrong_password_refused(client, user):
    response = client.post("/compte/supprimer/", {"password": "faux", "confirm": "on"})
    assert response.status_code == 200
    assert "Mot de passe incorrect." in text(response)
    response = client.post("/compte/supprimer/", {"password": PASSWORD})
    assert "Cochez la case pour confirmer la suppression." in text(response)
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_account(client, user):
    school = SchoolFactory()
    grant(user, Role.SCHOOL_CONTRIBUTOR, school)
    pilot = UserFactory()
    received = Invitation.objects.create(
        school=school, email=user.email, invited_by=pilot, expires_at="2099-01-01T00:00Z", accepted_by=user
    )
    sent = Invitation.objects.create(
        school=school, email="x@example.fr", invited_by=user, expires_at="2099-01-01T00:00Z"
    )
    LoginFailure.objects.create(email=user.email)

    response = client.post("/compte/supprimer/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert not RoleAssignment.objects.filter(school=school).exists()
    assert not Invitation.objects.filter(pk=received.pk).exists()
    sent.refresh_from_db()
    assert sent.invited_by is None  # the school's history stays, without the author
    assert not LoginFailure.objects.exists()
    assert "_auth_user_id" not in client.session
    assert client.get("/compte/").status_code == 302
    assert User.objects.filter(pk=pilot.pk).exists()


def test_user_delete_keeps_role_granted_to_others(db):
    pilot, contributor = UserFactory(), UserFactory()
    school = SchoolFactory()
    role = grant(contributor, Role.SCHOOL_CONTRIBUTOR, school, granted_by=pilot)
    Invitation.objects.create(
        school=school, email=contributor.email, kind=InvitationKind.CLAIM, expires_at="2099-01-01T00:00Z"
    )
    user_delete(user=pilot)
    role.refresh_from_db()
    assert role.granted_by is None
    assert Invitation.objects.count() == 1
