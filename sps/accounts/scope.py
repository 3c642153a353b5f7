"""Which territories a user acts on: one `Scope` per user and request, from their roles.

Every access-filtered queryset and rights predicate is built from it (perms.py, the actions'
`visible_to`, rules.actor_kinds, the moderation queue, the kit's `managed_by`...): a new role
is one line of ROLE_SCOPE (plus its tests).

    scope = scope_of(request.user)          # computed once, cached on the user object
    School.objects.filter(scope.school_q()) # None: no pilot role at all (filter to none)
    scope.national, scope.academy_ids ...   # the ids, per role
"""

from dataclasses import dataclass

from django.db.models import Q

from sps.accounts.enums import ROLE_SCOPE_FIELD, Role

# Role -> the Scope field that holds the ids of its territories. The national pilot has none:
# it sets `national`.
ROLE_SCOPE = {
    Role.ACADEMY_PILOT: "academy_ids",
    Role.DEPARTMENT_PILOT: "department_ids",
    Role.BASSIN_RELAY: "bassin_ids",
    Role.SCHOOL_CONTRIBUTOR: "school_ids",
}
NATIONAL_ROLE = Role.NATIONAL_PILOT

EMPTY = frozenset()


@dataclass(frozen=True)
class Scope:
    """The territories one user acts on, per role. Empty for anonymous and inactive users."""

    national: bool = False
    academy_ids: frozenset = EMPTY  # académie pilot of these académies
    department_ids: frozenset = EMPTY  # département pilot of these départements
    bassin_ids: frozenset = EMPTY  # relay of these bassins
    school_ids: frozenset = EMPTY  # contributor (porteur) of these schools
    # académie pilots' académies plus those they merged into (a Caen pilot keeps Normandie's
    # editions); editions of the académies merged into theirs are theirs too (edition_academy_q).
    edition_academy_ids: frozenset = EMPTY
    # every académie in which the user holds a pilot or relay role (their département's, bassin's)
    pilot_academy_ids: frozenset = EMPTY

    @property
    def is_pilot(self) -> bool:
        """Any pilot or relay role (national, académie, département, bassin)."""
        return bool(self.national or self.academy_ids or self.department_ids or self.bassin_ids)

    @property
    def is_contributor(self) -> bool:
        return bool(self.school_ids)

    @property
    def manages_editions(self) -> bool:
        """National and académie pilots (editions, the kit, the idea bank)."""
        return bool(self.national or self.academy_ids)

    # --- Filters (Q objects over another model; `prefix` reaches it through a relation) -------

    def school_q(self, prefix: str = "") -> Q | None:
        """Schools a pilot or relay follows; None when the user follows none."""
        if self.national:
            return Q()
        if not (self.academy_ids or self.department_ids or self.bassin_ids):
            return None
        q = Q(pk__in=[])
        if self.academy_ids:
            q |= Q(**{f"{prefix}department__academy_id__in": self.academy_ids})
        if self.department_ids:
            q |= Q(**{f"{prefix}department_id__in": self.department_ids})
        if self.bassin_ids:
            q |= Q(**{f"{prefix}bassin_id__in": self.bassin_ids})
        return q

    def edition_academy_q(self, prefix: str = "") -> Q | None:
        """Editions (or rows reached through `prefix`, e.g. "edition__") of an académie the user pilots,
        merged académies included (Caen, Rouen ↔ Normandie: editions.rules.academy_ids); None: none."""
        if self.national:
            return Q()
        if not self.academy_ids:
            return None
        return Q(**{f"{prefix}academy_id__in": self.edition_academy_ids}) | Q(
            **{f"{prefix}academy__successor_id__in": self.academy_ids}
        )

    def pilots_academy(self, academy) -> bool:
        """Is the user a pilot of `academy` (national, or académie pilot, merged académies included)?"""
        if self.national:
            return True
        return academy.pk in self.edition_academy_ids or academy.successor_id in self.academy_ids

    def department_q(self) -> Q | None:
        """Départements whose bassins the user manages (académie and département pilots); None: none."""
        if self.national:
            return Q()
        if not (self.academy_ids or self.department_ids):
            return None
        return Q(academy_id__in=self.academy_ids) | Q(pk__in=self.department_ids)

    def follows_school(self, school) -> bool:
        """Is `school` in the user's pilot scope (same answer as school_q, without a query for the ids)?"""
        if self.national:
            return True
        return (
            school.bassin_id in self.bassin_ids
            or school.department_id in self.department_ids
            or (bool(self.academy_ids) and school.department.academy_id in self.academy_ids)
        )


ANONYMOUS = Scope()


def build_scope(roles) -> Scope:
    """The Scope of these RoleAssignments (with their territories selected: see perms.user_roles)."""
    ids = {name: set() for name in ROLE_SCOPE.values()}
    national = False
    pilot_academies, successors = set(), set()
    for r in roles:
        if r.role == NATIONAL_ROLE:
            national = True
            continue
        territory_id = getattr(r, f"{ROLE_SCOPE_FIELD[r.role]}_id")
        ids[ROLE_SCOPE[r.role]].add(territory_id)
        if r.role == Role.ACADEMY_PILOT:
            pilot_academies.add(r.academy_id)
            successors.add(r.academy.successor_id)
        elif r.role == Role.DEPARTMENT_PILOT:
            pilot_academies.add(r.department.academy_id)
        elif r.role == Role.BASSIN_RELAY:
            pilot_academies.add(r.bassin.department.academy_id)
    frozen = {name: frozenset(value) for name, value in ids.items()}
    return Scope(
        national=national,
        **frozen,
        edition_academy_ids=frozen["academy_ids"] | (frozenset(successors) - {None}),
        pilot_academy_ids=frozenset(pilot_academies),
    )


def holders_q(role, territory_ids) -> Q:
    """A filter on User for those holding `role` over one of `territory_ids` (the other way round:
    who acts on a territory, e.g. who is told of a submission)."""
    field = ROLE_SCOPE_FIELD[role]  # not the national pilot: no territory
    return Q(roles__role=role, **{f"roles__{field}_id__in": list(territory_ids)})
