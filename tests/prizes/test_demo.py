import pytest

from sps.prizes import results
from sps.prizes.demo import demo_prizes_load
from sps.prizes.models import JuryScore, Prize, PublicVote

pytestmark = pytest.mark.django_db


def test_demo_prizes_are_coherent_and_idempotent(world):
    Prize.objects.all().delete()
    juror = world.users["contributor"]
    first = demo_prizes_load(edition=world.edition, jurors=[juror])
    assert demo_prizes_load(edition=world.edition, jurors=[juror]) == first
    assert Prize.objects.count() == 1
    prize = Prize.objects.get()
    assert prize.vote_is_open() and prize.jury_enabled and prize.criteria.count() == 3
    marked = set(JuryScore.objects.values_list("action_id", flat=True))
    assert marked == {world.theirs.pk}  # never her own school's (Théâtre, Forum commun)
    assert PublicVote.objects.filter(confirmed_at__isnull=False).count() == 3
    assert results.winners(world.edition) == []  # nothing published, the vote still open
    assert "1 juré(s), 1 action(s) notée(s), 3 vote(s) confirmé(s)" in first
