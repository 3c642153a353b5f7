"""Writes of the accounts app: profile, deletion, invitations and claims by institutional address.

Each service runs in a transaction, locks what it changes, and raises AccountError (a French
message for the view to show) when the current state does not allow the change.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sps.accounts import notifications, perms, throttling
from sps.accounts.enums import InvitationKind, Role
from sps.accounts.models import Invitation, LoginFailure, PasswordResetRequest, RoleAssignment, User
from sps.audit.services import log_action
from sps.common.errors import DomainError
from sps.schools.models import School

CLAIM_MIN_INTERVAL = timedelta(hours=1)


class AccountError(DomainError):
    """A refused change; str(error) is the French message for the user."""


def normalize_email(email: str) -> str:
    return User.objects.normalize_email((email or "").strip()).lower()


def email_is_taken(email: str, *, exclude=None) -> bool:
    qs = User.objects.filter(email__iexact=normalize_email(email))
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def is_academic_address(email: str) -> bool:
    """An académie's mailbox: the domain starts with `ac-` (ac-creteil.fr, ac-normandie.fr...)."""
    _, at, domain = (email or "").strip().lower().rpartition("@")
    return bool(at) and domain.startswith("ac-") and "." in domain


# --- Profile ------------------------------------------------------------------------------


def user_update_profile(*, user: User, first_name: str, last_name: str, job_title: str, email: str) -> User:
    """Change the user's name and job title; a new log-in address is only asked for.

    The address is the account's key (and an établissement's institutional address proves the
    school): a new one replaces the old only once a link sent to it is opened
    (`user_email_change_request`, then `user_email_change_confirm`).
    """
    email = normalize_email(email)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        new = {"first_name": first_name.strip(), "last_name": last_name.strip(), "job_title": job_title.strip()}
        changed = sorted(name for name, value in new.items() if getattr(locked, name) != value)
        for name, value in new.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(new))
        if changed:
            # The names of the changed fields, not their values: no copy of personal data in the history.
            log_action(locked, "accounts.user.profile_updated", user=locked, data={"fields": changed})
        if email != locked.email:
            user_email_change_request(user=locked, new_email=email)
    user.first_name, user.last_name, user.job_title = locked.first_name, locked.last_name, locked.job_title
    return user


# --- Changing the log-in address: confirmed by a link sent to the new one ------------------

EMAIL_CHANGE_SALT = "sps.accounts.email_change"


def email_change_token(*, user: User, new_email: str) -> str:
    """A signed, timestamped token naming the account, its current address and the new one.

    One use: it names the current address, so once the change is made (or the address changed
    otherwise) it no longer matches. Expires after settings.EMAIL_CHANGE_TIMEOUT seconds.
    """
    return signing.dumps({"user": user.pk, "old": user.email, "new": new_email}, salt=EMAIL_CHANGE_SALT)


class EmailChangeLinkError(AccountError):
    """The link is forged, for another account, expired or already used."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason


def email_change_read(*, user: User, token: str) -> dict:
    """The token's content if it is valid now for `user`; EmailChangeLinkError otherwise."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=settings.EMAIL_CHANGE_TIMEOUT)
    except signing.SignatureExpired:
        raise EmailChangeLinkError(
            "Ce lien a expiré\u00a0: enregistrez de nouveau la nouvelle adresse dans «\u00a0Mon compte\u00a0» pour en recevoir un autre.",
            reason="expired",
        ) from None
    except signing.BadSignature:
        raise EmailChangeLinkError("Ce lien n'est pas valide.", reason="invalid") from None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        raise EmailChangeLinkError("Ce lien n'est pas valide.", reason="invalid")
    if data.get("old") != user.email:
        raise EmailChangeLinkError(
            "Ce lien a déjà servi, ou l'adresse de votre compte a changé depuis son envoi.", reason="used"
        )
    return data


def user_email_change_request(*, user: User, new_email: str) -> None:
    """Send a confirmation link to `new_email`; the account keeps its address until it is opened."""
    new_email = normalize_email(new_email)
    if email_is_taken(new_email, exclude=user):
        raise AccountError("Un autre compte utilise déjà cette adresse électronique.")
    token = email_change_token(user=user, new_email=new_email)
    log_action(user, "accounts.user.email_change_requested", user=user)
    transaction.on_commit(lambda: notifications.send_email_change_confirmation(user, new_email, token))


def user_email_change_confirm(*, user: User, token: str) -> User:
    """Open the link: the new address replaces the old one, and the old one is told."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        data = email_change_read(user=locked, token=token)
        old_email, new_email = locked.email, data["new"]
        if email_is_taken(new_email, exclude=locked):
            raise AccountError("Un autre compte utilise déjà cette adresse électronique.")
        locked.email = new_email
        locked.save(update_fields=["email"])
        log_action(locked, "accounts.user.email_changed", user=locked)
        transaction.on_commit(lambda: notifications.send_email_changed_notice(locked, old_email))
    user.email = locked.email
    return user


def user_delete(*, user: User, reason: str = "") -> None:
    """Erase the account (RGPD): the user, their roles, the invitations addressed to them, their log-in
    failures and password-reset requests.

    What they created for a school (actions, bilans, photos...) stays with the school: foreign
    keys from other models to User are SET_NULL. Invitations they sent stay too (they belong
    to the school's history), with `invited_by` emptied by the same SET_NULL. `reason` (a code,
    e.g. "inactive") goes into the audit entry when the deletion is not the user's own request.
    """
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        Invitation.objects.filter(email__iexact=locked.email).delete()
        Invitation.objects.filter(accepted_by=locked).delete()
        LoginFailure.objects.filter(email=throttling.normalize_email(locked.email)).delete()
        PasswordResetRequest.objects.filter(email=throttling.normalize_email(locked.email)).delete()
        RoleAssignment.objects.filter(user=locked).delete()
        log_action(locked, "accounts.user.deleted", user=None, data={"reason": reason} if reason else None)
        locked.delete()


def inactive_users(*, now=None):
    """Accounts without log-in (or, never logged in, created) more than RETENTION["INACTIVE_ACCOUNT_DAYS"] ago.

    Superusers are never in it: the platform must keep a way in.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.RETENTION["INACTIVE_ACCOUNT_DAYS"])
    return User.objects.filter(is_superuser=False).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )


def users_purge_inactive(*, now=None, dry_run: bool = False) -> int:
    """Delete the accounts unused for 3 years (the personal data page promises it), through user_delete.

    Returns how many were (with `dry_run`: would be) deleted. Each account is checked again under
    its lock, so one that logged in meanwhile is kept; running it twice deletes nothing more.
    """
    candidates = list(inactive_users(now=now).order_by("pk").values_list("pk", flat=True))
    if dry_run:
        return len(candidates)
    deleted = 0
    for pk in candidates:
        with transaction.atomic():
            user = inactive_users(now=now).select_for_update().filter(pk=pk).first()
            if user is None:
                continue
            user_delete(user=user, reason="inactive")
            deleted += 1
    return deleted


def user_personal_data(*, user: User) -> dict:
    """Everything the platform holds about the user, for the RGPD export (no one else's data).

    Invitations sent are listed without the invitee's address: that is someone else's data.
    """
    roles = RoleAssignment.objects.filter(user=user).select_related("academy", "department", "bassin", "school")
    sent = Invitation.objects.filter(invited_by=user).select_related("school").order_by("created_at")
    received = (
        Invitation.objects.filter(Q(accepted_by=user) | Q(email__iexact=user.email))
        .select_related("school")
        .order_by("created_at")
    )

    def when(value):
        return value.isoformat() if value else None

    def invitation_status(invitation):
        if invitation.accepted_at:
            return "acceptée"
        return "en attente" if invitation.is_usable else "expirée"

    return {
        "profil": {
            "adresse_electronique": user.email,
            "prenom": user.first_name,
            "nom": user.last_name,
            "fonction": user.job_title,
            "inscrit_le": when(user.date_joined),
            "derniere_connexion": when(user.last_login),
            "compte_actif": user.is_active,
        },
        "roles": [
            {
                "role": r.get_role_display(),
                "code": r.role,
                "territoire": str(r.scope) if r.scope is not None else "National",
                "attribue_le": when(r.created_at),
            }
            for r in roles
        ],
        "invitations_envoyees": [
            {
                "etablissement": f"{i.school.display_name} ({i.school.uai})",
                "envoyee_le": when(i.created_at),
                "statut": invitation_status(i),
            }
            for i in sent
        ],
        "invitations_recues": [
            {
                "etablissement": f"{i.school.display_name} ({i.school.uai})",
                "type": i.get_kind_display(),
                "envoyee_le": when(i.created_at),
                "acceptee_le": when(i.accepted_at),
                "statut": invitation_status(i),
            }
            for i in received
        ],
        "echecs_de_connexion_recents": throttling.failures_count(email=user.email),
    }


# --- Invitations and claims ---------------------------------------------------------------


def _expires_at():
    return timezone.now() + timedelta(days=settings.INVITATION_VALIDITY_DAYS)


def invitation_create(*, school, email: str, invited_by: User) -> Invitation:
    """A pilot invites a person to become contributor for a school; sends the e-mail.

    A new invitation replaces a pending one for the same address and school (the old link
    stops working), so "send again" is simply inviting again.
    """
    email = normalize_email(email)
    if not perms.can_invite_contributor(invited_by, school):
        raise AccountError("Vous ne pouvez pas inviter de porteur de projet pour cet établissement.")
    with transaction.atomic():
        if RoleAssignment.objects.filter(
            role=Role.SCHOOL_CONTRIBUTOR, school=school, user__email__iexact=email
        ).exists():
            raise AccountError("Cette personne est déjà porteur de projet pour cet établissement.")
        now = timezone.now()
        Invitation.objects.filter(school=school, email__iexact=email, accepted_at=None, expires_at__gt=now).update(
            expires_at=now
        )
        invitation = Invitation.objects.create(
            school=school, email=email, kind=InvitationKind.INVITATION, invited_by=invited_by, expires_at=_expires_at()
        )
        log_action(invitation, "accounts.invitation.created", user=invited_by, data={"school": school.uai})
        notifications.send_invitation(invitation)
    return invitation


def school_claim_request(*, school) -> Invitation:
    """Send a claim link to the school's institutional address: the mailbox proves the school.

    At most one pending claim per school per hour, so the address cannot be flooded.
    """
    if not school.email:
        raise AccountError("Cet établissement n'a pas d'adresse institutionnelle connue dans l'annuaire.")
    if not is_academic_address(school.email):
        raise AccountError(
            "L'adresse de cet établissement n'est pas une adresse académique (…@ac-….fr) : "
            "demandez une invitation à votre pilote de bassin ou de département."
        )
    with transaction.atomic():
        School.objects.select_for_update().filter(pk=school.pk).first()
        recent = Invitation.objects.filter(
            school=school,
            kind=InvitationKind.CLAIM,
            accepted_at=None,
            created_at__gt=timezone.now() - CLAIM_MIN_INTERVAL,
        )
        if recent.exists():
            raise AccountError(
                "Un lien a déjà été envoyé à l'adresse institutionnelle de cet établissement il y a moins "
                "d'une heure : consultez cette boîte aux lettres, ou réessayez plus tard."
            )
        invitation = Invitation.objects.create(
            school=school, email=normalize_email(school.email), kind=InvitationKind.CLAIM, expires_at=_expires_at()
        )
        log_action(invitation, "accounts.invitation.claim_requested", user=None, data={"school": school.uai})
        notifications.send_invitation(invitation)
    return invitation


def invitation_accept(
    *, invitation: Invitation, user: User | None = None, first_name: str = "", last_name: str = "", password: str = ""
) -> User:
    """Use an invitation once: create the account (or take the existing one) and grant the role.

    `user` is the logged-in account whose address is the invitation's; without it a new
    account is created with `first_name`, `last_name` and `password` (validated by the view).
    """
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("school").get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise AccountError("Cette invitation a déjà été utilisée.")
        if invitation.expires_at <= timezone.now():
            raise AccountError("Cette invitation a expiré.")
        existing = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            if existing is not None:
                raise AccountError(
                    "Un compte existe déjà avec cette adresse électronique : connectez-vous pour accepter l'invitation."
                )
            user = User.objects.create_user(
                email=invitation.email, password=password, first_name=first_name.strip(), last_name=last_name.strip()
            )
        elif existing is None or existing.pk != user.pk:
            raise AccountError(
                "Cette invitation est adressée à une autre adresse électronique que celle de votre compte."
            )
        role, created = RoleAssignment.objects.get_or_create(
            user=user,
            role=Role.SCHOOL_CONTRIBUTOR,
            school=invitation.school,
            defaults={"granted_by": invitation.invited_by},
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        log_action(
            invitation,
            "accounts.invitation.accepted",
            user=user,
            data={"school": invitation.school.uai, "role": role.pk, "role_created": created},
        )
    perms.forget_roles(user)
    return user
