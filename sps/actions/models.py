"""The fiche action and what hangs on it: temps forts, partners, comments, notes, the idea bank,
the bilan and its photos, and the académie's moderation settings.

`publics`, `levels` and partners' `contributions` are JSON lists of enum codes: one column, the
same on SQLite and PostgreSQL, filtered with ActionQuerySet.with_public/with_level (a match on
the quoted code in the JSON text, which both databases support).
"""

import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from sps.accounts import perms
from sps.actions.enums import (
    PUBLIC_STATUSES,
    ActionStatus,
    CarrierLevel,
    Contribution,
    FirstModerators,
    IdeaCategory,
    PartnerKind,
    PromotionKind,
    Public,
)
from sps.actions.fields import FIELDS, verbose_name
from sps.common.storage import PrivateStorage
from sps.editions import rules as edition_rules
from sps.editions.models import Edition, EditionTheme
from sps.schools.models import School
from sps.territories.models import Academy, Bassin, Department

PARIS = ZoneInfo("Europe/Paris")

TITLE_MAX = 200
TEXT_MAX = 4000
DESCRIPTION_MAX = 600  # the fiche's public description: one paragraph (fields.DESCRIPTION_HELP)
SHORT_MAX = 300

# Field name -> the Public it counts (Bilan).
PARTICIPANT_FIELDS = {
    Public.PUPILS: "participants_pupils",
    Public.PARENTS: "participants_parents",
    Public.STAFF: "participants_staff",
    Public.PARTNERS: "participants_partners",
}


def json_list_has(field: str, code: str) -> Q:
    """Rows whose JSON list `field` holds `code` (codes are plain ASCII words, never quotes)."""
    return Q(**{f"{field}__icontains": f'"{code}"'})


def any_level_q(codes) -> Q:
    """Fiches whose levels hold one of `codes`."""
    q = Q(pk__in=[])
    for code in codes:
        q |= json_list_has("levels", code)
    return q


def carried_by_schools_q(**school_filter) -> Q:
    """Fiches carried by at least one school matching `school_filter` (School field lookups)."""
    through = Action.schools.through.objects.filter(**{f"school__{k}": v for k, v in school_filter.items()})
    return Q(pk__in=through.values("action_id"))


def has_occurrence_q() -> Q:
    """Fiches with at least one temps fort (an IN over one subquery: hashed once when many fiches are
    counted, where an EXISTS would probe the temps forts once per fiche)."""
    return Q(pk__in=Occurrence.objects.values("action_id"))


def bilan_returned_q() -> Q:
    """Fiches whose porteur transmitted the bilan."""
    return Q(bilan__submitted_at__isnull=False)


def has_partner_q(**partner_filter) -> Q:
    """Fiches with at least one partner (matching `partner_filter`, ActionPartner lookups, if given)."""
    return Q(pk__in=ActionPartner.objects.filter(**partner_filter).values("action_id"))


def participants_not_reported_q(public) -> Q:
    """Fiches whose transmitted bilan gives no figure for `public` (« N.C. », not 0)."""
    return bilan_returned_q() & Q(**{f"bilan__{PARTICIPANT_FIELDS[public]}__isnull": True})


class ActionQuerySet(models.QuerySet):
    def published(self):
        """The programme: what the public sees."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def in_edition(self, edition):
        return self.filter(edition=edition)

    def _carried_in(self, **school_filter) -> Q:
        through = Action.schools.through.objects.filter(**{f"school__{k}": v for k, v in school_filter.items()})
        return Q(pk__in=through.values("action_id"))

    def for_school(self, school):
        return self.filter(self._carried_in(pk=school.pk))

    def _territory_q(self, *, academy_ids=(), department_ids=(), bassin_ids=()) -> Q:
        q = Q(pk__in=[])
        if academy_ids:
            q |= Q(edition__academy_id__in=academy_ids)
        if department_ids:
            q |= (
                self._carried_in(department_id__in=department_ids)
                | Q(bassin__department_id__in=department_ids)
                | Q(department_id__in=department_ids)
            )
        if bassin_ids:
            q |= self._carried_in(bassin_id__in=bassin_ids) | Q(bassin_id__in=bassin_ids)
        return q

    def for_territory(self, *, academy=None, department=None, bassin=None):
        """Actions of an académie (its edition, merged académies included), a département or a bassin
        (carried by one of its schools, or at that level). Several arguments narrow down."""
        qs = self
        if academy is not None:
            qs = qs.filter(self._territory_q(academy_ids=edition_rules.academy_ids(academy)))
        if department is not None:
            qs = qs.filter(self._territory_q(department_ids=[department.pk]))
        if bassin is not None:
            qs = qs.filter(self._territory_q(bassin_ids=[bassin.pk]))
        return qs

    def visible_to(self, user):
        """What a signed-in user may open in their spaces: contributors their schools' and their own
        actions, pilots and relays their territory's (drafts included), national pilots everything.
        Anonymous users get nothing here: the public reads `published()`."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        scope = perms.scope_of(user)
        if scope.national:
            return self.all()
        q = Q(created_by=user)
        if scope.school_ids:
            q |= self._carried_in(pk__in=scope.school_ids)
        if scope.academy_ids:
            q |= scope.edition_academy_q("edition__")
        q |= self._territory_q(department_ids=scope.department_ids, bassin_ids=scope.bassin_ids)
        return self.filter(q)

    def awaiting_moderation_by(self, user):
        """Submitted fiches in `user`'s moderation queue (see rules.first_moderators_q)."""
        from sps.actions.rules import moderation_queue_q

        q = moderation_queue_q(user)
        if q is None:
            return self.none()
        return self.filter(q, status=ActionStatus.SUBMITTED)

    def awaiting_publication_by(self, user):
        """Validated fiches `user` may publish (see rules.publication_queue_q)."""
        from sps.actions.rules import publication_queue_q

        q = publication_queue_q(user)
        if q is None:
            return self.none()
        return self.filter(q, status=ActionStatus.VALIDATED)

    def queue_of(self, user):
        """The « À traiter » queue: submitted fiches routed to `user` by their académie's settings and
        validated fiches `user` may publish, oldest submission first."""
        from sps.actions.rules import moderation_queue_q, publication_queue_q

        q = Q(pk__in=[])
        moderation, publication = moderation_queue_q(user), publication_queue_q(user)
        if moderation is not None:
            q |= moderation & Q(status=ActionStatus.SUBMITTED)
        if publication is not None:
            q |= publication & Q(status=ActionStatus.VALIDATED)
        return self.filter(q).order_by(F("submitted_at").asc(nulls_last=True), "pk")

    def with_public(self, code):
        return self.filter(json_list_has("publics", code))

    def with_any_level(self, codes):
        """Fiches holding one of these levels (a group of levels: « premier degré » = maternelle or élémentaire)."""
        return self.filter(any_level_q(codes))

    def with_level(self, code):
        return self.filter(json_list_has("levels", code))

    def filtered(
        self,
        *,
        status=None,
        bassin=None,
        department=None,
        level=None,
        public=None,
        theme=None,
        is_flagship=None,
        shown_at_forum=None,
        carrier_level=None,
    ):
        """The pilot list's filters; None leaves a filter out."""
        qs = self
        if status:
            qs = qs.filter(status=status)
        if bassin is not None or department is not None:
            qs = qs.for_territory(bassin=bassin, department=department)
        if level:
            qs = qs.with_level(level)
        if public:
            qs = qs.with_public(public)
        if theme is not None:
            qs = qs.filter(pk__in=Action.themes.through.objects.filter(editiontheme=theme).values("action_id"))
        if is_flagship is not None:
            qs = qs.filter(is_flagship=is_flagship)
        if shown_at_forum is not None:
            qs = qs.filter(shown_at_forum=shown_at_forum)
        if carrier_level:
            qs = qs.filter(carrier_level=carrier_level)
        return qs

    def with_details(self):
        """What a fiche page shows, in a fixed number of queries."""
        return self.select_related(
            "edition__academy", "edition__campaign", "created_by", "bassin__department", "department"
        ).prefetch_related(
            models.Prefetch("schools", queryset=School.objects.select_related("department", "bassin")),
            "themes",
            "occurrences",
            models.Prefetch("action_partners", queryset=ActionPartner.objects.select_related("partner")),
        )


class Action(models.Model):
    """One fiche action: an action carried by one or more schools, or at bassin, département or
    académie level (a district forum, a speed-meeting), in one edition."""

    edition = models.ForeignKey(Edition, verbose_name="édition", on_delete=models.PROTECT, related_name="actions")
    title = models.CharField("titre de l'action", max_length=TITLE_MAX, blank=True)
    description = models.TextField(
        "description", max_length=DESCRIPTION_MAX, blank=True, help_text=FIELDS["description"].help_text
    )
    carrier_level = models.CharField(
        "portée par", max_length=12, choices=CarrierLevel.choices, default=CarrierLevel.SCHOOL
    )
    schools = models.ManyToManyField(School, verbose_name="établissements porteurs", related_name="actions", blank=True)
    bassin = models.ForeignKey(
        Bassin, verbose_name="bassin porteur", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    department = models.ForeignKey(
        Department,
        verbose_name="département porteur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    # Deleting the porteur's account keeps the action: it stays its schools'.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="porteur de projet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_created",
    )
    themes = models.ManyToManyField(EditionTheme, verbose_name="thèmes", related_name="actions", blank=True)
    publics = models.JSONField("publics", default=list, blank=True)
    levels = models.JSONField("niveaux", default=list, blank=True)
    classes = models.CharField("classes concernées", max_length=SHORT_MAX, blank=True)
    organisation = models.TextField(verbose_name("organisation"), max_length=TEXT_MAX, blank=True)
    objectives = models.TextField(verbose_name("objectives"), max_length=TEXT_MAX, blank=True)
    steering = models.TextField(verbose_name("steering"), max_length=TEXT_MAX, blank=True)
    success_factors = models.TextField(verbose_name("success_factors"), max_length=TEXT_MAX, blank=True)
    promotion = models.TextField(verbose_name("promotion"), max_length=TEXT_MAX, blank=True)
    promotion_kind = models.CharField("type de valorisation", max_length=12, choices=PromotionKind.choices, blank=True)
    is_year_long = models.BooleanField("action menée toute l'année, que la semaine valorise", default=False)
    contact_name = models.CharField("nom du contact", max_length=150, blank=True)
    contact_email = models.EmailField("adresse électronique du contact", blank=True)
    contact_role = models.CharField("fonction du contact", max_length=150, blank=True)
    website = models.URLField("site web", max_length=SHORT_MAX, blank=True)
    video_url = models.URLField("vidéo", max_length=SHORT_MAX, blank=True)
    status = models.CharField("statut", max_length=20, choices=ActionStatus.choices, default=ActionStatus.DRAFT)
    refusal_reason = models.TextField("motif du refus", max_length=TEXT_MAX, blank=True)
    is_flagship = models.BooleanField("action phare", default=False)
    shown_at_forum = models.BooleanField("présentée au forum", default=False)
    declarations_reopened = models.BooleanField("fiche rouverte après la date limite", default=False)
    bilan_reopened = models.BooleanField("bilan rouvert après la date limite", default=False)
    reconducted_from = models.ForeignKey(
        "self",
        verbose_name="reconduite de",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reconductions",
    )
    from_model = models.ForeignKey(
        "IdeaModel", verbose_name="modèle", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    submitted_at = models.DateTimeField("soumise le", null=True, blank=True)
    validated_at = models.DateTimeField("validée le", null=True, blank=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "fiche action"
        verbose_name_plural = "fiches actions"
        indexes = [
            # `id` last: « the published fiches of a campaign » (the subquery of every national
            # indicator) is read from the index alone, not from the table (docs/performance.md).
            models.Index(fields=["edition", "status", "id"], name="action_edition_status_id"),
            models.Index(fields=["status", "submitted_at"]),
        ]

    def __str__(self):
        return self.title or "Action sans titre"

    @property
    def display_title(self) -> str:
        return str(self)

    @property
    def is_published(self) -> bool:
        return self.status == ActionStatus.PUBLISHED

    def get_publics_display(self) -> list[str]:
        return [Public(c).label for c in self.publics if c in Public.values]

    def get_levels_display(self) -> list[str]:
        from sps.actions.enums import Level

        return [Level(c).label for c in self.levels if c in Level.values]

    def carrier_label(self) -> str:
        """« Collège X, École Y », « Bassin Z », « Val-de-Marne (94) », « Académie de Créteil »."""
        if self.carrier_level == CarrierLevel.BASSIN and self.bassin_id:
            name = self.bassin.display_name
            return name if name.lower().startswith("bassin") else f"Bassin {name}"
        if self.carrier_level == CarrierLevel.DEPARTMENT and self.department_id:
            return str(self.department)
        if self.carrier_level == CarrierLevel.ACADEMY:
            return str(self.edition.academy)
        return ", ".join(s.display_name for s in self.schools.all())


class Occurrence(models.Model):
    """A temps fort: one dated moment of an action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="occurrences")
    date = models.DateField("date")
    start_time = models.TimeField("heure de début", null=True, blank=True)
    end_time = models.TimeField("heure de fin", null=True, blank=True)
    place = models.CharField("lieu", max_length=SHORT_MAX, blank=True)
    is_online = models.BooleanField("en ligne", default=False)
    url = models.URLField("lien de connexion", max_length=SHORT_MAX, blank=True)
    is_public = models.BooleanField("ouvert au public", default=False)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = "temps fort"
        verbose_name_plural = "temps forts"

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.place}".strip()

    @property
    def is_past(self) -> bool:
        """Its day is before today in Paris: no « Ajouter à mon agenda » any more."""
        return self.date < timezone.localdate(timezone=PARIS)


class PartnerQuerySet(models.QuerySet):
    def available_to(self, academy):
        """The partners a fiche of `academy` may carry: its académie's (with the académies merged
        with it) and the national ones."""
        return self.filter(Q(academy_id__in=edition_rules.academy_ids(academy)) | Q(academy__isnull=True))


class Partner(models.Model):
    """A partner of the shared directory: of one académie, or national (academy empty)."""

    name = models.CharField("nom", max_length=TITLE_MAX)
    kind = models.CharField("type", max_length=15, choices=PartnerKind.choices, default=PartnerKind.OTHER)
    academy = models.ForeignKey(
        Academy, verbose_name="académie", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    website = models.URLField("site web", max_length=SHORT_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "partenaire"
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "academy", condition=Q(academy__isnull=False), name="partner_unique_name_per_academy"
            ),
            models.UniqueConstraint(Lower("name"), condition=Q(academy__isnull=True), name="partner_unique_national"),
        ]

    def __str__(self):
        return self.name


class ActionPartner(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="action_partners")
    partner = models.ForeignKey(Partner, verbose_name="partenaire", on_delete=models.PROTECT, related_name="links")
    contributions = models.JSONField("apports", default=list, blank=True)
    contribution_text = models.CharField("précision sur l'apport", max_length=SHORT_MAX, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "partenaire de l'action"
        verbose_name_plural = "partenaires de l'action"
        constraints = [models.UniqueConstraint(fields=["action", "partner"], name="action_partner_unique")]

    def __str__(self):
        return f"{self.partner} → {self.action_id}"

    def get_contributions_display(self) -> list[str]:
        return [Contribution(c).label for c in self.contributions if c in Contribution.values]


class ActionComment(models.Model):
    """The thread between the porteur and the moderators; a change request is a comment too."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField("message", max_length=TEXT_MAX)
    is_change_request = models.BooleanField("demande de modification", default=False)
    created_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "commentaire"

    def __str__(self):
        return f"Commentaire #{self.pk} sur {self.action_id}"


class ActionNote(models.Model):
    """A moderators' internal note: the porteur never sees it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField("note", max_length=TEXT_MAX)
    created_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "note interne"
        verbose_name_plural = "notes internes"

    def __str__(self):
        return f"Note #{self.pk} sur {self.action_id}"


class IdeaModelQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class IdeaModel(models.Model):
    """A model fiche of the idea bank that a contributor copies into a new draft.

    The blank form « À votre tour… » is one model with `is_blank` set and every text empty, so it
    sits in the bank's list like the others; using it starts an empty draft.
    """

    slug = models.SlugField("identifiant", max_length=100, unique=True)
    title = models.CharField("titre", max_length=TITLE_MAX)
    category = models.CharField("catégorie", max_length=20, choices=IdeaCategory.choices)
    summary = models.CharField("en bref", max_length=SHORT_MAX, blank=True)
    publics = models.JSONField("publics", default=list, blank=True)
    levels = models.JSONField("niveaux", default=list, blank=True)
    organisation = models.TextField(verbose_name("organisation"), max_length=TEXT_MAX, blank=True)
    objectives = models.TextField(verbose_name("objectives"), max_length=TEXT_MAX, blank=True)
    steering = models.TextField(verbose_name("steering"), max_length=TEXT_MAX, blank=True)
    success_factors = models.TextField(verbose_name("success_factors"), max_length=TEXT_MAX, blank=True)
    promotion = models.TextField(verbose_name("promotion"), max_length=TEXT_MAX, blank=True)
    promotion_kind = models.CharField("type de valorisation", max_length=12, choices=PromotionKind.choices, blank=True)
    is_blank = models.BooleanField("formulaire vierge (« À votre tour… »)", default=False)
    is_active = models.BooleanField("proposé", default=True)
    order = models.PositiveSmallIntegerField("ordre", default=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_action = models.ForeignKey(
        Action, verbose_name="action d'origine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IdeaModelQuerySet.as_manager()

    class Meta:
        ordering = ["is_blank", "order", "title"]
        verbose_name = "modèle de fiche"
        verbose_name_plural = "banque d'idées"

    def __str__(self):
        return self.title

    @property
    def credit(self) -> str:
        """« Collège Marie Marvingt, Tallard »: who carried the action this model was made from (a
        national example, an action made a model by a pilot); "" for the shipped models."""
        action = self.source_action
        if action is None:
            return ""
        schools = [f"{s.display_name}, {s.commune}" if s.commune else s.display_name for s in action.schools.all()]
        return " ; ".join(schools) or action.carrier_label()


class ModerationSettings(models.Model):
    """How an académie moderates one edition (kept here: the editions app does not know fiches).

    No row means the defaults: only académie pilots validate; fiches reach the académie first.
    """

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="moderation_settings")
    relays_may_validate = models.BooleanField("les relais de bassin peuvent valider", default=False)
    department_pilots_may_validate = models.BooleanField("les pilotes départementaux peuvent valider", default=False)
    first_moderators = models.CharField(
        "les fiches soumises vont d'abord à",
        max_length=12,
        choices=FirstModerators.choices,
        default=FirstModerators.ACADEMY,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "réglages de modération"
        verbose_name_plural = "réglages de modération"

    def __str__(self):
        return f"Modération de l'édition {self.edition_id}"


class Bilan(models.Model):
    """The porteur's report after the action. A participant count left empty is « N.C. », not zero."""

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="bilan")
    participants_pupils = models.PositiveIntegerField("élèves participants", null=True, blank=True)
    participants_parents = models.PositiveIntegerField("parents participants", null=True, blank=True)
    participants_staff = models.PositiveIntegerField("personnels participants", null=True, blank=True)
    participants_partners = models.PositiveIntegerField("partenaires participants", null=True, blank=True)
    what_worked = models.TextField("ce qui a fonctionné", max_length=TEXT_MAX, blank=True)
    what_to_change = models.TextField("ce qu'il faudrait changer", max_length=TEXT_MAX, blank=True)
    supports = models.TextField("supports produits (liens)", max_length=TEXT_MAX, blank=True)
    submitted_at = models.DateTimeField("transmis le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "bilan"

    def __str__(self):
        return f"Bilan de {self.action}"

    def participants(self, public) -> int | None:
        return getattr(self, PARTICIPANT_FIELDS[public])

    def participants_label(self, public) -> str:
        value = self.participants(public)
        return "N.C." if value is None else str(value)


def bilan_storage():
    """Photos (often of minors) and supports are never public files: PRIVATE_MEDIA_ROOT, served
    by access-checked views, never under /media/."""
    return PrivateStorage()


def _photo_path(instance, filename) -> str:
    # A random name: the uploaded name may hold a child's name.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"actions/bilans/{uuid.uuid4().hex}.{extension}"


def _support_path(instance, filename) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
    return f"actions/supports/{uuid.uuid4().hex}.{extension}"


class BilanPhoto(models.Model):
    """A photo of the action, re-encoded without metadata (sps/actions/images.py), with the porteur's consent."""

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        "photo", storage=bilan_storage, upload_to=_photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField("légende", max_length=SHORT_MAX, blank=True)
    consent_confirmed = models.BooleanField("autorisations de droit à l'image confirmées", default=False)
    consent_text = models.TextField("texte confirmé")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "photo"
        constraints = [models.CheckConstraint(name="bilan_photo_consent", condition=Q(consent_confirmed=True))]

    def __str__(self):
        return f"Photo #{self.pk} du bilan {self.bilan_id}"


class BilanSupport(models.Model):
    """A support produced by the action: a file or a link."""

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="support_items")
    title = models.CharField("titre", max_length=TITLE_MAX)
    file = models.FileField("fichier", storage=bilan_storage, upload_to=_support_path, blank=True)
    url = models.URLField("lien", max_length=SHORT_MAX, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "support"

    def __str__(self):
        return self.title


class DeadlineReminder(models.Model):
    """That a user got the deadline reminder of an edition on a day (send_deadline_reminders is idempotent)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "user", "sent_on"], name="deadline_reminder_once_a_day")
        ]

    def __str__(self):
        return f"Rappel {self.edition_id} → {self.user_id} ({self.sent_on})"
