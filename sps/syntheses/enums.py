"""Values of the declared figures and of the national « Synthèse » table."""

from django.db import models


class DataStatus(models.TextChoices):
    """Whether an académie reported anything for its edition (seed 002: « Les données de l'Académie de
    Strasbourg ne sont pas disponibles »)."""

    REPORTED = "reported", "Données communiquées"
    UNAVAILABLE = "unavailable", "Données non disponibles"


class FigureSource(models.TextChoices):
    """Where a row of the synthesis comes from (its « Source » column)."""

    COUNTED = "counted", "comptée"
    DECLARED = "declared", "déclarée"
    UNAVAILABLE = "unavailable", "non disponible"


# The four boxes of the national synthesis, in its order: (field of DeclaredFigures, label).
LEVEL_BOXES = (
    ("primary", "Premier degré"),
    ("college", "Collège"),
    ("lycee", "Lycée"),
    ("lycee_pro", "Lycée professionnel"),
)

NOT_REPORTED = "N.C."
