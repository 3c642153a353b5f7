from django.db import models


class EventKind(models.TextChoices):
    SEMINAR = "seminar", "Séminaire"
    CONFERENCE = "conference", "Conférence"
    ROUND_TABLE = "round_table", "Table ronde"
    FORUM = "forum", "Forum"
    SPEED_MEETING = "speed_meeting", "Speed-meeting"
    WORKSHOP = "workshop", "Atelier"
    OFFICIAL_VISIT = "official_visit", "Visite officielle"
    OTHER = "other", "Autre"


class Audience(models.TextChoices):
    STAFF = "staff", "Personnels de l'Éducation nationale uniquement"
    PARENTS = "parents", "Parents d'élèves (et personnels)"
    PUBLIC = "public", "Tout public"


class EventStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publié"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmée"
    WAITING = "waiting", "Liste d'attente"
    CANCELLED = "cancelled", "Annulée"


class ParticipantRole(models.TextChoices):
    """Who registers: the « public » of a registration."""

    STAFF = "staff", "Personnel de l'Éducation nationale"
    PARENT = "parent", "Parent d'élève"
    PARTNER = "partner", "Partenaire (association, entreprise, collectivité…)"
    OTHER = "other", "Autre"


# Which participants each audience lets in (the registration form offers only these).
AUDIENCE_ROLES = {
    Audience.STAFF: (ParticipantRole.STAFF,),
    Audience.PARENTS: (ParticipantRole.STAFF, ParticipantRole.PARENT),
    Audience.PUBLIC: tuple(ParticipantRole),
}
