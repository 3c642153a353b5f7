"""E-mails at each step, in French, to the right people, with the right links."""

import pytest
from django.core import mail
from django.core.management import call_command
from freezegun import freeze_time

from sps.actions.enums import FirstModerators
from sps.actions.errors import ActionError
from sps.actions.models import DeadlineReminder, ModerationSettings
from sps.actions.services import comments, workflow
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = "tests.actions.urls"


@pytest.fixture
def action(world):
    return ActionFactory(
        edition=world.edition, created_by=world.contributor, schools=[world.school], title="Montre à ton prof !"
    )


def recipients():
    return sorted(to for m in mail.outbox for to in m.to)


def test_submission_goes_to_the_academy_pilots_by_default(world, action, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_submit(action=action, by=world.contributor)
    assert recipients() == ["academy_pilot@example.fr"]
    message = mail.outbox[0]
    assert message.subject == "Fiche action soumise : Montre à ton prof !"
    assert "vient d'être soumise à la modération" in message.body
    assert f"https://perseverance.test/pilotage/actions/{action.pk}/" in message.body
    assert "Collège Jean Moulin" in message.body


@pytest.mark.parametrize(
    "first,expected",
    [
        (FirstModerators.BASSIN, ["relay@example.fr"]),
        (FirstModerators.DEPARTMENT, ["department_pilot@example.fr"]),
        (FirstModerators.ACADEMY, ["academy_pilot@example.fr"]),
    ],
)
def test_submission_reaches_the_first_moderators_the_academy_chose(
    world, action, first, expected, django_capture_on_commit_callbacks
):
    ModerationSettings.objects.create(edition=world.edition, first_moderators=first)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_submit(action=action, by=world.contributor)
    assert recipients() == expected


def test_a_bassin_without_relay_falls_back_to_the_department(world, django_capture_on_commit_callbacks):
    ModerationSettings.objects.create(edition=world.edition, first_moderators=FirstModerators.BASSIN)
    world.other_relay.roles.all().delete()
    action = ActionFactory(
        edition=world.edition, created_by=world.other_contributor, schools=[world.other_bassin_school]
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_submit(action=action, by=world.other_contributor)
    assert recipients() == ["department_pilot@example.fr"]


def test_decisions_go_to_every_contributor_with_the_espace_link(world, action, django_capture_on_commit_callbacks):
    action.status = "submitted"
    action.save()
    porteurs = ["colleague@example.fr", "contributor@example.fr"]
    link = f"https://perseverance.test/espace/actions/{action.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_request_changes(
            action=action, by=world.academy_pilot, comment="Précisez le lieu du temps fort."
        )
    assert recipients() == porteurs
    assert mail.outbox[0].subject == "Votre fiche action est à modifier : Montre à ton prof !"
    assert "Précisez le lieu du temps fort." in mail.outbox[0].body and link in mail.outbox[0].body

    mail.outbox.clear()
    action.status = "submitted"
    action.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_validate(action=action, by=world.academy_pilot)
    assert recipients() == porteurs
    assert mail.outbox[0].subject == "Votre fiche action est validée : Montre à ton prof !"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_publish(action=action, by=world.academy_pilot)
    assert mail.outbox[0].subject == "Votre action est publiée au programme : Montre à ton prof !"
    assert "remplir son bilan" in mail.outbox[0].body and link in mail.outbox[0].body


def test_refusal_tells_the_reason(world, action, django_capture_on_commit_callbacks):
    action.status = "submitted"
    action.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_refuse(action=action, by=world.academy_pilot, reason="L'action a lieu en juin.")
    assert mail.outbox[0].subject == "Votre fiche action n'a pas été retenue : Montre à ton prof !"
    assert "L'action a lieu en juin." in mail.outbox[0].body


def test_an_owner_who_left_the_school_is_still_told_a_deleted_one_is_not(
    world, action, django_capture_on_commit_callbacks
):
    action.status = "validated"
    action.save()
    world.contributor.delete()
    action.refresh_from_db()
    assert action.created_by is None and list(action.schools.all()) == [world.school]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_publish(action=action, by=world.academy_pilot)
    assert recipients() == ["colleague@example.fr"]


def test_no_mail_when_the_change_is_refused(world, action, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ActionError):
            workflow.action_validate(action=action, by=world.academy_pilot)
    assert mail.outbox == []


def test_html_in_a_comment_is_sent_as_typed_in_plain_text(world, action, django_capture_on_commit_callbacks):
    action.status = "submitted"
    action.save()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_request_changes(action=action, by=world.academy_pilot, comment="Évitez <b>ça</b> & « ceci »")
    assert "Évitez <b>ça</b> & « ceci »" in mail.outbox[0].body
    assert mail.outbox[0].content_subtype == "plain"


def test_comments_notify_the_other_side(world, action, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comments.action_comment_add(action=action, by=world.contributor, body="Une question sur les dates.")
    assert recipients() == ["academy_pilot@example.fr"]
    assert f"/pilotage/actions/{action.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comments.action_comment_add(action=action, by=world.academy_pilot, body="Réponse.")
    assert recipients() == ["colleague@example.fr", "contributor@example.fr"]


def test_links_fall_back_to_the_spaces_until_the_pages_exist(
    world, action, settings, django_capture_on_commit_callbacks
):
    settings.ROOT_URLCONF = "tests.actions.urls_none"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.action_submit(action=action, by=world.contributor)
    assert "https://perseverance.test/pilotage/\n" in mail.outbox[0].body


class TestDeadlineReminders:
    def test_reminder_to_contributors_with_drafts_once_a_day(self, world, action):
        ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school], submitted=True)
        with freeze_time("2027-02-21 08:00:00"):  # 7 days before 28 February
            call_command("send_deadline_reminders")
            assert recipients() == ["colleague@example.fr", "contributor@example.fr"]
            body = mail.outbox[0].body
            assert mail.outbox[0].subject == "Rappel : déclarez vos actions avant le 28 février 2027"
            assert "dans 7 jours" in body and "Montre à ton prof ! (brouillon)" in body
            assert f"/espace/actions/{action.pk}/" in body
            call_command("send_deadline_reminders")
            assert len(mail.outbox) == 2
        assert DeadlineReminder.objects.count() == 2

    def test_no_reminder_on_other_days_or_without_drafts(self, world):
        ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school], submitted=True)
        with freeze_time("2027-02-21 08:00:00"):
            call_command("send_deadline_reminders")
        with freeze_time("2027-02-20 08:00:00"):
            ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school])
            call_command("send_deadline_reminders")
        assert mail.outbox == []

    def test_days_option(self, world, action):
        with freeze_time("2027-02-27 08:00:00"):
            call_command("send_deadline_reminders", days="1")
        assert "demain" in mail.outbox[0].body
