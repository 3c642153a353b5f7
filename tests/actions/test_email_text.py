"""E-mails are plain text: an apostrophe or « & » in a title reaches the subject and the body as typed."""

import pytest
from django.core import mail

from sps.actions import notifications
from sps.actions.models import ActionComment
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db

TITLE = "L'erreur, quel bonheur ! Parents & profs"


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = "tests.actions.urls"


@pytest.fixture
def action(world):
    return ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school], title=TITLE)


def assert_plain(message):
    for part in (message.subject, message.body):
        assert "&#x27;" not in part and "&amp;" not in part and "&quot;" not in part
    assert TITLE in message.subject
    assert TITLE in message.body


def test_submitted(action):
    assert notifications.notify_submitted(action.pk) >= 1
    assert_plain(mail.outbox[0])


@pytest.mark.parametrize("kind", ["changes_requested", "validated", "published", "refused"])
def test_decisions(action, kind):
    assert notifications.notify_contributors(action.pk, kind) >= 1
    assert_plain(mail.outbox[0])


def test_comment(world, action):
    comment = ActionComment.objects.create(action=action, author=world.academy_pilot, body="D'accord & merci")
    assert notifications.notify_comment(comment.pk) >= 1
    assert_plain(mail.outbox[0])
    assert "D'accord & merci" in mail.outbox[0].body


def test_deadline_reminder(world, action):
    world.edition.academy.name = "Aix-Marseille & Corse"
    notifications.send_deadline_reminder(user=world.contributor, edition=world.edition, actions=[action], days_left=3)
    [message] = mail.outbox
    assert "&#x27;" not in message.subject and "&amp;" not in message.body
    assert TITLE in message.body
