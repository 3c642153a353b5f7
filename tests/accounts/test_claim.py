from datetime import timedelta

import pytest
from freezegun import freeze_time

from sps.accounts.enums import InvitationKind, Role
from sps.accounts.models import Invitation, RoleAssignment, User
from sps.accounts.services import AccountError, is_academic_address, school_claim_request
from tests.accounts.helpers import links, text
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory(uai="0940176F", name="Collège Paul Éluard", email="ce.0940176F@ac-creteil.fr")


def claim_url(school):
    return f"/compte/revendiquer/{school.uai}/"


def test_claim_page_is_public_and_masks_the_address(client, school):
    response = client.get(claim_url(school))
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Revendiquer Collège Paul Éluard</h1>" in body
    assert "ce.0…F@ac-creteil.fr" in body
    assert "ce.0940176F@ac-creteil.fr" not in body
    assert "Recevoir le lien sur l'adresse institutionnelle" in body


def test_claim_sends_link_to_the_institutional_address_only(
    client, school, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://sps.example.gouv.fr"
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves by a task on commit
        response = client.post(claim_url(school), {"email": "pirate@example.com"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.kind == InvitationKind.CLAIM
    assert invitation.email == "ce.0940176f@ac-creteil.fr"
    assert invitation.invited_by is None
    [message] = mailoutbox
    assert message.to == ["ce.0940176f@ac-creteil.fr"]
    assert "Collège Paul Éluard" in message.subject
    assert f"https://sps.example.gouv.fr/compte/invitation/{invitation.token}/" in links(message.body)
    assert "Un lien a été envoyé à l'adresse institutionnelle ce.0…F@ac-creteil.fr." in text(
        client.get(claim_url(school))
    )


def test_second_claim_within_the_hour_refused(client, school, mailoutbox, django_capture_on_commit_callbacks):
    with freeze_time("2026-01-05 09:00:00") as frozen:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(claim_url(school))
        frozen.tick(timedelta(minutes=59))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(claim_url(school), follow=True)
        assert "Un lien a déjà été envoyé à l'adresse institutionnelle" in text(response)
        assert len(mailoutbox) == 1
        frozen.tick(timedelta(minutes=2))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(claim_url(school))
    assert len(mailoutbox) == 2
    assert Invitation.objects.count() == 2


def test_non_academic_address_refused(client, mailoutbox):
    school = SchoolFactory(email="direction@college-exemple.fr")
    with pytest.raises(AccountError, match="pas une adresse académique"):
        school_claim_request(school=school)
    body = text(client.get(claim_url(school)))
    assert "Revendication impossible" in body
    assert "Recevoir le lien" not in body
    response = client.post(claim_url(school), follow=True)
    assert "n'est pas une adresse académique" in text(response)
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_school_without_address_refused(client, mailoutbox):
    school = SchoolFactory(email="")
    with pytest.raises(AccountError, match="pas d'adresse institutionnelle"):
        school_claim_request(school=school)
    assert "Revendication impossible" in text(client.get(claim_url(school)))


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("ce.0940176F@ac-creteil.fr", True),
        ("ce.0750001a@ac-paris.fr", True),
        ("ce@ac-normandie.fr", True),
        ("ce.0940176f@gmail.com", False),
        ("ac-creteil.fr@example.fr", False),
        ("ce@mac-creteil.fr", False),
        ("", False),
    ],
)
def test_is_academic_address(email, expected):
    assert is_academic_address(email) is expected


def test_claim_unknown_or_invalid_uai_404(client, db):
    assert client.get("/compte/revendiquer/0940176A/").status_code == 404  # bad check letter
    assert client.get("/compte/revendiquer/pas-une-uai/").status_code == 404
    assert client.get("/compte/revendiquer/0000001B/").status_code == 404  # valid, unknown


def test_claim_accept_grants_the_role(client, school, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(claim_url(school))
    [url] = [u for u in links(mailoutbox[0].body) if "/compte/invitation/" in u]
    path = url.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path
    body = text(client.get(path))
    assert "Cette adresse institutionnelle revendique l'établissement" in body
    response = client.post(
        path,
        {
            "first_name": "Claude",
            "last_name": "Principal",
            "password1": "gare-de-vitry-2026",
            "password2": "gare-de-vitry-2026",
        },
    )
    assert response["Location"] == "/espace/"
    user = User.objects.get()
    assert user.email == "ce.0940176f@ac-creteil.fr"
    assert RoleAssignment.objects.filter(user=user, role=Role.SCHOOL_CONTRIBUTOR, school=school).exists()
    # The pending claim is used: a new claim can be made at once (for a second person).
    assert client.get(path).status_code == 410
