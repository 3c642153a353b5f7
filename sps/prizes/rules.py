"""Who may do what with a prize: plain predicates over the user's scope (sps/accounts/scope.py).

- The prize of an edition is set up by whoever manages the edition (its académie's pilots and the
  national pilots: perms.can_manage_edition).
- A juror marks the published actions of the prize's edition, except those carried by one of
  their own schools (the schools they are a porteur of): those they never see, nor may mark by URL.
"""

from sps.accounts import perms
from sps.accounts.perms import scope_of
from sps.actions.models import Action


def can_manage_prize(user, edition) -> bool:
    """The pilots who set up `edition` (its académie's, the national ones) set up its prize."""
    return perms.can_manage_edition(user, edition.academy)


def own_school_ids(user) -> frozenset:
    """The schools a juror belongs to: those they are a porteur (school contributor) of."""
    return scope_of(user).school_ids


def juror_of(user, prize):
    """The user's Juror row on `prize`, or None (anonymous and inactive users are nobody's juror)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not prize.jury_enabled:
        return None
    return prize.jurors.filter(user=user).first()


def eligible_actions(prize):
    """Every action the jury may mark: published, of the prize's edition."""
    return Action.objects.published().filter(edition_id=prize.edition_id)


def actions_for_juror(prize, user):
    """What this juror marks: the eligible actions, without any carried by one of their schools."""
    own = own_school_ids(user)
    qs = eligible_actions(prize)
    if own:
        carried = Action.schools.through.objects.filter(school_id__in=own).values("action_id")
        qs = qs.exclude(pk__in=carried)
    return qs


def can_score(user, prize, action) -> bool:
    """A juror of `prize` marks `action` if it is eligible and not carried by one of their schools."""
    if juror_of(user, prize) is None or prize.jury_published_at is not None:
        return False
    return actions_for_juror(prize, user).filter(pk=action.pk).exists()
