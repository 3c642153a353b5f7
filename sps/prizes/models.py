"""The prizes of an edition (optional): a jury prize and a public prize (docs/prizes.md).

- `Prize`: one per edition, with what is enabled, the marking scale, the vote window and when the
  jury's palmarès was made public.
- `PrizeCriterion`, `Juror`, `JuryScore`: the jury marks published actions, one mark per criterion.
- `PublicVote`: one vote request per (address, action); it counts once its link was followed.
  A partial unique constraint keeps one confirmed vote per address and prize.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from sps.actions.models import Action
from sps.editions.models import Edition

MAX_SCALE = 20


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Prize(models.Model):
    edition = models.OneToOneField(Edition, verbose_name="édition", on_delete=models.CASCADE, related_name="prize")
    jury_enabled = models.BooleanField("prix du jury", default=False)
    public_enabled = models.BooleanField("prix du public", default=False)
    max_score = models.PositiveSmallIntegerField(
        "note maximale par critère", default=5, validators=[MinValueValidator(1), MaxValueValidator(MAX_SCALE)]
    )
    vote_opens_at = models.DateTimeField("ouverture du vote", null=True, blank=True)
    vote_closes_at = models.DateTimeField("clôture du vote", null=True, blank=True)
    jury_published_at = models.DateTimeField("palmarès du jury publié le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "prix"
        verbose_name_plural = "prix"
        constraints = [
            models.CheckConstraint(
                name="prize_vote_window_in_order",
                condition=Q(vote_opens_at__isnull=True)
                | Q(vote_closes_at__isnull=True)
                | Q(vote_closes_at__gt=F("vote_opens_at")),
            ),
        ]

    def __str__(self):
        return f"Prix — {self.edition}"

    def vote_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(
            self.public_enabled
            and self.vote_opens_at
            and self.vote_closes_at
            and self.vote_opens_at <= now < self.vote_closes_at
        )

    def vote_is_closed(self, now=None) -> bool:
        """The vote took place and is over: its results may be shown."""
        now = now or timezone.now()
        return bool(self.public_enabled and self.vote_closes_at and now >= self.vote_closes_at)

    def results_url(self) -> str:
        return reverse("public:prize_results", args=[self.edition.academy.slug, self.edition.campaign.school_year])


class PrizeCriterion(models.Model):
    prize = models.ForeignKey(Prize, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField("critère", max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "critère du jury"

    def __str__(self):
        return self.label


class Juror(models.Model):
    prize = models.ForeignKey(Prize, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="juries")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__email"]
        verbose_name = "juré"
        constraints = [models.UniqueConstraint(fields=["prize", "user"], name="juror_unique_per_prize")]

    def __str__(self):
        return str(self.user)


class JuryScore(models.Model):
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="jury_scores")
    criterion = models.ForeignKey(PrizeCriterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField("note")
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "note du jury"
        constraints = [
            models.UniqueConstraint(fields=["juror", "action", "criterion"], name="jury_score_unique"),
        ]

    def __str__(self):
        return f"{self.value} — {self.criterion_id}"


class PublicVote(models.Model):
    prize = models.ForeignKey(Prize, on_delete=models.CASCADE, related_name="votes")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="public_votes")
    # Erased (null) by purge_prize_votes once the vote is closed since PRIZE_VOTE_RETENTION_MONTHS:
    # the confirmed row stays, so the counts do not change.
    email = models.EmailField("adresse électronique", max_length=254, null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)

    class Meta:
        verbose_name = "vote du public"
        constraints = [
            # One counted vote per address and prize, whatever the action.
            models.UniqueConstraint(
                fields=["prize", "email"], condition=Q(confirmed_at__isnull=False), name="public_vote_one_per_address"
            ),
        ]
        indexes = [models.Index(fields=["prize", "email"], name="public_vote_address")]

    def __str__(self):
        return f"Vote {self.pk} — {self.action_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def confirm_url(self) -> str:
        return reverse("public:prize_vote_confirm", args=[self.token])
