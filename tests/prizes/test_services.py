"""The prizes' services: who sets them up, the jury's marks, the public vote counted once per
confirmed address, the vote window, the per-address throttle; each refusal in French."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from sps.audit.models import AuditEntry
from sps.prizes import services
from sps.prizes.errors import PrizeError, ScoreError, VoteError
from sps.prizes.models import Juror, JuryScore, Prize, PublicVote
from tests.accounts.factories import UserFactory
from tests.actions.factories import ActionFactory
from tests.prizes.factories import JurorFactory, PrizeFactory, confirmed_vote, score

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _settings(**overrides):
    values = {
        "jury_enabled": True,
        "public_enabled": True,
        "max_score": 10,
        "criteria": ["Originalité", "Impact sur les élèves", ""],
        "vote_opens_at": NOW,
        "vote_closes_at": NOW + datetime.timedelta(days=7),
    }
    return values | overrides


# Who sets up an edition's prize (the brief: the pilots of the edition's académie, and national pilots).
SETUP_RIGHTS = {
    "contributor": False,
    "relay": False,
    "department_pilot": False,
    "academy_pilot": True,
    "national_pilot": True,
    "other_pilot": False,
}


@pytest.mark.parametrize("role, allowed", SETUP_RIGHTS.items())
def test_who_sets_up_a_prize(world, role, allowed):
    Prize.objects.all().delete()
    user = world.users[role]
    if allowed:
        prize = services.prize_save(edition=world.edition, by=user, **_settings())
        assert [c.label for c in prize.criteria.all()] == ["Originalité", "Impact sur les élèves"]
        assert prize.max_score == 10
        assert AuditEntry.objects.filter(verb="prizes.prize.created", user=user).exists()
    else:
        with pytest.raises(PrizeError, match="Seuls les pilotes"):
            services.prize_save(edition=world.edition, by=user, **_settings())
        assert not Prize.objects.exists()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"jury_enabled": False, "public_enabled": False}, "jury_enabled", "Choisissez au moins un prix"),
        ({"criteria": ["", "  "]}, "criteria", "au moins un critère"),
        ({"criteria": ["Impact", "impact"]}, "criteria", "qu'une fois"),
        ({"criteria": [f"Critère {n}" for n in range(11)]}, "criteria", "Au plus 10 critères"),
        ({"max_score": 0}, "max_score", "entre 1 et 20"),
        ({"max_score": 21}, "max_score", "entre 1 et 20"),
        ({"vote_opens_at": None}, "vote_opens_at", "quand le vote du public ouvre"),
        ({"vote_closes_at": None}, "vote_closes_at", "quand le vote du public se clôt"),
        ({"vote_closes_at": NOW - datetime.timedelta(hours=1)}, "vote_closes_at", "après son ouverture"),
        ({"vote_closes_at": NOW}, "vote_closes_at", "après son ouverture"),
    ],
)
def test_prize_settings_bad_input(world, overrides, field, message):
    Prize.objects.all().delete()
    with pytest.raises(PrizeError) as refused:
        services.prize_save(edition=world.edition, by=world.users["academy_pilot"], **_settings(**overrides))
    assert message in " ".join(refused.value.errors[field])
    assert not Prize.objects.exists()


def test_a_prize_without_jury_needs_no_criteria_and_a_public_one_without_window_is_refused(world):
    Prize.objects.all().delete()
    pilot = world.users["academy_pilot"]
    prize = services.prize_save(edition=world.edition, by=pilot, **_settings(jury_enabled=False, criteria=[]))
    assert prize.public_enabled and not prize.criteria.exists()
    prize = services.prize_save(
        edition=world.edition,
        by=pilot,
        **_settings(public_enabled=False, vote_opens_at=None, vote_closes_at=None),
    )
    assert prize.vote_opens_at is None and prize.vote_closes_at is None


def test_criteria_are_frozen_once_the_jury_has_marked(world):
    juror = JurorFactory(prize=world.prize)
    score(juror, world.theirs, 3, 4)
    pilot = world.users["academy_pilot"]
    kwargs = _settings(criteria=["Originalité", "Impact"], max_score=5)
    services.prize_save(edition=world.edition, by=pilot, **kwargs)  # unchanged criteria: fine
    with pytest.raises(PrizeError, match="déjà commencé à noter"):
        services.prize_save(edition=world.edition, by=pilot, **(kwargs | {"criteria": ["Originalité"]}))
    with pytest.raises(PrizeError, match="déjà commencé à noter"):
        services.prize_save(edition=world.edition, by=pilot, **(kwargs | {"max_score": 10}))
    assert list(world.prize.criteria.values_list("label", flat=True)) == ["Originalité", "Impact"]


# --- Jurors -----------------------------------------------------------------------------------


def test_juror_add_tells_the_juror_and_refuses_unknown_or_twice(world, django_capture_on_commit_callbacks):
    pilot = world.users["academy_pilot"]
    with django_capture_on_commit_callbacks(execute=True):
        juror = services.juror_add(prize=world.prize, by=pilot, email=" Contributor@Example.fr ")
    assert juror.user == world.users["contributor"]
    [message] = mail.outbox
    assert message.to == ["contributor@example.fr"] and "jury" in message.subject
    assert "/jury/" in message.body and "votre propre établissement" in message.body
    with pytest.raises(PrizeError, match="fait déjà partie du jury") as refused:
        services.juror_add(prize=world.prize, by=pilot, email="contributor@example.fr")
    assert refused.value.field == "email"
    with pytest.raises(PrizeError, match="Aucun compte actif"):
        services.juror_add(prize=world.prize, by=pilot, email="inconnu@example.fr")
    inactive = UserFactory(email="parti@example.fr", is_active=False)
    with pytest.raises(PrizeError, match="Aucun compte actif"):
        services.juror_add(prize=world.prize, by=pilot, email=inactive.email)
    with pytest.raises(PrizeError, match="Seuls les pilotes"):
        services.juror_add(prize=world.prize, by=world.users["other_pilot"], email="relay@example.fr")
    assert Juror.objects.count() == 1


def test_no_juror_without_a_jury_prize(world):
    world.prize.jury_enabled = False
    world.prize.save()
    with pytest.raises(PrizeError, match="Activez d'abord le prix du jury"):
        services.juror_add(prize=world.prize, by=world.users["academy_pilot"], email="relay@example.fr")


# --- Jury marks -------------------------------------------------------------------------------


def _criteria(prize):
    return list(prize.criteria.values_list("pk", flat=True))


def test_a_juror_marks_an_action_of_another_school(world):
    juror = JurorFactory(prize=world.prize, user=world.users["contributor"])
    first, second = _criteria(world.prize)
    services.jury_score_save(prize=world.prize, by=juror.user, action=world.theirs, scores={first: 4, second: 0})
    services.jury_score_save(prize=world.prize, by=juror.user, action=world.theirs, scores={first: 5, second: 2})
    assert dict(JuryScore.objects.values_list("criterion_id", "value")) == {first: 5, second: 2}
    assert AuditEntry.objects.filter(verb="prizes.jury.scored", user=juror.user).count() == 2


def test_a_juror_never_marks_an_action_of_their_own_school(world):
    juror = JurorFactory(prize=world.prize, user=world.users["contributor"])
    first, second = _criteria(world.prize)
    for action in (world.mine, world.shared):  # shared: carried by their school and another
        with pytest.raises(ScoreError, match="ne fait pas partie de celles que vous notez"):
            services.jury_score_save(prize=world.prize, by=juror.user, action=action, scores={first: 5, second: 5})
    assert not JuryScore.objects.exists()


def test_only_published_actions_of_the_edition_and_only_jurors(world):
    juror = JurorFactory(prize=world.prize, user=world.users["relay"])
    first, second = _criteria(world.prize)
    elsewhere = ActionFactory(published=True)  # another edition
    for action in (world.draft, elsewhere):
        with pytest.raises(ScoreError, match="ne fait pas partie"):
            services.jury_score_save(prize=world.prize, by=juror.user, action=action, scores={first: 1, second: 1})
    with pytest.raises(ScoreError, match="Vous ne faites pas partie du jury"):
        services.jury_score_save(
            prize=world.prize, by=world.users["academy_pilot"], action=world.theirs, scores={first: 1, second: 1}
        )
    assert not JuryScore.objects.exists()


@pytest.mark.parametrize(
    "values, message",
    [
        ({"first": 6, "second": 1}, "nombre entier de 0 à 5"),
        ({"first": -1, "second": 1}, "nombre entier de 0 à 5"),
        ({"first": "3", "second": 1}, "nombre entier de 0 à 5"),
        ({"second": 1}, "Donnez une note de 0 à 5"),
    ],
)
def test_marks_bad_input_writes_nothing(world, values, message):
    juror = JurorFactory(prize=world.prize, user=world.users["relay"])
    first, second = _criteria(world.prize)
    scores = {{"first": first, "second": second}[key]: value for key, value in values.items()}
    with pytest.raises(ScoreError) as refused:
        services.jury_score_save(prize=world.prize, by=juror.user, action=world.theirs, scores=scores)
    assert message in refused.value.errors[f"criterion_{first}"][0]
    assert not JuryScore.objects.exists()


def test_no_marks_once_the_palmares_is_published(world):
    juror = JurorFactory(prize=world.prize, user=world.users["relay"])
    score(juror, world.theirs, 3, 3)
    with pytest.raises(PrizeError, match="Seuls les pilotes"):
        services.jury_publish(prize=world.prize, by=world.users["relay"])
    services.jury_publish(prize=world.prize, by=world.users["academy_pilot"])
    first, second = _criteria(world.prize)
    with pytest.raises(ScoreError, match="palmarès du jury est publié"):
        services.jury_score_save(prize=world.prize, by=juror.user, action=world.mine, scores={first: 1, second: 1})
    with pytest.raises(PrizeError, match="déjà publié"):
        services.jury_publish(prize=world.prize, by=world.users["academy_pilot"])


def test_no_palmares_without_marks(world):
    with pytest.raises(PrizeError, match="Aucune action n'a encore été notée"):
        services.jury_publish(prize=world.prize, by=world.users["academy_pilot"])


# --- Public vote ------------------------------------------------------------------------------


def _counted(prize):
    return PublicVote.objects.filter(prize=prize, confirmed_at__isnull=False).count()


def test_a_vote_counts_once_its_link_is_followed(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        vote = services.vote_request(prize=world.prize, action=world.theirs, email="  Parent@Example.fr \t")
    assert vote.email == "parent@example.fr"  # lower-cased and trimmed
    assert _counted(world.prize) == 0  # unconfirmed: does not count
    [message] = mail.outbox
    assert message.to == ["parent@example.fr"]
    assert vote.confirm_url() in message.body and "Café des parents" in message.subject
    services.vote_confirm(vote=vote)
    assert _counted(world.prize) == 1
    services.vote_confirm(vote=vote)  # confirming twice counts once
    assert _counted(world.prize) == 1
    other = services.vote_request(prize=world.prize, action=world.theirs, email="voisin@example.fr")
    services.vote_confirm(vote=other)  # a second address counts
    assert _counted(world.prize) == 2


def test_an_address_votes_once_per_prize(world, django_capture_on_commit_callbacks):
    first = services.vote_request(prize=world.prize, action=world.theirs, email="parent@example.fr")
    second = services.vote_request(prize=world.prize, action=world.mine, email="parent@example.fr")
    services.vote_confirm(vote=second)
    with pytest.raises(VoteError, match="déjà voté"):
        services.vote_confirm(vote=first)
    assert PublicVote.objects.get(confirmed_at__isnull=False).action == world.mine
    # Asking again: no new link, the address is told by e-mail that it already voted.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.vote_request(prize=world.prize, action=world.theirs, email="parent@example.fr") is None
    [message] = mail.outbox
    assert "déjà voté" in message.body and "/prix/vote/" not in message.body
    assert _counted(world.prize) == 1


@pytest.mark.parametrize("trait", ["vote_not_open_yet", "vote_closed"])
def test_no_vote_outside_the_window(world, trait):
    prize = PrizeFactory(**{trait: True}, edition=ActionFactory(published=True).edition)
    action = prize.edition.actions.get()
    with pytest.raises(VoteError, match="pas ouvert"):
        services.vote_request(prize=prize, action=action, email="parent@example.fr")
    assert not PublicVote.objects.exists()


def test_a_link_followed_after_the_close_does_not_count(world):
    vote = services.vote_request(prize=world.prize, action=world.theirs, email="parent@example.fr")
    with pytest.raises(VoteError, match="pas ouvert"):
        services.vote_confirm(vote=vote, now=world.prize.vote_closes_at)
    assert _counted(world.prize) == 0


def test_no_vote_for_an_action_outside_the_prize(world):
    for action in (world.draft, ActionFactory(published=True)):
        with pytest.raises(VoteError, match="ne participe pas"):
            services.vote_request(prize=world.prize, action=action, email="parent@example.fr")


def test_no_public_vote_when_the_public_prize_is_off(world):
    world.prize.public_enabled = False
    world.prize.save()
    with pytest.raises(VoteError, match="pas ouvert"):
        services.vote_request(prize=world.prize, action=world.theirs, email="parent@example.fr")


@pytest.mark.parametrize("email", ["", "pas-une-adresse", "a@b"])
def test_vote_request_bad_address(world, email):
    with pytest.raises(VoteError, match="adresse électronique valide") as refused:
        services.vote_request(prize=world.prize, action=world.theirs, email=email)
    assert refused.value.field == "email"
    assert not PublicVote.objects.exists()


def test_an_address_may_ask_only_a_few_times_an_hour(world):
    for _ in range(services.VOTE_REQUESTS_PER_ADDRESS):
        services.vote_request(prize=world.prize, action=world.theirs, email="flood@example.fr")
    with pytest.raises(VoteError, match="Trop de demandes de vote pour cette adresse"):
        services.vote_request(prize=world.prize, action=world.theirs, email="flood@example.fr")
    later = timezone.now() + services.VOTE_REQUESTS_WINDOW + datetime.timedelta(minutes=1)
    assert services.vote_request(prize=world.prize, action=world.theirs, email="flood@example.fr", now=later)
    assert services.vote_request(prize=world.prize, action=world.theirs, email="autre@example.fr")
    assert PublicVote.objects.filter(email="flood@example.fr").count() == services.VOTE_REQUESTS_PER_ADDRESS + 1


def test_an_address_is_unique_among_confirmed_votes_in_the_database(world):
    """The database itself keeps one counted vote per address and prize (two confirmations racing)."""
    from django.db import IntegrityError, transaction

    confirmed_vote(world.prize, world.theirs, "parent@example.fr")
    with pytest.raises(IntegrityError), transaction.atomic():
        confirmed_vote(world.prize, world.mine, "parent@example.fr")
