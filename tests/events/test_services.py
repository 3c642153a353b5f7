"""Registrations: seats, waiting list, promotion with its e-mail, closed events, duplicates, bad input."""

import pytest
from django.core import mail

from sps.audit.models import AuditEntry
from sps.events import services
from sps.events.enums import Audience, ParticipantRole, RegistrationStatus
from sps.events.errors import EventError, RegistrationError
from sps.events.models import Registration
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory, in_days
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def register(event, email, **kwargs):
    values = {"name": "Camille Martin", "role": ParticipantRole.PARENT} | kwargs
    return services.registration_create(event=event, email=email, **values)


def test_seats_then_waiting_list(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2, online_url="https://visio.example.fr/salle-42")
    with django_capture_on_commit_callbacks(execute=True):
        first = register(event, "Un@Example.fr")
        second = register(event, "deux@example.fr")
        third = register(event, "trois@example.fr")
    assert (first.status, second.status, third.status) == ("confirmed", "confirmed", "waiting")
    assert first.email == "un@example.fr"  # one address, whatever its case
    assert [m.to for m in mail.outbox] == [["un@example.fr"], ["deux@example.fr"], ["trois@example.fr"]]
    assert mail.outbox[0].subject.startswith("Inscription confirmée")
    assert first.token in mail.outbox[0].body
    # The online link goes to the confirmed people only, never to the waiting list.
    assert "https://visio.example.fr/salle-42" in mail.outbox[0].body
    assert "https://visio.example.fr/salle-42" not in mail.outbox[2].body
    assert "liste d'attente" in mail.outbox[2].body
    assert AuditEntry.objects.filter(verb="events.registration.waiting", object_id=third.pk).exists()


def test_cancellation_promotes_the_first_waiting_person_with_an_email(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1, online_url="https://visio.example.fr/salle-42")
    seated = register(event, "assis@example.fr")
    first_waiting = register(event, "premier@example.fr")
    second_waiting = register(event, "second@example.fr")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=seated)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "assis@example.fr": "cancelled",
        "premier@example.fr": "confirmed",
        "second@example.fr": "waiting",
    }
    assert {m.to[0]: m.subject for m in mail.outbox} == {
        "assis@example.fr": f"Inscription annulée : {event.title}",
        "premier@example.fr": f"Une place s'est libérée : {event.title}",
    }
    promoted_mail = next(m for m in mail.outbox if m.to == ["premier@example.fr"])
    assert "https://visio.example.fr/salle-42" in promoted_mail.body and first_waiting.token in promoted_mail.body
    # Cancelling again changes nothing and promotes nobody else.
    services.registration_cancel(registration=seated)
    assert Registration.objects.get(pk=second_waiting.pk).status == "waiting"


def test_leaving_the_waiting_list_promotes_nobody():
    event = EventFactory(capacity=1)
    register(event, "assis@example.fr")
    waiting = register(event, "attente@example.fr")
    after = register(event, "apres@example.fr")
    services.registration_cancel(registration=waiting)
    assert Registration.objects.get(pk=after.pk).status == "waiting"
    assert event.registrations.confirmed().count() == 1


def test_more_seats_promote_the_waiting_list(django_capture_on_commit_callbacks):
    from tests.accounts.factories import UserFactory, grant

    user = UserFactory()
    grant(user, "national_pilot")
    event = EventFactory(capacity=1)
    register(event, "a@example.fr")
    register(event, "b@example.fr")
    register(event, "c@example.fr")
    session = event.sessions.get()
    services.event_save(
        event=event,
        by=user,
        fields={"capacity": 2, "place": event.place},
        academies=list(event.academies.all()),
        sessions=[
            {
                "id": session.pk,
                "title": session.title,
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "place": "",
            }
        ],
    )
    assert list(event.registrations.order_by("pk").values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "waiting",
    ]


def test_unlimited_event_confirms_everyone():
    event = EventFactory(capacity=None)
    assert all(register(event, f"p{i}@example.fr").is_confirmed for i in range(5))


def test_closed_or_draft_event_refuses_registrations():
    closed = EventFactory(registrations_open=False)
    with pytest.raises(RegistrationError, match="closes"):
        register(closed, "a@example.fr")
    draft = EventFactory(draft=True)
    with pytest.raises(RegistrationError, match="closes"):
        register(draft, "a@example.fr")
    assert not Registration.objects.exists()


def test_duplicate_email_is_refused_with_a_clear_message():
    event = EventFactory()
    register(event, "camille@example.fr")
    with pytest.raises(RegistrationError) as error:
        register(event, " CAMILLE@example.fr ")
    assert error.value.errors == {"email": [services.DUPLICATE_MESSAGE]}
    assert "déjà inscrite" in services.DUPLICATE_MESSAGE
    # Once cancelled, the same address may register again.
    services.registration_cancel(registration=Registration.objects.get())
    assert register(event, "camille@example.fr").is_confirmed


def test_bad_input_is_refused_field_by_field_and_writes_nothing():
    event = EventFactory(audience=Audience.STAFF)
    question = QuestionFactory(event=event)
    with pytest.raises(RegistrationError) as error:
        services.registration_create(
            event=event, email="a@example.fr", name=" ", role=ParticipantRole.PARENT, answers={question.key: "Autre"}
        )
    assert set(error.value.errors) == {"name", "role", f"q_{question.pk}"}
    with pytest.raises(RegistrationError) as error:
        services.registration_create(event=event, email="a@example.fr", name="Camille", role=ParticipantRole.STAFF)
    assert set(error.value.errors) == {"school", f"q_{question.pk}"}
    with pytest.raises(RegistrationError) as error:
        services.registration_create(event=event, email="", name="Camille", role=ParticipantRole.STAFF)
    assert set(error.value.errors) == {"email"}
    assert not Registration.objects.exists()
    school = SchoolFactory()
    registration = services.registration_create(
        event=event,
        email="a@example.fr",
        name="Camille",
        role=ParticipantRole.STAFF,
        school=school,
        answers={question.key: "Climat scolaire", "9999": "ignored"},
    )
    assert registration.school == school and registration.answers == {question.key: "Climat scolaire"}


def test_update_keeps_the_rules_and_cancelled_cannot_change():
    event = EventFactory()
    registration = register(event, "a@example.fr")
    services.registration_update(registration=registration, name="Camille Dupont", role=ParticipantRole.PARTNER)
    registration.refresh_from_db()
    assert (registration.name, registration.role) == ("Camille Dupont", "partner")
    services.registration_cancel(registration=registration)
    with pytest.raises(RegistrationError, match="annulée"):
        services.registration_update(registration=registration, name="X", role=ParticipantRole.PARENT)


def test_event_rules_are_checked_before_anything_is_written():
    from sps.events.models import Event
    from sps.territories.models import Academy
    from tests.accounts.factories import UserFactory, grant

    user = UserFactory()
    academy = Academy.objects.create(name="Test", slug="test", code="T1", region_id=_region().pk)
    grant(user, "academy_pilot", academy)
    other = Academy.objects.create(name="Autre", slug="autre", code="T2", region_id=_region().pk)
    start = in_days(3)
    with pytest.raises(EventError) as error:
        services.event_save(
            by=user,
            fields={"kind": "forum", "title": "Forum", "description": "…", "place": "", "online_url": ""},
            academies=[other],
            sessions=[{"title": "Matin", "starts_at": start, "ends_at": start}],
        )
    assert set(error.value.errors) == {"academies", "place", "sessions"}
    assert not Event.objects.exists()


def _region():
    from tests.territories.factories import AcademicRegionFactory

    return AcademicRegionFactory(name="Région test")


def test_attendance_marks_only_confirmed_listed_people():
    event = EventFactory(capacity=2)
    a, b = register(event, "a@example.fr"), register(event, "b@example.fr")
    waiting = register(event, "c@example.fr")
    services.registrations_set_attendance(
        event=event, by=None, present_ids=[a.pk, waiting.pk], listed_ids=[a.pk, b.pk, waiting.pk]
    )
    assert dict(event.registrations.values_list("email", "attended")) == {
        "a@example.fr": True,
        "b@example.fr": False,
        "c@example.fr": False,
    }
    services.registrations_set_attendance(event=event, by=None, present_ids=[], listed_ids=[a.pk])
    assert not event.registrations.filter(attended=True).exists()


def test_waiting_order_is_first_come_first_served():
    event = EventFactory(capacity=0 + 1)
    seated = register(event, "a@example.fr")
    later = [register(event, f"w{i}@example.fr") for i in range(3)]
    services.registration_cancel(registration=seated)
    assert [r.status for r in Registration.objects.filter(pk__in=[r.pk for r in later]).order_by("pk")] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
        RegistrationStatus.WAITING,
    ]
    assert RegistrationFactory._meta.model is Registration
