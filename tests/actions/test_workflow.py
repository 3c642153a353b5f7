"""The permission matrix of the workflow, written here from the brief (never read from the code's
TRANSITIONS table): every allowed transition for every actor succeeds, every other (actor or
transition) is refused."""

import itertools

import pytest

from sps.actions.enums import ActionStatus, Actor, FirstModerators
from sps.actions.errors import ActionError, ModerationError
from sps.actions.models import Action, ActionComment, ModerationSettings
from sps.actions.services import bulk, comments, drafts, moderation_settings, workflow
from sps.audit.models import AuditEntry
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db

S = ActionStatus
A = Actor
CONTRIBUTOR = frozenset({A.CONTRIBUTOR})
# Académie and national pilots decide; relays and département pilots moderate only when the académie
# delegates it (the « delegated » cases below).
PILOTS = frozenset({A.ACADEMY_PILOT, A.NATIONAL_PILOT})
MODERATORS = PILOTS | {A.BASSIN_RELAY, A.DEPARTMENT_PILOT}
DELEGABLE = frozenset({A.BASSIN_RELAY, A.DEPARTMENT_PILOT})
# Who may move a fiche from one status to another (the brief): the porteur submits and withdraws;
# moderators ask for changes and validate; only pilots publish, refuse, take down and reopen.
EXPECTED = {
    (S.DRAFT, S.SUBMITTED): CONTRIBUTOR,
    (S.CHANGES_REQUESTED, S.SUBMITTED): CONTRIBUTOR,
    (S.SUBMITTED, S.CHANGES_REQUESTED): MODERATORS,
    (S.SUBMITTED, S.VALIDATED): MODERATORS,
    (S.VALIDATED, S.PUBLISHED): PILOTS,
    (S.PUBLISHED, S.VALIDATED): PILOTS,  # the take-down, with a reason
    (S.SUBMITTED, S.REFUSED): PILOTS,
    (S.CHANGES_REQUESTED, S.REFUSED): PILOTS,
    (S.VALIDATED, S.REFUSED): PILOTS,
    (S.DRAFT, S.WITHDRAWN): CONTRIBUTOR,
    (S.SUBMITTED, S.WITHDRAWN): CONTRIBUTOR,
    (S.CHANGES_REQUESTED, S.WITHDRAWN): CONTRIBUTOR,
    (S.VALIDATED, S.WITHDRAWN): CONTRIBUTOR,
    (S.PUBLISHED, S.WITHDRAWN): CONTRIBUTOR,
    (S.REFUSED, S.DRAFT): PILOTS,
    (S.WITHDRAWN, S.DRAFT): PILOTS,
}
# Each test user and the Actor they are for a fiche carried by world.school (None: a stranger to it).
ROLE_ACTOR = {
    "contributor": Actor.CONTRIBUTOR,
    "colleague": Actor.CONTRIBUTOR,  # another contributor of the carrying school
    "relay": Actor.BASSIN_RELAY,
    "department_pilot": Actor.DEPARTMENT_PILOT,
    "academy_pilot": Actor.ACADEMY_PILOT,
    "national_pilot": Actor.NATIONAL_PILOT,
    "contributor_b": None,  # same bassin, other school
    "other_relay": None,
    "other_pilot": None,
    "foreign_contributor": None,
    "stranger": None,
}


def run(to_status, action, user):
    if to_status == S.SUBMITTED:
        return workflow.action_submit(action=action, by=user)
    if to_status == S.CHANGES_REQUESTED:
        return workflow.action_request_changes(action=action, by=user, comment="Précisez les horaires.")
    if to_status == S.VALIDATED and action.status == S.PUBLISHED:
        return workflow.action_unpublish(action=action, by=user, reason="Action annulée par l'établissement.")
    if to_status == S.VALIDATED:
        return workflow.action_validate(action=action, by=user)
    if to_status == S.PUBLISHED:
        return workflow.action_publish(action=action, by=user)
    if to_status == S.REFUSED:
        return workflow.action_refuse(action=action, by=user, reason="Action hors du thème de l'édition.")
    if to_status == S.WITHDRAWN:
        return workflow.action_withdraw(action=action, by=user)
    if to_status == S.DRAFT:
        return workflow.action_reopen(action=action, by=user)
    raise AssertionError(to_status)


def make(world, status, delegated):
    if delegated:
        ModerationSettings.objects.create(
            edition=world.edition,
            relays_may_validate=True,
            department_pilots_may_validate=True,
            first_moderators=FirstModerators.BASSIN,
        )
    return ActionFactory(edition=world.edition, status=status, created_by=world.contributor, schools=[world.school])


def expected(actor, pair, delegated) -> bool:
    allowed = EXPECTED.get(pair, frozenset())
    if actor is None or actor not in allowed:
        return False
    return delegated or actor not in DELEGABLE


@pytest.mark.parametrize("delegated", [False, True], ids=["default", "delegated"])
@pytest.mark.parametrize("role", list(ROLE_ACTOR))
@pytest.mark.parametrize("pair", list(EXPECTED), ids=lambda p: f"{p[0]}->{p[1]}")
def test_every_transition_of_the_table_for_every_actor(
    world, pair, role, delegated, django_capture_on_commit_callbacks
):
    from_status, to_status = pair
    action = make(world, from_status, delegated)
    user = world.users[role]
    if expected(ROLE_ACTOR[role], pair, delegated):
        with django_capture_on_commit_callbacks(execute=True):
            run(to_status, action, user)
        action.refresh_from_db()
        assert action.status == to_status
        assert AuditEntry.objects.for_object(action).filter(user=user).exists()
    else:
        with pytest.raises(ModerationError):
            run(to_status, action, user)
        action.refresh_from_db()
        assert action.status == from_status
        assert not AuditEntry.objects.for_object(action).exists()


FORBIDDEN = [(f, t) for f, t in itertools.product(S.values, S.values) if f != t and (f, t) not in EXPECTED]


@pytest.mark.parametrize("pair", FORBIDDEN, ids=lambda p: f"{p[0]}->{p[1]}")
def test_transitions_outside_the_table_are_refused_to_everyone(world, pair):
    from_status, to_status = pair
    action = make(world, from_status, delegated=True)
    for role in ("contributor", "relay", "academy_pilot", "national_pilot"):
        try:
            run(to_status, action, world.users[role])
        except ActionError:
            pass
        action.refresh_from_db()
        assert action.status == from_status, (role, pair)


def test_only_the_academy_grant_makes_a_department_pilot_a_validator(world):
    action = make(world, S.SUBMITTED, delegated=False)
    with pytest.raises(ModerationError):
        workflow.action_validate(action=action, by=world.department_pilot)
    moderation_settings.moderation_settings_update(
        edition=world.edition,
        by=world.academy_pilot,
        relays_may_validate=False,
        department_pilots_may_validate=True,
        first_moderators=FirstModerators.DEPARTMENT,
    )
    with pytest.raises(ModerationError):
        workflow.action_validate(action=action, by=world.relay)
    workflow.action_validate(action=action, by=world.department_pilot)
    assert Action.objects.get(pk=action.pk).status == S.VALIDATED


def test_moderation_settings_are_the_academys(world):
    for user in (world.department_pilot, world.relay, world.contributor, world.other_pilot):
        with pytest.raises(ModerationError):
            moderation_settings.moderation_settings_update(
                edition=world.edition,
                by=user,
                relays_may_validate=True,
                department_pilots_may_validate=True,
                first_moderators=FirstModerators.BASSIN,
            )


def test_the_full_journey_keeps_timestamps_comments_and_history(world):
    action = ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school])
    workflow.action_submit(action=action, by=world.contributor)
    workflow.action_request_changes(action=action, by=world.academy_pilot, comment="  Ajoutez le lieu.  ")
    drafts.action_update(action=action, by=world.colleague, classes="6e A et 6e B")
    workflow.action_submit(action=action, by=world.colleague)
    workflow.action_validate(action=action, by=world.academy_pilot, comment="Très belle action.")
    workflow.action_publish(action=action, by=world.national_pilot)
    action.refresh_from_db()
    assert action.status == S.PUBLISHED
    assert action.submitted_at and action.validated_at and action.published_at
    thread = list(ActionComment.objects.filter(action=action).values_list("body", "is_change_request"))
    assert thread == [("Ajoutez le lieu.", True), ("Très belle action.", False)]
    verbs = list(AuditEntry.objects.for_object(action).values_list("verb", flat=True))
    assert verbs == [
        "actions.action.submitted",
        "actions.action.changes_requested",
        "actions.action.updated",
        "actions.action.submitted",
        "actions.action.validated",
        "actions.action.published",
    ]


@pytest.mark.parametrize("comment", ["", "   ", "\n\t"])
def test_a_change_request_needs_a_comment(world, comment):
    action = make(world, S.SUBMITTED, delegated=False)
    with pytest.raises(ActionError, match="ce qu'il doit modifier"):
        workflow.action_request_changes(action=action, by=world.academy_pilot, comment=comment)
    action.refresh_from_db()
    assert action.status == S.SUBMITTED


def test_a_refusal_needs_a_reason_that_is_kept(world):
    action = make(world, S.SUBMITTED, delegated=False)
    with pytest.raises(ActionError, match="motif"):
        workflow.action_refuse(action=action, by=world.academy_pilot, reason="  ")
    with pytest.raises(ActionError, match="4000"):
        workflow.action_refuse(action=action, by=world.academy_pilot, reason="x" * 4001)
    workflow.action_refuse(action=action, by=world.academy_pilot, reason="Hors du thème.")
    action.refresh_from_db()
    assert (action.status, action.refusal_reason) == (S.REFUSED, "Hors du thème.")


def test_reopen_gives_a_refused_fiche_back_as_a_draft_and_flags_it(world):
    action = make(world, S.REFUSED, delegated=False)
    workflow.action_reopen(action=action, by=world.academy_pilot)
    action.refresh_from_db()
    assert action.status == S.DRAFT and action.declarations_reopened
    with pytest.raises(ModerationError):
        workflow.action_reopen(action=action, by=world.relay)


def test_flags_are_set_by_academy_pilots_only(world):
    action = make(world, S.PUBLISHED, delegated=True)
    for user in (world.contributor, world.relay, world.department_pilot, world.other_pilot):
        with pytest.raises(ModerationError):
            workflow.action_set_flags(action=action, by=user, is_flagship=True)
    workflow.action_set_flags(action=action, by=world.academy_pilot, is_flagship=True, shown_at_forum=True)
    action.refresh_from_db()
    assert action.is_flagship and action.shown_at_forum
    entry = AuditEntry.objects.for_object(action).get(verb="actions.action.flags_set")
    assert entry.data == {"is_flagship": True, "shown_at_forum": True}
    workflow.action_set_flags(action=action, by=world.academy_pilot, shown_at_forum=False)
    action.refresh_from_db()
    assert action.is_flagship and not action.shown_at_forum


def test_bulk_validate_reports_per_fiche(world, django_capture_on_commit_callbacks):
    ok = [make(world, S.SUBMITTED, delegated=False) for _ in range(2)]
    draft = ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school])
    foreign = ActionFactory(edition=world.foreign_edition, submitted=True, schools=[world.foreign_school])
    with django_capture_on_commit_callbacks(execute=True):
        result = bulk.actions_bulk_validate(actions=[*ok, draft, foreign], by=world.academy_pilot)
    assert [a.pk for a in result.done] == [a.pk for a in ok]
    assert [a.pk for a, _ in result.refused] == [draft.pk, foreign.pk]
    assert "Brouillon" in result.refused[0][1]
    assert result.summary == "2 fiche(s) traitée(s), 2 refusée(s)."
    assert set(Action.objects.filter(pk__in=[a.pk for a in ok]).values_list("status", flat=True)) == {S.VALIDATED}
    assert Action.objects.get(pk=draft.pk).status == S.DRAFT
    result = bulk.actions_bulk_publish(actions=Action.objects.filter(status=S.VALIDATED), by=world.academy_pilot)
    assert len(result.done) == 2 and not result.refused
    assert Action.objects.published().count() == 2


def test_comments_and_notes(world):
    action = make(world, S.SUBMITTED, delegated=False)
    comments.action_comment_add(action=action, by=world.contributor, body="Nous avons ajouté un partenaire.")
    comments.action_comment_add(action=action, by=world.relay, body="Merci !")
    for user in (world.stranger, world.other_pilot, world.contributor_b):
        with pytest.raises(ModerationError):
            comments.action_comment_add(action=action, by=user, body="Bonjour")
    with pytest.raises(ActionError):
        comments.action_comment_add(action=action, by=world.contributor, body="   ")
    note = comments.action_note_add(action=action, by=world.relay, body="Établissement à accompagner.")
    assert note.body == "Établissement à accompagner."
    with pytest.raises(ModerationError):
        comments.action_note_add(action=action, by=world.contributor, body="Je veux voir")
    assert action.comments.count() == 2 and action.notes.count() == 1
