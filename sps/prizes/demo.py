"""The demo's prizes (manage.py load_demo, idempotent): the current Créteil edition awards a jury
prize and a public prize, the vote open from yesterday for two weeks; one juror (the demo's
porteur, who is not offered her own school's actions) has marked a few actions, and a few
confirmed votes wait for the close (their counts stay hidden until then)."""

import datetime

from django.db import transaction
from django.utils import timezone

from sps.prizes import rules
from sps.prizes.models import Juror, JuryScore, Prize, PrizeCriterion, PublicVote

CRITERIA = ["Originalité de l'action", "Implication des élèves", "Ouverture aux partenaires et aux familles"]
DEMO_VOTERS = ["parent.un@demo.sps.test", "parent.deux@demo.sps.test", "parent.trois@demo.sps.test"]
DEMO_MARKS = [(4, 5, 3), (3, 4, 4), (5, 3, 2)]


def demo_prizes_load(*, edition, jurors) -> str:
    """The prize of `edition` with `jurors` (users), marks and votes; a summary line."""
    now = timezone.now()
    with transaction.atomic():
        prize, created = Prize.objects.get_or_create(
            edition=edition,
            defaults={
                "jury_enabled": True,
                "public_enabled": True,
                "max_score": 5,
                "vote_opens_at": now - datetime.timedelta(days=1),
                "vote_closes_at": now + datetime.timedelta(days=14),
            },
        )
        if created:
            PrizeCriterion.objects.bulk_create(
                PrizeCriterion(prize=prize, label=label, position=n) for n, label in enumerate(CRITERIA)
            )
        criteria = list(prize.criteria.all())
        for user in jurors:
            juror, _ = Juror.objects.get_or_create(prize=prize, user=user)
            actions = list(rules.actions_for_juror(prize, user).order_by("pk")[: len(DEMO_MARKS)])
            for action, marks in zip(actions, DEMO_MARKS, strict=False):
                for criterion, value in zip(criteria, marks, strict=False):
                    JuryScore.objects.get_or_create(
                        juror=juror, action=action, criterion=criterion, defaults={"value": value}
                    )
        candidates = list(rules.eligible_actions(prize).order_by("pk")[:2])
        if candidates:
            for n, email in enumerate(DEMO_VOTERS):
                if not PublicVote.objects.filter(prize=prize, email=email).exists():
                    PublicVote.objects.create(
                        prize=prize,
                        action=candidates[n % len(candidates)],
                        email=email,
                        requested_at=now,
                        confirmed_at=now,
                    )
    marked = JuryScore.objects.filter(juror__prize=prize).values("action_id").distinct().count()
    votes = PublicVote.objects.filter(prize=prize, confirmed_at__isnull=False).count()
    return f"{prize.edition} : {prize.jurors.count()} juré(s), {marked} action(s) notée(s), {votes} vote(s) confirmé(s)"
