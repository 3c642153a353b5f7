from django.db import models

from sps.common.text import readable_name
from sps.territories.text import of_academy


class AcademicRegion(models.Model):
    """One of the 17 régions académiques of 2016 (plus Mayotte)."""

    name = models.CharField("nom", max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "région académique"
        verbose_name_plural = "régions académiques"

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return readable_name(self.name)


class AcademyQuerySet(models.QuerySet):
    def current(self):
        """The académies that exist today (Caen and Rouen were merged into Normandie in 2020)."""
        return self.filter(valid_until__isnull=True)


class Academy(models.Model):
    """An académie. Merged académies are kept (an edition keeps the académie it was run in)."""

    code = models.CharField("code", max_length=3, unique=True, help_text="Code de l'annuaire (ex. 24)")
    name = models.CharField("nom", max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    region = models.ForeignKey(
        AcademicRegion, verbose_name="région académique", on_delete=models.PROTECT, related_name="academies"
    )
    valid_from = models.DateField("en vigueur depuis", null=True, blank=True)
    valid_until = models.DateField("en vigueur jusqu'au", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="fusionnée dans",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = AcademyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "académie"

    def __str__(self):
        return f"Académie {of_academy(self.name)}" if not self.name.startswith(("La ", "Mayotte")) else self.name


class Department(models.Model):
    """A département, attached to its current académie."""

    code = models.CharField("code", max_length=3, unique=True, help_text="Code INSEE : 01, 2A, 971…")
    name = models.CharField("nom", max_length=100)
    academy = models.ForeignKey(Academy, verbose_name="académie", on_delete=models.PROTECT, related_name="departments")

    class Meta:
        ordering = ["code"]
        verbose_name = "département"

    def __str__(self):
        return f"{self.name} ({self.code})"


class BassinQuerySet(models.QuerySet):
    def in_academy(self, academy):
        return self.filter(department__academy=academy)


class Bassin(models.Model):
    """A bassin d'éducation et de formation (a "district" in Créteil).

    Bassins come from the directory's columns or are created by a pilot; a pilot may move
    schools between bassins, so the directory import never overwrites a manual assignment.
    """

    class Source(models.TextChoices):
        DIRECTORY = "directory", "Annuaire de l'éducation"
        MANUAL = "manual", "Créé par un pilote"

    code = models.CharField("code", max_length=20, unique=True, null=True, blank=True)
    name = models.CharField("nom", max_length=200)
    department = models.ForeignKey(
        Department, verbose_name="département", on_delete=models.PROTECT, related_name="bassins"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)

    objects = BassinQuerySet.as_manager()

    class Meta:
        ordering = ["department__code", "name"]
        verbose_name = "bassin"
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="bassin_unique_name_per_department")]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name as people read it (« Bassin 3 – Ouest… »); `name` stays the directory's, for matching."""
        return readable_name(self.name)

    @property
    def academy(self):
        return self.department.academy


class Circonscription(models.Model):
    """A circonscription d'inspection du premier degré."""

    code = models.CharField("code", max_length=20, unique=True, null=True, blank=True)
    name = models.CharField("nom", max_length=200)
    department = models.ForeignKey(
        Department, verbose_name="département", on_delete=models.PROTECT, related_name="circonscriptions"
    )

    class Meta:
        ordering = ["department__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="circonscription_unique_name_per_department")
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return readable_name(self.name)
