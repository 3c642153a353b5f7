"""Events in Chromium, each page checked with axe-core: a visitor registers without an account,
gets the e-mail, opens their link and cancels; a confirmed visitor cancels and the first person of
the waiting list is promoted (e-mail and seat); a pilot creates a seminar with two sessions and a
capacity, then ticks the attendance list on a phone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from sps.accounts.enums import Role
from sps.events.models import Event, Registration
from sps.territories.models import Academy
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.browser.helpers import assert_accessible, follow, log_in, visit
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.browser


def test_visitor_registers_gets_the_email_and_cancels(page, reference):
    event = EventFactory(
        academies=[Academy.objects.get(slug="creteil")],
        title="Forum de la persévérance",
        capacity=1,
        online_url="https://visio.example.fr/salle-secrete",
    )
    waiting = RegistrationFactory(event=event, status="waiting", email="attente@example.fr")
    RegistrationFactory(event=event, email="assis@example.fr")  # the only seat is taken
    visit(page, event.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Forum de la persévérance")
    expect(page.locator("main")).not_to_contain_text("salle-secrete")
    assert_accessible(page)

    # A first try without the e-mail: the message next to the field, nothing typed is lost.
    page.get_by_label("Nom et prénom").fill("Camille Martin")
    page.locator("label[for=id_role_1]").click()  # Parent d'élève (DSFR draws the radio on its label)
    follow(page, page.get_by_role("button", name="S'inscrire"))
    expect(page.locator("#id_email-messages")).to_contain_text("Indiquez votre adresse électronique.")
    expect(page.get_by_label("Nom et prénom")).to_have_value("Camille Martin")
    assert_accessible(page)

    page.get_by_label(re.compile("Adresse électronique")).fill("camille@example.fr")
    follow(page, page.get_by_role("button", name="S'inscrire"))
    expect(page.locator("h1")).to_have_text("Votre inscription")
    expect(page.locator("main")).to_contain_text("Vous êtes sur la liste d'attente (position 2)")
    assert_accessible(page)

    [message] = [m for m in mail.outbox if m.to == ["camille@example.fr"]]
    link = re.search(r"https?://\S+/evenements/inscription/\S+/", message.body).group(0)
    path = "/" + link.split("/", 3)[3]
    visit(page, path)
    follow(page, page.get_by_role("button", name="Quitter la liste d'attente"))
    expect(page.locator("main")).to_contain_text("Cette inscription est annulée")
    assert_accessible(page)
    assert Registration.objects.get(email="camille@example.fr").is_cancelled
    assert Registration.objects.get(pk=waiting.pk).is_waiting


def test_pilot_creates_a_seminar_then_ticks_attendance_on_a_phone(page, browser, live_server, reference):
    pilot = UserFactory(email="pilote@example.fr")
    grant(pilot, Role.ACADEMY_PILOT, Academy.objects.get(slug="creteil"))
    log_in(page, pilot.email, PASSWORD)
    visit(page, "/pilotage/evenements/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Créer un événement"))
    assert_accessible(page)
    page.locator("#id_kind").select_option("seminar")
    page.locator("#id_title").fill("Séminaire académique")
    page.locator("#id_description").fill("Regards croisés sur la persévérance scolaire.")
    page.locator("#id_place").fill("Rectorat de Créteil")
    page.locator("#id_capacity").fill("2")
    for n, (title, start, end) in enumerate([("Conférence", "09:00", "10:30"), ("Ateliers", "14:00", "16:00")]):
        page.locator(f"#id_sessions-{n}-title").fill(title)
        page.locator(f"#id_sessions-{n}-date").fill("2027-03-24")
        page.locator(f"#id_sessions-{n}-start_time").fill(start)
        page.locator(f"#id_sessions-{n}-end_time").fill(end)
    follow(page, page.get_by_role("button", name="Enregistrer"))
    expect(page.locator("h1")).to_have_text("Séminaire académique")
    event = Event.objects.get()
    assert event.sessions.count() == 2 and event.capacity == 2
    follow(page, page.get_by_role("button", name="Publier l'événement"))
    expect(page.locator("main")).to_contain_text("L'événement est publié")
    assert_accessible(page)

    person = RegistrationFactory(event=event, name="Anne Durand")
    phone = browser.new_page(bypass_csp=True, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone.live_url = live_server.url
    phone.context.add_cookies(page.context.cookies())
    visit(phone, f"/pilotage/evenements/{event.pk}/emargement/")
    assert_accessible(phone)
    phone.locator(f"label[for=present-{person.pk}]").tap()
    follow(phone, phone.get_by_role("button", name="Enregistrer les présences"))
    expect(phone.locator(f"#present-{person.pk}")).to_be_checked()
    phone.context.close()
    assert Registration.objects.get(pk=person.pk).attended


def _registration_path(email: str) -> str:
    """The private link of the last e-mail sent to `email`, as a path on the live server."""
    message = [m for m in mail.outbox if m.to == [email]][-1]
    link = re.search(r"https?://\S+/evenements/inscription/\S+/", message.body).group(0)
    return "/" + link.split("/", 3)[3]


def _register(page, event, name: str, email: str):
    visit(page, event.get_absolute_url())
    assert_accessible(page)
    page.get_by_label("Nom et prénom").fill(name)
    page.get_by_label(re.compile("Adresse électronique")).fill(email)
    page.locator("label[for=id_role_1]").click()  # Parent d'élève
    follow(page, page.get_by_role("button", name="S'inscrire"))
    expect(page.locator("h1")).to_have_text("Votre inscription")
    assert_accessible(page)


def test_a_waiting_person_is_promoted_when_a_seat_is_freed(page, browser, live_server, reference):
    event = EventFactory(
        academies=[Academy.objects.get(slug="creteil")],
        title="Conférence sur le décrochage",
        capacity=1,
        online_url="https://visio.example.fr/salle-conference",
    )
    # Visitor A takes the only seat.
    _register(page, event, "Alice Martin", "alice@example.fr")
    expect(page.locator("main")).to_contain_text("Votre inscription est confirmée")
    assert any(m.to == ["alice@example.fr"] and m.subject.startswith("Inscription confirmée") for m in mail.outbox)

    # Visitor B, in another browser, finds the event full and goes on the waiting list.
    other = browser.new_page(bypass_csp=True)
    other.live_url = live_server.url
    visit(other, event.get_absolute_url())
    expect(other.locator("main")).to_contain_text("Complet")
    _register(other, event, "Bruno Petit", "bruno@example.fr")
    expect(other.locator("main")).to_contain_text("Vous êtes sur la liste d'attente (position 1)")
    expect(other.locator("main")).not_to_contain_text("salle-conference")
    bruno_path = _registration_path("bruno@example.fr")

    # A cancels from the link of their e-mail.
    visit(page, _registration_path("alice@example.fr"))
    expect(page.locator("main")).to_contain_text("salle-conference")
    follow(page, page.get_by_role("button", name="Annuler mon inscription"))
    expect(page.locator("main")).to_contain_text("Cette inscription est annulée")
    expect(page.locator("main")).not_to_contain_text("salle-conference")
    assert_accessible(page)

    # B is promoted: the e-mail is in the outbox, and B's link shows the seat and the online link.
    promoted = [m for m in mail.outbox if m.to == ["bruno@example.fr"] and "place s'est libérée" in m.subject]
    assert len(promoted) == 1 and bruno_path in promoted[0].body
    assert "https://visio.example.fr/salle-conference" in promoted[0].body
    visit(other, bruno_path)
    expect(other.locator("main")).to_contain_text("Votre inscription est confirmée")
    expect(other.locator("main")).to_contain_text("https://visio.example.fr/salle-conference")
    expect(other.get_by_role("button", name="Annuler mon inscription")).to_be_visible()
    assert_accessible(other)
    other.context.close()
    assert dict(Registration.objects.values_list("email", "status")) == {
        "alice@example.fr": "cancelled",
        "bruno@example.fr": "confirmed",
    }
