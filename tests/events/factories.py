import datetime

import factory
from django.utils import timezone

from sps.events.enums import Audience, EventKind, EventStatus, ParticipantRole, RegistrationStatus
from sps.events.models import Event, EventSession, Registration, RegistrationQuestion, Speaker
from tests.territories.factories import AcademyFactory


def in_days(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class EventFactory(factory.django.DjangoModelFactory):
    """A published public event with one session in ten days; `academies=[...]` sets the organisers."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.SEMINAR
    title = factory.Sequence(lambda n: f"Séminaire de la persévérance {n}")
    description = "Regards croisés sur la persévérance scolaire."
    place = "Amphithéâtre du rectorat"
    audience = Audience.PUBLIC
    capacity = 10
    status = EventStatus.PUBLISHED

    class Params:
        draft = factory.Trait(status=EventStatus.DRAFT)

    @factory.post_generation
    def academies(obj, create, extracted, **kwargs):
        if create:
            obj.academies.set(extracted if extracted is not None else [AcademyFactory()])

    @factory.post_generation
    def with_session(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EventSessionFactory(event=obj)


class EventSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSession

    event = factory.SubFactory(EventFactory, with_session=False)
    title = "Conférence"
    starts_at = factory.LazyFunction(lambda: in_days(10, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    name = "Pierre-Yves Bernard"
    title = "Chercheur, Centre de recherche en éducation de Nantes"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationQuestion

    event = factory.SubFactory(EventFactory)
    label = "Atelier choisi"
    choices = "Climat scolaire\nCompétences psycho-sociales"
    required = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Camille Martin {n}")
    email = factory.Sequence(lambda n: f"inscrit{n}@example.fr")
    role = ParticipantRole.PARENT
    status = RegistrationStatus.CONFIRMED
