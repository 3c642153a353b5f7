"""The calendar of the temps forts and the iCalendar feeds (RFC 5545, Europe/Paris)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from icalendar import Calendar

from sps.catalogue import index
from sps.events.models import EventSession
from tests.actions.factories import ActionFactory
from tests.editions.factories import EditionFactory
from tests.events.factories import EventFactory, EventSessionFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
MONDAY = datetime.date(2027, 3, 29)  # the day after the switch to summer time (28 March 2027)
NOVEMBER = datetime.date(2027, 11, 15)
# Before the temps forts of the programme: they still offer « Ajouter à mon agenda ».
BEFORE = "2027-01-15"


def published(occurrences, **kwargs):
    action = ActionFactory(published=True, occurrences=occurrences, **kwargs)
    index.index_actions([action.pk])
    return action


def at(day, start=None, end=None, **kwargs):
    return {"date": day, "start_time": start, "end_time": end, **kwargs}


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, {str(e["summary"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def programme():
    theatre = published(
        [
            at(MONDAY, datetime.time(14), datetime.time(16), place="Salle des fêtes"),
            at(MONDAY + datetime.timedelta(days=1), datetime.time(9), datetime.time(10)),
            at(NOVEMBER, datetime.time(18, 30), datetime.time(20), place="Gymnase"),
            # Not public: never shown, nor its online link.
            at(MONDAY, datetime.time(8), is_public=False, is_online=True, url="https://visio.example.fr/secret"),
        ],
        title="Théâtre des élèves",
        is_flagship=True,
    )
    forum = published([at(MONDAY, datetime.time(10), datetime.time(12))], title="Forum des métiers")
    all_day = published([at(MONDAY + datetime.timedelta(days=2))], title="Journée portes ouvertes")
    private = published([at(MONDAY, datetime.time(11), is_public=False)], title="Réunion interne")
    draft = ActionFactory(submitted=True, occurrences=[at(MONDAY, datetime.time(15))], title="Pas publiée")
    return {"theatre": theatre, "forum": forum, "all_day": all_day, "private": private, "draft": draft}


@freeze_time(BEFORE)
def test_the_calendar_groups_the_public_temps_forts_by_day_and_hour(client, programme):
    html = client.get(reverse("public:calendar"), {"semaine": "2027-03-31"}).content.decode()
    assert "Semaine du lundi 29 mars au dimanche 4 avril 2027" in html
    headings = re.findall(r'<h3 class="fr-h5" id="day-([\d-]+)">', html)
    assert headings == ["2027-03-29", "2027-03-30", "2027-03-31"]
    monday = html.split('id="day-2027-03-29"')[1].split('id="day-2027-03-30"')[0]
    assert monday.index("10\u00a0h") < monday.index("Forum des métiers") < monday.index("14\u00a0h")
    assert monday.index("14\u00a0h") < monday.index("Théâtre des élèves")
    assert "Toute la journée" in html
    assert "Réunion interne" not in html and "Pas publiée" not in html
    assert "visio.example.fr" not in html and not re.search(r"(?<!\d)8\u00a0h", html)
    # Each temps fort offers its .ics; the feed's address is there to copy.
    occurrence = programme["forum"].occurrences.get()
    assert f'href="/programme/actions/{programme["forum"].pk}/temps-forts/{occurrence.pk}.ics"' in html
    assert 'id="feed-url" type="url" value="http' in html and "/programme/agenda.ics" in html


def test_the_calendar_filters_like_the_catalogue(client, programme):
    html = client.get(reverse("public:calendar"), {"phare": "1", "semaine": "2027-03-29"}).content.decode()
    assert "Théâtre des élèves" in html and "Forum des métiers" not in html
    assert 'href="/programme/?phare=1"' in html  # back to the list, same filters
    assert "/programme/agenda.ics?phare=1" in html
    # The next week with temps forts keeps the filters.
    assert 'href="/programme/calendrier/?phare=1&amp;semaine=2027-11-15"' in html
    html = client.get(reverse("public:calendar"), {"q": "forum", "semaine": "2027-03-29"}).content.decode()
    assert "Forum des métiers" in html and "Théâtre des élèves" not in html
    html = client.get(reverse("public:calendar"), {"jour": "2027-03-30"}).content.decode()
    assert re.findall(r'<h3 class="fr-h5" id="day-([\d-]+)">', html) == ["2027-03-30"]


@freeze_time("2027-10-01")
def test_the_calendar_opens_on_the_next_week_with_temps_forts(client, programme):
    html = client.get(reverse("public:calendar")).content.decode()
    assert "Semaine du lundi 15 au dimanche 21 novembre 2027" in html
    assert 'href="/programme/calendrier/?semaine=2027-03-29"' in html  # the week before


@pytest.mark.parametrize("params", [{"semaine": "lundi"}, {"semaine": "2027-02-31"}, {"jour": "x", "bassin": "y"}])
def test_bad_params_of_the_calendar_do_not_fail(client, programme, params):
    response = client.get(reverse("public:calendar"), params)
    assert response.status_code == 200
    if "semaine" in params:
        assert "n'est pas une date valide" in response.content.decode()


def test_the_calendar_without_temps_forts_says_so(client, reference):
    html = client.get(reverse("public:calendar"), {"phare": "1"}).content.decode()
    assert "Aucun temps fort public n'est annoncé pour ces filtres." in html.replace(NBSP, " ")


def test_the_feed_keeps_europe_paris_across_the_daylight_saving_change(client, programme):
    calendar, by_title = events(client.get(reverse("public:agenda_ics")))
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    theatre = [e for e in calendar.walk("VEVENT") if e["SUMMARY"] == "Théâtre des élèves"]
    starts = sorted(e.decoded("DTSTART") for e in theatre)
    assert [s.utcoffset() for s in starts] == [
        datetime.timedelta(hours=2),  # 29 March, summer time
        datetime.timedelta(hours=2),
        datetime.timedelta(hours=1),  # 15 November, winter time
    ]
    assert all(str(s.tzinfo) == "Europe/Paris" for s in starts)
    assert starts[-1].astimezone(datetime.UTC).hour == 17  # 18h30 in Paris
    assert b"DTSTART;TZID=Europe/Paris:20270329T140000" in client.get(reverse("public:agenda_ics")).content
    forum = by_title["Forum des métiers"]
    assert forum.decoded("DTEND") - forum.decoded("DTSTART") == datetime.timedelta(hours=2)
    assert (
        forum["UID"] == f"temps-fort-{programme['forum'].occurrences.get().pk}@semaine-perseverance.education.gouv.fr"
    )
    assert str(forum["URL"]).endswith(f"/programme/actions/{programme['forum'].pk}/")
    # No time: an all-day event (a DATE, DTEND the next day).
    all_day = by_title["Journée portes ouvertes"]
    assert all_day.decoded("DTSTART") == MONDAY + datetime.timedelta(days=2)
    assert all_day.decoded("DTEND") == MONDAY + datetime.timedelta(days=3)
    assert str(by_title["Théâtre des élèves"]["LOCATION"]) in ("Salle des fêtes", "Gymnase", "Créteil")


def test_the_feed_has_no_non_public_temps_fort(client, programme):
    response = client.get(reverse("public:agenda_ics"))
    _, by_title = events(response)
    assert "Réunion interne" not in by_title and "Pas publiée" not in by_title
    assert b"visio.example.fr" not in response.content
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 5


def test_the_feed_applies_the_filters_and_its_uids_are_stable(client, programme):
    school = SchoolFactory()
    published([at(NOVEMBER, datetime.time(9))], title="Café des parents", schools=[school])
    _, by_title = events(client.get(reverse("public:agenda_ics"), {"etablissement": school.uai}))
    assert list(by_title) == ["Café des parents"]
    _, by_title = events(client.get(reverse("public:agenda_ics"), {"phare": "1"}))
    assert set(by_title) == {"Théâtre des élèves"}
    _, by_title = events(client.get(reverse("public:agenda_ics"), {"q": "forum metiers"}))
    assert set(by_title) == {"Forum des métiers"}
    _, by_title = events(client.get(reverse("public:agenda_ics"), {"jour": "2027-03-31"}))
    assert set(by_title) == {"Journée portes ouvertes"}
    first = client.get(reverse("public:agenda_ics")).content
    assert first == client.get(reverse("public:agenda_ics")).content
    for params in ({"jour": "demain"}, {"bassin": "x"}, {"q": "é" * 300}):
        assert client.get(reverse("public:agenda_ics"), params).status_code == 200


def test_one_public_temps_fort_downloads_as_ics(client, programme):
    forum = programme["forum"]
    occurrence = forum.occurrences.get()
    url = reverse("public:occurrence_ics", args=[forum.pk, occurrence.pk])
    response = client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="temps-fort-{occurrence.pk}.ics"'
    calendar, by_title = events(response)
    assert list(by_title) == ["Forum des métiers"]
    assert calendar.walk("VTIMEZONE")


def test_a_temps_fort_that_is_not_public_or_not_published_is_missing(client, programme):
    private = programme["private"]
    theatre = programme["theatre"]
    hidden = theatre.occurrences.get(is_public=False)
    draft = programme["draft"]
    cases = [
        (private.pk, private.occurrences.get().pk),
        (theatre.pk, hidden.pk),
        (draft.pk, draft.occurrences.get().pk),
        (programme["forum"].pk, theatre.occurrences.filter(is_public=True).first().pk),  # another action's
        (999999, 999999),
    ]
    for action_id, occurrence_id in cases:
        assert client.get(reverse("public:occurrence_ics", args=[action_id, occurrence_id])).status_code == 404


@freeze_time(BEFORE)
def test_the_add_to_calendar_snippet(programme):
    from django.template.loader import render_to_string

    occurrence = programme["forum"].occurrences.get()
    html = render_to_string("public/_add_to_calendar.html", {"occurrence": occurrence})
    assert f'href="/programme/actions/{programme["forum"].pk}/temps-forts/{occurrence.pk}.ics"' in html
    assert "Ajouter à mon agenda" in html and "lundi 29 mars 2027 à 10\u00a0h" in html
    hidden = programme["theatre"].occurrences.get(is_public=False)
    assert render_to_string("public/_add_to_calendar.html", {"occurrence": hidden}).strip() == ""


def published_event(edition, day, hour, academies=None, **kwargs):
    """A published event of `edition`'s académie with one session on `day` at `hour` (Paris)."""
    event = EventFactory(academies=academies or [edition.academy], with_session=False, **kwargs)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    EventSessionFactory(event=event, title="Table ronde", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    index.index_events([event.pk])
    return event


@pytest.fixture
def seminar(programme):
    edition = programme["forum"].edition
    assert edition.campaign.school_year == "2026-2027"
    other = EditionFactory(campaign=edition.campaign, published=True)
    return published_event(
        edition,
        MONDAY,
        15,
        academies=[edition.academy, other.academy],  # shared: one row in the calendar all the same
        title="Séminaire de la persévérance",
        online_url="https://visio.example.fr/seminaire-secret",
    )


def test_the_calendar_shows_event_sessions_by_day_and_hour(client, seminar):
    html = client.get(reverse("public:calendar"), {"semaine": "2027-03-29"}).content.decode()
    monday = html.split('id="day-2027-03-29"')[1].split('id="day-2027-03-30"')[0]
    assert monday.index("14\u00a0h") < monday.index("15\u00a0h") < monday.index("Séminaire de la persévérance")
    assert monday.count(">Séminaire de la persévérance</a>") == 1
    assert f'href="/evenements/{seminar.pk}/"' in monday and "Table ronde" in monday
    assert "seminaire-secret" not in html
    only_actions = client.get(reverse("public:calendar"), {"semaine": "2027-03-29", "nature": "action"})
    assert "Séminaire de la persévérance" not in only_actions.content.decode()


def test_the_feed_has_event_sessions_in_paris_time_without_the_online_link(client, seminar):
    response = client.get(reverse("public:agenda_ics"))
    calendar, by_summary = events(response)
    session = by_summary["Séminaire de la persévérance — Table ronde"]
    start = session.decoded("dtstart")
    assert start.replace(tzinfo=None) == datetime.datetime(2027, 3, 29, 15) and str(start.tzinfo) == "Europe/Paris"
    assert session.decoded("dtend").replace(tzinfo=None) == datetime.datetime(2027, 3, 29, 17)
    assert str(session["url"]).endswith(f"/evenements/{seminar.pk}/")
    assert "seminaire-secret" not in response.content.decode()
    assert "seminaire-secret" not in response.content.decode().replace("\r\n ", "")
    # Once, for all its académies.
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")].count("Séminaire de la persévérance — Table ronde") == 1
    academy_feed = client.get(reverse("public:agenda_ics"), {"academie": seminar.academies.last().slug})
    assert "Séminaire de la persévérance — Table ronde" in events(academy_feed)[1]


def test_the_calendar_queries_do_not_grow_with_the_data(client, seminar, django_assert_max_num_queries):
    # 7: the 6 of the calendar and its weeks, and the académies of its filter form.
    with django_assert_max_num_queries(7) as first:
        client.get(reverse("public:calendar"), {"semaine": "2027-03-29"})
    edition = seminar.catalogue_entries.first().edition
    for _ in range(3):
        published([at(MONDAY, datetime.time(9)), at(MONDAY, datetime.time(17))])
        published_event(edition, MONDAY, 11)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("public:calendar"), {"semaine": "2027-03-29"})


@freeze_time(BEFORE)
def test_each_event_session_has_its_ics_without_the_online_link(client, seminar):
    session = EventSession.objects.get(event=seminar)
    url = reverse("public:session_ics", args=[seminar.pk, session.pk])
    html = client.get(reverse("public:calendar"), {"semaine": "2027-03-29"}).content.decode()
    assert f'href="{url}"' in html
    assert f'href="{url}"' in client.get(seminar.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="session-{session.pk}.ics"'
    [vevent] = Calendar.from_ical(response.content).walk("VEVENT")
    assert vevent.decoded("dtstart").replace(tzinfo=None) == datetime.datetime(2027, 3, 29, 15)
    assert str(vevent["url"]).endswith(f"/evenements/{seminar.pk}/")
    assert "seminaire-secret" not in response.content.decode()
    # A session of another event, or of an event out of the programme, is not found.
    other = EventFactory(draft=True)
    other_session = EventSession.objects.get(event=other)
    assert client.get(reverse("public:session_ics", args=[seminar.pk, other_session.pk])).status_code == 404
    assert client.get(reverse("public:session_ics", args=[other.pk, other_session.pk])).status_code == 404


def test_the_calendar_has_its_own_filter_form_that_keeps_the_other_filters(client, programme):
    academy = programme["forum"].edition.academy
    content = client.get(
        reverse("public:calendar"), {"academie": academy.slug, "niveau": "college", "theme": "12", "phare": "1"}
    ).content.decode()
    assert '<form method="get" action="/programme/calendrier/"' in content
    assert f'<option value="{academy.slug}" selected>' in content
    assert '<option value="college" selected>Collège</option>' in content
    assert '<option value="94">Val-de-Marne (94)</option>' in content
    assert 'id="calendar-phare" name="phare" value="1" checked' in content
    # A filter the form does not show rides along hidden (the sort never does).
    assert '<input type="hidden" name="theme" value="12">' in content
    assert 'name="academie" value=' not in content  # shown as a select, not hidden


@pytest.mark.parametrize(
    "carrier, place, communes, expected",
    [
        ("Collège Laplace", "Gymnase municipal", "Créteil", f"Collège Laplace · Lieu{NBSP}: Gymnase municipal"),
        # The place is the school itself: its name is said once.
        (
            "École élémentaire Le Parc",
            "École élémentaire Le Parc, Choisy-le-Roi",
            "",
            "École élémentaire Le Parc, Choisy-le-Roi",
        ),
        ("Collège Laplace", "", "Créteil", f"Collège Laplace · Lieu{NBSP}: Créteil"),
        ("", "Salle des fêtes", "", f"Lieu{NBSP}: Salle des fêtes"),
        ("Collège Laplace", "", "", "Collège Laplace"),
    ],
)
def test_the_calendar_line_says_the_carrier_and_the_place_once(carrier, place, communes, expected):
    from sps.actions.models import Occurrence
    from sps.catalogue.agenda import Row
    from sps.catalogue.models import CatalogueEntry

    row = Row(
        occurrence=Occurrence(date=MONDAY, place=place, is_online=False),
        entry=CatalogueEntry(carrier_label=carrier, communes=communes),
    )
    assert row.where == expected


def test_the_calendar_does_not_repeat_the_school_as_its_place(client):
    school = SchoolFactory(name="COLLEGE LAPLACE", commune="Créteil")
    published([at(MONDAY, datetime.time(10), place="Collège Laplace, Créteil")], schools=[school], title="Forum")
    html = client.get(reverse("public:calendar"), {"semaine": MONDAY.isoformat()}).content.decode()
    assert "Collège Laplace, Créteil" in html
    assert f"Lieu{NBSP}: Collège Laplace" not in html


# At 23:30 UTC on Tuesday 30 March 2027 it is already Wednesday 31 March in Paris (UTC+2):
# Monday and Tuesday are past there.
@freeze_time("2027-03-30T23:30:00Z")
def test_past_temps_forts_do_not_offer_add_to_my_agenda(client, programme, seminar):
    from django.template.loader import render_to_string

    html = client.get(reverse("public:calendar"), {"semaine": "2027-03-29"}).content.decode()
    monday = html.split('id="day-2027-03-29"')[1].split('id="day-2027-03-30"')[0]
    tuesday = html.split('id="day-2027-03-30"')[1].split('id="day-2027-03-31"')[0]
    wednesday = html.split('id="day-2027-03-31"')[1]
    # Past days are listed, but offer nothing to add to one's agenda (actions and event sessions).
    assert "Forum des métiers" in monday and "Séminaire de la persévérance" in monday
    assert "Théâtre des élèves" in tuesday
    for day in (monday, tuesday):
        assert "Ajouter à mon agenda" not in day and ".ics" not in day
    # Wednesday is today in Paris (still Tuesday in UTC): its temps fort still offers it.
    assert "Journée portes ouvertes" in wednesday and "Ajouter à mon agenda" in wednesday
    # The event's page neither, for its past session.
    session = EventSession.objects.get(event=seminar)
    page = client.get(seminar.get_absolute_url()).content.decode()
    assert "Table ronde" in page and reverse("public:session_ics", args=[seminar.pk, session.pk]) not in page
    assert "Ajouter à mon agenda" not in page
    # The snippet of the fiche page says the same.
    past = programme["forum"].occurrences.get()
    assert render_to_string("public/_add_to_calendar.html", {"occurrence": past}).strip() == ""
    today = programme["all_day"].occurrences.get()
    assert "Ajouter à mon agenda" in render_to_string("public/_add_to_calendar.html", {"occurrence": today})
