"""Who may do what with events: plain predicates over the user's Scope (sps/accounts/scope.py).

Organisers are the national pilots and the académie pilots of one of the event's organising
académies; they alone see its registrations, attendance list and exports.
"""

from sps.accounts.perms import scope_of


def can_manage_events(user) -> bool:
    """National and académie pilots create events (others see no « Événements » menu)."""
    return scope_of(user).manages_editions


def can_manage_event(user, event) -> bool:
    """An organiser of `event`: a national pilot, or a pilot of one of its organising académies."""
    scope = scope_of(user)
    if scope.national:
        return True
    return not scope.academy_ids.isdisjoint(a.pk for a in event.academies.all())


def organising_academy_choices(user, academies):
    """The académies `user` may name as organisers: all for a national pilot; for an académie pilot,
    their académies and the other académies of the same régions académiques (a shared event)."""
    scope = scope_of(user)
    if scope.national:
        return academies
    own = academies.filter(pk__in=scope.academy_ids)
    return academies.filter(region__in=own.values("region"))


def check_organisers(user, academy_ids) -> str | None:
    """An académie pilot must stay among the organisers; None when the choice is fine."""
    scope = scope_of(user)
    if scope.national:
        return None
    if scope.academy_ids.isdisjoint(academy_ids):
        return "Votre académie doit faire partie des académies organisatrices."
    return None
