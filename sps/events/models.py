"""Events of the week (séminaires, conférences, forums, visites…) and their registrations.

An event is organised by one or several académies (one event shared by the académies of a région
académique, seed 004: counted once). People register without an account; their secret `token` is
the link that lets them see, change or cancel their registration. Registrations are personal data:
purged a set time after the event (services.registrations_purge), only the counts stay.
"""

import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from sps.events.enums import AUDIENCE_ROLES, Audience, EventKind, EventStatus, ParticipantRole, RegistrationStatus


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def managed_by(self, user):
        """The events `user` organises: national pilots all, académie pilots those of their académies."""
        from sps.accounts.perms import scope_of

        scope = scope_of(user)
        if scope.national:
            return self.all()
        if not scope.academy_ids:
            return self.none()
        return self.filter(
            pk__in=Event.academies.through.objects.filter(academy_id__in=scope.academy_ids).values("event_id")
        )

    def with_counts(self):
        return self.annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            waiting_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
            first_start=Min("sessions__starts_at"),
        )


class Event(models.Model):
    kind = models.CharField("type d'événement", max_length=20, choices=EventKind.choices)
    title = models.CharField("titre", max_length=200)
    description = models.TextField("présentation")
    academies = models.ManyToManyField(
        "territories.Academy",
        verbose_name="académies organisatrices",
        related_name="events",
        help_text="Un événement partagé par plusieurs académies d'une région académique est un seul événement.",
    )
    department = models.ForeignKey(
        "territories.Department", verbose_name="département", null=True, blank=True, on_delete=models.PROTECT
    )
    bassin = models.ForeignKey(
        "territories.Bassin", verbose_name="bassin", null=True, blank=True, on_delete=models.PROTECT
    )
    place = models.CharField("lieu", max_length=300, blank=True)
    online_url = models.URLField(
        "lien de connexion",
        max_length=500,
        blank=True,
        help_text="Envoyé aux seules personnes inscrites, jamais affiché publiquement.",
    )
    audience = models.CharField("public", max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    capacity = models.PositiveIntegerField("nombre de places", null=True, blank=True)
    registrations_open = models.BooleanField("inscriptions ouvertes", default=True)
    status = models.CharField("état", max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # RGPD: once the registrations are purged, what is left of them (counts only).
    registrations_purged_at = models.DateTimeField(null=True, blank=True)
    archived_counts = models.JSONField("bilan des inscriptions", default=dict, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:event_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    @property
    def allowed_roles(self) -> tuple:
        return AUDIENCE_ROLES[Audience(self.audience)]

    def ordered_sessions(self):
        return sorted(self.sessions.all(), key=lambda s: (s.starts_at, s.pk))

    @property
    def starts_at(self):
        sessions = self.ordered_sessions()
        return sessions[0].starts_at if sessions else None

    @property
    def ends_at(self):
        sessions = list(self.sessions.all())
        return max(s.ends_at for s in sessions) if sessions else None


class EventSession(models.Model):
    """A dated part of an event: the morning conference, an afternoon workshop."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField("intitulé", max_length=200)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    place = models.CharField("lieu", max_length=300, blank=True, help_text="Si différent du lieu de l'événement.")

    class Meta:
        verbose_name = "session"
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="events_session_ends_after")
        ]

    def __str__(self):
        return self.title

    @property
    def duration(self):
        return self.ends_at - self.starts_at

    @property
    def is_past(self) -> bool:
        """Its day is before today in Paris: no « Ajouter à mon agenda » any more."""
        paris = ZoneInfo("Europe/Paris")
        return timezone.localtime(self.starts_at, paris).date() < timezone.localdate(timezone=paris)


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    session = models.ForeignKey(EventSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="speakers")
    name = models.CharField("nom", max_length=200)
    title = models.CharField("fonction", max_length=300, blank=True)
    topic = models.CharField("sujet de l'intervention", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "intervenant"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class RegistrationQuestion(models.Model):
    """A question of the organisers on the registration form (« atelier choisi », régime alimentaire)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField("question", max_length=200)
    choices = models.TextField(
        "réponses proposées",
        blank=True,
        help_text="Une par ligne ; sans réponse proposée, la réponse est libre.",
    )
    required = models.BooleanField("réponse obligatoire", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "question d'inscription"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def key(self) -> str:
        """The key of its answer in Registration.answers."""
        return str(self.pk)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def confirmed(self):
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waiting(self):
        """In the order they joined the list: the first is promoted first."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField("nom et prénom", max_length=200)
    email = models.EmailField("adresse électronique", max_length=254)
    role = models.CharField("vous êtes", max_length=10, choices=ParticipantRole.choices)
    school = models.ForeignKey(
        "schools.School", verbose_name="établissement", null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(
        "état", max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.CONFIRMED
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    answers = models.JSONField("réponses", default=dict, blank=True)
    attended = models.BooleanField("présent", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        ordering = ["created_at", "pk"]
        constraints = [
            # One live registration per address and event (a cancelled one may register again).
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="events_one_registration_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} — {self.event}"

    def get_absolute_url(self):
        return reverse("public:registration_detail", kwargs={"token": self.token})

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.status == RegistrationStatus.WAITING

    @property
    def is_cancelled(self) -> bool:
        return self.status == RegistrationStatus.CANCELLED

    @property
    def can_have_attestation(self) -> bool:
        """Staff marked present get an attestation de présence (time counted as training)."""
        return self.attended and self.role == ParticipantRole.STAFF and not self.is_cancelled
