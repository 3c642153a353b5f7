"""Every access-filtered queryset and predicate built from the Scope, for each role at each territory
level (national, académie, département, bassin, school), plus inactive users and merged académies.

The expected answers are written out below as their own tables (from the brief: a relay follows their
bassin, a département pilot their département, an académie pilot their académie, the national pilot
everything, a porteur their school), never computed from the code under test.
"""

import datetime

import pytest

from sps.accounts import perms
from sps.accounts.enums import Role
from sps.accounts.scope import Scope
from sps.actions import rules
from sps.actions.enums import ActionStatus, Actor, FirstModerators
from sps.actions.models import Action, ModerationSettings
from sps.editions.models import Resource
from tests.accounts.factories import UserFactory, grant
from tests.actions.factories import ActionFactory
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.schools.factories import SchoolFactory
from tests.territories.factories import AcademyFactory, BassinFactory, DepartmentFactory

pytestmark = pytest.mark.django_db

# One user per role and territory level, plus inactive holders of roles and a user without any.
USERS = [
    "contributor",  # school a
    "relay",  # bassin A (school a)
    "department_pilot",  # département 94 (schools a, b)
    "academy_pilot",  # Créteil (schools a, b, c)
    "national_pilot",
    "normandie_pilot",  # Normandie, into which Caen merged (school n)
    "caen_pilot",  # a role kept over the closed académie of Caen
    "inactive_pilot",  # académie pilot of Créteil, account deactivated
    "inactive_contributor",  # contributor of school a, account deactivated
    "nobody",  # signed in, no role
]


class Land:
    """Créteil (94: bassins A and B; 93: bassin C), Rennes (35: bassin R), Normandie (14: school n)
    into which Caen merged; one school per bassin, one fiche per school, a kit resource per edition."""

    def __init__(self):
        self.creteil = AcademyFactory(name="Créteil")
        self.rennes = AcademyFactory(name="Rennes")
        self.normandie = AcademyFactory(name="Normandie")
        self.caen = AcademyFactory(name="Caen", successor=self.normandie, valid_until=datetime.date(2019, 12, 31))
        self.d94 = DepartmentFactory(academy=self.creteil, code="94")
        self.d93 = DepartmentFactory(academy=self.creteil, code="93")
        self.d35 = DepartmentFactory(academy=self.rennes, code="35")
        self.d14 = DepartmentFactory(academy=self.normandie, code="14")
        self.bassins = {
            "A": BassinFactory(department=self.d94),
            "B": BassinFactory(department=self.d94),
            "C": BassinFactory(department=self.d93),
            "R": BassinFactory(department=self.d35),
            "N": BassinFactory(department=self.d14),
        }
        self.schools = {
            key.lower(): SchoolFactory(department=b.department, bassin=b) for key, b in self.bassins.items()
        }
        campaign = CampaignFactory(school_year="2026-2027")
        past = CampaignFactory(school_year="2018-2019")
        self.editions = {
            "creteil": EditionFactory(campaign=campaign, academy=self.creteil, published=True),
            "rennes": EditionFactory(campaign=campaign, academy=self.rennes, published=True),
            "normandie": EditionFactory(campaign=campaign, academy=self.normandie, published=True),
            "caen": EditionFactory(campaign=past, academy=self.caen, published=True),
        }
        edition_of = {"a": "creteil", "b": "creteil", "c": "creteil", "r": "rennes", "n": "normandie"}
        # Fiches named after their school; "caen" is a past Caen fiche of the Calvados school.
        self.fiches = {
            key: ActionFactory(edition=self.editions[edition_of[key]], schools=[school], submitted=True)
            for key, school in self.schools.items()
        }
        self.fiches["caen"] = ActionFactory(edition=self.editions["caen"], schools=[self.schools["n"]], submitted=True)
        self.resources = {
            None: Resource.objects.create(title="Logo national", category="logo", url="https://example.fr/logo")
        }
        for key, edition in self.editions.items():
            self.resources[key] = Resource.objects.create(
                edition=edition, title=f"Affiche {key}", category="affiche", url="https://example.fr/affiche"
            )
        self.users = {}
        for name, role, territory, active in [
            ("contributor", Role.SCHOOL_CONTRIBUTOR, self.schools["a"], True),
            ("relay", Role.BASSIN_RELAY, self.bassins["A"], True),
            ("department_pilot", Role.DEPARTMENT_PILOT, self.d94, True),
            ("academy_pilot", Role.ACADEMY_PILOT, self.creteil, True),
            ("national_pilot", Role.NATIONAL_PILOT, None, True),
            ("normandie_pilot", Role.ACADEMY_PILOT, self.normandie, True),
            ("caen_pilot", Role.ACADEMY_PILOT, self.caen, True),
            ("inactive_pilot", Role.ACADEMY_PILOT, self.creteil, False),
            ("inactive_contributor", Role.SCHOOL_CONTRIBUTOR, self.schools["a"], False),
            ("nobody", None, None, True),
        ]:
            user = UserFactory(email=f"{name}@example.fr", is_active=active)
            if role is not None:
                grant(user, role, territory)
            self.users[name] = user

    def user(self, name):
        """A fresh copy of the user, as a new request would load it (no cached scope)."""
        return type(self.users[name]).objects.get(pk=self.users[name].pk)


@pytest.fixture
def land(db):
    return Land()


ALL_SCHOOLS = {"a", "b", "c", "r", "n"}

# --- Schools, départements, bassins, académies ------------------------------------------------

PILOT_SCHOOLS = {
    "contributor": set(),
    "relay": {"a"},
    "department_pilot": {"a", "b"},
    "academy_pilot": {"a", "b", "c"},
    "national_pilot": ALL_SCHOOLS,
    "normandie_pilot": {"n"},
    "caen_pilot": set(),  # Caen's départements now belong to Normandie
    "inactive_pilot": set(),
    "inactive_contributor": set(),
    "nobody": set(),
}

CONTRIBUTOR_SCHOOLS = {**dict.fromkeys(USERS, set()), "contributor": {"a"}}

PILOT_DEPARTMENTS = {
    **dict.fromkeys(USERS, set()),
    "department_pilot": {"94"},
    "academy_pilot": {"94", "93"},
    "national_pilot": {"94", "93", "35", "14"},
    "normandie_pilot": {"14"},
}

PILOT_BASSINS = {
    **dict.fromkeys(USERS, set()),
    "relay": {"A"},
    "department_pilot": {"A", "B"},
    "academy_pilot": {"A", "B", "C"},
    "national_pilot": {"A", "B", "C", "R", "N"},
    "normandie_pilot": {"N"},
}

PILOT_ACADEMIES = {
    **dict.fromkeys(USERS, set()),
    "relay": {"Créteil"},
    "department_pilot": {"Créteil"},
    "academy_pilot": {"Créteil"},
    "national_pilot": {"Créteil", "Rennes", "Normandie", "Caen"},
    "normandie_pilot": {"Normandie"},
    "caen_pilot": {"Caen"},
}

# Who sets up the editions of each académie (its pilots; Normandie's pilots also Caen's past ones).
EDITION_MANAGERS = {
    **dict.fromkeys(USERS, set()),
    "academy_pilot": {"Créteil"},
    "national_pilot": {"Créteil", "Rennes", "Normandie", "Caen"},
    "normandie_pilot": {"Normandie", "Caen"},
    "caen_pilot": {"Caen"},
}


@pytest.mark.parametrize("name", USERS)
def test_pilot_schools(land, name):
    user = land.user(name)
    school_key = {s.pk: k for k, s in land.schools.items()}
    assert {school_key[s.pk] for s in perms.pilot_schools(user)} == PILOT_SCHOOLS[name]
    for key, school in land.schools.items():
        assert perms.school_in_pilot_scope(user, school) == (key in PILOT_SCHOOLS[name]), key
        assert perms.can_invite_contributor(user, school) == (key in PILOT_SCHOOLS[name]), key


@pytest.mark.parametrize("name", USERS)
def test_contributor_schools(land, name):
    user = land.user(name)
    school_key = {s.pk: k for k, s in land.schools.items()}
    assert {school_key[s.pk] for s in perms.contributor_schools(user)} == CONTRIBUTOR_SCHOOLS[name]
    assert {school_key[pk] for pk in perms.contributor_school_ids(user)} == CONTRIBUTOR_SCHOOLS[name]
    for key, school in land.schools.items():
        assert perms.is_contributor_of_any(user, [school.pk]) == (key in CONTRIBUTOR_SCHOOLS[name])
    assert perms.can_access_espace(user) == bool(CONTRIBUTOR_SCHOOLS[name])


@pytest.mark.parametrize("name", USERS)
def test_pilot_departments_and_bassin_management(land, name):
    user = land.user(name)
    assert {d.code for d in perms.pilot_departments(user)} == PILOT_DEPARTMENTS[name]
    for department in (land.d94, land.d93, land.d35, land.d14):
        assert perms.can_manage_bassins(user, department) == (department.code in PILOT_DEPARTMENTS[name])


@pytest.mark.parametrize("name", USERS)
def test_pilot_bassins(land, name):
    user = land.user(name)
    bassin_key = {b.pk: k for k, b in land.bassins.items()}
    assert {bassin_key[b.pk] for b in perms.pilot_bassins(user)} == PILOT_BASSINS[name]
    relay = {"A"} if name == "relay" else set()
    assert {bassin_key[b.pk] for b in perms.relay_bassins(user)} == relay
    for key, bassin in land.bassins.items():
        assert perms.is_relay_of_any(user, [bassin.pk]) == (key in relay)


@pytest.mark.parametrize("name", USERS)
def test_pilot_academies_and_edition_management(land, name):
    user = land.user(name)
    assert {a.name for a in perms.pilot_academies(user)} == PILOT_ACADEMIES[name]
    assert perms.can_access_pilotage(user) == bool(PILOT_ACADEMIES[name])
    for academy in (land.creteil, land.rennes, land.normandie, land.caen):
        assert perms.can_manage_edition(user, academy) == (academy.name in EDITION_MANAGERS[name]), academy.name
    managers = {"academy_pilot", "national_pilot", "normandie_pilot", "caen_pilot"}
    assert perms.can_manage_editions(user) == (name in managers)
    assert perms.can_manage_idea_bank(user) == (name in managers)
    assert perms.can_open_campaign(user) == (name == "national_pilot")
    assert perms.can_import_directory(user) == (name == "national_pilot")


# --- Fiches -------------------------------------------------------------------------------------

VISIBLE_FICHES = {
    "contributor": {"a"},
    "relay": {"a"},
    "department_pilot": {"a", "b"},
    "academy_pilot": {"a", "b", "c"},
    "national_pilot": {"a", "b", "c", "r", "n", "caen"},
    "normandie_pilot": {"n", "caen"},
    "caen_pilot": {"n", "caen"},  # Caen's pilots follow Normandie's editions too (as before the scope)
    "inactive_pilot": set(),
    "inactive_contributor": set(),
    "nobody": set(),
}


def _keys(land, actions):
    fiche_key = {a.pk: k for k, a in land.fiches.items()}
    return {fiche_key[a.pk] for a in actions}


@pytest.mark.parametrize("name", USERS)
def test_visible_fiches(land, name):
    assert _keys(land, Action.objects.visible_to(land.user(name))) == VISIBLE_FICHES[name]


def test_own_fiches_stay_visible_to_an_active_owner_without_role(land):
    land.fiches["r"].created_by = land.users["nobody"]
    land.fiches["r"].save()
    assert _keys(land, Action.objects.visible_to(land.user("nobody"))) == {"r"}
    land.fiches["r"].created_by = land.users["inactive_pilot"]
    land.fiches["r"].save()
    assert _keys(land, Action.objects.visible_to(land.user("inactive_pilot"))) == set()


# Who a user is for each fiche they are linked to (any fiche not listed: nobody).
ACTOR_KINDS = {
    "contributor": {"a": {Actor.CONTRIBUTOR}},
    "relay": {"a": {Actor.BASSIN_RELAY}},
    "department_pilot": {"a": {Actor.DEPARTMENT_PILOT}, "b": {Actor.DEPARTMENT_PILOT}},
    "academy_pilot": {k: {Actor.ACADEMY_PILOT} for k in ("a", "b", "c")},
    "national_pilot": {k: {Actor.NATIONAL_PILOT} for k in ("a", "b", "c", "r", "n", "caen")},
    "normandie_pilot": {"n": {Actor.ACADEMY_PILOT}, "caen": {Actor.ACADEMY_PILOT}},
    "caen_pilot": {"n": {Actor.ACADEMY_PILOT}, "caen": {Actor.ACADEMY_PILOT}},
    "inactive_pilot": {},
    "inactive_contributor": {},
    "nobody": {},
}


@pytest.mark.parametrize("name", USERS)
def test_actor_kinds(land, name):
    user = land.user(name)
    for key, action in land.fiches.items():
        assert rules.actor_kinds(user, action) == ACTOR_KINDS[name].get(key, set()), key


def test_the_owner_of_a_fiche_is_its_contributor_unless_inactive(land):
    action = land.fiches["r"]
    action.created_by = land.users["nobody"]
    assert rules.actor_kinds(land.user("nobody"), action) == {Actor.CONTRIBUTOR}
    action.created_by = land.users["inactive_contributor"]
    assert rules.actor_kinds(land.user("inactive_contributor"), action) == set()


# The moderation queue: submitted fiches reaching each user, per « who moderates first ».
QUEUE = {
    FirstModerators.BASSIN: {"relay": {"a"}, "department_pilot": {"a", "b"}},
    FirstModerators.DEPARTMENT: {"relay": set(), "department_pilot": {"a", "b"}},
    FirstModerators.ACADEMY: {"relay": set(), "department_pilot": set()},
}
QUEUE_ALWAYS = {
    "contributor": set(),
    "academy_pilot": {"a", "b", "c"},
    "national_pilot": {"a", "b", "c", "r", "n", "caen"},
    "normandie_pilot": {"n", "caen"},
    "caen_pilot": {"n", "caen"},
    "inactive_pilot": set(),
    "inactive_contributor": set(),
    "nobody": set(),
}


@pytest.mark.parametrize("first", list(FirstModerators))
@pytest.mark.parametrize("name", USERS)
def test_moderation_queue(land, name, first):
    for edition in land.editions.values():
        ModerationSettings.objects.create(edition=edition, first_moderators=first)
    expected = {**QUEUE_ALWAYS, **QUEUE[first]}[name]
    assert _keys(land, Action.objects.awaiting_moderation_by(land.user(name))) == expected
    # Only submitted fiches wait.
    for action in land.fiches.values():
        action.status = ActionStatus.VALIDATED
        action.save()
    assert not Action.objects.awaiting_moderation_by(land.user(name)).exists()


FIRST_MODERATORS = {
    FirstModerators.BASSIN: "relay",
    FirstModerators.DEPARTMENT: "department_pilot",
    FirstModerators.ACADEMY: "academy_pilot",
}


@pytest.mark.parametrize("first", list(FirstModerators))
def test_first_moderators_and_the_fallback_to_the_next_level(land, first):
    ModerationSettings.objects.create(edition=land.editions["creteil"], first_moderators=first)
    assert [u.email for u in rules.first_moderators(land.fiches["a"])] == [f"{FIRST_MODERATORS[first]}@example.fr"]
    # Bassin B has no relay, bassin C neither nor its département a pilot: the next level is told.
    expected_b = "academy_pilot" if first == FirstModerators.ACADEMY else "department_pilot"
    assert [u.email for u in rules.first_moderators(land.fiches["b"])] == [f"{expected_b}@example.fr"]
    assert [u.email for u in rules.first_moderators(land.fiches["c"])] == ["academy_pilot@example.fr"]
    # The inactive Créteil pilot is never told.


def test_first_moderators_of_a_merged_academy(land):
    emails = {u.email for u in rules.first_moderators(land.fiches["caen"])}
    assert emails == {"normandie_pilot@example.fr", "caen_pilot@example.fr"}


# --- The communication kit ------------------------------------------------------------------------

MANAGED_RESOURCES = {
    **dict.fromkeys(USERS, set()),
    "academy_pilot": {"creteil"},
    "national_pilot": {None, "creteil", "rennes", "normandie", "caen"},
    "normandie_pilot": {"normandie", "caen"},
    "caen_pilot": {"caen"},
}


@pytest.mark.parametrize("name", USERS)
def test_managed_resources(land, name):
    resource_key = {r.pk: k for k, r in land.resources.items()}
    managed = Resource.objects.managed_by(land.user(name))
    assert {resource_key[r.pk] for r in managed} == MANAGED_RESOURCES[name]


# --- The Scope itself -------------------------------------------------------------------------------

SCOPES = {
    "contributor": {"school_ids": {"a"}},
    "relay": {"bassin_ids": {"A"}},
    "department_pilot": {"department_ids": {"94"}},
    "academy_pilot": {"academy_ids": {"Créteil"}},
    "national_pilot": {"national": True},
    "normandie_pilot": {"academy_ids": {"Normandie"}},
    "caen_pilot": {"academy_ids": {"Caen"}},
    "inactive_pilot": {},
    "inactive_contributor": {},
    "nobody": {},
}


@pytest.mark.parametrize("name", USERS)
def test_scope_per_role(land, name):
    scope = perms.scope_of(land.user(name))
    names = {
        "school_ids": {s.pk: k for k, s in land.schools.items()},
        "bassin_ids": {b.pk: k for k, b in land.bassins.items()},
        "department_ids": {d.pk: d.code for d in (land.d94, land.d93, land.d35, land.d14)},
        "academy_ids": {a.pk: a.name for a in (land.creteil, land.rennes, land.normandie, land.caen)},
    }
    expected = SCOPES[name]
    assert scope.national == expected.get("national", False)
    for field, key in names.items():
        assert {key[pk] for pk in getattr(scope, field)} == expected.get(field, set()), field
    assert scope.is_pilot == (name in PILOT_ACADEMIES and bool(PILOT_ACADEMIES[name]))
    assert scope.is_contributor == (name == "contributor")


def test_scope_is_computed_once_per_request_and_forgotten_on_role_change(land, django_assert_num_queries):
    user = land.user("relay")
    with django_assert_num_queries(1):
        perms.scope_of(user)
        perms.scope_of(user)
        perms.is_pilot(user)
    assert isinstance(perms.scope_of(user), Scope)
    grant(user, Role.SCHOOL_CONTRIBUTOR, land.schools["r"])
    assert not perms.is_contributor(user)
    perms.forget_roles(user)
    assert perms.is_contributor(user)


def test_inactive_users_have_no_role_and_no_scope(land):
    for name in ("inactive_pilot", "inactive_contributor"):
        user = land.user(name)
        assert perms.user_roles(user) == []
        assert perms.scope_of(user) == Scope()


def test_anonymous_users_have_an_empty_scope(land):
    from django.contrib.auth.models import AnonymousUser

    assert perms.scope_of(AnonymousUser()) == Scope()
    assert not Action.objects.visible_to(AnonymousUser()).exists()
    assert rules.actor_kinds(AnonymousUser(), land.fiches["a"]) == set()


def test_several_roles_add_up(land):
    user = land.users["nobody"]
    grant(user, Role.ACADEMY_PILOT, land.rennes)
    grant(user, Role.DEPARTMENT_PILOT, land.d94)
    grant(user, Role.BASSIN_RELAY, land.bassins["C"])
    user = land.user("nobody")
    school_key = {s.pk: k for k, s in land.schools.items()}
    assert {school_key[s.pk] for s in perms.pilot_schools(user)} == {"r", "a", "b", "c"}
    assert _keys(land, Action.objects.visible_to(user)) == {"r", "a", "b", "c"}
