import pytest

from sps.audit.models import AuditEntry
from sps.audit.services import log_action
from tests.accounts.factories import UserFactory
from tests.territories.factories import AcademyFactory

pytestmark = pytest.mark.django_db


def test_log_action_records_who_did_what_to_which_object():
    user = UserFactory()
    academy = AcademyFactory()
    other = AcademyFactory()
    entry = log_action(academy, "territories.academy.renamed", user=user, data={"name": "Créteil"})
    log_action(other, "territories.academy.renamed", user=None)
    assert entry.target == academy
    assert list(AuditEntry.objects.for_object(academy)) == [entry]
    assert entry.data == {"name": "Créteil"}


def test_log_action_stores_no_anonymous_user():
    from django.contrib.auth.models import AnonymousUser

    entry = log_action(AcademyFactory(), "x.y.z", user=AnonymousUser())
    assert entry.user is None and entry.data == {}


def test_deleting_the_user_keeps_the_entry():
    user = UserFactory()
    entry = log_action(AcademyFactory(), "x.y.z", user=user)
    user.delete()
    entry.refresh_from_db()
    assert entry.user is None
