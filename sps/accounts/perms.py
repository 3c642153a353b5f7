"""The one module that answers "may this user do this to this object".

Plain predicates over a user's roles (RoleAssignment). Views call them through
`sps.www.common.decorators` and load objects through the scoped querysets below, so that data
of another territory is a 404 or a 403, never shown.
"""

from django.db.models import Q

from sps.accounts.enums import PILOT_ROLES, Role
from sps.schools.models import School
from sps.territories.models import Academy, Bassin, Department


def user_roles(user) -> list:
    """The user's role assignments, fetched once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_sps_roles", None)
    if cached is None:
        cached = list(user.roles.select_related("academy", "department__academy", "bassin__department", "school"))
        user._sps_roles = cached
    return cached


def forget_roles(user) -> None:
    """Call after changing a user's roles within the same request."""
    if hasattr(user, "_sps_roles"):
        del user._sps_roles


def has_role(user, *roles) -> bool:
    return any(r.role in roles for r in user_roles(user))


def is_national_pilot(user) -> bool:
    return has_role(user, Role.NATIONAL_PILOT)


def is_pilot(user) -> bool:
    """Any pilot or relay role (national, académie, département, bassin)."""
    return has_role(user, *PILOT_ROLES)


def is_contributor(user) -> bool:
    return has_role(user, Role.SCHOOL_CONTRIBUTOR)


def pilot_school_filter(user) -> Q | None:
    """A filter on School for the schools in the user's pilot scope; None when there are none."""
    conditions = Q()
    found = False
    for r in user_roles(user):
        if r.role == Role.NATIONAL_PILOT:
            return Q()
        if r.role == Role.ACADEMY_PILOT:
            conditions |= Q(department__academy_id=r.academy_id)
        elif r.role == Role.DEPARTMENT_PILOT:
            conditions |= Q(department_id=r.department_id)
        elif r.role == Role.BASSIN_RELAY:
            conditions |= Q(bassin_id=r.bassin_id)
        else:
            continue
        found = True
    return conditions if found else None


def pilot_schools(user):
    """The schools a pilot or relay follows."""
    condition = pilot_school_filter(user)
    if condition is None:
        return School.objects.none()
    return School.objects.filter(condition)


def contributor_schools(user):
    """The schools the user may declare actions for."""
    ids = [r.school_id for r in user_roles(user) if r.role == Role.SCHOOL_CONTRIBUTOR]
    return School.objects.filter(pk__in=ids)


def pilot_departments(user):
    """The départements in which the user may manage bassins (académie and département pilots)."""
    conditions = Q()
    found = False
    for r in user_roles(user):
        if r.role == Role.NATIONAL_PILOT:
            return Department.objects.all()
        if r.role == Role.ACADEMY_PILOT:
            conditions |= Q(academy_id=r.academy_id)
            found = True
        elif r.role == Role.DEPARTMENT_PILOT:
            conditions |= Q(pk=r.department_id)
            found = True
    return Department.objects.filter(conditions) if found else Department.objects.none()


def pilot_bassins(user):
    """The bassins a user sees in Pilotage (those of their départements, or their own as a relay)."""
    relay_ids = [r.bassin_id for r in user_roles(user) if r.role == Role.BASSIN_RELAY]
    return Bassin.objects.filter(Q(department__in=pilot_departments(user)) | Q(pk__in=relay_ids)).distinct()


def pilot_academies(user):
    conditions = Q()
    found = False
    for r in user_roles(user):
        if r.role == Role.NATIONAL_PILOT:
            return Academy.objects.all()
        if r.role == Role.ACADEMY_PILOT:
            conditions |= Q(pk=r.academy_id)
        elif r.role == Role.DEPARTMENT_PILOT:
            conditions |= Q(pk=r.department.academy_id)
        elif r.role == Role.BASSIN_RELAY:
            conditions |= Q(pk=r.bassin.department.academy_id)
        else:
            continue
        found = True
    return Academy.objects.filter(conditions) if found else Academy.objects.none()


def school_in_pilot_scope(user, school) -> bool:
    condition = pilot_school_filter(user)
    if condition is None:
        return False
    return School.objects.filter(condition, pk=school.pk).exists()


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
    return has_role(user, Role.NATIONAL_PILOT, Role.ACADEMY_PILOT)


def can_manage_edition(user, academy) -> bool:
    """National pilots, and the pilots of `academy` (or of the académie it merged into, for its past editions)."""
    if is_national_pilot(user):
        return True
    ids = {academy.pk, academy.successor_id} - {None}
    return any(r.role == Role.ACADEMY_PILOT and r.academy_id in ids for r in user_roles(user))


# --- Actions ---
# Role predicates over plain ids (accounts never imports actions); sps/actions/rules.py
# turns a fiche into these ids and adds the state rules (status, deadlines).


def contributor_school_ids(user) -> set:
    return {r.school_id for r in user_roles(user) if r.role == Role.SCHOOL_CONTRIBUTOR}


def is_contributor_of_any(user, school_ids) -> bool:
    """A contributor of one of these schools (any contributor of a carrying school is its porteur)."""
    return bool(contributor_school_ids(user) & set(school_ids))


def is_relay_of_any(user, bassin_ids) -> bool:
    ids = set(bassin_ids)
    return any(r.role == Role.BASSIN_RELAY and r.bassin_id in ids for r in user_roles(user))


def is_department_pilot_of_any(user, department_ids) -> bool:
    ids = set(department_ids)
    return any(r.role == Role.DEPARTMENT_PILOT and r.department_id in ids for r in user_roles(user))


def is_academy_pilot_of_any(user, academy_ids) -> bool:
    ids = set(academy_ids)
    return any(r.role == Role.ACADEMY_PILOT and r.academy_id in ids for r in user_roles(user))


def can_manage_idea_bank(user) -> bool:
    """Académie and national pilots add, edit and retire the idea bank's model fiches."""
    return has_role(user, Role.NATIONAL_PILOT, Role.ACADEMY_PILOT)
