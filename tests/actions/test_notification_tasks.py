"""E-mails leave the request: one task per change, sent once the transaction commits, and one task
for a whole bulk moderation (sps.common.mail, sps.actions.notifications)."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks.signals import task_enqueued

from sps.actions import notifications
from sps.actions.enums import ActionStatus
from sps.actions.services import bulk, workflow
from sps.common.mail import send_email
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = "tests.actions.urls"


@pytest.fixture
def enqueued():
    """The paths of the tasks enqueued during the test."""
    paths = []

    def record(sender, task_result, **kwargs):
        paths.append(task_result.task.module_path)

    task_enqueued.connect(record)
    yield paths
    task_enqueued.disconnect(record)


def test_send_email_goes_by_a_task_on_commit(enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_email(to=["a@example.fr", "b@example.fr"], subject="L'erreur,\n quel bonheur !", body="Texte.")
        assert mail.outbox == [] and enqueued == []  # nothing before the commit
    assert enqueued == ["sps.common.mail.send_email_task"]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["a@example.fr"], "L'erreur, quel bonheur !"),  # one message per address, subject on one line
        (["b@example.fr"], "L'erreur, quel bonheur !"),
    ]


def test_a_rolled_back_change_sends_nothing(enqueued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            send_email(to="a@example.fr", subject="Non", body="Non.")
            raise RuntimeError
    assert callbacks == [] and mail.outbox == [] and enqueued == []


def test_a_bulk_validation_enqueues_one_task_for_all_its_e_mails(world, enqueued, django_capture_on_commit_callbacks):
    fiches = [
        ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school], submitted=True)
        for _ in range(5)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = bulk.actions_bulk_validate(actions=fiches, by=world.academy_pilot)
        assert mail.outbox == []
    assert len(result.done) == 5
    assert enqueued == ["sps.actions.notifications.deliver_notifications"]
    per_fiche = len(notifications.contributor_recipients(fiches[0]))
    assert per_fiche >= 1 and len(mail.outbox) == 5 * per_fiche
    assert {a.status for a in result.done} == {ActionStatus.VALIDATED}


def test_one_step_enqueues_one_task(world, enqueued, django_capture_on_commit_callbacks):
    fiche = ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_submit(action=fiche, by=world.contributor)
    assert enqueued == ["sps.actions.notifications.deliver_notifications"]
    assert [m.to for m in mail.outbox] == [["academy_pilot@example.fr"]]


def test_a_failing_notification_does_not_stop_the_others(world, caplog):
    fiche = ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school], submitted=True)
    sent = notifications.deliver_notifications.call(
        [["notify_submitted", [999_999], {}], ["notify_contributors", [fiche.pk, "validated"], {}]]
    )
    assert (
        sent == len(notifications.contributor_recipients(fiche))
        and "Notification notify_submitted(999999,) failed" in caplog.text
    )


def test_only_notifications_may_be_scheduled():
    with pytest.raises(ValueError):
        notifications.schedule(send_email, to="a@example.fr")
