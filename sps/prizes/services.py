"""Every write on prizes (keyword-only, one transaction each, an audit entry each).

- Set-up (pilots of the edition): `prize_save`, `juror_add`, `juror_remove`, `jury_publish`.
- Jury: `jury_score_save` (all criteria of one action at once).
- Public: `vote_request` (sends the confirmation link), `vote_confirm` (counts the vote once).
- RGPD: `votes_purge` (addresses erased PRIZE_VOTE_RETENTION_MONTHS after the vote closed).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from sps.accounts.models import User
from sps.audit.services import log_action
from sps.prizes import notifications, rules
from sps.prizes.errors import PrizeError, ScoreError, VoteError
from sps.prizes.models import MAX_SCALE, Juror, JuryScore, Prize, PrizeCriterion, PublicVote

MAX_CRITERIA = 10
# Vote requests one address may make for one prize within the window (the per-IP limit is the
# web layer's: settings.PRIZE_VOTE_RATE_LIMIT).
VOTE_REQUESTS_PER_ADDRESS = 3
VOTE_REQUESTS_WINDOW = datetime.timedelta(hours=1)

NOT_MANAGER = "Seuls les pilotes de l'académie de cette édition (ou les pilotes nationaux) organisent ses prix."
VOTE_CLOSED = "Le vote du public n'est pas ouvert : il n'est possible que pendant la période de vote."
ALREADY_VOTED = "Cette adresse a déjà voté pour ce prix : seul son premier vote confirmé compte."
TOO_MANY_REQUESTS = (
    "Trop de demandes de vote pour cette adresse : réessayez dans une heure, ou suivez le lien du courriel déjà reçu."
)


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


# --- Set-up -----------------------------------------------------------------------------------


def prize_save(
    *,
    edition,
    by,
    jury_enabled: bool,
    public_enabled: bool,
    max_score: int,
    criteria: list[str],
    vote_opens_at: datetime.datetime | None,
    vote_closes_at: datetime.datetime | None,
) -> Prize:
    """Create or update the prize of `edition`. The criteria are the jury's, in order of importance
    (the tie rule reads them in that order); they cannot change once a juror has marked an action."""
    if not rules.can_manage_prize(by, edition):
        raise PrizeError(NOT_MANAGER)
    criteria = [" ".join(c.split()) for c in criteria if c and c.strip()]
    errors: dict[str, list[str]] = {}
    if not (jury_enabled or public_enabled):
        errors["jury_enabled"] = ["Choisissez au moins un prix : celui du jury, celui du public, ou les deux."]
    if jury_enabled and not criteria:
        errors["criteria"] = ["Indiquez au moins un critère de notation du jury, un par ligne."]
    if len(criteria) > MAX_CRITERIA:
        errors["criteria"] = [f"Au plus {MAX_CRITERIA} critères (il y en a {len(criteria)})."]
    if len(set(c.lower() for c in criteria)) != len(criteria):
        errors.setdefault("criteria", []).append("Chaque critère ne doit figurer qu'une fois.")
    if any(len(c) > 200 for c in criteria):
        errors.setdefault("criteria", []).append("Un critère tient en 200 caractères au plus.")
    if not 1 <= max_score <= MAX_SCALE:
        errors["max_score"] = [f"La note maximale est comprise entre 1 et {MAX_SCALE}."]
    if public_enabled:
        if vote_opens_at is None:
            errors["vote_opens_at"] = ["Indiquez quand le vote du public ouvre."]
        if vote_closes_at is None:
            errors["vote_closes_at"] = ["Indiquez quand le vote du public se clôt."]
        if vote_opens_at and vote_closes_at and vote_closes_at <= vote_opens_at:
            errors["vote_closes_at"] = ["La clôture du vote doit venir après son ouverture."]
    if errors:
        raise PrizeError("Le prix n'a pas été enregistré.", errors)
    with transaction.atomic():
        prize, created = Prize.objects.select_for_update().get_or_create(edition=edition)
        current = list(prize.criteria.values_list("label", flat=True))
        scored = JuryScore.objects.filter(juror__prize=prize).exists()
        if scored and (current != criteria or max_score != prize.max_score):
            raise PrizeError(
                "Le jury a déjà commencé à noter : les critères et la note maximale ne peuvent plus changer.",
                field="criteria",
            )
        if prize.votes.exists() and (vote_opens_at, vote_closes_at) != (prize.vote_opens_at, prize.vote_closes_at):
            if prize.vote_is_closed() or (vote_closes_at and vote_closes_at <= timezone.now()):
                raise PrizeError(
                    "Des votes ont été reçus : la clôture ne peut plus être avancée avant maintenant ni modifiée "
                    "une fois le vote clos.",
                    field="vote_closes_at",
                )
        prize.jury_enabled = jury_enabled
        prize.public_enabled = public_enabled
        prize.max_score = max_score
        prize.vote_opens_at = vote_opens_at if public_enabled else None
        prize.vote_closes_at = vote_closes_at if public_enabled else None
        prize.save()
        if current != criteria:
            prize.criteria.all().delete()
            PrizeCriterion.objects.bulk_create(
                PrizeCriterion(prize=prize, label=label, position=n) for n, label in enumerate(criteria)
            )
        log_action(
            prize,
            "prizes.prize.created" if created else "prizes.prize.updated",
            user=by,
            data={"jury": jury_enabled, "public": public_enabled, "criteria": criteria},
        )
    return prize


def juror_add(*, prize: Prize, by, email: str) -> Juror:
    """Make the user with this address a juror of `prize` (they must have an account)."""
    if not rules.can_manage_prize(by, prize.edition):
        raise PrizeError(NOT_MANAGER)
    if not prize.jury_enabled:
        raise PrizeError("Activez d'abord le prix du jury.", field="email")
    user = User.objects.filter(email__iexact=normalize_email(email), is_active=True).first()
    if user is None:
        raise PrizeError(
            "Aucun compte actif n'a cette adresse : la personne doit d'abord avoir un compte sur la plateforme.",
            field="email",
        )
    with transaction.atomic():
        if prize.jurors.filter(user=user).exists():
            raise PrizeError(f"{user} fait déjà partie du jury.", field="email")
        juror = Juror.objects.create(prize=prize, user=user)
        log_action(prize, "prizes.juror.added", user=by, data={"juror": user.pk})
    notifications.juror_added(juror)
    return juror


def juror_remove(*, juror: Juror, by) -> None:
    """Remove a juror and their marks."""
    prize = juror.prize
    if not rules.can_manage_prize(by, prize.edition):
        raise PrizeError(NOT_MANAGER)
    if prize.jury_published_at is not None:
        raise PrizeError("Le palmarès du jury est publié : le jury ne peut plus changer.")
    with transaction.atomic():
        user_id = juror.user_id
        juror.delete()
        log_action(prize, "prizes.juror.removed", user=by, data={"juror": user_id})


def jury_publish(*, prize: Prize, by) -> Prize:
    """Make the jury's palmarès public (the winner then shows on its fiche page)."""
    from sps.prizes.results import jury_ranking

    if not rules.can_manage_prize(by, prize.edition):
        raise PrizeError(NOT_MANAGER)
    with transaction.atomic():
        prize = Prize.objects.select_for_update().get(pk=prize.pk)
        if not prize.jury_enabled:
            raise PrizeError("Ce prix n'a pas de jury.")
        if prize.jury_published_at is not None:
            raise PrizeError("Le palmarès du jury est déjà publié.")
        if not jury_ranking(prize):
            raise PrizeError("Aucune action n'a encore été notée : il n'y a pas de palmarès à publier.")
        prize.jury_published_at = timezone.now()
        prize.save(update_fields=["jury_published_at", "updated_at"])
        log_action(prize, "prizes.jury.published", user=by)
    return prize


# --- Jury -------------------------------------------------------------------------------------


def jury_score_save(*, prize: Prize, by, action, scores: dict) -> list[JuryScore]:
    """Record `by`'s marks for `action`: one integer per criterion (keys: criterion ids), all at once."""
    prize = Prize.objects.get(pk=prize.pk)  # fresh: the palmarès may have been published meanwhile
    juror = rules.juror_of(by, prize)
    if juror is None:
        raise ScoreError("Vous ne faites pas partie du jury de ce prix.")
    if prize.jury_published_at is not None:
        raise ScoreError("Le palmarès du jury est publié : les notes ne peuvent plus changer.")
    if not rules.actions_for_juror(prize, by).filter(pk=action.pk).exists():
        # The same answer for an action of the juror's school and one outside the prize.
        raise ScoreError("Cette action ne fait pas partie de celles que vous notez.")
    criteria = list(prize.criteria.all())
    errors: dict[str, list[str]] = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        key = f"criterion_{criterion.pk}"
        if value is None or value == "":
            errors[key] = [f"Donnez une note de 0 à {prize.max_score}."]
        elif not isinstance(value, int) or not 0 <= value <= prize.max_score:
            errors[key] = [f"La note est un nombre entier de 0 à {prize.max_score}."]
    if set(scores) - {c.pk for c in criteria}:
        errors["__all__"] = ["Une note porte sur un critère qui n'est pas celui de ce prix."]
    if errors:
        raise ScoreError("Les notes n'ont pas été enregistrées.", errors)
    with transaction.atomic():
        if Prize.objects.select_for_update().get(pk=prize.pk).jury_published_at is not None:
            raise ScoreError("Le palmarès du jury est publié : les notes ne peuvent plus changer.")
        saved = []
        for criterion in criteria:
            score, _ = JuryScore.objects.update_or_create(
                juror=juror, action=action, criterion=criterion, defaults={"value": scores[criterion.pk]}
            )
            saved.append(score)
        log_action(
            action,
            "prizes.jury.scored",
            user=by,
            data={"prize": prize.pk, "scores": {str(c.pk): scores[c.pk] for c in criteria}},
        )
    return saved


# --- Public vote ------------------------------------------------------------------------------


def vote_request(*, prize: Prize, action, email: str, now=None) -> PublicVote | None:
    """Ask for a vote for `action`: a link to confirm it is sent to `email`. Returns the new request,
    or None when the address has already voted (it is told so by e-mail, not on the page)."""
    now = now or timezone.now()
    if not prize.vote_is_open(now):
        raise VoteError(VOTE_CLOSED)
    if not rules.eligible_actions(prize).filter(pk=action.pk).exists():
        raise VoteError("Cette action ne participe pas au prix du public.")
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise VoteError(
            "Indiquez une adresse électronique valide, par exemple nom@exemple.fr.", field="email"
        ) from None
    with transaction.atomic():
        prize = Prize.objects.select_for_update().get(pk=prize.pk)
        recent = PublicVote.objects.filter(prize=prize, email=email, requested_at__gt=now - VOTE_REQUESTS_WINDOW)
        if recent.count() >= VOTE_REQUESTS_PER_ADDRESS:
            raise VoteError(TOO_MANY_REQUESTS, field="email")
        if PublicVote.objects.filter(prize=prize, email=email, confirmed_at__isnull=False).exists():
            # Counted as a request (against flooding an address), told by e-mail only.
            PublicVote.objects.create(prize=prize, action=action, email=email, requested_at=now)
            notifications.vote_already_cast(prize=prize, email=email, action=action)
            return None
        vote = PublicVote.objects.create(prize=prize, action=action, email=email, requested_at=now)
        log_action(prize, "prizes.vote.requested", data={"vote": vote.pk, "action": action.pk})
        notifications.vote_link(vote)
    return vote


def vote_confirm(*, vote: PublicVote, now=None) -> PublicVote:
    """Count `vote` (its e-mail link was followed). Confirming twice counts once; a second vote of
    the same address for the same prize is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        prize = Prize.objects.select_for_update().get(pk=vote.prize_id)
        vote = PublicVote.objects.select_for_update().get(pk=vote.pk)
        if vote.is_confirmed:
            return vote
        if not prize.vote_is_open(now):
            raise VoteError(VOTE_CLOSED)
        if PublicVote.objects.filter(prize=prize, email=vote.email, confirmed_at__isnull=False).exists():
            raise VoteError(ALREADY_VOTED)
        vote.confirmed_at = now
        try:
            with transaction.atomic():
                vote.save(update_fields=["confirmed_at"])
        except IntegrityError:  # the partial unique constraint: another confirmation won the race
            raise VoteError(ALREADY_VOTED) from None
        log_action(prize, "prizes.vote.confirmed", data={"vote": vote.pk, "action": vote.action_id})
    return vote


# --- Personal data ----------------------------------------------------------------------------


def vote_retention_cutoff(now=None) -> datetime.datetime:
    """Prizes whose vote closed before this instant have their voters' addresses erased."""
    now = now or timezone.now()
    year, month = divmod(now.month - 1 - settings.PRIZE_VOTE_RETENTION_MONTHS, 12)
    return now.replace(year=now.year + year, month=month + 1, day=min(now.day, 28))


def votes_purge(*, now=None, dry_run: bool = False) -> int:
    """Erase the voters' addresses of the prizes whose vote closed more than
    PRIZE_VOTE_RETENTION_MONTHS ago: confirmed votes stay without address (the counts and the
    ranking do not change), unconfirmed requests are deleted. Returns the number of votes touched."""
    cutoff = vote_retention_cutoff(now)
    purged = 0
    prizes = Prize.objects.filter(vote_closes_at__lt=cutoff, votes__email__isnull=False).distinct()
    for prize in prizes:
        votes = PublicVote.objects.filter(prize=prize, email__isnull=False)
        if dry_run:
            purged += votes.count()
            continue
        with transaction.atomic():
            prize = Prize.objects.select_for_update().get(pk=prize.pk)
            deleted, _ = votes.filter(confirmed_at__isnull=True).delete()
            anonymised = votes.filter(confirmed_at__isnull=False).update(email=None)
            log_action(prize, "prizes.vote.addresses_purged", data={"deleted": deleted, "anonymised": anonymised})
            purged += deleted + anonymised
    return purged
