"""The one module that answers "may this user do this to this object".

Plain predicates over a user's Scope (sps/accounts/scope.py: the territories of their roles). Views call them through
`sps.www.common.decorators` and load objects through the scoped querysets below, so that data
of another territory is a 404 or a 403, never shown.
"""

from django.db.models import Q

from sps.accounts.scope import ANONYMOUS, Scope, build_scope
from sps.schools.models import School
from sps.territories.models import Academy, Bassin, Department


def user_roles(user) -> list:
    """The user's role assignments, fetched once per request (cached on the user object).
    Inactive and anonymous users have none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_sps_roles", None)
    if cached is None:
        cached = list(user.roles.select_related("academy", "department__academy", "bassin__department", "school"))
        user._sps_roles = cached
    return cached


def scope_of(user) -> Scope:
    """The territories `user` acts on (see sps/accounts/scope.py), computed once per request."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_sps_scope", None)
    if cached is None:
        cached = build_scope(user_roles(user))
        user._sps_scope = cached
    return cached


def forget_roles(user) -> None:
    """Call after changing a user's roles within the same request."""
    for name in ("_sps_roles", "_sps_scope"):
        if hasattr(user, name):
            delattr(user, name)


def has_role(user, *roles) -> bool:
    return any(r.role in roles for r in user_roles(user))


def is_national_pilot(user) -> bool:
    return scope_of(user).national


def is_pilot(user) -> bool:
    """Any pilot or relay role (national, académie, département, bassin)."""
    return scope_of(user).is_pilot


def is_contributor(user) -> bool:
    return scope_of(user).is_contributor


def pilot_school_filter(user) -> Q | None:
    """A filter on School for the schools in the user's pilot scope; None when there are none."""
    return scope_of(user).school_q()


def pilot_schools(user):
    """The schools a pilot or relay follows."""
    condition = pilot_school_filter(user)
    if condition is None:
        return School.objects.none()
    return School.objects.filter(condition)


def contributor_schools(user):
    """The schools the user may declare actions for."""
    return School.objects.filter(pk__in=scope_of(user).school_ids)


def pilot_departments(user):
    """The départements in which the user may manage bassins (académie and département pilots)."""
    condition = scope_of(user).department_q()
    return Department.objects.none() if condition is None else Department.objects.filter(condition)


def pilot_bassins(user):
    """The bassins a user sees in Pilotage (those of their départements, or their own as a relay)."""
    relay_ids = scope_of(user).bassin_ids
    return Bassin.objects.filter(Q(department__in=pilot_departments(user)) | Q(pk__in=relay_ids)).distinct()


def relay_bassins(user):
    """The bassins the user is the relay of."""
    return Bassin.objects.filter(pk__in=scope_of(user).bassin_ids)


def pilot_academies(user):
    """The académies in which the user holds a pilot or relay role."""
    scope = scope_of(user)
    if scope.national:
        return Academy.objects.all()
    return Academy.objects.filter(pk__in=scope.pilot_academy_ids)


def school_in_pilot_scope(user, school) -> bool:
    return scope_of(user).follows_school(school)


# --- Predicates used by views -------------------------------------------------------------


def can_access_pilotage(user) -> bool:
    """Pilots and relays have the Pilotage space."""
    return is_pilot(user)


def can_access_espace(user) -> bool:
    """School contributors have the Espace établissement."""
    return is_contributor(user)


def can_import_directory(user) -> bool:
    """Only national pilots load the ministry's directory (it touches every académie)."""
    return is_national_pilot(user)


def can_import_declared_figures(user) -> bool:
    """Only national pilots load a file of declared figures (one file holds every académie's rows)."""
    return is_national_pilot(user)


def can_invite_contributor(user, school) -> bool:
    """A pilot or relay may invite a contributor for a school they follow."""
    return school_in_pilot_scope(user, school)


def can_manage_bassins(user, department) -> bool:
    """Académie and département pilots create and edit the bassins of their départements."""
    return pilot_departments(user).filter(pk=department.pk).exists()


def can_edit_bassin(user, bassin) -> bool:
    return can_manage_bassins(user, bassin.department)


def can_assign_school(user, school, bassin) -> bool:
    """A school may join a bassin of its own département, by a pilot who manages that bassin."""
    return school.department_id == bassin.department_id and can_edit_bassin(user, bassin)


def can_use_admin(user) -> bool:
    """Django's admin stays for superusers."""
    return bool(getattr(user, "is_superuser", False))


# --- Editions ---
# Predicates over editions take plain territories (accounts never imports editions).


def can_open_campaign(user) -> bool:
    """National pilots open the yearly campaign."""
    return is_national_pilot(user)


def can_manage_editions(user) -> bool:
    """Who sets up editions at all: national pilots and académie pilots (each then limited to their académie)."""
    return scope_of(user).manages_editions


def can_manage_edition(user, academy) -> bool:
    """National pilots, and the pilots of `academy` (or of the académie it merged into, for its past editions)."""
    scope = scope_of(user)
    return scope.national or bool({academy.pk, academy.successor_id} & scope.academy_ids)


# --- Actions ---
# Role predicates over plain ids (accounts never imports actions); sps/actions/rules.py
# turns a fiche into these ids and adds the state rules (status, deadlines).


def contributor_school_ids(user) -> set:
    return set(scope_of(user).school_ids)


def is_contributor_of_any(user, school_ids) -> bool:
    """A contributor of one of these schools (any contributor of a carrying school is its porteur)."""
    return not scope_of(user).school_ids.isdisjoint(school_ids)


def is_relay_of_any(user, bassin_ids) -> bool:
    return not scope_of(user).bassin_ids.isdisjoint(bassin_ids)


def is_department_pilot_of_any(user, department_ids) -> bool:
    return not scope_of(user).department_ids.isdisjoint(department_ids)


def is_academy_pilot_of_any(user, academy_ids) -> bool:
    return not scope_of(user).academy_ids.isdisjoint(academy_ids)


def can_manage_idea_bank(user) -> bool:
    """Académie and national pilots add, edit and retire the idea bank's model fiches."""
    return scope_of(user).manages_editions


# --- Syntheses (sps.syntheses) ---------------------------------------------------------------
# The national synthesis of a campaign: national pilots. The academic synthesis of an académie
# (its introduction, conclusion and axes de travail): national pilots and that académie's pilots.


def can_view_national_synthesis(user) -> bool:
    """National pilots only: the national synthesis shows every académie."""
    return scope_of(user).national


def can_edit_national_synthesis(user) -> bool:
    return scope_of(user).national


def can_view_academy_synthesis(user, academy) -> bool:
    """National pilots, and the académie pilots of `academy` (or of the académie it merged into)."""
    scope = scope_of(user)
    return scope.national or bool({academy.pk, academy.successor_id} & scope.academy_ids)


def can_edit_academy_synthesis(user, academy) -> bool:
    """The same people: the académie pilot writes its own axes, the national pilot may adjust them."""
    return can_view_academy_synthesis(user, academy)


def can_edit_declared_figures(user, academy) -> bool:
    """National pilots any académie's; an académie pilot only their own académie's (or of the
    académie merged into theirs, for the campaigns before the merger)."""
    return can_view_academy_synthesis(user, academy)


def can_view_press_kit(user, academy) -> bool:
    """The dossier de presse of an académie's edition: its académie pilots and national pilots."""
    return can_view_academy_synthesis(user, academy)


def can_access_syntheses(user) -> bool:
    scope = scope_of(user)
    return scope.national or bool(scope.academy_ids)


# --- Putting actions forward and the national evaluation grid (sps.syntheses) ----------------


def _pilots_academy(scope: Scope, academy) -> bool:
    return bool({academy.pk, academy.successor_id} & scope.academy_ids)


def can_propose_national_example(user, academy) -> bool:
    """An académie's pilots put its actions phares forward to the national level (not the national
    pilot: they choose among what the académies propose)."""
    return _pilots_academy(scope_of(user), academy)


def can_choose_national_examples(user) -> bool:
    """National pilots choose the national examples among the proposals."""
    return scope_of(user).national


def can_edit_grid_criteria(user) -> bool:
    """National pilots set the criteria of the evaluation grid of each campaign."""
    return scope_of(user).national


def can_view_national_grid(user) -> bool:
    """The consolidated grid of every académie: national pilots."""
    return scope_of(user).national


def can_fill_evaluation_grid(user, academy) -> bool:
    """An académie's pilots fill its own grid (never another's); national pilots may enter it for them,
    as they may record its declared figures."""
    scope = scope_of(user)
    return scope.national or _pilots_academy(scope, academy)


# --- Indicators (sps.syntheses.indicators) -------------------------------------------------------
# A territory's dashboard is for those who pilot it or a territory that holds it: France for national
# pilots; an académie for its pilots; a département for its pilots and its académie's; a bassin for its
# relays, its département's pilots and its académie's.


def can_access_indicators(user) -> bool:
    """Every pilot and relay has the dashboard of their own territory."""
    return is_pilot(user)


def can_view_indicators(user, *, academy=None, department=None, bassin=None) -> bool:
    """May `user` open the dashboard of this territory (all None: France)?"""
    scope = scope_of(user)
    if scope.national:
        return True
    if bassin is not None:
        department = bassin.department
        if bassin.pk in scope.bassin_ids:
            return True
    if department is not None:
        academy = department.academy
        if department.pk in scope.department_ids:
            return True
    if academy is not None:
        return bool(scope.academy_ids) and scope.pilots_academy(academy)
    return False
