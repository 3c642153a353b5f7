"""A small académie for the fiche tests: one département, two bassins, schools, one user per role.

Time is frozen on 15 January 2027: the 2026-2027 edition's declaration deadline (28 February
2027) is ahead, its week is 15-19 March 2027, its bilan deadline 30 April 2027.
"""

import datetime
from dataclasses import dataclass

import pytest
from freezegun import freeze_time

from sps.accounts.enums import Role
from tests.accounts.factories import UserFactory, grant
from tests.editions.factories import CampaignFactory, EditionFactory, add_calendar, add_themes
from tests.schools.factories import SchoolFactory
from tests.territories.factories import AcademyFactory, BassinFactory, DepartmentFactory

TODAY = datetime.date(2027, 1, 15)


@pytest.fixture(autouse=True)
def _frozen_today():
    with freeze_time("2027-01-15 10:00:00", tick=True):
        yield


@dataclass
class World:
    academy: object
    other_academy: object
    department: object
    bassin: object
    other_bassin: object
    school: object
    school_b: object
    other_bassin_school: object
    foreign_school: object
    edition: object
    past_edition: object
    foreign_edition: object
    users: dict

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


@pytest.fixture
def world(db, settings):
    settings.SITE_URL = "https://perseverance.test"
    academy = AcademyFactory(name="Créteil", slug="creteil-test")
    other_academy = AcademyFactory(name="Rennes", slug="rennes-test")
    department = DepartmentFactory(academy=academy, name="Val-de-Marne")
    other_department = DepartmentFactory(academy=other_academy, name="Ille-et-Vilaine")
    bassin = BassinFactory(department=department, name="Bassin Ouest")
    other_bassin = BassinFactory(department=department, name="Bassin Est")
    school = SchoolFactory(department=department, bassin=bassin, name="Collège Jean Moulin")
    school_b = SchoolFactory(
        department=department, bassin=bassin, name="École Robert Doisneau", kind="ecole_elementaire"
    )
    other_bassin_school = SchoolFactory(department=department, bassin=other_bassin, name="Lycée Eugène Delacroix")
    foreign_school = SchoolFactory(department=other_department, name="Collège de Rennes")
    campaign = CampaignFactory(school_year="2026-2027")
    edition = EditionFactory(campaign=campaign, academy=academy, published=True)
    add_calendar(edition)
    add_themes(edition)
    past_edition = EditionFactory(campaign=CampaignFactory(school_year="2025-2026"), academy=academy, published=True)
    foreign_edition = EditionFactory(campaign=campaign, academy=other_academy, published=True)
    users = {}
    for name, role, scope in [
        ("contributor", Role.SCHOOL_CONTRIBUTOR, school),
        ("colleague", Role.SCHOOL_CONTRIBUTOR, school),
        ("contributor_b", Role.SCHOOL_CONTRIBUTOR, school_b),
        ("other_contributor", Role.SCHOOL_CONTRIBUTOR, other_bassin_school),
        ("relay", Role.BASSIN_RELAY, bassin),
        ("other_relay", Role.BASSIN_RELAY, other_bassin),
        ("department_pilot", Role.DEPARTMENT_PILOT, department),
        ("academy_pilot", Role.ACADEMY_PILOT, academy),
        ("national_pilot", Role.NATIONAL_PILOT, None),
        ("other_pilot", Role.ACADEMY_PILOT, other_academy),
        ("foreign_contributor", Role.SCHOOL_CONTRIBUTOR, foreign_school),
    ]:
        user = UserFactory(email=f"{name}@example.fr", first_name=name.replace("_", " ").title(), last_name="Test")
        grant(user, role, scope)
        users[name] = user
    users["stranger"] = UserFactory(email="stranger@example.fr")
    return World(
        academy=academy,
        other_academy=other_academy,
        department=department,
        bassin=bassin,
        other_bassin=other_bassin,
        school=school,
        school_b=school_b,
        other_bassin_school=other_bassin_school,
        foreign_school=foreign_school,
        edition=edition,
        past_edition=past_edition,
        foreign_edition=foreign_edition,
        users=users,
    )
