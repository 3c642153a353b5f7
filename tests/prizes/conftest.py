from types import SimpleNamespace

import pytest

from sps.accounts.enums import Role
from sps.territories.models import Academy, Department
from tests.accounts.factories import UserFactory, grant
from tests.actions.factories import ActionFactory
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.prizes.factories import PrizeFactory
from tests.schools.factories import SchoolFactory
from tests.territories.factories import BassinFactory


@pytest.fixture
def world(reference):
    """Créteil's published edition with a prize (vote open now), two schools with a published action
    each, a draft action, and one user per role (the porteur of the first school among them)."""
    creteil = Academy.objects.get(slug="creteil")
    rennes = Academy.objects.get(slug="rennes")
    dept = Department.objects.get(code="94")
    bassin = BassinFactory(department=dept, name="Bassin Ouest 94")
    school, other_school = SchoolFactory(department=dept, bassin=bassin), SchoolFactory(department=dept, bassin=bassin)
    campaign = CampaignFactory(school_year="2025-2026")
    edition = EditionFactory(academy=creteil, campaign=campaign, published=True)
    w = SimpleNamespace(creteil=creteil, edition=edition, school=school, other_school=other_school, users={})
    w.mine = ActionFactory(edition=edition, schools=[school], published=True, title="Théâtre au collège")
    w.theirs = ActionFactory(edition=edition, schools=[other_school], published=True, title="Café des parents")
    w.shared = ActionFactory(edition=edition, schools=[school, other_school], published=True, title="Forum commun")
    w.draft = ActionFactory(edition=edition, schools=[other_school], title="Brouillon")
    w.prize = PrizeFactory(edition=edition)
    for name, role, scope in [
        ("contributor", Role.SCHOOL_CONTRIBUTOR, school),
        ("relay", Role.BASSIN_RELAY, bassin),
        ("department_pilot", Role.DEPARTMENT_PILOT, dept),
        ("academy_pilot", Role.ACADEMY_PILOT, creteil),
        ("national_pilot", Role.NATIONAL_PILOT, None),
        ("other_pilot", Role.ACADEMY_PILOT, rennes),
    ]:
        user = UserFactory(email=f"{name}@example.fr", first_name=name.replace("_", " ").title(), last_name="Test")
        grant(user, role, scope)
        w.users[name] = user
    return w
