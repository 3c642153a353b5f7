"""Who may do what to a fiche, written out from the brief as its own table (never read from
TRANSITIONS or any table of the code under test):

- porteurs (contributors of the carrying school) draft, submit and withdraw their school's fiches;
- relays and département pilots ask for changes and validate only when the académie delegates it;
- académie pilots validate, publish, refuse and ask for changes in their académie, the national pilot
  everywhere; only they give a refused or withdrawn fiche back as a draft;
- nobody publishes a draft directly, and nobody outside the fiche's territory does anything.
"""

import datetime
import itertools

import pytest
from freezegun import freeze_time

from sps.actions import rules
from sps.actions.enums import ActionStatus
from sps.actions.errors import ActionError
from sps.actions.models import ModerationSettings
from sps.actions.services import workflow
from sps.audit.models import AuditEntry
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db

S = ActionStatus
OWNERS = {"contributor", "colleague"}  # both contributors of the carrying school
RELAY, DEPT, ACADEMY, NATIONAL = "relay", "department_pilot", "academy_pilot", "national_pilot"
PILOTS = {ACADEMY, NATIONAL}
STAFF = {RELAY, DEPT, ACADEMY, NATIONAL}
OUTSIDERS = {"contributor_b", "other_contributor", "other_relay", "other_pilot", "foreign_contributor", "stranger"}
EVERYONE = OWNERS | STAFF | OUTSIDERS

# (from, to) -> who may take it when the académie delegates nothing.
MAY = {
    (S.DRAFT, S.SUBMITTED): OWNERS,
    (S.CHANGES_REQUESTED, S.SUBMITTED): OWNERS,
    (S.SUBMITTED, S.CHANGES_REQUESTED): PILOTS,
    (S.SUBMITTED, S.VALIDATED): PILOTS,
    (S.VALIDATED, S.PUBLISHED): PILOTS,
    # The take-down: an académie pilot of the fiche's académie or the national pilot (with a reason).
    (S.PUBLISHED, S.VALIDATED): PILOTS,
    (S.SUBMITTED, S.REFUSED): PILOTS,
    (S.CHANGES_REQUESTED, S.REFUSED): PILOTS,
    (S.VALIDATED, S.REFUSED): PILOTS,
    (S.DRAFT, S.WITHDRAWN): OWNERS,
    (S.SUBMITTED, S.WITHDRAWN): OWNERS,
    (S.CHANGES_REQUESTED, S.WITHDRAWN): OWNERS,
    (S.VALIDATED, S.WITHDRAWN): OWNERS,
    (S.PUBLISHED, S.WITHDRAWN): OWNERS,
    (S.REFUSED, S.DRAFT): PILOTS,
    (S.WITHDRAWN, S.DRAFT): PILOTS,
}
# What the académie's delegation adds (ModerationSettings.relays_may_validate /
# department_pilots_may_validate): asking for changes and validating, nothing else.
DELEGATED = {(S.SUBMITTED, S.CHANGES_REQUESTED), (S.SUBMITTED, S.VALIDATED)}
DELEGATIONS = {
    "none": (False, False, set()),
    "relays": (True, False, {RELAY}),
    "departments": (False, True, {DEPT}),
    "both": (True, True, {RELAY, DEPT}),
}


def expected_transition(user, pair, delegation) -> bool:
    extra = DELEGATIONS[delegation][2] if pair in DELEGATED else set()
    return user in MAY.get(pair, set()) | extra


def _fiche(world, delegation="none", **kwargs):
    relays, departments, _ = DELEGATIONS[delegation]
    ModerationSettings.objects.update_or_create(
        edition=world.edition,
        defaults={"relays_may_validate": relays, "department_pilots_may_validate": departments},
    )
    return ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school], **kwargs)


@pytest.mark.parametrize("delegation", list(DELEGATIONS))
def test_who_may_move_a_fiche_from_any_status_to_any_other(world, delegation):
    action = _fiche(world, delegation)
    for frm, to in itertools.permutations(S.values, 2):
        action.status = frm  # who someone is for the fiche does not depend on its status
        for name in sorted(EVERYONE):
            user = world.users[name]
            expected = expected_transition(name, (frm, to), delegation)
            assert rules.can_transition(user, action, to) == expected, (name, frm, to)
            assert (rules.check_transition(user, action, to) is None) == expected, (name, frm, to)
            assert (to in rules.allowed_transitions(user, action)) == expected, (name, frm, to)


def test_the_transitions_the_brief_forbids_are_refused_by_the_services(world):
    # A relay never publishes, even when the académie delegates validation.
    action = _fiche(world, "both", validated=True)
    with pytest.raises(ActionError):
        workflow.action_publish(action=action, by=world.relay)
    # A pilot does not submit the porteur's draft.
    draft = _fiche(world, "both")
    for name in STAFF:
        with pytest.raises(ActionError):
            workflow.action_submit(action=draft, by=world.users[name])
    # Nobody publishes (or validates) a draft directly.
    for name in EVERYONE:
        with pytest.raises(ActionError):
            workflow.action_publish(action=draft, by=world.users[name])
        with pytest.raises(ActionError):
            workflow.action_validate(action=draft, by=world.users[name])
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    action.refresh_from_db()
    assert action.status == S.VALIDATED


# --- The fiche's other rights, per status -------------------------------------------------------

NOT_CLOSED = {S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.VALIDATED, S.PUBLISHED}
BEFORE_DEADLINE = datetime.date(2027, 1, 15)  # declarations close on 28 February 2027
AFTER_DEADLINE = datetime.date(2027, 3, 2)
AFTER_BILAN_DEADLINE = datetime.date(2027, 5, 2)  # bilans close on 30 April 2027


def expected_rights(name, status, *, delegation="none", day=BEFORE_DEADLINE, bilan_reopened=False) -> dict:
    moderators = PILOTS | DELEGATIONS[delegation][2]
    declaring = day <= datetime.date(2027, 2, 28)
    bilan_time = day <= datetime.date(2027, 4, 30) or bilan_reopened
    published = status == S.PUBLISHED
    return {
        "can_view_contact": name in OWNERS | STAFF,
        "can_comment": name in OWNERS | STAFF,
        "can_view_notes": name in STAFF,
        "can_view_history": name in STAFF,
        "can_set_flags": name in PILOTS and status in NOT_CLOSED,
        "can_reopen": name in PILOTS and status in NOT_CLOSED and not declaring,
        "can_reopen_bilan": name in PILOTS and published and not bilan_time,
        "can_view_bilan": name in OWNERS | STAFF and published,
        "can_fill_bilan": published and (name in PILOTS or (name in OWNERS and bilan_time)),
        "can_make_model": name in PILOTS and published,
        "can_edit": (name in moderators and status != S.WITHDRAWN)
        or (name in OWNERS and status in {S.DRAFT, S.CHANGES_REQUESTED} and declaring),
    }


def _check_rights(world, action, day, **kwargs):
    with freeze_time(f"{day.isoformat()} 10:00:00"):
        for status in S.values:
            action.status = status
            for name in sorted(EVERYONE):
                user = world.users[name]
                expected = expected_rights(name, status, day=day, **kwargs)
                got = {
                    "can_view_contact": rules.can_view_contact(user, action),
                    "can_comment": rules.can_comment(user, action),
                    "can_view_notes": rules.can_view_notes(user, action),
                    "can_view_history": rules.can_view_history(user, action),
                    "can_set_flags": rules.can_set_flags(user, action),
                    "can_reopen": rules.can_reopen(user, action, day),
                    "can_reopen_bilan": rules.can_reopen_bilan(user, action, day),
                    "can_view_bilan": rules.can_view_bilan(user, action),
                    "can_fill_bilan": rules.can_fill_bilan(user, action, day),
                    "can_make_model": rules.can_make_model(user, action),
                    "can_edit": rules.can_edit(user, action),
                }
                assert got == expected, (name, status)


@pytest.mark.parametrize("day", [BEFORE_DEADLINE, AFTER_DEADLINE, AFTER_BILAN_DEADLINE], ids=str)
def test_rights_on_a_fiche_by_role_status_and_date(world, day):
    _check_rights(world, _fiche(world), day)


@pytest.mark.parametrize("delegation", ["relays", "departments", "both"])
def test_delegated_moderators_edit_fiches_of_their_territory(world, delegation):
    _check_rights(world, _fiche(world, delegation), BEFORE_DEADLINE, delegation=delegation)


def test_a_reopened_bilan_lets_its_contributor_fill_it_after_the_deadline(world):
    _check_rights(world, _fiche(world, bilan_reopened=True), AFTER_BILAN_DEADLINE, bilan_reopened=True)


def test_the_bilan_of_a_draft_cannot_be_reopened(world):
    draft = _fiche(world)
    with freeze_time("2027-05-02 10:00:00"):
        assert not rules.can_reopen_bilan(world.academy_pilot, draft)
        with pytest.raises(ActionError, match="action publiée"):
            workflow.action_reopen_bilan(action=draft, by=world.academy_pilot)
    draft.refresh_from_db()
    assert not draft.bilan_reopened


# The take-down, through the service: who may (from the brief), and what it leaves behind.
TAKE_DOWN_MAY = {ACADEMY, NATIONAL}


@pytest.mark.parametrize("name", sorted(EVERYONE))
def test_who_may_take_a_published_action_down(world, name, mailoutbox, django_capture_on_commit_callbacks):
    from sps.catalogue import index
    from sps.catalogue.models import CatalogueEntry, CatalogueRemoval

    action = _fiche(world, "both", published=True)
    index.index_actions([action.pk])
    user = world.users[name]
    if name in TAKE_DOWN_MAY:
        with django_capture_on_commit_callbacks(execute=True):
            workflow.action_unpublish(action=action, by=user, reason="La date a été annulée par l'établissement.")
        action.refresh_from_db()
        assert action.status == S.VALIDATED
        assert not CatalogueEntry.objects.filter(action=action).exists()
        assert CatalogueRemoval.objects.filter(object_id=action.pk).exists()
        entry = AuditEntry.objects.for_object(action).get(verb="actions.action.unpublished")
        assert entry.data["reason"] == "La date a été annulée par l'établissement."
        assert entry.user == user
        assert action.comments.get().body.endswith("La date a été annulée par l'établissement.")
        assert [world.contributor.email] in [m.to for m in mailoutbox]
        assert "retirée du programme" in mailoutbox[0].subject
    else:
        with pytest.raises(ActionError):
            workflow.action_unpublish(action=action, by=user, reason="Motif.")
        action.refresh_from_db()
        assert action.status == S.PUBLISHED
        assert CatalogueEntry.objects.filter(action=action).exists()


def test_a_take_down_needs_a_reason_and_a_published_action(world):
    action = _fiche(world, published=True)
    with pytest.raises(ActionError) as error:
        workflow.action_unpublish(action=action, by=world.academy_pilot, reason="   ")
    assert error.value.message == "Indiquez le motif du retrait du programme."
    action.refresh_from_db()
    assert action.status == S.PUBLISHED
    validated = _fiche(world, validated=True)
    with pytest.raises(ActionError):
        workflow.action_unpublish(action=validated, by=world.academy_pilot, reason="Motif.")
    # Validating is not a way round the reason.
    with pytest.raises(ActionError):
        workflow.action_validate(action=action, by=world.academy_pilot)
