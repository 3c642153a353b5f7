from django.db import models

DEFAULT_EDITION_TITLE = "Semaine de la persévérance scolaire"


class EditionStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publiée"


class MilestoneKind(models.TextChoices):
    LAUNCH = "launch", "Lancement de la communication"
    DECLARATION_DEADLINE = "declaration_deadline", "Date limite de déclaration des actions"
    PROGRAMME_FINALISATION = "programme_finalisation", "Finalisation du programme"
    WEEK = "week", "La semaine"
    CAPITALISATION = "capitalisation", "Capitalisation"
    CLOSING_SEMINAR = "closing_seminar", "Séminaire de clôture"
    BILAN_DEADLINE = "bilan_deadline", "Date limite des bilans"
    OTHER = "other", "Autre étape"


# An edition has at most one milestone of these kinds: the deadlines the platform enforces.
UNIQUE_MILESTONE_KINDS = frozenset({MilestoneKind.DECLARATION_DEADLINE, MilestoneKind.BILAN_DEADLINE})


class Public(models.TextChoices):
    """Who an action or a kit resource is for (one list for both: sps.actions.enums re-exports it)."""

    PUPILS = "eleves", "Élèves"
    PARENTS = "parents", "Parents"
    STAFF = "personnels", "Personnels"
    PARTNERS = "partenaires", "Partenaires"
