import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sps.accounts.enums import ROLE_SCOPE_FIELD, InvitationKind, Role
from sps.schools.models import School
from sps.territories.models import Academy, Bassin, Department


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address. What they may do comes from their roles."""

    email = models.EmailField("adresse électronique", unique=True)
    first_name = models.CharField("prénom", max_length=100, blank=True)
    last_name = models.CharField("nom", max_length=100, blank=True)
    job_title = models.CharField("fonction", max_length=150, blank=True)
    is_active = models.BooleanField("actif", default=True)
    # Django's admin: superusers only (is_staff follows is_superuser).
    is_staff = models.BooleanField("accès à l'administration technique", default=False)
    is_demo = models.BooleanField("compte de démonstration", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur"

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email


class RoleAssignmentQuerySet(models.QuerySet):
    def of_role(self, role):
        return self.filter(role=role)


class RoleAssignment(models.Model):
    """One role held by a user over one territory (or the whole nation for national pilots)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    academy = models.ForeignKey(Academy, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    bassin = models.ForeignKey(Bassin, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "rôle"
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    Q(role=Role.NATIONAL_PILOT, academy=None, department=None, bassin=None, school=None)
                    | Q(role=Role.ACADEMY_PILOT, academy__isnull=False, department=None, bassin=None, school=None)
                    | Q(role=Role.DEPARTMENT_PILOT, academy=None, department__isnull=False, bassin=None, school=None)
                    | Q(role=Role.BASSIN_RELAY, academy=None, department=None, bassin__isnull=False, school=None)
                    | Q(role=Role.SCHOOL_CONTRIBUTOR, academy=None, department=None, bassin=None, school__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(role=Role.NATIONAL_PILOT), name="role_unique_national_pilot"
            ),
            models.UniqueConstraint(
                fields=["user", "academy"], condition=Q(role=Role.ACADEMY_PILOT), name="role_unique_academy_pilot"
            ),
            models.UniqueConstraint(
                fields=["user", "department"],
                condition=Q(role=Role.DEPARTMENT_PILOT),
                name="role_unique_department_pilot",
            ),
            models.UniqueConstraint(
                fields=["user", "bassin"], condition=Q(role=Role.BASSIN_RELAY), name="role_unique_bassin_relay"
            ),
            models.UniqueConstraint(
                fields=["user", "school"], condition=Q(role=Role.SCHOOL_CONTRIBUTOR), name="role_unique_contributor"
            ),
        ]

    def __str__(self):
        scope = self.scope
        return f"{self.get_role_display()} — {scope}" if scope else self.get_role_display()

    @property
    def scope(self):
        field = ROLE_SCOPE_FIELD[self.role]
        return getattr(self, field) if field else None


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """A link sent by e-mail that gives a school's contributor role and lets its holder set a password.

    Sent either by a pilot to a named person, or to a school's institutional address that
    claims the school (the mailbox proves it belongs to the school).
    """

    email = models.EmailField("adresse électronique")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=12, choices=InvitationKind.choices, default=InvitationKind.INVITATION)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.school.uai}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class LoginFailure(models.Model):
    """A failed log-in, kept for the throttling window (sps/accounts/throttling.py)."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.email} {self.at:%Y-%m-%d %H:%M}"


class PasswordResetRequest(models.Model):
    """A « mot de passe oublié » request, kept for its throttling window (sps/accounts/throttling.py).

    Recorded whether or not an account has the address, so the throttle says nothing about it.
    """

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.email} {self.at:%Y-%m-%d %H:%M}"
