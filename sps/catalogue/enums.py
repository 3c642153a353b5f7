"""The catalogue's facet values that are not a table of their own, and their bit in the masks of
`CatalogueEntry` (one integer column per multi-valued facet: counted in one pass in the database)."""

from django.db import models

from sps.actions.enums import COLLEGE_LEVELS, LYCEE_LEVELS, PRIMARY_LEVELS, Level
from sps.editions.enums import Public
from sps.schools.enums import SchoolKind


class EntryKind(models.TextChoices):
    """What happens: published actions first; the events of the week join later."""

    ACTION = "action", "Action"
    EVENT = "event", "Événement"


class LevelGroup(models.TextChoices):
    """The levels as the public looks for them (the four boxes of the national synthesis, then the rest)."""

    PRIMARY = "premier_degre", "Premier degré"
    COLLEGE = "college", "Collège"
    LYCEE = "lycee", "Lycée"
    LYCEE_PRO = "lycee_pro", "Lycée professionnel"
    POST_BAC = "post_bac", "Post-bac"
    MLDS = "mlds", "Jeunes suivis par la MLDS"


LEVEL_GROUP_OF = {
    **{level: LevelGroup.PRIMARY for level in PRIMARY_LEVELS},
    **{level: LevelGroup.COLLEGE for level in COLLEGE_LEVELS},
    **{level: LevelGroup.LYCEE for level in LYCEE_LEVELS},
    Level.LYCEE_PRO: LevelGroup.LYCEE_PRO,
    Level.POST_BAC: LevelGroup.POST_BAC,
    Level.MLDS: LevelGroup.MLDS,
}


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Lundi"
    TUESDAY = 1, "Mardi"
    WEDNESDAY = 2, "Mercredi"
    THURSDAY = 3, "Jeudi"
    FRIDAY = 4, "Vendredi"
    SATURDAY = 5, "Samedi"
    SUNDAY = 6, "Dimanche"


# Bit positions are stored in the database: append new values, never reorder.
LEVEL_GROUP_BITS = {value: 1 << i for i, value in enumerate(LevelGroup.values)}
PUBLIC_BITS = {value: 1 << i for i, value in enumerate(Public.values)}
SCHOOL_KIND_BITS = {value: 1 << i for i, value in enumerate(SchoolKind.values)}
WEEKDAY_BITS = {value: 1 << value for value in Weekday.values}


def mask_of(values, bits: dict) -> int:
    mask = 0
    for value in values:
        mask |= bits.get(value, 0)
    return mask
