from django.db import models


class Role(models.TextChoices):
    NATIONAL_PILOT = "national_pilot", "Pilote national"
    ACADEMY_PILOT = "academy_pilot", "Pilote académique"
    DEPARTMENT_PILOT = "department_pilot", "Pilote départemental"
    BASSIN_RELAY = "bassin_relay", "Relais de bassin"
    SCHOOL_CONTRIBUTOR = "school_contributor", "Porteur de projet"


# Which scope field each role needs (None: national, no scope).
ROLE_SCOPE_FIELD = {
    Role.NATIONAL_PILOT: None,
    Role.ACADEMY_PILOT: "academy",
    Role.DEPARTMENT_PILOT: "department",
    Role.BASSIN_RELAY: "bassin",
    Role.SCHOOL_CONTRIBUTOR: "school",
}
PILOT_ROLES = frozenset({Role.NATIONAL_PILOT, Role.ACADEMY_PILOT, Role.DEPARTMENT_PILOT, Role.BASSIN_RELAY})


class InvitationKind(models.TextChoices):
    INVITATION = "invitation", "Invitation par un pilote"
    CLAIM = "claim", "Revendication par l'adresse institutionnelle"
