import datetime

import factory
from django.utils import timezone

from sps.prizes.models import Juror, JuryScore, Prize, PrizeCriterion, PublicVote
from tests.accounts.factories import UserFactory
from tests.editions.factories import EditionFactory


class PrizeFactory(factory.django.DjangoModelFactory):
    """A prize with both parts enabled and the vote open now (a day ago to a week from now).

    Traits: `vote_not_open_yet`, `vote_closed`. `criteria=[...]` sets the jury's criteria
    (default: « Originalité », « Impact »)."""

    class Meta:
        model = Prize
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory, published=True)
    jury_enabled = True
    public_enabled = True
    max_score = 5
    vote_opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    vote_closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))

    class Params:
        vote_not_open_yet = factory.Trait(
            vote_opens_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1)),
            vote_closes_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=8)),
        )
        vote_closed = factory.Trait(
            vote_opens_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=8)),
            vote_closes_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)),
        )

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):
        if not create:
            return
        for n, label in enumerate(extracted if extracted is not None else ["Originalité", "Impact"]):
            PrizeCriterion.objects.create(prize=obj, label=label, position=n)


class JurorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Juror

    prize = factory.SubFactory(PrizeFactory)
    user = factory.SubFactory(UserFactory)


def score(juror, action, *values):
    """Give `action` these marks from `juror`, one per criterion in order."""
    for criterion, value in zip(juror.prize.criteria.all(), values, strict=True):
        JuryScore.objects.update_or_create(juror=juror, action=action, criterion=criterion, defaults={"value": value})


def confirmed_vote(prize, action, email, at=None):
    at = at or timezone.now()
    return PublicVote.objects.create(prize=prize, action=action, email=email, requested_at=at, confirmed_at=at)
