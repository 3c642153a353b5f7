"""Events in Chromium, each page checked with axe-core: a visitor registers without an account,
gets the e-mail, opens their link and cancels; a pilot creates a seminar with two sessions and a
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
