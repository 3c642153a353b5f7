from django.db import models


class SchoolKind(models.TextChoices):
    NURSERY = "ecole_maternelle", "École maternelle"
    ELEMENTARY = "ecole_elementaire", "École élémentaire"
    PRIMARY = "ecole_primaire", "École primaire"
    COLLEGE = "college", "Collège"
    LYCEE_GT = "lycee_gt", "Lycée général et technologique"
    LYCEE_PRO = "lycee_pro", "Lycée professionnel"
    LYCEE_POLY = "lycee_polyvalent", "Lycée polyvalent"
    EREA = "erea", "EREA"
    CIO = "cio", "Centre d'information et d'orientation"
    MEDICO_SOCIAL = "medico_social", "Établissement médico-social"
    ADMINISTRATIVE = "service", "Service administratif"
    OTHER = "autre", "Autre"


# Only these count as schools in participation rates (écoles, collèges, lycées, EREA).
PARTICIPATING_KINDS = frozenset(
    {
        SchoolKind.NURSERY,
        SchoolKind.ELEMENTARY,
        SchoolKind.PRIMARY,
        SchoolKind.COLLEGE,
        SchoolKind.LYCEE_GT,
        SchoolKind.LYCEE_PRO,
        SchoolKind.LYCEE_POLY,
        SchoolKind.EREA,
    }
)
PRIMARY_KINDS = frozenset({SchoolKind.NURSERY, SchoolKind.ELEMENTARY, SchoolKind.PRIMARY})


class Sector(models.TextChoices):
    PUBLIC = "public", "Public"
    PRIVATE = "prive", "Privé"
    UNKNOWN = "", "Non renseigné"


class PriorityEducation(models.TextChoices):
    NONE = "", "Hors éducation prioritaire"
    REP = "REP", "REP"
    REP_PLUS = "REP+", "REP+"
