from django.db import models
from django.urls import reverse

from sps.common.text import normalize_search, readable_name
from sps.schools.enums import PARTICIPATING_KINDS, PRIMARY_KINDS, PriorityEducation, SchoolKind, Sector
from sps.schools.uai import validate_uai
from sps.territories.models import Bassin, Circonscription, Department


class SchoolQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_open=True)

    def participating(self):
        """Écoles, collèges, lycées and EREA: the schools counted in participation rates."""
        return self.filter(kind__in=PARTICIPATING_KINDS)

    def in_territory(self, *, academy=None, department=None, bassin=None):
        qs = self
        if academy is not None:
            qs = qs.filter(department__academy=academy)
        if department is not None:
            qs = qs.filter(department=department)
        if bassin is not None:
            qs = qs.filter(bassin=bassin)
        return qs

    def search(self, query: str):
        """Accent- and case-insensitive search on name, commune and UAI: every word must match."""
        words = normalize_search(query).split()
        qs = self
        for word in words[:8]:
            qs = qs.filter(search_key__contains=word)
        return qs


class School(models.Model):
    """A school or service of the Annuaire de l'éducation, identified by its UAI."""

    uai = models.CharField("UAI", max_length=8, unique=True, validators=[validate_uai])
    name = models.CharField("nom", max_length=255)
    kind = models.CharField("type", max_length=20, choices=SchoolKind.choices, default=SchoolKind.OTHER)
    nature_code = models.CharField("code nature", max_length=3, blank=True)
    nature_label = models.CharField("nature", max_length=100, blank=True)
    sector = models.CharField("secteur", max_length=6, choices=Sector.choices, blank=True)
    address = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField("code postal", max_length=5, blank=True)
    commune_code = models.CharField("code commune", max_length=5, blank=True)
    commune = models.CharField("commune", max_length=100, blank=True)
    department = models.ForeignKey(
        Department, verbose_name="département", on_delete=models.PROTECT, related_name="schools"
    )
    bassin = models.ForeignKey(
        Bassin, verbose_name="bassin", null=True, blank=True, on_delete=models.SET_NULL, related_name="schools"
    )
    # A pilot's choice of bassin wins over the directory's on later imports.
    bassin_set_manually = models.BooleanField(default=False)
    circonscription = models.ForeignKey(
        Circonscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="schools"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    priority_education = models.CharField(
        "éducation prioritaire", max_length=4, choices=PriorityEducation.choices, blank=True
    )
    pupils_count = models.PositiveIntegerField("nombre d'élèves", null=True, blank=True)
    email = models.EmailField("adresse institutionnelle", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    website = models.CharField("site web", max_length=255, blank=True)
    is_open = models.BooleanField("ouvert", default=True)
    opened_on = models.DateField("date d'ouverture", null=True, blank=True)
    directory_updated_on = models.DateField("mise à jour dans l'annuaire", null=True, blank=True)
    search_key = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "établissement"
        indexes = [models.Index(fields=["department", "kind"]), models.Index(fields=["bassin"])]

    def __str__(self):
        return f"{self.display_name} ({self.uai})"

    def get_absolute_url(self):
        return reverse("public:school_detail", args=[self.uai])

    @property
    def display_name(self) -> str:
        """The name as people read it (« École élémentaire… » with its accents); `name` stays the
        directory's, for matching and search."""
        return readable_name(self.name)

    @staticmethod
    def build_search_key(*, uai: str, name: str, commune: str, postal_code: str) -> str:
        return normalize_search(f"{uai} {name} {commune} {postal_code}")

    def refresh_search_key(self):
        self.search_key = self.build_search_key(
            uai=self.uai, name=self.name, commune=self.commune, postal_code=self.postal_code
        )

    @property
    def academy(self):
        return self.department.academy

    @property
    def counts_for_participation(self) -> bool:
        return self.kind in PARTICIPATING_KINDS

    @property
    def is_primary(self) -> bool:
        return self.kind in PRIMARY_KINDS
