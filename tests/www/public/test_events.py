"""The public event page and registration form (no account), and the person's private page."""

from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from sps.events.enums import Audience
from sps.events.models import Registration
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory, SpeakerFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def _url(event):
    return reverse("public:event_detail", kwargs={"pk": event.pk})


def _post(client, event, **data):
    values = {"name": "Camille Martin", "email": "camille@example.fr", "role": "parent"} | data
    return client.post(_url(event), values)


def test_public_page_shows_the_programme_but_never_the_online_link(client):
    event = EventFactory(online_url="https://visio.example.fr/secret-room")
    SpeakerFactory(event=event, session=event.sessions.get(), topic="Les motifs du décrochage")
    html = client.get(_url(event)).content.decode()
    assert event.title in html and "Pierre-Yves Bernard" in html and "Les motifs du décrochage" in html
    assert "secret-room" not in html
    assert "10 places restantes sur 10" in html


def test_draft_event_is_not_public(client):
    assert client.get(_url(EventFactory(draft=True))).status_code == 404


def test_register_then_see_change_and_cancel(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1, online_url="https://visio.example.fr/secret-room")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, event)
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == registration.get_absolute_url()
    assert len(mail.outbox) == 1 and registration.get_absolute_url() in mail.outbox[0].body
    page = client.get(registration.get_absolute_url()).content.decode()
    assert "Votre inscription est confirmée" in page and "secret-room" in page  # the person's own page only
    response = client.post(registration.get_absolute_url(), {"name": "Camille Dupont", "role": "partner"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.name == "Camille Dupont" and registration.email == "camille@example.fr"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("public:registration_cancel", kwargs={"token": registration.token}))
    registration.refresh_from_db()
    assert registration.is_cancelled and "annulée" in mail.outbox[-1].subject
    page = client.get(registration.get_absolute_url()).content.decode()
    assert "Cette inscription est annulée" in page and "secret-room" not in page


def test_full_event_puts_the_visitor_on_the_waiting_list(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    assert "Complet" in client.get(_url(event)).content.decode()
    response = _post(client, event)
    registration = Registration.objects.get(email="camille@example.fr")
    assert registration.is_waiting
    page = client.get(response["Location"]).content.decode()
    assert "liste d'attente (position 1)" in page and "Quitter la liste d'attente" in page


def test_duplicate_registration_message_next_to_the_email(client):
    event = EventFactory()
    _post(client, event)
    response = _post(client, event, email="CAMILLE@example.fr", name="Autre nom")
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "déjà inscrite à cet événement" in html and 'value="Autre nom"' in html  # nothing typed is lost
    assert Registration.objects.count() == 1


def test_closed_registrations_are_refused(client):
    event = EventFactory(registrations_open=False)
    assert "Les inscriptions à cet événement sont closes" in client.get(_url(event)).content.decode()
    response = _post(client, event)
    assert response.status_code == 302 and not Registration.objects.exists()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"name": ""}, "name", "Indiquez vos nom et prénom."),
        ({"email": ""}, "email", "Indiquez votre adresse électronique."),
        ({"email": "camille@"}, "email", "Indiquez une adresse électronique valide"),
        ({"role": ""}, "role", "Indiquez qui vous êtes."),
        ({"role": "pupil"}, "role", "Choisissez une des réponses proposées."),
        ({"role": "staff", "uai": ""}, "uai", "Indiquez l'UAI de votre établissement"),
        ({"role": "staff", "uai": "12"}, "uai", "UAI"),
        ({"role": "staff", "uai": "0940176F"}, "uai", "Aucun établissement ne porte l'UAI 0940176F"),
        ({"q": ""}, "q", "Répondez à cette question."),
        ({"q": "Danse"}, "q", "Choisissez une des réponses proposées."),
    ],
)
def test_bad_input_on_every_field_gets_a_french_message_next_to_it(client, data, field, message):
    event = EventFactory()
    question = QuestionFactory(event=event)
    values = {f"q_{question.pk}": "Climat scolaire"}
    if "q" in data:
        values[f"q_{question.pk}"] = data.pop("q")
        field = f"q_{question.pk}"
    response = _post(client, event, **values, **data)
    html = unescape(response.content.decode())
    assert response.status_code == 200 and not Registration.objects.exists()
    assert message in html
    assert f'href="#id_{field}' in html  # the summary links to the field
    assert f'id="id_{field}-messages"' in html  # the message sits next to it


def test_staff_only_event_offers_only_staff_and_records_the_school(client):
    event = EventFactory(audience=Audience.STAFF)
    school = SchoolFactory()
    html = client.get(_url(event)).content.decode()
    assert "Parent d&#x27;élève" not in html and "Personnel de l&#x27;Éducation nationale" in html
    response = _post(client, event, role="parent")
    assert response.status_code == 200
    _post(client, event, role="staff", uai=school.uai.lower())
    assert Registration.objects.get().school == school


def test_attestation_only_for_staff_marked_present(client):
    event = EventFactory()
    present = RegistrationFactory(event=event, role="staff", attended=True, school=SchoolFactory())
    absent = RegistrationFactory(event=event, role="staff")
    parent = RegistrationFactory(event=event, role="parent", attended=True)
    url = lambda r: reverse("public:registration_attestation", kwargs={"token": r.token})  # noqa: E731
    response = client.get(url(present))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert url(present) in client.get(present.get_absolute_url()).content.decode()
    assert client.get(url(absent)).status_code == 404 and client.get(url(parent)).status_code == 404


def test_unknown_token_is_a_404(client):
    assert client.get(reverse("public:registration_detail", kwargs={"token": "x" * 43})).status_code == 404
    assert client.get(reverse("public:registration_detail", kwargs={"token": "x" * 100})).status_code == 404


def test_public_page_queries_do_not_grow_with_sessions_and_speakers(client, django_assert_num_queries):
    event = EventFactory()
    QuestionFactory(event=event)
    for _ in range(3):
        SpeakerFactory(event=event, session=event.sessions.first())
    client.get(_url(event))  # warm the site configuration's cache
    with django_assert_num_queries(9):  # the 9th: whether it is in the public programme (its .ics)
        client.get(_url(event))
