import datetime
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from sps.accounts import perms
from sps.common.dates import format_date, format_period
from sps.common.storage import PrivateStorage
from sps.editions import rules
from sps.editions.dates import format_ordinal
from sps.editions.enums import DEFAULT_EDITION_TITLE, EditionStatus, MilestoneKind, Public
from sps.territories.models import Academy, Bassin, Department

SCHOOL_YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")


def validate_school_year(value: str) -> None:
    """« 2025-2026 »: two consecutive years."""
    match = SCHOOL_YEAR_RE.match(value or "")
    if not match or int(match[2]) != int(match[1]) + 1 or not 2000 <= int(match[1]) <= 2100:
        raise ValidationError(
            "Indiquez l'année scolaire sous la forme 2025-2026 (deux années qui se suivent).", code="school_year"
        )


HEX_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_BRAND_COLOR = "#000091"  # the DSFR's « bleu France »


def validate_hex_color(value: str) -> None:
    """« #000091 »: a # and six hexadecimal digits."""
    if not HEX_COLOR_RE.match(value or ""):
        raise ValidationError(
            "Indiquez la couleur sous la forme #000091 (un # suivi de six chiffres ou lettres de a à f).",
            code="hex_color",
        )


def school_year_of(day: datetime.date) -> str:
    """The school year a day belongs to (a school year runs from 1 September to 31 August)."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


class CampaignQuerySet(models.QuerySet):
    def current(self, today: datetime.date | None = None):
        """The campaign of today's school year, else the latest one before it (None if there is none)."""
        year = school_year_of(today or timezone.localdate())
        return self.filter(school_year__lte=year).order_by("-school_year").first()


class Campaign(models.Model):
    """The national frame of one school year, opened by a national pilot."""

    school_year = models.CharField("année scolaire", max_length=9, unique=True, validators=[validate_school_year])
    theme = models.CharField("thème national", max_length=200, blank=True)
    message = models.TextField("message aux académies", max_length=2000, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ouverte par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("ouverte le", auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-school_year"]
        verbose_name = "campagne"

    def __str__(self):
        return f"Campagne {self.school_year}"

    @property
    def start_year(self) -> int:
        return int(self.school_year[:4])

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, 9, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.start_year + 1, 8, 31)

    def contains(self, day: datetime.date | None) -> bool:
        return day is not None and self.starts_on <= day <= self.ends_on


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EditionStatus.PUBLISHED)

    def for_academy(self, academy):
        return self.filter(academy=academy)

    def in_academies(self, academies):
        """Editions run by these académies or by the académies merged into them (Caen, Rouen → Normandie)."""
        return self.filter(Q(academy__in=academies) | Q(academy__successor__in=academies))

    def current(self, today: datetime.date | None = None):
        """The editions of the current campaign (Campaign.objects.current)."""
        campaign = Campaign.objects.current(today)
        return self.filter(campaign=campaign) if campaign else self.none()

    def with_calendar(self):
        """Everything the edition pages show, in a fixed number of queries."""
        return self.select_related("campaign", "academy").prefetch_related(
            "themes",
            "milestones",
            models.Prefetch(
                "date_overrides", queryset=EditionDateOverride.objects.select_related("department", "bassin")
            ),
            models.Prefetch("bassin_participations", queryset=EditionBassin.objects.select_related("bassin")),
        )


@dataclass(frozen=True)
class WeekDates:
    """The dates of the week for one school: the edition's, or an override's."""

    start: datetime.date
    end: datetime.date
    override: "EditionDateOverride | None" = None

    @property
    def label(self) -> str:
        return format_period(self.start, self.end)


@dataclass(frozen=True)
class TimelineStep:
    """One line of the public calendar; `state` is "past", "current", "next" or "later"."""

    label: str
    start: datetime.date
    end: datetime.date | None
    text: str
    state: str

    @property
    def dates_label(self) -> str:
        if self.end and self.end != self.start:
            return format_period(self.start, self.end, weekday=False)
        return format_date(self.start)


class Edition(models.Model):
    """One académie's week in one campaign.

    The académie is the one the edition was run in and never changes: the editions of Caen and
    Rouen stay theirs after the merger into Normandie.
    """

    campaign = models.ForeignKey(Campaign, verbose_name="campagne", on_delete=models.PROTECT, related_name="editions")
    academy = models.ForeignKey(Academy, verbose_name="académie", on_delete=models.PROTECT, related_name="editions")
    ordinal = models.PositiveSmallIntegerField("numéro de l'édition", validators=[MinValueValidator(1)], default=1)
    title = models.CharField("titre", max_length=200, default=DEFAULT_EDITION_TITLE)
    week_start = models.DateField("début de la semaine")
    week_end = models.DateField("fin de la semaine")
    status = models.CharField("statut", max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    all_bassins_participate = models.BooleanField("tous les bassins participent", default=True)
    bassins = models.ManyToManyField(
        Bassin, verbose_name="bassins participants", through="EditionBassin", related_name="editions", blank=True
    )
    late_declarations_allowed = models.BooleanField("déclarations acceptées après la date limite", default=False)
    # Branding of the generated posters and invitations (sps/actions/documents.py).
    brand_color = models.CharField(
        "couleur principale", max_length=7, default=DEFAULT_BRAND_COLOR, validators=[validate_hex_color]
    )
    logo = models.ImageField("logo", upload_to="editions/logos/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-campaign__school_year", "academy__name"]
        verbose_name = "édition"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "academy"], name="edition_unique_per_campaign_academy"),
            models.CheckConstraint(name="edition_week_in_order", condition=Q(week_end__gte=F("week_start"))),
        ]

    def __str__(self):
        return f"{self.title} — {self.academy.name} {self.campaign.school_year}"

    def get_absolute_url(self):
        return reverse("public:edition_detail", args=[self.academy.slug, self.campaign.school_year])

    @property
    def is_published(self) -> bool:
        return self.status == EditionStatus.PUBLISHED

    @property
    def ordinal_label(self) -> str:
        """« 3e édition »."""
        return f"{format_ordinal(self.ordinal)} édition"

    @property
    def week(self) -> WeekDates:
        return WeekDates(self.week_start, self.week_end)

    # Milestones are read from `self.milestones.all()` so that a prefetch serves every helper.
    def _milestone(self, kind) -> "Milestone | None":
        return next((m for m in self.milestones.all() if m.kind == kind), None)

    @property
    def declaration_deadline(self) -> datetime.date | None:
        """The last day on which contributors may declare actions (None: no deadline set)."""
        milestone = self._milestone(MilestoneKind.DECLARATION_DEADLINE)
        return milestone.last_day if milestone else None

    @property
    def bilan_deadline(self) -> datetime.date | None:
        milestone = self._milestone(MilestoneKind.BILAN_DEADLINE)
        return milestone.last_day if milestone else None

    @property
    def moderation_deadline(self) -> datetime.date:
        """The day by which submitted fiches should be validated and published: the end of the calendar's
        « Finalisation du programme », else the eve of the week (the programme is out before it)."""
        milestone = self._milestone(MilestoneKind.PROGRAMME_FINALISATION)
        return milestone.last_day if milestone else self.week_start - datetime.timedelta(days=1)

    def dates_for(self, school) -> WeekDates:
        """The week of `school`: its bassin's override, else its département's, else the edition's."""
        overrides = list(self.date_overrides.all())
        for override in overrides:
            if school.bassin_id is not None and override.bassin_id == school.bassin_id:
                return WeekDates(override.week_start, override.week_end, override)
        for override in overrides:
            if override.department_id is not None and override.department_id == school.department_id:
                return WeekDates(override.week_start, override.week_end, override)
        return self.week

    def is_declaration_open(self, on: datetime.date | None = None) -> bool:
        """Contributors may declare until the deadline included, or later if the pilot allows it."""
        deadline = self.declaration_deadline
        if deadline is None or self.late_declarations_allowed:
            return True
        return (on or timezone.localdate()) <= deadline

    def bassin_participates(self, bassin) -> bool:
        """Whether the schools of `bassin` take part in this edition."""
        if bassin is None:
            return False
        if self.all_bassins_participate:
            return bassin.department.academy_id in rules.academy_ids(self.academy)
        return any(p.bassin_id == bassin.pk for p in self.bassin_participations.all())

    def next_step(self, today: datetime.date | None = None) -> str:
        """What a school should do now, in French (the « et maintenant ? » of the public page)."""
        today = today or timezone.localdate()
        deadline = self.declaration_deadline
        if today < self.week_start:
            if deadline is not None and today <= deadline:
                return f"Déclarez vos actions avant le {format_date(deadline)}."
            if deadline is None or self.late_declarations_allowed:
                return (
                    "Déclarez vos actions dès maintenant : la semaine commence "
                    f"le {format_date(self.week_start, weekday=True)}."
                )
            return (
                f"Les déclarations sont closes depuis le {format_date(deadline)}. "
                f"Préparez vos actions : rendez-vous {format_period(self.week_start, self.week_end)}."
            )
        if today <= self.week_end:
            return "C'est la semaine de la persévérance scolaire : vivez vos actions et prenez des photos !"
        bilan = self.bilan_deadline
        if bilan is not None and today <= bilan:
            return f"Remplissez le bilan de vos actions avant le {format_date(bilan)}."
        seminar = self._milestone(MilestoneKind.CLOSING_SEMINAR)
        if seminar is not None and today <= seminar.last_day:
            return f"Rendez-vous au séminaire de clôture le {format_date(seminar.date, weekday=True)}."
        return "Cette édition est terminée. Merci à toutes celles et ceux qui y ont participé !"

    def timeline(self, today: datetime.date | None = None) -> list[TimelineStep]:
        """The milestones in date order, the week included, each marked past, current, next or later."""
        today = today or timezone.localdate()
        items = [(m.get_kind_display(), m.date, m.end_date, m.text) for m in self.milestones.all()]
        if not any(m.kind == MilestoneKind.WEEK for m in self.milestones.all()):
            items.append((MilestoneKind.WEEK.label, self.week_start, self.week_end, ""))
        items.sort(key=lambda item: item[1])
        steps = []
        next_found = False
        for label, start, end, text in items:
            last = end or start
            if last < today:
                state = "past"
            elif start <= today:
                state = "current"
            elif not next_found:
                state, next_found = "next", True
            else:
                state = "later"
            steps.append(TimelineStep(label=label, start=start, end=end, text=text, state=state))
        return steps


class EditionBassin(models.Model):
    """A bassin taking part in an edition: the pilot bassin first, then the generalisation."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="bassin_participations")
    bassin = models.ForeignKey(Bassin, on_delete=models.PROTECT, related_name="edition_participations")
    joined_on = models.DateField("participe depuis le", default=timezone.localdate)
    is_pilot = models.BooleanField("bassin pilote", default=False)

    class Meta:
        ordering = ["-is_pilot", "joined_on", "bassin__name"]
        verbose_name = "bassin participant"
        constraints = [models.UniqueConstraint(fields=["edition", "bassin"], name="edition_bassin_unique")]

    def __str__(self):
        return f"{self.bassin} ({self.edition_id})"


class EditionTheme(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField("thème", max_length=200)
    text = models.TextField("présentation", max_length=1000, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "thème"

    def __str__(self):
        return self.title


class EditionDateOverride(models.Model):
    """Different dates of the week for one département or one bassin (Dijon 2016: Nièvre in January)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="date_overrides")
    department = models.ForeignKey(
        Department, verbose_name="département", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bassin = models.ForeignKey(
        Bassin, verbose_name="bassin", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    week_start = models.DateField("début")
    week_end = models.DateField("fin")
    note = models.CharField("précision", max_length=300, blank=True)

    class Meta:
        ordering = ["week_start", "pk"]
        verbose_name = "dates particulières"
        verbose_name_plural = "dates particulières"
        constraints = [
            models.CheckConstraint(
                name="date_override_one_scope",
                condition=Q(department__isnull=False, bassin__isnull=True)
                | Q(department__isnull=True, bassin__isnull=False),
            ),
            models.CheckConstraint(name="date_override_in_order", condition=Q(week_end__gte=F("week_start"))),
            models.UniqueConstraint(
                fields=["edition", "department"],
                condition=Q(department__isnull=False),
                name="date_override_unique_department",
            ),
            models.UniqueConstraint(
                fields=["edition", "bassin"], condition=Q(bassin__isnull=False), name="date_override_unique_bassin"
            ),
        ]

    def __str__(self):
        return f"{self.scope} : {self.label}"

    @property
    def scope(self):
        return self.bassin or self.department

    @property
    def scope_label(self) -> str:
        return f"Bassin {self.bassin}" if self.bassin_id else str(self.department)

    @property
    def label(self) -> str:
        return format_period(self.week_start, self.week_end)


class Milestone(models.Model):
    """A step of the edition's calendar: one day, or a period when `end_date` is set."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField("étape", max_length=30, choices=MilestoneKind.choices)
    date = models.DateField("date")
    end_date = models.DateField("jusqu'au", null=True, blank=True)
    text = models.CharField("précision", max_length=300, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = "étape du calendrier"
        verbose_name_plural = "calendrier"
        constraints = [
            models.CheckConstraint(
                name="milestone_in_order", condition=Q(end_date__isnull=True) | Q(end_date__gte=F("date"))
            ),
            models.UniqueConstraint(
                fields=["edition", "kind"],
                condition=Q(kind__in=[MilestoneKind.DECLARATION_DEADLINE, MilestoneKind.BILAN_DEADLINE]),
                name="milestone_unique_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.date}"

    @property
    def last_day(self) -> datetime.date:
        return self.end_date or self.date


# --- The communication kit ----------------------------------------------------------------
# Kept in this module: the kit is part of the edition. Levels and publics are JSON lists of
# codes, like the fiche action's (one column on SQLite and PostgreSQL); an empty list means
# « tous niveaux » / « tous publics ».


class ResourceCategory(models.TextChoices):
    POSTER = "affiche", "Affiche"
    INVITATION = "invitation", "Invitation"
    LOGO = "logo", "Logo"
    PRESS_RELEASE = "communique", "Communiqué de presse"
    GRAPHIC_CHARTER = "charte", "Charte graphique"
    BROCHURE = "plaquette", "Plaquette"
    METHOD_SHEET = "fiche_methodo", "Fiche méthodologique"
    GOOD_PRACTICE_GUIDE = "guide", "Guide de bonnes pratiques"
    OTHER = "autre", "Autre"


class ResourceLevel(models.TextChoices):
    PRIMARY = "premier_degre", "Premier degré"
    COLLEGE = "college", "Collège"
    LYCEE = "lycee", "Lycée général et technologique"
    LYCEE_PRO = "lycee_pro", "Lycée professionnel"
    MLDS = "mlds", "MLDS"


# Kit resources suit the same publics as fiches actions.
ResourcePublic = Public


def resource_storage():
    return PrivateStorage()


def _resource_path(instance, filename) -> str:
    # A random name: the uploaded one is only kept in `file_name`, for the download.
    extension = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"resources/{uuid.uuid4().hex}.{extension}"


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def national(self):
        return self.filter(edition__isnull=True)

    def kit_of(self, editions):
        """What contributors and the public see for `editions` (a list or a queryset): their
        published resources, those of published editions only, and the published national ones."""
        return (
            self.published()
            .filter(Q(edition__isnull=True) | Q(edition__in=editions, edition__status=EditionStatus.PUBLISHED))
            .select_related("edition__academy", "edition__campaign")
        )

    def managed_by(self, user):
        """The resources `user` may edit: national pilots the national ones and every edition's,
        académie pilots those of their académie's editions (merged académies included)."""
        scope = perms.scope_of(user)
        if scope.national:
            return self.all()
        if not scope.academy_ids:
            return self.none()
        return self.filter(edition__in=Edition.objects.in_academies(scope.academy_ids))


class Resource(models.Model):
    """One item of the communication kit: a file or a link, of an edition or national (no edition)."""

    edition = models.ForeignKey(
        Edition,
        verbose_name="édition",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="resources",
        help_text="Vide pour une ressource nationale, montrée dans toutes les éditions.",
    )
    title = models.CharField("titre", max_length=200)
    category = models.CharField("catégorie", max_length=15, choices=ResourceCategory.choices)
    levels = models.JSONField("niveaux", default=list, blank=True)
    publics = models.JSONField("publics", default=list, blank=True)
    description = models.TextField("description courte", max_length=1000, blank=True)
    file = models.FileField("fichier", storage=resource_storage, upload_to=_resource_path, blank=True, max_length=200)
    file_name = models.CharField("nom du fichier déposé", max_length=200, blank=True)
    file_type = models.CharField("type de fichier", max_length=10, blank=True)
    file_size = models.PositiveIntegerField("taille du fichier (octets)", null=True, blank=True)
    url = models.URLField("lien", max_length=500, blank=True)
    is_published = models.BooleanField("publiée", default=False)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title", "pk"]
        verbose_name = "ressource"
        constraints = [
            models.CheckConstraint(
                name="resource_file_xor_link",
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_national(self) -> bool:
        return self.edition_id is None

    @property
    def is_link(self) -> bool:
        return not self.file

    def clean(self):
        if bool(self.file) == bool(self.url):
            raise ValidationError(
                {"file": "Déposez un fichier ou indiquez un lien (l'un ou l'autre, pas les deux)."},
                code="file_xor_link",
            )

    def get_levels_display(self) -> list[str]:
        return [ResourceLevel(c).label for c in self.levels if c in ResourceLevel.values]

    def get_publics_display(self) -> list[str]:
        return [ResourcePublic(c).label for c in self.publics if c in ResourcePublic.values]

    def suits(self, *, level: str = "", public: str = "") -> bool:
        """Whether the resource fits a level and a public (an empty list fits all)."""
        return (not level or not self.levels or level in self.levels) and (
            not public or not self.publics or public in self.publics
        )

    @property
    def size_label(self) -> str:
        """« 1,2 Mo », « 350 ko »."""
        if not self.file_size:
            return ""
        if self.file_size >= 1024 * 1024:
            return f"{self.file_size / (1024 * 1024):.1f} Mo".replace(".", ",")
        return f"{max(1, round(self.file_size / 1024))} ko"
