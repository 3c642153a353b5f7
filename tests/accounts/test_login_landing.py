"""Where each role lands after log-in, and how long its session lasts."""

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from sps.accounts.enums import Role
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.schools.factories import SchoolFactory
from tests.territories.factories import AcademyFactory, BassinFactory, DepartmentFactory

pytestmark = pytest.mark.django_db

EIGHT_HOURS = 8 * 60 * 60
FOURTEEN_DAYS = 14 * 24 * 60 * 60

# Written from the brief, not read from the code: each role's workspace.
LANDING = {
    "contributor": "/espace/",
    "bassin_relay": "/pilotage/",
    "department_pilot": "/pilotage/",
    "academy_pilot": "/pilotage/",
    "national_pilot": "/pilotage/",
    "contributor_and_relay": "/pilotage/",
    "no_role": "/compte/",
}
# Who sees pupils' photos (bilan photos in espace and pilotage): their session ends with the browser.
SEES_PHOTOS = {
    "contributor": True,
    "bassin_relay": True,
    "department_pilot": True,
    "academy_pilot": True,
    "national_pilot": True,
    "contributor_and_relay": True,
    "no_role": False,
}


def make_user(kind):
    user = UserFactory()
    if kind in ("contributor", "contributor_and_relay"):
        grant(user, Role.SCHOOL_CONTRIBUTOR, SchoolFactory())
    if kind in ("bassin_relay", "contributor_and_relay"):
        grant(user, Role.BASSIN_RELAY, BassinFactory())
    if kind == "department_pilot":
        grant(user, Role.DEPARTMENT_PILOT, DepartmentFactory())
    if kind == "academy_pilot":
        grant(user, Role.ACADEMY_PILOT, AcademyFactory())
    if kind == "national_pilot":
        grant(user, Role.NATIONAL_PILOT)
    return user


def login(client, user, **extra):
    return client.post("/compte/connexion/", {"username": user.email, "password": PASSWORD, **extra})


@pytest.mark.parametrize("kind", sorted(LANDING))
def test_login_lands_on_the_workspace(client, kind):
    response = login(client, make_user(kind))
    assert response.status_code == 302
    assert response["Location"] == LANDING[kind]


@pytest.mark.parametrize("kind", ["contributor", "academy_pilot"])
def test_a_safe_next_still_wins(client, kind):
    response = login(client, make_user(kind), next="/compte/mes-donnees/")
    assert response["Location"] == "/compte/mes-donnees/"


def test_an_unsafe_next_lands_on_the_workspace(client):
    response = login(client, make_user("contributor"), next="https://example.com/")
    assert response["Location"] == "/espace/"


@pytest.mark.parametrize("kind", sorted(SEES_PHOTOS))
def test_session_expiry_by_role(client, kind):
    response = login(client, make_user(kind))
    cookie = response.cookies["sessionid"]
    session = Session.objects.get(session_key=cookie.value)
    server_age = (session.expire_date - timezone.now()).total_seconds()
    if SEES_PHOTOS[kind]:
        # A browser-session cookie (no Max-Age), and hours on the server, not 14 days.
        assert cookie["max-age"] == ""
        assert EIGHT_HOURS - 60 < server_age <= EIGHT_HOURS
        assert client.session.get_expire_at_browser_close()
    else:
        assert int(cookie["max-age"]) == FOURTEEN_DAYS
        assert FOURTEEN_DAYS - 60 < server_age <= FOURTEEN_DAYS


def test_admin_login_gets_the_short_session(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    response = client.post("/admin/login/?next=/admin/", {"username": admin.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == ""
    assert client.session.get_expiry_age() == EIGHT_HOURS
