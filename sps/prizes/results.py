"""The prizes' results: the jury's ranking with its tie rule, the public vote's count, the winners.

Jury ranking (docs/prizes.md, « Départager les ex aequo »). Each juror gives each action a mark per
criterion; an action's score is the mean, over the jurors who marked it, of their total. Jurors do
not all mark the same actions (nobody marks their own school's), hence a mean, not a sum. Ties are
broken, in this order, by:
  1. the mean mark on the first criterion, then on the second, and so on (the pilot lists the
     criteria by importance);
  2. the number of jurors who marked the action (a score more jurors agree on comes first);
  3. the action declared first (smallest number).
Means are exact fractions: no rounding can create or hide a tie.

Public vote: confirmed votes only; ties go to the action that reached its count first (whose last
counted vote is the earliest), then to the action declared first.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Max, Sum
from django.utils import timezone

from sps.actions.models import Action
from sps.prizes.models import JuryScore, Prize, PublicVote

JURY, PUBLIC = "jury", "public"
LABELS = {JURY: "Prix du jury", PUBLIC: "Prix du public"}


@dataclass
class JuryRow:
    action: Action
    score: Fraction  # mean of the jurors' totals
    criteria: list[Fraction]  # mean per criterion, in the criteria's order
    jurors: int
    rank: int = 0

    @property
    def score_label(self) -> str:
        return _decimal(self.score)

    @property
    def criteria_labels(self) -> list[str]:
        return [_decimal(value) for value in self.criteria]


@dataclass
class PublicRow:
    action: Action
    votes: int
    last_vote_at: object = None
    rank: int = 0


@dataclass
class Award:
    kind: str  # JURY or PUBLIC
    action: Action
    detail: str = ""
    edition: object = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def _decimal(value: Fraction) -> str:
    return f"{float(value):.2f}".replace(".", ",")


def jury_ranking(prize: Prize) -> list[JuryRow]:
    """Every action marked by at least one juror, best first (the tie rule above)."""
    criteria = list(prize.criteria.values_list("pk", flat=True))
    if not criteria:
        return []
    rows = (
        JuryScore.objects.filter(juror__prize=prize, criterion_id__in=criteria)
        .values("action_id", "criterion_id")
        .annotate(total=Sum("value"), jurors=Count("juror", distinct=True))
    )
    per_action: dict[int, dict] = {}
    for row in rows:
        entry = per_action.setdefault(row["action_id"], {"sums": {}, "jurors": 0})
        entry["sums"][row["criterion_id"]] = row["total"]
        entry["jurors"] = max(entry["jurors"], row["jurors"])  # each juror marks every criterion at once
    actions = Action.objects.in_bulk(per_action.keys())
    ranking = []
    for action_id, entry in per_action.items():
        jurors = entry["jurors"]
        means = [Fraction(entry["sums"].get(c, 0), jurors) for c in criteria]
        ranking.append(JuryRow(action=actions[action_id], score=sum(means, Fraction(0)), criteria=means, jurors=jurors))
    ranking.sort(key=lambda r: (-r.score, *(-m for m in r.criteria), -r.jurors, r.action.pk))
    for n, row in enumerate(ranking, start=1):
        row.rank = n
    return ranking


def public_ranking(prize: Prize) -> list[PublicRow]:
    """Actions by confirmed votes, most first. Call it only once the vote is closed (results_visible)."""
    rows = (
        PublicVote.objects.filter(prize=prize, confirmed_at__isnull=False)
        .values("action_id")
        .annotate(votes=Count("pk"), last=Max("confirmed_at"))
    )
    actions = Action.objects.in_bulk([r["action_id"] for r in rows])
    ranking = [PublicRow(action=actions[r["action_id"]], votes=r["votes"], last_vote_at=r["last"]) for r in rows]
    ranking.sort(key=lambda r: (-r.votes, r.last_vote_at, r.action.pk))
    for n, row in enumerate(ranking, start=1):
        row.rank = n
    return ranking


def public_results_visible(prize: Prize, now=None) -> bool:
    """The public vote's counts are shown to nobody (pilots included) before it closes."""
    return prize.vote_is_closed(now)


def winners(edition, now=None) -> list[Award]:
    """The awarded actions of `edition` that may be shown: the jury's once its palmarès is
    published, the public's once the vote is closed. For fiche pages and the syntheses."""
    prize = Prize.objects.filter(edition=edition).first()
    if prize is None:
        return []
    now = now or timezone.now()
    awards = []
    if prize.jury_enabled and prize.jury_published_at is not None:
        ranking = jury_ranking(prize)
        if ranking:
            best = ranking[0]
            awards.append(Award(JURY, best.action, f"note moyenne {best.score_label}", edition))
    if public_results_visible(prize, now):
        ranking = public_ranking(prize)
        if ranking:
            best = ranking[0]
            votes = f"{best.votes} vote{'s' if best.votes > 1 else ''}"
            awards.append(Award(PUBLIC, best.action, votes, edition))
    return awards


def awards_of(action, now=None) -> list[Award]:
    """The prizes `action` won (shown on its fiche page)."""
    return [award for award in winners(action.edition, now) if award.action.pk == action.pk]


@dataclass
class FichePrize:
    awards: list[Award]
    vote_open: bool
    results_url: str = ""


def fiche_prize(action, now=None) -> FichePrize | None:
    """What the public fiche page shows about prizes: the prizes won, whether one may vote now."""
    prize = Prize.objects.filter(edition_id=action.edition_id).select_related("edition").first()
    if prize is None:
        return None
    now = now or timezone.now()
    awards = [award for award in winners(action.edition, now) if award.action.pk == action.pk]
    shows_results = prize.jury_published_at is not None or public_results_visible(prize, now)
    return FichePrize(
        awards=awards,
        vote_open=prize.vote_is_open(now),
        results_url=prize.results_url() if shows_results else "",
    )
