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


class ExampleStatus(models.TextChoices):
    """An action phare an académie put forward to the national level (« exemples d'actions » of seed 002)."""

    PROPOSED = "proposed", "Proposée"
    CHOSEN = "chosen", "Retenue comme exemple national"
    DECLINED = "declined", "Non retenue"


class GridAxis(models.TextChoices):
    """The four axes of the national evaluation grid (conclusion of seed 002), in its order."""

    IDENTIFY = "identify", "Identifier et valoriser les actions mises en œuvre dans l'Académie"
    PARTNERS = "partners", "Mobiliser les partenaires de l'École"
    STRATEGY = "strategy", "Intégrer la Semaine dans une stratégie académique de lutte contre le décrochage scolaire"
    COMMUNICATE = "communicate", "Communiquer et rendre visible la Semaine de la persévérance scolaire"


class GridLevel(models.IntegerChoices):
    """The level an académie gives itself on one criterion. Not answered is None (« N.C. »), never 0."""

    NOT_STARTED = 1, "1 — Non engagé"
    STARTED = 2, "2 — En cours"
    ACHIEVED = 3, "3 — Acquis"
    EXEMPLARY = 4, "4 — Exemplaire"
