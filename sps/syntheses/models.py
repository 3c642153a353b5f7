from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sps.syntheses.enums import LEVEL_BOXES, NOT_REPORTED, DataStatus, ExampleStatus, GridAxis, GridLevel

LEVEL_FIELDS = tuple(name for name, _label in LEVEL_BOXES)


class DeclaredFiguresQuerySet(models.QuerySet):
    def for_campaign(self, campaign):
        return self.filter(edition__campaign=campaign)


class DeclaredFigures(models.Model):
    """What an académie reported for one edition without entering every action (seed 002_…).

    Each figure keeps its wording as printed (« Une trentaine d'établissements ») beside the number
    a synthesis can add up. None is « N.C. » (not reported), never 0; `status` says when the
    académie reported nothing at all (« données non disponibles »).
    """

    edition = models.OneToOneField(
        "editions.Edition", verbose_name="édition", on_delete=models.CASCADE, related_name="declared_figures"
    )
    status = models.CharField("état", max_length=12, choices=DataStatus.choices, default=DataStatus.REPORTED)
    actions_count = models.PositiveIntegerField("nombre d'actions", null=True, blank=True)
    actions_wording = models.CharField("nombre d'actions, tel qu'écrit", max_length=500, blank=True)
    actions_approximate = models.BooleanField("nombre d'actions approximatif", default=False)
    schools_count = models.PositiveIntegerField("nombre d'écoles et d'établissements", null=True, blank=True)
    schools_wording = models.CharField("nombre d'écoles et d'établissements, tel qu'écrit", max_length=500, blank=True)
    schools_approximate = models.BooleanField("nombre d'établissements approximatif", default=False)
    # The four boxes: True ticked, False not ticked, None not reported (N.C.).
    primary = models.BooleanField("premier degré", null=True, blank=True)
    college = models.BooleanField("collège", null=True, blank=True)
    lycee = models.BooleanField("lycée", null=True, blank=True)
    lycee_pro = models.BooleanField("lycée professionnel", null=True, blank=True)
    dates_wording = models.CharField("dates, telles qu'écrites", max_length=300, blank=True)
    partners = models.TextField("partenaires", blank=True)
    notable_events = models.TextField("temps forts", blank=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="mis à jour par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DeclaredFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = "chiffres déclarés"
        verbose_name_plural = "chiffres déclarés"
        constraints = [
            # « Données non disponibles »: no figure, no box, whatever a file says.
            models.CheckConstraint(
                name="declared_figures_unavailable_is_empty",
                condition=~Q(status=DataStatus.UNAVAILABLE)
                | Q(
                    actions_count__isnull=True,
                    schools_count__isnull=True,
                    primary__isnull=True,
                    college__isnull=True,
                    lycee__isnull=True,
                    lycee_pro__isnull=True,
                ),
            ),
        ]

    def __str__(self):
        return f"Chiffres déclarés — {self.edition}"

    @property
    def is_unavailable(self) -> bool:
        return self.status == DataStatus.UNAVAILABLE

    @staticmethod
    def figure_label(count: int | None, wording: str) -> str:
        """How a figure reads in a text: the wording as printed, else the number, else « N.C. »."""
        if wording:
            return wording
        return str(count) if count is not None else NOT_REPORTED


class SynthesisText(models.Model):
    """The pilot's own text of a synthesis: the national synthesis of a campaign (academy empty) or
    the academic synthesis of an académie's edition (academy set).

    `axes` holds the axes de travail of that académie's edition, one per line, once the pilot has
    edited them (`axes_edited`); until then the synthesis shows the axes suggested from the
    indicators (sps.syntheses.axes), recomputed at each generation.

    Once published (`published_at`), its texts and axes are frozen; reopening it allows changes again.
    """

    campaign = models.ForeignKey(
        "editions.Campaign", verbose_name="campagne", on_delete=models.CASCADE, related_name="synthesis_texts"
    )
    academy = models.ForeignKey(
        "territories.Academy",
        verbose_name="académie",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="synthesis_texts",
    )
    introduction = models.TextField("introduction", max_length=20000, blank=True)
    conclusion = models.TextField("conclusion et perspectives", max_length=20000, blank=True)
    axes = models.TextField("axes de travail pour la prochaine édition", max_length=5000, blank=True)
    axes_edited = models.BooleanField("axes rédigés par le pilote", default=False)
    # Published: its introduction, conclusion and axes are frozen until someone reopens it.
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="publiée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="mis à jour par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "texte de synthèse"
        verbose_name_plural = "textes de synthèse"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign"], condition=Q(academy__isnull=True), name="synthesis_text_one_national"
            ),
            models.UniqueConstraint(
                fields=["campaign", "academy"],
                condition=Q(academy__isnull=False),
                name="synthesis_text_one_per_academy",
            ),
        ]

    def __str__(self):
        return f"Synthèse {self.academy or 'nationale'} {self.campaign}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def axes_lines(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.axes.splitlines() if line.strip(" -•\t")]


# --- Putting actions forward (« exemples d'actions » of seed 002) ---------------------------------

ARGUMENT_MAX = 1000


class ExampleProposal(models.Model):
    """An action phare that its académie puts forward to the national level, with a short argument;
    the national pilot chooses it as a national example (shown in the national synthesis) or not.

    Withdrawing a proposal deletes the row: the fiche's history (sps.audit, on the action) keeps who
    proposed, withdrew and chose.
    """

    action = models.OneToOneField(
        "actions.Action", verbose_name="action", on_delete=models.CASCADE, related_name="example_proposal"
    )
    argument = models.TextField("argument", max_length=ARGUMENT_MAX)
    status = models.CharField("état", max_length=12, choices=ExampleStatus.choices, default=ExampleStatus.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="proposée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField("proposée le", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="choix fait par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("choix fait le", null=True, blank=True)
    idea_model = models.ForeignKey(
        "actions.IdeaModel",
        verbose_name="modèle de la banque d'idées",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "action proposée au niveau national"
        verbose_name_plural = "actions proposées au niveau national"
        ordering = ["proposed_at", "pk"]

    def __str__(self):
        return f"{self.action} ({self.get_status_display()})"

    @property
    def is_chosen(self) -> bool:
        return self.status == ExampleStatus.CHOSEN


# --- The national evaluation grid (conclusion of seed 002) ---------------------------------------

CRITERION_MAX = 300
GRID_COMMENT_MAX = 2000


class GridCriterion(models.Model):
    """One criterion of the national evaluation grid of a campaign, under one of the four axes."""

    campaign = models.ForeignKey(
        "editions.Campaign", verbose_name="campagne", on_delete=models.CASCADE, related_name="grid_criteria"
    )
    axis = models.CharField("axe", max_length=12, choices=GridAxis.choices)
    text = models.CharField("critère", max_length=CRITERION_MAX)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "critère de la grille d'évaluation"
        verbose_name_plural = "critères de la grille d'évaluation"
        ordering = ["campaign", "axis", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "axis", "text"], name="grid_criterion_unique_text"),
        ]

    def __str__(self):
        return self.text


class GridAssessment(models.Model):
    """An académie's self-evaluation on the national grid, for its edition: a level per criterion
    (GridAnswer) and a comment per axis (`comments`: axis code -> text)."""

    edition = models.OneToOneField(
        "editions.Edition", verbose_name="édition", on_delete=models.CASCADE, related_name="grid_assessment"
    )
    comments = models.JSONField("commentaires par axe", default=dict, blank=True)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="mise à jour par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "grille d'évaluation remplie"
        verbose_name_plural = "grilles d'évaluation remplies"

    def __str__(self):
        return f"Grille d'évaluation — {self.edition}"


class GridAnswer(models.Model):
    assessment = models.ForeignKey(GridAssessment, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(GridCriterion, on_delete=models.CASCADE, related_name="answers")
    level = models.PositiveSmallIntegerField("niveau", choices=GridLevel.choices)

    class Meta:
        verbose_name = "niveau d'un critère"
        verbose_name_plural = "niveaux des critères"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="grid_answer_one_per_criterion"),
            models.CheckConstraint(name="grid_answer_level_range", condition=Q(level__gte=1, level__lte=4)),
        ]

    def __str__(self):
        return f"{self.criterion} : {self.level}"


class PressContact(models.Model):
    """The press contact printed in an edition's dossier de presse: a service of the académie and its
    functional address, never a porteur's personal details (those stay on the fiches, out of the press)."""

    edition = models.OneToOneField(
        "editions.Edition", verbose_name="édition", on_delete=models.CASCADE, related_name="press_contact"
    )
    service = models.CharField(
        "service à contacter",
        max_length=200,
        help_text="Par exemple : Service de la communication du rectorat.",
    )
    email = models.EmailField(
        "adresse électronique fonctionnelle",
        max_length=254,
        help_text="L'adresse d'un service (ex. communication@ac-creteil.fr), jamais une adresse personnelle.",
    )
    phone = models.CharField(
        "téléphone du service", max_length=30, blank=True, help_text="Par exemple : 01 57 02 60 00."
    )
    website = models.URLField("site internet de l'académie", max_length=300, blank=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="mis à jour par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "contact presse"
        verbose_name_plural = "contacts presse"

    def __str__(self):
        return f"Contact presse — {self.edition}"
