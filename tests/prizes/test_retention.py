"""RGPD: the public prize's voters' addresses are erased PRIZE_VOTE_RETENTION_MONTHS after the vote
closed (purge_prize_votes, daily); the counts and the ranking stay as they were."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sps.prizes import results, services
from sps.prizes.models import PublicVote
from tests.actions.factories import ActionFactory
from tests.prizes.factories import PrizeFactory, confirmed_vote


def _prize_closed(days_ago):
    closes = timezone.now() - datetime.timedelta(days=days_ago)
    prize = PrizeFactory(vote_opens_at=closes - datetime.timedelta(days=14), vote_closes_at=closes)
    a = ActionFactory(edition=prize.edition, published=True, title="Action A")
    b = ActionFactory(edition=prize.edition, published=True, title="Action B")
    start = closes - datetime.timedelta(days=3)
    confirmed_vote(prize, a, "un@example.fr", at=start)
    confirmed_vote(prize, a, "deux@example.fr", at=start + datetime.timedelta(hours=1))
    confirmed_vote(prize, b, "trois@example.fr", at=start + datetime.timedelta(hours=2))
    PublicVote.objects.create(prize=prize, action=b, email="jamais@example.fr", requested_at=start)
    return prize, a, b


def _ranking(prize):
    return [(r.action.title, r.votes, r.last_vote_at) for r in results.public_ranking(prize)]


@pytest.mark.django_db
def test_addresses_erased_three_months_after_the_close_counts_unchanged(settings):
    assert settings.PRIZE_VOTE_RETENTION_MONTHS == 3
    old, a, b = _prize_closed(days_ago=100)
    recent, *_ = _prize_closed(days_ago=80)
    before = _ranking(old)
    winners_before = [(w.action, w.detail) for w in results.winners(old.edition)]
    assert [(t, n) for t, n, _ in before] == [("Action A", 2), ("Action B", 1)]

    out = StringIO()
    call_command("purge_prize_votes", "--dry-run", stdout=out)
    assert "4 adresse(s) de votant seraient effacées" in out.getvalue()
    assert PublicVote.objects.filter(email__isnull=False).count() == 8

    call_command("purge_prize_votes", stdout=out)
    assert "4 adresse(s) de votant effacées (votes clos depuis plus de 3 mois)" in out.getvalue()
    # The old prize: no address left, the unconfirmed request gone, the counted votes kept.
    assert list(PublicVote.objects.filter(prize=old).values_list("email", flat=True)) == [None, None, None]
    assert not PublicVote.objects.filter(email="jamais@example.fr", prize=old).exists()
    assert _ranking(old) == before
    assert [(w.action, w.detail) for w in results.winners(old.edition)] == winners_before
    assert winners_before == [(a, "2 votes")]
    # The prize closed 80 days ago keeps its addresses for now.
    assert PublicVote.objects.filter(prize=recent, email__isnull=False).count() == 4
    # Run again: nothing more to do.
    call_command("purge_prize_votes", stdout=(out := StringIO()))
    assert out.getvalue().startswith("0 adresse(s)")


@pytest.mark.django_db
def test_retention_is_a_setting_and_open_votes_are_never_purged(settings):
    settings.PRIZE_VOTE_RETENTION_MONTHS = 1
    closed, *_ = _prize_closed(days_ago=40)
    open_prize = PrizeFactory()  # vote open now
    confirmed_vote(open_prize, ActionFactory(edition=open_prize.edition, published=True), "ouvert@example.fr")
    assert services.votes_purge() == 4
    assert not PublicVote.objects.filter(prize=closed, email__isnull=False).exists()
    assert PublicVote.objects.get(prize=open_prize).email == "ouvert@example.fr"


@pytest.mark.django_db
def test_voters_after_the_purge_are_not_blocked_by_erased_votes():
    """Erased votes (no address) do not clash with each other in the one-vote-per-address rule."""
    prize, a, _ = _prize_closed(days_ago=100)
    services.votes_purge()
    PublicVote.objects.create(prize=prize, action=a, email=None, confirmed_at=timezone.now())
    assert PublicVote.objects.filter(prize=prize, email__isnull=True).count() == 4
