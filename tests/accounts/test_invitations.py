from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from sps.accounts.enums import InvitationKind, Role
from sps.accounts.models import Invitation, RoleAssignment, User
from sps.accounts.services import AccountError, invitation_accept, invitation_create
from sps.audit.models import AuditEntry
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.accounts.helpers import links, text
from tests.schools.factories import SchoolFactory
from tests.territories.factories import BassinFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "persévérance-solide-2026"


@pytest.fixture
def school():
    return SchoolFactory(name="Collège Jean Moulin", commune="Vitry-sur-Seine")


@pytest.fixture
def pilot(school):
    pilot = UserFactory(first_name="Alex", last_name="Durand", job_title="IEN-IO")
    grant(pilot, Role.DEPARTMENT_PILOT, school.department)
    return pilot


def make_invitation(school, email="invite@example.fr", **extra):
    return Invitation.objects.create(
        school=school, email=email, expires_at=timezone.now() + timedelta(days=14), **extra
    )


# --- Service ------------------------------------------------------------------------------


def test_invitation_create_by_pilot_in_scope_sends_french_email(
    pilot, school, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://sps.example.gouv.fr/"
    with freeze_time("2026-01-05 09:00:00"), django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(school=school, email=" Invite@Example.fr ", invited_by=pilot)
    assert invitation.email == "invite@example.fr"
    assert invitation.kind == InvitationKind.INVITATION
    assert invitation.invited_by == pilot
    assert invitation.expires_at == invitation.created_at + timedelta(days=settings.INVITATION_VALIDITY_DAYS)
    [message] = mailoutbox
    assert message.to == ["invite@example.fr"]
    assert "Collège Jean Moulin" in message.subject
    assert "Alex Durand (IEN-IO) vous invite à déclarer les actions de Collège Jean Moulin" in message.body
    assert f"https://sps.example.gouv.fr/compte/invitation/{invitation.token}/" in links(message.body)
    assert "valable 14 jours" in message.body
    [entry] = AuditEntry.objects.for_object(invitation)
    assert (entry.verb, entry.user, entry.data) == ("accounts.invitation.created", pilot, {"school": school.uai})


def test_invitation_create_by_bassin_relay(school, mailoutbox, django_capture_on_commit_callbacks):
    bassin = BassinFactory(department=school.department)
    school.bassin = bassin
    school.save()
    relay = UserFactory()
    grant(relay, Role.BASSIN_RELAY, bassin)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(school=school, email="a@example.fr", invited_by=relay)
    assert len(mailoutbox) == 1


def test_invitation_create_out_of_scope_refused(school, mailoutbox):
    other = SchoolFactory()
    pilot = UserFactory()
    grant(pilot, Role.ACADEMY_PILOT, other.department.academy)
    with pytest.raises(AccountError, match="Vous ne pouvez pas inviter"):
        invitation_create(school=school, email="a@example.fr", invited_by=pilot)
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_invitation_create_by_contributor_refused(school):
    contributor = UserFactory()
    grant(contributor, Role.SCHOOL_CONTRIBUTOR, school)
    with pytest.raises(AccountError):
        invitation_create(school=school, email="a@example.fr", invited_by=contributor)


def test_invitation_again_replaces_the_pending_one(pilot, school):
    first = invitation_create(school=school, email="a@example.fr", invited_by=pilot)
    second = invitation_create(school=school, email="a@example.fr", invited_by=pilot)
    first.refresh_from_db()
    assert not first.is_usable
    assert second.is_usable


def test_invitation_of_an_existing_contributor_refused(pilot, school):
    contributor = UserFactory(email="deja@example.fr")
    grant(contributor, Role.SCHOOL_CONTRIBUTOR, school)
    with pytest.raises(AccountError, match="déjà porteur de projet"):
        invitation_create(school=school, email="Deja@example.fr", invited_by=pilot)


def test_invitation_accept_service_is_single_use(school):
    invitation = make_invitation(school)
    user = invitation_accept(invitation=invitation, first_name="A", last_name="B", password=GOOD_PASSWORD)
    with pytest.raises(AccountError, match="déjà été utilisée"):
        invitation_accept(invitation=invitation, user=user)


# --- Pilot view ---------------------------------------------------------------------------

URL = "/pilotage/invitations/"


def test_invite_view_anonymous_redirected_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=")


def test_invite_view_contributor_refused(client, school):
    contributor = UserFactory()
    grant(contributor, Role.SCHOOL_CONTRIBUTOR, school)
    client.force_login(contributor)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"email": "a@example.fr", "uai": school.uai}).status_code == 403
    assert not Invitation.objects.exists()


def test_invite_view_pilot_in_scope(client, pilot, school, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(pilot)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"email": "nouveau@example.fr", "uai": school.uai.lower()})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.school) == ("nouveau@example.fr", school)
    assert len(mailoutbox) == 1
    body = text(client.get(URL))
    assert "Invitation envoyée à nouveau@example.fr pour Collège Jean Moulin." in body
    assert "<h1>Inviter un porteur de projet</h1>" in body
    assert "nouveau@example.fr" in body.split("Invitations en attente", 1)[1]


@pytest.mark.parametrize(
    ("uai", "message"),
    [
        ("0940176", "doit compter 8 caractères"),
        ("0940176A", "La lettre de contrôle"),
    ],
)
def test_invite_view_invalid_uai_error_next_to_field(client, pilot, uai, message):
    client.force_login(pilot)
    response = client.post(URL, {"email": "nouveau@example.fr", "uai": uai})
    assert response.status_code == 200
    body = text(response)
    assert message in body
    assert 'value="nouveau@example.fr"' in body
    assert f'value="{uai}"' in body
    assert not Invitation.objects.exists()


def test_invite_view_out_of_scope_or_unknown_school(client, pilot):
    other = SchoolFactory()
    client.force_login(pilot)
    for uai in (other.uai, "0000001B"):
        body = text(client.post(URL, {"email": "nouveau@example.fr", "uai": uai}))
        assert f"Aucun établissement de votre territoire n'a l'UAI «\u00a0{uai}\u00a0»." in body
        assert 'class="fr-error-text"' in body
        assert f'value="{uai}"' in body
    assert not Invitation.objects.exists()


def test_invite_view_lists_only_invitations_in_scope(client, pilot, school):
    make_invitation(school, email="pending@example.fr")
    accepted_user = UserFactory(first_name="Sacha", last_name="Bernard")
    make_invitation(school, email="ok@example.fr", accepted_at=timezone.now(), accepted_by=accepted_user)
    make_invitation(SchoolFactory(), email="ailleurs@example.fr")
    client.force_login(pilot)
    body = text(client.get(URL))
    assert "pending@example.fr" in body
    assert "Sacha Bernard" in body
    assert "ailleurs@example.fr" not in body


# --- Accept view --------------------------------------------------------------------------


def accept_url(invitation):
    return f"/compte/invitation/{invitation.token}/"


def accept_data(**overrides):
    data = {"first_name": "Dominique", "last_name": "Leroy", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    return {**data, **overrides}


def test_accept_new_user(client, school, pilot):
    invitation = make_invitation(school, invited_by=pilot)
    response = client.get(accept_url(invitation))
    assert response.status_code == 200
    body = text(response)
    assert "Créer votre compte" in body
    assert "invite@example.fr" in body
    assert 'autocomplete="new-password"' in body

    response = client.post(accept_url(invitation), accept_data())
    assert response.status_code == 302
    assert response["Location"] == "/espace/"
    user = User.objects.get(email="invite@example.fr")
    assert (user.first_name, user.last_name) == ("Dominique", "Leroy")
    assert user.check_password(GOOD_PASSWORD)
    role = RoleAssignment.objects.get(user=user)
    assert (role.role, role.school, role.granted_by) == (Role.SCHOOL_CONTRIBUTOR, school, pilot)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEntry.objects.for_object(invitation).get().verb == "accounts.invitation.accepted"


def test_accept_used_twice(client, school):
    invitation = make_invitation(school)
    client.post(accept_url(invitation), accept_data())
    client.logout()
    response = client.get(accept_url(invitation))
    assert response.status_code == 410
    assert "Invitation déjà utilisée" in text(response)
    response = client.post(accept_url(invitation), accept_data(first_name="Autre"))
    assert response.status_code == 410
    assert User.objects.count() == 1
    assert RoleAssignment.objects.count() == 1


def test_accept_expired(client, school):
    invitation = make_invitation(school)
    with freeze_time(timezone.now() + timedelta(days=15)):
        response = client.get(accept_url(invitation))
        assert response.status_code == 410
        assert "Invitation expirée" in text(response)
        assert client.post(accept_url(invitation), accept_data()).status_code == 410
    assert not User.objects.exists()


def test_accept_unknown_token_404(client):
    assert client.get("/compte/invitation/inconnu/").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password1": "court", "password2": "court"}, "Ce mot de passe est trop court."),
        ({"password1": "1234567890123", "password2": "1234567890123"}, "Ce mot de passe est entièrement numérique."),
        ({"password2": "autre-chose-encore-2026"}, "Les deux mots de passe ne correspondent pas."),
        ({"last_name": ""}, "Ce champ est obligatoire."),
    ],
)
def test_accept_bad_input_french_error_values_kept_nothing_created(client, school, data, message):
    invitation = make_invitation(school)
    response = client.post(accept_url(invitation), accept_data(**data))
    assert response.status_code == 200
    body = text(response)
    assert message in body
    assert 'value="Dominique"' in body
    assert not User.objects.exists()
    assert not RoleAssignment.objects.exists()
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_accept_password_too_close_to_name(client, school):
    invitation = make_invitation(school, email="dominique.leroy@example.fr")
    response = client.post(
        accept_url(invitation), accept_data(password1="dominique.leroy", password2="dominique.leroy")
    )
    assert "Le mot de passe est trop semblable" in text(response)


def test_accept_existing_user_logs_in_then_confirms(client, school):
    user = UserFactory(email="invite@example.fr")
    invitation = make_invitation(school)
    response = client.get(accept_url(invitation))
    assert response.status_code == 200
    body = text(response)
    assert "Un compte existe déjà avec l'adresse" in body
    login_url = f"/compte/connexion/?next=/compte/invitation/{invitation.token}/"
    assert login_url in body
    # A POST without logging in creates nothing.
    client.post(accept_url(invitation), accept_data())
    assert User.objects.count() == 1 and not RoleAssignment.objects.exists()

    response = client.post(login_url, {"username": user.email, "password": PASSWORD})
    assert response["Location"] == accept_url(invitation)
    assert "Accepter l'invitation" in text(client.get(accept_url(invitation)))
    response = client.post(accept_url(invitation))
    assert response["Location"] == "/espace/"
    assert RoleAssignment.objects.filter(user=user, role=Role.SCHOOL_CONTRIBUTOR, school=school).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_accept_logged_in_as_someone_else(client, school):
    invitation = make_invitation(school)
    other = UserFactory()
    client.force_login(other)
    response = client.get(accept_url(invitation))
    assert "Cette invitation est destinée à une autre adresse" in text(response)
    client.post(accept_url(invitation))
    assert not RoleAssignment.objects.exists()
    invitation.refresh_from_db()
    assert invitation.is_usable
