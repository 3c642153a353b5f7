"""Accounts without log-in for 3 years are deleted (the personal data page promises it)."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command

from sps.accounts.enums import Role
from sps.accounts.models import RoleAssignment, User
from sps.accounts.services import users_purge_inactive
from sps.audit.models import AuditEntry
from tests.accounts.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2030, 6, 1, 3, 0, tzinfo=datetime.UTC)
CUTOFF = NOW - datetime.timedelta(days=settings.RETENTION["INACTIVE_ACCOUNT_DAYS"])
DAY = datetime.timedelta(days=1)


@pytest.fixture
def people():
    old = NOW - datetime.timedelta(days=5000)
    return {
        "idle": UserFactory(email="idle@example.fr", date_joined=old, last_login=CUTOFF - DAY),
        "never_logged_in": UserFactory(email="never@example.fr", date_joined=CUTOFF - DAY, last_login=None),
        "recent_login": UserFactory(email="recent@example.fr", date_joined=old, last_login=CUTOFF + DAY),
        "new_never_logged_in": UserFactory(email="new@example.fr", date_joined=CUTOFF + DAY, last_login=None),
        "idle_superuser": UserFactory(
            email="root@example.fr", date_joined=old, last_login=CUTOFF - DAY, is_superuser=True, is_staff=True
        ),
    }


def remaining() -> set[str]:
    return set(User.objects.values_list("email", flat=True))


def test_deletes_exactly_the_accounts_past_the_period(people):
    grant(people["idle"], Role.NATIONAL_PILOT)
    assert users_purge_inactive(now=NOW) == 2
    assert remaining() == {"recent@example.fr", "new@example.fr", "root@example.fr"}
    assert not RoleAssignment.objects.filter(user_id=people["idle"].pk).exists()  # through user_delete
    entries = AuditEntry.objects.filter(verb="accounts.user.deleted").order_by("object_id")
    assert [(e.object_id, e.data) for e in entries] == [
        (people["idle"].pk, {"reason": "inactive"}),
        (people["never_logged_in"].pk, {"reason": "inactive"}),
    ]


def test_superusers_are_never_deleted(people):
    users_purge_inactive(now=NOW + datetime.timedelta(days=10_000))
    assert remaining() == {"root@example.fr"}


def test_dry_run_counts_and_writes_nothing(people):
    assert users_purge_inactive(now=NOW, dry_run=True) == 2
    assert len(remaining()) == 5
    assert not AuditEntry.objects.exists()


def test_second_run_deletes_nothing_more(people):
    assert users_purge_inactive(now=NOW) == 2
    assert users_purge_inactive(now=NOW) == 0
    assert len(remaining()) == 3
    assert AuditEntry.objects.filter(verb="accounts.user.deleted").count() == 2


def test_command_deletes_and_reports_in_french(capsys):
    UserFactory(email="idle@example.fr", last_login=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    UserFactory(email="active@example.fr")
    call_command("purge_personal_data", "--dry-run")
    assert "Simulation" in capsys.readouterr().out
    assert len(remaining()) == 2
    call_command("purge_personal_data")
    assert "Comptes sans connexion depuis plus de 3 ans supprimés\u00a0: 1" in capsys.readouterr().out
    assert remaining() == {"active@example.fr"}


def test_the_period_is_the_one_the_personal_data_page_promises(client):
    days = settings.RETENTION["INACTIVE_ACCOUNT_DAYS"]
    assert days % 365 == 0
    body = client.get("/donnees-personnelles/").content.decode()
    assert f"Un compte sans connexion pendant {days // 365} ans est supprimé." in body
