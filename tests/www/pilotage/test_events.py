"""The organisers' event pages: create with sessions, speakers and questions, edit, publish, close,
the attendance list, the export; other académies' events are out of reach."""

import io
from html import unescape

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sps.accounts.enums import Role
from sps.audit.models import AuditEntry
from sps.events.models import Event, Registration
from sps.files.models import GeneratedFile
from sps.territories.models import Academy
from tests.accounts.factories import UserFactory, grant
from tests.events.factories import EventFactory, QuestionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def creteil(reference):
    return Academy.objects.get(slug="creteil")


@pytest.fixture
def pilot(creteil):
    user = UserFactory()
    grant(user, Role.ACADEMY_PILOT, creteil)
    return user


def _management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }


def _event_data(academies, **overrides):
    data = {
        "kind": "seminar",
        "title": "Persévérance scolaire : agir pour la réussite de tous",
        "description": "Regards croisés et retours sur les recherches actuelles.",
        "academies": [a.pk for a in academies],
        "place": "",
        "online_url": "https://visio.example.fr/seminaire",
        "audience": "staff",
        "capacity": "700",
        "registrations_open": "on",
        **_management("sessions", 3),
        "sessions-0-title": "Conférence",
        "sessions-0-date": "2027-03-24",
        "sessions-0-start_time": "09:00",
        "sessions-0-end_time": "10:30",
        "sessions-1-title": "Table ronde",
        "sessions-1-date": "2027-03-24",
        "sessions-1-start_time": "10:45",
        "sessions-1-end_time": "12:30",
        **_management("speakers", 2),
        "speakers-0-name": "Pierre-Yves Bernard",
        "speakers-0-title": "Chercheur, CREN",
        "speakers-0-topic": "Les motifs de la rupture avec l'École",
        "speakers-0-session": "1",
        "speakers-1-name": "Christine Alt",
        "speakers-1-session": "2",
        **_management("questions", 1),
        "questions-0-label": "Atelier choisi",
        "questions-0-choices": "Climat scolaire\nCompétences psycho-sociales",
        "questions-0-required": "on",
    }
    data.update(overrides)
    return data


def test_pilot_creates_a_seminar_shared_by_three_academies(client, pilot, creteil):
    paris, versailles = Academy.objects.get(slug="paris"), Academy.objects.get(slug="versailles")
    client.force_login(pilot)
    page = client.get(reverse("pilotage:event_create")).content.decode()
    assert "Versailles" in page and "Rennes" not in page  # the académies of its région académique
    response = client.post(reverse("pilotage:event_create"), _event_data([creteil, paris, versailles]))
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "pilotage:event_detail", kwargs={"pk": event.pk}
    )
    assert set(event.academies.values_list("slug", flat=True)) == {"creteil", "paris", "versailles"}
    sessions = event.ordered_sessions()
    assert [s.title for s in sessions] == ["Conférence", "Table ronde"]
    assert {s.name: s.session.title for s in event.speakers.all()} == {
        "Pierre-Yves Bernard": "Conférence",
        "Christine Alt": "Table ronde",
    }
    assert event.questions.get().choice_list == ["Climat scolaire", "Compétences psycho-sociales"]
    assert event.status == "draft" and event.created_by == pilot and event.capacity == 700
    assert AuditEntry.objects.filter(verb="events.event.created", object_id=event.pk).exists()

    # Edit: the rows come back with their ids; delete one session, its speaker goes to the whole event.
    edit = reverse("pilotage:event_edit", kwargs={"pk": event.pk})
    html = client.get(edit).content.decode()
    assert 'value="Table ronde"' in html and 'value="Pierre-Yves Bernard"' in html
    [conf, table] = sessions
    speakers = {s.name: s for s in event.speakers.all()}
    question = event.questions.get()
    data = _event_data([creteil], title="Séminaire académique")
    data.update(_management("sessions", 3, 2))
    data.update({"sessions-0-id": conf.pk, "sessions-1-id": table.pk, "sessions-1-DELETE": "on"})
    data.update(_management("speakers", 3, 2))
    data.update({"speakers-0-id": speakers["Pierre-Yves Bernard"].pk, "speakers-1-id": speakers["Christine Alt"].pk})
    data.update(_management("questions", 2, 1))
    data["questions-0-id"] = question.pk
    response = client.post(edit, data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Séminaire académique" and list(event.academies.all()) == [creteil]
    assert [s.pk for s in event.sessions.all()] == [conf.pk]
    assert event.speakers.get(name="Christine Alt").session is None
    assert event.questions.get().pk == question.pk  # answers keep their key


def test_bad_input_shows_french_messages_and_writes_nothing(client, pilot, creteil):
    client.force_login(pilot)
    rennes = Academy.objects.get(slug="rennes")
    data = _event_data(
        [rennes],
        title="",
        capacity="0",
        online_url="pas une adresse",
        **{"sessions-0-end_time": "08:00", "sessions-1-date": "32/13/2027"},
    )
    response = client.post(reverse("pilotage:event_create"), data)
    html = unescape(response.content.decode())
    assert response.status_code == 200 and not Event.objects.exists()
    for message in [
        "Rien n'a été enregistré",
        "Le nombre de places doit être d'au moins 1",
        "Indiquez une adresse web complète",
        "L'heure de fin doit être après l'heure de début.",
        "Indiquez une date valide.",
        "Sélectionnez un choix valide",  # Rennes is not offered to a Créteil pilot
    ]:
        assert message in html, message
    assert 'value="Pierre-Yves Bernard"' in html  # what was typed is kept
    # No session at all, no place: the service's messages.
    data = _event_data([creteil], online_url="", **_management("sessions", 1), **{"speakers-1-session": ""})
    (
        data.pop("sessions-0-title"),
        data.pop("sessions-0-date"),
        data.pop("sessions-0-start_time"),
        data.pop("sessions-0-end_time"),
    )
    html = unescape(client.post(reverse("pilotage:event_create"), data).content.decode())
    assert "Indiquez un lieu, ou un lien de connexion" in html and "Ajoutez au moins une session" in html
    assert not Event.objects.exists()


def test_publish_close_and_reopen(client, pilot, creteil):
    event = EventFactory(academies=[creteil], draft=True)
    client.force_login(pilot)
    url = reverse("pilotage:event_status", kwargs={"pk": event.pk})
    client.post(url, {"operation": "publish"})
    event.refresh_from_db()
    assert event.is_published and event.published_at
    assert client.get(event.get_absolute_url()).status_code == 200
    client.post(url, {"operation": "close"})
    event.refresh_from_db()
    assert not event.registrations_open
    client.post(url, {"operation": "open"})
    client.post(url, {"operation": "unpublish"})
    event.refresh_from_db()
    assert event.registrations_open and not event.is_published
    assert client.get(url).status_code == 405


def test_registration_list_and_attendance_on_a_phone(client, pilot, creteil):
    event = EventFactory(academies=[creteil], capacity=2)
    question = QuestionFactory(event=event)
    a = RegistrationFactory(event=event, name="Anne Durand", answers={question.key: "Climat scolaire"})
    b = RegistrationFactory(event=event, name="Bruno Petit")
    waiting = RegistrationFactory(event=event, name="Zoé Attente", status="waiting")
    client.force_login(pilot)
    html = client.get(reverse("pilotage:event_detail", kwargs={"pk": event.pk})).content.decode()
    assert "Anne Durand" in html and "Zoé Attente" in html and "Climat scolaire" in html and "<caption>" in html
    url = reverse("pilotage:event_attendance", kwargs={"pk": event.pk})
    html = client.get(url).content.decode()
    assert f'id="present-{a.pk}"' in html and f'id="present-{waiting.pk}"' not in html
    client.post(url, {"listed": [a.pk, b.pk], "present": [a.pk]})
    assert set(Registration.objects.filter(attended=True)) == {a}
    client.post(url, {"listed": [a.pk, b.pk], "present": [b.pk]})
    assert set(Registration.objects.filter(attended=True)) == {b}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_goes_through_a_generated_file(client, pilot, creteil, fmt, django_capture_on_commit_callbacks):
    event = EventFactory(academies=[creteil])
    RegistrationFactory(event=event, name="Anne Durand")
    client.force_login(pilot)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pilotage:event_export", kwargs={"pk": event.pk}), {"format": fmt})
    file = GeneratedFile.objects.get()
    assert response["Location"] == reverse("files:detail", kwargs={"pk": file.pk})
    assert file.status == "ready" and file.filename.endswith(f".{fmt}")
    download = client.get(reverse("files:download", kwargs={"pk": file.pk}))
    content = b"".join(download.streaming_content)
    if fmt == "csv":
        assert "Anne Durand" in content.decode("utf-8-sig")
    else:
        assert load_workbook(io.BytesIO(content)).active["B2"].value == "Anne Durand"


def test_other_academies_events_are_missing_and_relays_are_refused(client, pilot, creteil):
    rennes_event = EventFactory(academies=[Academy.objects.get(slug="rennes")], title="Forum de Rennes")
    client.force_login(pilot)
    assert "Forum de Rennes" not in client.get(reverse("pilotage:event_list")).content.decode()
    for name in ("event_detail", "event_edit", "event_attendance"):
        assert client.get(reverse(f"pilotage:{name}", kwargs={"pk": rennes_event.pk})).status_code == 404
    assert (
        client.post(
            reverse("pilotage:event_status", kwargs={"pk": rennes_event.pk}), {"operation": "close"}
        ).status_code
        == 404
    )
    rennes_event.refresh_from_db()
    assert rennes_event.registrations_open
    assert (
        client.post(reverse("pilotage:event_export", kwargs={"pk": rennes_event.pk}), {"format": "csv"}).status_code
        == 404
    )
    assert not GeneratedFile.objects.exists()


def _bassin(code):
    from sps.territories.models import Department
    from tests.territories.factories import BassinFactory

    return BassinFactory(department=Department.objects.get(code=code), name=f"Bassin du {code}")


# Each field of the event form, its bad value and the French message shown next to it (the brief:
# bad input on every field gets a clear message, nothing is written).
BAD_EVENT_INPUT = [
    ({"kind": ""}, "kind", "Ce champ est obligatoire."),
    ({"kind": "party"}, "kind", "Sélectionnez un choix valide"),
    ({"title": ""}, "title", "Ce champ est obligatoire."),
    ({"title": "x" * 201}, "title", "au plus 200 caractères"),
    ({"description": ""}, "description", "Ce champ est obligatoire."),
    ({"academies": []}, "academies", "Choisissez au moins une académie organisatrice."),
    ({"department": "paris-75"}, "department", "n'appartient à aucune des académies organisatrices"),
    ({"bassin": "bassin-93", "department": "creteil-94"}, "bassin", "n'appartient pas au département choisi"),
    ({"online_url": "pas une adresse"}, "online_url", "Indiquez une adresse web complète"),
    ({"online_url": "", "place": ""}, "place", "Indiquez un lieu, ou un lien de connexion"),
    ({"audience": "everyone"}, "audience", "Sélectionnez un choix valide"),
    ({"capacity": "beaucoup"}, "capacity", "Indiquez un nombre entier de places."),
    ({"capacity": "-3"}, "capacity", "Le nombre de places doit être d'au moins 1"),
    ({"capacity": "100001"}, "capacity", "Indiquez au plus 100 000 places."),
    ({"sessions-0-title": ""}, "sessions-0-title", "Ce champ est obligatoire."),
    ({"sessions-0-date": "2027-02-30"}, "sessions-0-date", "Indiquez une date valide."),
    ({"sessions-0-start_time": "25:00"}, "sessions-0-start_time", "Indiquez une heure valide."),
    ({"sessions-0-end_time": "09:00"}, "sessions-0-end_time", "L'heure de fin doit être après l'heure de début."),
    ({"speakers-0-name": ""}, "speakers-0-name", "Ce champ est obligatoire."),
    ({"speakers-0-session": "7"}, "speakers-0-session", "Sélectionnez un choix valide"),
    ({"questions-0-label": ""}, "questions-0-label", "Ce champ est obligatoire."),
]


@pytest.mark.parametrize("overrides, field, message", BAD_EVENT_INPUT, ids=[row[1] for row in BAD_EVENT_INPUT])
def test_bad_input_on_every_event_field(client, pilot, creteil, overrides, field, message):
    from sps.territories.models import Department

    bassins = {"bassin-93": _bassin("93")}
    departments = {"paris-75": Department.objects.get(code="75"), "creteil-94": Department.objects.get(code="94")}
    named = departments | bassins
    values = {
        key: named[value].pk if isinstance(value, str) and value in named else value for key, value in overrides.items()
    }
    client.force_login(pilot)
    data = _event_data([creteil])
    data.update(values)
    response = client.post(reverse("pilotage:event_create"), data)
    html = unescape(response.content.decode())
    assert response.status_code == 200 and not Event.objects.exists()
    assert "Rien n'a été enregistré" in html
    assert message in html, html[html.find("fr-alert--error") :][:2000]
    assert f'href="#id_{field}' in html  # the summary links to the field
    assert 'value="Pierre-Yves Bernard"' in html or field == "speakers-0-name"  # what was typed is kept


@pytest.fixture
def shared_event(creteil):
    """The seminar shared by the three académies of Île-de-France (seed 004: one event, several organisers)."""
    paris, versailles = Academy.objects.get(slug="paris"), Academy.objects.get(slug="versailles")
    event = EventFactory(academies=[creteil, paris, versailles], title="Séminaire francilien", capacity=1)
    RegistrationFactory(event=event, name="Anne Durand")
    return event


@pytest.mark.parametrize("slug", ["creteil", "paris", "versailles"])
def test_each_organising_academy_manages_a_shared_event(client, shared_event, slug):
    academy = Academy.objects.get(slug=slug)
    user = UserFactory()
    grant(user, Role.ACADEMY_PILOT, academy)
    client.force_login(user)
    assert "Séminaire francilien" in client.get(reverse("pilotage:event_list")).content.decode()
    assert (
        "Anne Durand" in client.get(reverse("pilotage:event_detail", kwargs={"pk": shared_event.pk})).content.decode()
    )
    edit = reverse("pilotage:event_edit", kwargs={"pk": shared_event.pk})
    assert client.get(edit).status_code == 200
    session = shared_event.sessions.get()
    data = _event_data(list(shared_event.academies.all()), title=f"Séminaire francilien ({academy.name})")
    data.update(_management("sessions", 1, 1))
    data.update({"sessions-0-id": session.pk, "speakers-0-session": "", "speakers-1-session": ""})
    response = client.post(edit, data)
    assert response.status_code == 302, unescape(response.content.decode())
    shared_event.refresh_from_db()
    assert shared_event.title == f"Séminaire francilien ({academy.name})"
    assert set(shared_event.academies.values_list("slug", flat=True)) == {"creteil", "paris", "versailles"}
    client.post(reverse("pilotage:event_status", kwargs={"pk": shared_event.pk}), {"operation": "close"})
    shared_event.refresh_from_db()
    assert not shared_event.registrations_open
    # An organiser may not leave their own académie out of the organisers.
    others = [a for a in shared_event.academies.all() if a != academy]
    response = client.post(edit, data | {"academies": [a.pk for a in others]})
    html = unescape(response.content.decode())
    assert "Votre académie doit faire partie des académies organisatrices." in html, html[
        html.find("fr-alert--error") :
    ][:1500]
    assert shared_event.academies.count() == 3


def test_a_pilot_of_another_region_cannot_reach_a_shared_event(client, shared_event):
    user = UserFactory()
    grant(user, Role.ACADEMY_PILOT, Academy.objects.get(slug="rennes"))
    client.force_login(user)
    for name in ("event_detail", "event_edit", "event_attendance"):
        assert client.get(reverse(f"pilotage:{name}", kwargs={"pk": shared_event.pk})).status_code == 404
