"""The public event page and registration form (no account), and the person's private page."""

import re
from html import unescape

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from sps.events.enums import Audience
from sps.events.models import Registration
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory, SpeakerFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The registration form's rate limit counts in the cache: each test starts with nothing counted."""
    cache.clear()
    yield
    cache.clear()


def _url(event):
    return reverse("public:event_detail", kwargs={"pk": event.pk})


def _post(client, event, REMOTE_ADDR="127.0.0.1", **data):
    values = {"name": "Camille Martin", "email": "camille@example.fr", "role": "parent"} | data
    return client.post(_url(event), values, REMOTE_ADDR=REMOTE_ADDR)


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
        ({"name": "x" * 201}, "name", "au plus 200 caractères"),
        ({"email": "a" * 250 + "@example.fr"}, "email", "au plus 254 caractères"),
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


def test_waiting_person_leaves_the_list_from_their_link(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    seated = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waiting")
    after = RegistrationFactory(event=event, status="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("public:registration_cancel", kwargs={"token": waiting.token}), follow=True)
    html = unescape(response.content.decode())
    assert "Vous avez quitté la liste d'attente." in html and "Cette inscription est annulée" in html
    waiting.refresh_from_db()
    assert waiting.is_cancelled
    # Leaving the list frees no seat: the seated person keeps it, the next one still waits.
    assert dict(Registration.objects.values_list("pk", "status")) == {
        seated.pk: "confirmed",
        waiting.pk: "cancelled",
        after.pk: "waiting",
    }
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_registrations_closed_by_a_pilot_are_refused_on_the_public_form(client):
    from sps.events import services

    event = EventFactory()
    services.event_set_registrations_open(event=event, by=None, is_open=False)
    response = _post(client, event)
    assert response.status_code == 302 and not Registration.objects.exists()
    page = unescape(client.get(response["Location"]).content.decode())
    assert page.count("Les inscriptions à cet événement sont closes.") >= 1 and 'name="email"' not in page


def test_the_form_says_how_long_registrations_are_kept(client, settings):
    settings.EVENT_REGISTRATION_RETENTION_MONTHS = 6
    html = unescape(client.get(_url(EventFactory())).content.decode())
    assert "supprimées 6 mois après celui-ci" in html


def test_registrations_are_rate_limited_per_client_address(client, settings):
    settings.EVENT_REGISTRATION_RATE_LIMIT = {"PER_IP": 3, "PER_EMAIL": 100, "WINDOW_SECONDS": 600}
    event = EventFactory(capacity=None)
    for n in range(3):
        assert _post(client, event, email=f"p{n}@example.fr").status_code == 302
    response = _post(client, event, email="p3@example.fr", name="Dominique Roy")
    html = unescape(response.content.decode())
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 600
    assert "Trop de demandes d'inscription envoyées depuis votre réseau" in html and "minute" in html
    assert 'value="Dominique Roy"' in html and 'value="p3@example.fr"' in html  # what was typed is kept
    assert Registration.objects.count() == 3
    # Another client address is not held back.
    other = _post(client, event, email="p4@example.fr", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302 and Registration.objects.count() == 4


def test_registrations_are_rate_limited_per_email_address_across_events(client, settings):
    settings.EVENT_REGISTRATION_RATE_LIMIT = {"PER_IP": 100, "PER_EMAIL": 2, "WINDOW_SECONDS": 600}
    first, second, third = EventFactory(), EventFactory(), EventFactory()
    assert _post(client, first, email="cible@example.fr").status_code == 302
    assert _post(client, second, email=" CIBLE@example.fr").status_code == 302
    response = _post(client, third, email="cible@example.fr", REMOTE_ADDR="192.0.2.8")
    html = unescape(response.content.decode())
    assert response.status_code == 429
    assert "Trop de demandes d'inscription pour cette adresse électronique" in html
    assert 'id="id_email-messages"' in html and 'href="#id_email"' in html  # next to the field
    assert not Registration.objects.filter(event=third).exists()
    assert _post(client, third, email="autre@example.fr").status_code == 302


def test_bad_input_on_the_change_form_keeps_the_registration(client):
    event = EventFactory()
    registration = RegistrationFactory(event=event, name="Camille Martin", role="parent")
    response = client.post(registration.get_absolute_url(), {"name": "", "role": "staff", "uai": "0940176F"})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Indiquez vos nom et prénom." in html and "Aucun établissement ne porte l'UAI 0940176F" in html
    assert 'href="#id_name"' in html and 'value="0940176F"' in html
    registration.refresh_from_db()
    assert (registration.name, registration.role, registration.school) == ("Camille Martin", "parent", None)


def test_free_answer_too_long_is_refused_next_to_its_question(client):
    event = EventFactory()
    question = QuestionFactory(event=event, label="Régime alimentaire", choices="", required=False)
    response = _post(client, event, **{f"q_{question.pk}": "x" * 501})
    html = unescape(response.content.decode())
    assert response.status_code == 200 and not Registration.objects.exists()
    assert "au plus 500 caractères" in html and f'id="id_q_{question.pk}-messages"' in html
    assert _post(client, event, **{f"q_{question.pk}": "Sans gluten"}).status_code == 302
    assert Registration.objects.get().answers == {question.key: "Sans gluten"}


def test_default_limits_let_a_person_register_to_the_weeks_events_and_stop_a_flood(client):
    # One teacher signs up for eight events of the week in a row: never held back.
    for _ in range(8):
        assert _post(client, EventFactory(), email="prof@example.fr").status_code == 302
    # A script posting from one address is stopped well before a hundred attempts.
    event = EventFactory(capacity=None)
    statuses = [_post(client, event, email=f"robot{n}@example.fr").status_code for n in range(100)]
    assert 429 in statuses and statuses.index(429) >= 20
    assert Registration.objects.filter(event=event).count() == statuses.index(429)


def test_closed_registrations_do_not_show_seats_left(client):
    # « 15 places restantes » next to « les inscriptions sont closes » would contradict it.
    html = client.get(_url(EventFactory(registrations_open=False, capacity=15))).content.decode()
    assert "places restantes" not in html and "Les inscriptions à cet événement sont closes" in html
    assert "15 places restantes sur 15" in client.get(_url(EventFactory(capacity=15))).content.decode()


def test_the_event_page_has_a_breadcrumb_and_its_date_starts_with_a_capital(client):
    event = EventFactory()
    html = client.get(_url(event)).content.decode()
    assert 'class="fr-breadcrumb"' in html
    assert f'<a class="fr-breadcrumb__link" href="{reverse("public:programme")}">Programme</a>' in html
    assert f'<a class="fr-breadcrumb__link" aria-current="page">{event.title}</a>' in html
    lead = re.search(r'<p class="fr-text--lead">([^<]*)</p>', html).group(1)
    assert lead[0].isupper(), lead
