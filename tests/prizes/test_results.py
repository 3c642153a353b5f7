"""The ranking of the jury and its tie rule (docs/prizes.md), the public count, and which winners
may be shown (jury: once published; public: once the vote is closed)."""

import datetime

import pytest
from django.utils import timezone

from sps.prizes import results, services
from tests.actions.factories import ActionFactory
from tests.prizes.factories import JurorFactory, PrizeFactory, confirmed_vote, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def prize():
    return PrizeFactory(criteria=["Originalité", "Impact", "Partenariats"])


def _actions(prize, n):
    return [ActionFactory(edition=prize.edition, published=True, title=f"Action {i}") for i in range(n)]


def _order(prize):
    return [row.action.title for row in results.jury_ranking(prize)]


def test_mean_of_the_jurors_totals_not_their_sum(prize):
    """B is marked by one juror only (the other is of its school): means, not sums, compare them."""
    a, b = _actions(prize, 2)
    j1, j2 = JurorFactory(prize=prize), JurorFactory(prize=prize)
    score(j1, a, 3, 3, 3)  # total 9
    score(j2, a, 3, 3, 3)  # total 9 → mean 9, sum 18
    score(j1, b, 4, 3, 3)  # total 10 → mean 10
    ranking = results.jury_ranking(prize)
    assert [r.action for r in ranking] == [b, a]
    assert [r.score_label for r in ranking] == ["10,00", "9,00"]
    assert [r.jurors for r in ranking] == [1, 2]
    assert [r.rank for r in ranking] == [1, 2]


def test_a_tie_is_broken_by_the_first_criterion_then_the_next(prize):
    a, b, c = _actions(prize, 3)
    juror = JurorFactory(prize=prize)
    score(juror, a, 2, 5, 3)  # 10
    score(juror, b, 4, 1, 5)  # 10, better on the first criterion
    score(juror, c, 2, 4, 4)  # 10, same first as A, worse second
    assert _order(prize) == ["Action 1", "Action 0", "Action 2"]


def test_then_by_the_number_of_jurors(prize):
    a, b = _actions(prize, 2)
    j1, j2 = JurorFactory(prize=prize), JurorFactory(prize=prize)
    score(j1, a, 3, 3, 3)
    score(j1, b, 3, 3, 3)
    score(j2, b, 3, 3, 3)  # same means everywhere, two jurors
    assert _order(prize) == ["Action 1", "Action 0"]


def test_then_by_the_action_declared_first(prize):
    a, b = _actions(prize, 2)
    juror = JurorFactory(prize=prize)
    score(juror, b, 3, 3, 3)
    score(juror, a, 3, 3, 3)
    assert _order(prize) == ["Action 0", "Action 1"]


def test_public_ranking_counts_confirmed_votes_and_ties_go_to_who_reached_it_first(prize):
    a, b, c = _actions(prize, 3)
    start = timezone.now() - datetime.timedelta(hours=5)
    confirmed_vote(prize, a, "un@example.fr", at=start + datetime.timedelta(hours=3))
    confirmed_vote(prize, b, "deux@example.fr", at=start + datetime.timedelta(hours=1))
    confirmed_vote(prize, b, "trois@example.fr", at=start + datetime.timedelta(hours=2))
    confirmed_vote(prize, a, "quatre@example.fr", at=start + datetime.timedelta(hours=1))
    confirmed_vote(prize, c, "cinq@example.fr", at=start)
    services.vote_request(prize=prize, action=c, email="pas-confirme@example.fr")
    services.vote_request(prize=prize, action=c, email="pas-confirme2@example.fr")
    ranking = results.public_ranking(prize)
    assert [(r.action, r.votes) for r in ranking] == [(b, 2), (a, 2), (c, 1)]


def test_winners_only_once_published_or_closed():
    prize = PrizeFactory()
    a, b = _actions(prize, 2)
    score(JurorFactory(prize=prize), a, 5, 5)
    confirmed_vote(prize, b, "un@example.fr")
    assert results.winners(prize.edition) == []  # jury not published, vote open
    assert results.fiche_prize(a).awards == [] and results.fiche_prize(b).vote_open
    prize.jury_published_at = timezone.now()
    prize.save()
    assert [(w.kind, w.action) for w in results.winners(prize.edition)] == [("jury", a)]
    after = prize.vote_closes_at
    winners = results.winners(prize.edition, now=after)
    assert [(w.label, w.action, w.detail) for w in winners] == [
        ("Prix du jury", a, "note moyenne 10,00"),
        ("Prix du public", b, "1 vote"),
    ]
    assert [w.label for w in results.fiche_prize(b, now=after).awards] == ["Prix du public"]
    assert not results.fiche_prize(b, now=after).vote_open


def test_no_winner_without_prize_or_votes():
    edition = ActionFactory(published=True).edition
    assert results.winners(edition) == [] and results.fiche_prize(edition.actions.get()) is None
    prize = PrizeFactory(edition=edition, vote_closed=True)
    assert results.winners(edition) == []
    assert results.public_ranking(prize) == []
