"""Reads: who sees which fiche, moderation queues, territory filters, schools without action, history."""

import pytest

from sps.actions.enums import ActionStatus, FirstModerators, Level, Public
from sps.actions.models import Action, ModerationSettings
from sps.actions.selectors import action_history, schools_without_action
from sps.actions.services import comments, drafts
from sps.schools.models import School
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiches(world):
    return {
        "draft": ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school]),
        "submitted": ActionFactory(edition=world.edition, schools=[world.school], submitted=True),
        "school_b": ActionFactory(edition=world.edition, schools=[world.school_b], submitted=True),
        "other_bassin": ActionFactory(
            edition=world.edition, schools=[world.other_bassin_school], published=True, levels=[Level.SECONDE]
        ),
        "bassin_event": ActionFactory(
            edition=world.edition, carrier_level="bassin", bassin=world.bassin, published=True
        ),
        "department_event": ActionFactory(
            edition=world.edition, carrier_level="department", department=world.department, validated=True
        ),
        "academy_event": ActionFactory(edition=world.edition, carrier_level="academy", submitted=True),
        "foreign": ActionFactory(edition=world.foreign_edition, schools=[world.foreign_school], published=True),
    }


def names(qs, fiches):
    found = set(qs.values_list("pk", flat=True))
    return {name for name, action in fiches.items() if action.pk in found}


ALL_CRETEIL = {"draft", "submitted", "school_b", "other_bassin", "bassin_event", "department_event", "academy_event"}


@pytest.mark.parametrize(
    "role,expected",
    [
        ("contributor", {"draft", "submitted"}),
        ("contributor_b", {"school_b"}),
        ("relay", {"draft", "submitted", "school_b", "bassin_event"}),
        ("other_relay", {"other_bassin"}),
        ("department_pilot", ALL_CRETEIL - {"academy_event"}),
        ("academy_pilot", ALL_CRETEIL),
        ("national_pilot", ALL_CRETEIL | {"foreign"}),
        ("other_pilot", {"foreign"}),
        ("stranger", set()),
    ],
)
def test_visible_to_each_role(world, fiches, role, expected):
    assert names(Action.objects.visible_to(world.users[role]), fiches) == expected


def test_anonymous_see_nothing_there_and_the_public_the_programme(world, fiches):
    from django.contrib.auth.models import AnonymousUser

    assert not Action.objects.visible_to(AnonymousUser()).exists()
    assert names(Action.objects.published(), fiches) == {"other_bassin", "bassin_event", "foreign"}


def test_the_owner_keeps_seeing_an_action_of_a_school_they_left(world, fiches):
    world.contributor.roles.all().delete()
    from sps.accounts.perms import forget_roles

    forget_roles(world.contributor)
    assert names(Action.objects.visible_to(world.contributor), fiches) == {"draft"}


@pytest.mark.parametrize(
    "first,role,expected",
    [
        (FirstModerators.ACADEMY, "academy_pilot", {"submitted", "school_b", "academy_event"}),
        (FirstModerators.ACADEMY, "department_pilot", set()),
        (FirstModerators.ACADEMY, "relay", set()),
        (FirstModerators.DEPARTMENT, "department_pilot", {"submitted", "school_b"}),
        (FirstModerators.DEPARTMENT, "relay", set()),
        (FirstModerators.BASSIN, "relay", {"submitted", "school_b"}),
        (FirstModerators.BASSIN, "other_relay", set()),
        (FirstModerators.BASSIN, "national_pilot", {"submitted", "school_b", "academy_event"}),
        (FirstModerators.BASSIN, "other_pilot", set()),
        (FirstModerators.BASSIN, "contributor", set()),
    ],
)
def test_awaiting_moderation_follows_the_academys_routing(world, fiches, first, role, expected):
    ModerationSettings.objects.create(edition=world.edition, first_moderators=first)
    assert names(Action.objects.awaiting_moderation_by(world.users[role]), fiches) == expected


def test_for_territory_and_filters(world, fiches):
    qs = Action.objects.all()
    assert names(qs.for_territory(bassin=world.bassin), fiches) == {"draft", "submitted", "school_b", "bassin_event"}
    assert names(qs.for_territory(department=world.department), fiches) == ALL_CRETEIL - {"academy_event"}
    assert names(qs.for_territory(academy=world.other_academy), fiches) == {"foreign"}
    assert names(qs.filtered(level=Level.SECONDE), fiches) == {"other_bassin"}
    assert names(qs.filtered(status=ActionStatus.PUBLISHED, bassin=world.bassin), fiches) == {"bassin_event"}
    assert names(qs.filtered(public=Public.STAFF), fiches) == set()
    assert len(names(qs.filtered(public=Public.PARENTS), fiches)) == 8
    fiches["draft"].themes.set([world.edition.themes.first()])
    assert names(qs.filtered(theme=world.edition.themes.first()), fiches) == {"draft"}
    Action.objects.filter(pk=fiches["bassin_event"].pk).update(is_flagship=True)
    assert names(qs.filtered(is_flagship=True), fiches) == {"bassin_event"}
    assert names(qs.filtered(carrier_level="department"), fiches) == {"department_event"}


def test_filters_do_not_duplicate_rows_for_several_schools(world):
    action = ActionFactory(edition=world.edition, schools=[world.school, world.school_b])
    assert list(Action.objects.for_territory(bassin=world.bassin)) == [action]
    assert Action.objects.visible_to(world.relay).count() == 1


def test_schools_without_action(world, fiches):
    fiches["school_b"].status = ActionStatus.WITHDRAWN
    fiches["school_b"].save()
    territory = School.objects.in_territory(department=world.department)
    assert list(schools_without_action(world.edition, territory)) == [world.school_b]
    fiches["other_bassin"].edition = world.past_edition
    fiches["other_bassin"].save()
    assert world.other_bassin_school in schools_without_action(world.edition, territory)


def test_history_names_who_did_what_and_which_fields(world):
    action = drafts.action_create_draft(
        edition=world.edition, by=world.contributor, title="Philo", schools=[world.school]
    )
    drafts.action_update(action=action, by=world.contributor, objectives="Débattre.", contact_email="a@b.fr")
    comments.action_comment_add(action=action, by=world.relay, body="Bravo")
    history = action_history(action)
    assert [h.label for h in history] == ["Fiche créée", "Fiche modifiée", "Commentaire"]
    assert history[1].user == world.contributor
    assert history[1].changed == ["adresse électronique du contact", "objectifs"]
    assert history[2].user == world.relay and history[0].at <= history[2].at


def test_publication_queue_follows_academy_mergers(world):
    """Normandie's pilot publishes the validated fiches of Caen's past editions; Caen's own pilot (an
    académie merged away) still publishes them; Rennes' pilot does not."""
    from sps.accounts.enums import Role
    from tests.accounts.factories import UserFactory, grant
    from tests.editions.factories import CampaignFactory, EditionFactory
    from tests.territories.factories import AcademyFactory

    normandie = AcademyFactory(name="Normandie", slug="normandie-test")
    caen = AcademyFactory(name="Caen", slug="caen-test", successor=normandie)
    caen_edition = EditionFactory(academy=caen, campaign=CampaignFactory(school_year="2018-2019"), published=True)
    fiche = ActionFactory(edition=caen_edition, carrier_level="academy", validated=True)
    for academy, expected in [(normandie, True), (caen, True), (world.other_academy, False)]:
        pilot = UserFactory()
        grant(pilot, Role.ACADEMY_PILOT, academy)
        assert Action.objects.awaiting_publication_by(pilot).filter(pk=fiche.pk).exists() is expected
        assert Action.objects.queue_of(pilot).filter(pk=fiche.pk).exists() is expected
