"""The moderators' queue « À traiter »: who sees what under each routing setting, its count in the
menu and on the pilotage home, oldest first, the deadline, the bulk buttons offered, the report
after a bulk step, and what a moderator without the right is told on a fiche.

Expected rows and buttons are written here as tables, from the brief (who moderates first, who
may validate and publish), never read from sps.actions.rules.
"""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from sps.actions.enums import ActionStatus, FirstModerators
from sps.actions.models import Action, ModerationSettings
from tests.actions import conftest as domain_fixtures
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db
world = domain_fixtures.world
_frozen_today = domain_fixtures._frozen_today

QUEUE = reverse("pilotage:action_queue")


@pytest.fixture
def fiches(world):
    """Fiches of every kind of carrier and status; `submitted_at` spread so that order is known."""
    base = timezone.now() - datetime.timedelta(days=30)
    specs = {
        # name: (edition, traits, submitted N days after base)
        "school": (world.edition, {"schools": [world.school], "submitted": True}, 5),
        "school_b": (world.edition, {"schools": [world.school_b], "submitted": True}, 1),
        "other_bassin": (world.edition, {"schools": [world.other_bassin_school], "submitted": True}, 3),
        "bassin_event": (world.edition, {"carrier_level": "bassin", "bassin": world.bassin, "submitted": True}, 7),
        "department_event": (
            world.edition,
            {"carrier_level": "department", "department": world.department, "submitted": True},
            2,
        ),
        "academy_event": (world.edition, {"carrier_level": "academy", "submitted": True}, 6),
        "validated": (world.edition, {"schools": [world.school], "validated": True}, 4),
        "draft": (world.edition, {"schools": [world.school]}, None),
        "changes": (world.edition, {"schools": [world.school], "changes_requested": True}, 0),
        "published": (world.edition, {"schools": [world.school], "published": True}, 0),
        "foreign": (world.foreign_edition, {"schools": [world.foreign_school], "submitted": True}, 8),
        "foreign_validated": (world.foreign_edition, {"schools": [world.foreign_school], "validated": True}, 9),
    }
    made = {}
    for name, (edition, traits, day) in specs.items():
        action = ActionFactory(edition=edition, title=f"Fiche {name.replace('_', ' ')} ZZ", **traits)
        if day is not None:
            Action.objects.filter(pk=action.pk).update(submitted_at=base + datetime.timedelta(days=day))
        made[name] = action
    return made


def _route(world, first, **delegations):
    ModerationSettings.objects.update_or_create(
        edition=world.edition, defaults={"first_moderators": first, **delegations}
    )


def _titles(page: str, fiches) -> list:
    """The fiches named in the queue's table, in page order."""
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    found = [(table.find(f">{a.title}<"), name) for name, a in fiches.items() if f">{a.title}<" in table]
    return [name for _, name in sorted(found)]


def _nav_count(page: str) -> int:
    return int(re.search(r'id="nav-queue-count">(\d+)', page)[1])


CRETEIL_SUBMITTED = {"school", "school_b", "other_bassin", "bassin_event", "department_event", "academy_event"}
ACADEMY_QUEUE = CRETEIL_SUBMITTED | {"validated"}
FOREIGN = {"foreign", "foreign_validated"}
# What waits for each moderator, per « who moderates first » setting of Créteil's edition.
# Académie and national pilots always have every submitted fiche and the validated ones to publish;
# département pilots have their département's once fiches go to the bassin or the département first;
# relays their bassin's once fiches go to the bassin first.
EXPECTED = {
    FirstModerators.ACADEMY: {
        "relay": set(),
        "other_relay": set(),
        "department_pilot": set(),
        "academy_pilot": ACADEMY_QUEUE,
        "national_pilot": ACADEMY_QUEUE | FOREIGN,
        "other_pilot": FOREIGN,
    },
    FirstModerators.DEPARTMENT: {
        "relay": set(),
        "other_relay": set(),
        "department_pilot": {"school", "school_b", "other_bassin", "bassin_event", "department_event"},
        "academy_pilot": ACADEMY_QUEUE,
        "national_pilot": ACADEMY_QUEUE | FOREIGN,
        "other_pilot": FOREIGN,
    },
    FirstModerators.BASSIN: {
        "relay": {"school", "school_b", "bassin_event"},
        "other_relay": {"other_bassin"},
        "department_pilot": {"school", "school_b", "other_bassin", "bassin_event", "department_event"},
        "academy_pilot": ACADEMY_QUEUE,
        "national_pilot": ACADEMY_QUEUE | FOREIGN,
        "other_pilot": FOREIGN,
    },
}
CASES = [(first, role, expected) for first, by_role in EXPECTED.items() for role, expected in by_role.items()]


@pytest.mark.parametrize("first,role,expected", CASES, ids=[f"{f}-{r}" for f, r, _ in CASES])
def test_each_moderator_sees_exactly_what_awaits_them(client, world, fiches, first, role, expected):
    _route(world, first)
    client.force_login(world.users[role])
    page = client.get(QUEUE).content.decode()
    shown = _titles(page, fiches)
    assert set(shown) == expected
    assert _nav_count(page) == len(expected)  # the menu's badge is the page's count
    home = client.get(reverse("pilotage:home")).content.decode()
    assert _nav_count(home) == len(expected)
    if expected:
        assert f"{len(expected)} fiche{'s' if len(expected) > 1 else ''} à traiter" in home
    else:
        assert "Aucune fiche à traiter" in home and "Rien n'attend votre décision" in page


def test_oldest_submission_first_with_the_deadline(client, world, fiches):
    client.force_login(world.academy_pilot)
    page = client.get(QUEUE).content.decode()
    # submitted_at days after base: school_b 1, department_event 2, other_bassin 3, validated 4, school 5...
    assert _titles(page, fiches) == [
        "school_b",
        "department_event",
        "other_bassin",
        "validated",
        "school",
        "academy_event",
        "bassin_event",
    ]
    # The end of « Finalisation du programme » in the edition's calendar (2-9 March 2027).
    assert page.count("09/03/2027") == 7 and "Dépassée" not in page


def test_deadline_without_finalisation_is_the_eve_of_the_week_and_shows_overdue(client, world, fiches):
    world.edition.milestones.filter(kind="programme_finalisation").delete()
    with freeze_time("2027-03-20 10:00:00"):
        client.force_login(world.academy_pilot)
        page = client.get(QUEUE).content.decode()
    eve = world.edition.week_start - datetime.timedelta(days=1)
    assert eve.strftime("%d/%m/%Y") in page and "Dépassée" in page


def test_the_queue_is_for_pilots_only(client, world, fiches):
    assert client.get(QUEUE)["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.contributor)
    assert client.get(QUEUE).status_code == 403
    assert client.post(reverse("pilotage:action_bulk"), {"actions": [fiches["school"].pk]}).status_code == 403


# Session, user, roles; the queue's routing (the pilot's académie's predecessors); count; page; its
# schools, milestones and académies' predecessors; the site's config.
QUEUE_QUERIES = 9


def test_query_count_does_not_grow_with_the_queue(client, world, fiches, django_assert_num_queries):
    _route(world, FirstModerators.BASSIN, department_pilots_may_validate=True)
    client.force_login(world.academy_pilot)
    client.get(QUEUE)  # warm the session
    with django_assert_num_queries(QUEUE_QUERIES):
        client.get(QUEUE)
    for _ in range(20):
        ActionFactory(edition=world.edition, schools=[world.other_bassin_school], submitted=True)
    with django_assert_num_queries(QUEUE_QUERIES):
        client.get(QUEUE)


# --- Bulk buttons ----------------------------------------------------------------------------------

VALIDATE, PUBLISH = "Valider les fiches cochées", "Publier les fiches cochées"
# The buttons each role is offered on its queue, per delegation (fiches go to the bassin first).
# Only académie and national pilots publish; relays and département pilots validate once delegated.
BUTTONS = [
    ({}, "relay", []),
    ({}, "department_pilot", []),
    ({}, "academy_pilot", [VALIDATE, PUBLISH]),
    ({}, "national_pilot", [VALIDATE, PUBLISH]),
    ({"department_pilots_may_validate": True}, "relay", []),
    ({"department_pilots_may_validate": True}, "department_pilot", [VALIDATE]),
    ({"relays_may_validate": True}, "relay", [VALIDATE]),
    ({"relays_may_validate": True}, "department_pilot", []),
]


@pytest.mark.parametrize("delegations,role,buttons", BUTTONS)
def test_bulk_buttons_offered_on_the_queue(client, world, fiches, delegations, role, buttons):
    _route(world, FirstModerators.BASSIN, **delegations)
    client.force_login(world.users[role])
    page = client.get(QUEUE).content.decode()
    assert [b for b in (VALIDATE, PUBLISH) if b in page] == buttons
    if not buttons:
        assert "Aucune action groupée ne vous est ouverte" in page


@pytest.mark.parametrize("delegations,role,buttons", BUTTONS)
def test_bulk_buttons_offered_on_the_list(client, world, fiches, delegations, role, buttons):
    _route(world, FirstModerators.BASSIN, **delegations)
    client.force_login(world.users[role])
    page = client.get(reverse("pilotage:action_list")).content.decode()
    assert [b for b in (VALIDATE, PUBLISH) if b in page] == buttons


def test_no_publish_button_when_nothing_listed_is_validated(client, world, fiches):
    client.force_login(world.academy_pilot)
    page = client.get(reverse("pilotage:action_list"), {"status": "submitted"}).content.decode()
    assert VALIDATE in page and PUBLISH not in page
    page = client.get(reverse("pilotage:action_list"), {"status": "published"}).content.decode()
    assert VALIDATE not in page and PUBLISH not in page


# --- The report after a bulk step -------------------------------------------------------------------


def _report(page: str) -> dict:
    """{title: (result, detail)} from the report table."""
    table = page.split('id="bulk-report"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<td><a href="/pilotage/actions/(\d+)/">([^<]+)</a></td>\s*<td>.*?>([^<]+)</p></td>\s*<td>([^<]*)</td>', table
    )
    return {html.unescape(title): (result, html.unescape(detail.strip())) for _, title, result, detail in rows}


def test_report_says_per_fiche_what_was_done_and_why_not(client, world, fiches):
    client.force_login(world.academy_pilot)
    chosen = [fiches[n] for n in ("school", "draft", "validated", "foreign")]
    response = client.post(
        reverse("pilotage:action_bulk"),
        {"actions": [a.pk for a in chosen], "operation": "validate", "next": QUEUE},
    )
    assert response["Location"] == QUEUE
    page = client.get(QUEUE).content.decode()
    report = _report(page)
    assert report == {
        fiches["school"].title: ("Fait", "Validée"),
        fiches["draft"].title: (
            "Non traitée",
            "Une fiche «\u00a0Brouillon\u00a0» ne peut pas passer à «\u00a0Validée\u00a0».",
        ),
        fiches["validated"].title: ("Non traitée", "Cette fiche est déjà «\u00a0Validée\u00a0»."),
    }
    assert "1 fiche validée sur 3" in page
    assert f'href="/pilotage/actions/{fiches["school"].pk}/"' in page
    # Shown once: the next visit has no report.
    assert 'id="bulk-report"' not in client.get(QUEUE).content.decode()


def test_report_of_a_step_the_user_may_not_take(client, world, fiches):
    _route(world, FirstModerators.BASSIN, department_pilots_may_validate=True)
    client.force_login(world.department_pilot)
    response = client.post(
        reverse("pilotage:action_bulk"), {"actions": [fiches["validated"].pk], "operation": "publish", "next": QUEUE}
    )
    page = client.get(response["Location"]).content.decode()
    assert _report(page) == {
        fiches["validated"].title: (
            "Non traitée",
            "Vous n'avez pas les droits pour faire cela sur cette fiche. "
            "La publication revient au pilote académique de Créteil.",
        )
    }
    fiches["validated"].refresh_from_db()
    assert fiches["validated"].status == ActionStatus.VALIDATED


# --- A fiche the user may not moderate --------------------------------------------------------------

RELAY_NOT_DELEGATED = (
    "La validation revient au pilote académique de Créteil\u00a0: "
    "l'académie n'a pas délégué la validation aux relais de bassin."
)


@pytest.mark.parametrize(
    "delegations,role,expected",
    [
        ({}, "relay", RELAY_NOT_DELEGATED),
        (
            {"department_pilots_may_validate": True},
            "relay",
            "La validation revient au pilote départemental ou au pilote académique de Créteil\u00a0: "
            "l'académie n'a pas délégué la validation aux relais de bassin.",
        ),
        (
            {},
            "department_pilot",
            "La validation revient au pilote académique de Créteil\u00a0: "
            "l'académie n'a pas délégué la validation aux pilotes départementaux.",
        ),
        ({"relays_may_validate": True}, "relay", None),
        ({}, "academy_pilot", None),
    ],
)
def test_a_moderator_without_the_right_is_told_who_decides(client, world, fiches, delegations, role, expected):
    _route(world, FirstModerators.BASSIN, **delegations)
    client.force_login(world.users[role])
    page = html.unescape(client.get(reverse("pilotage:action_detail", args=[fiches["school"].pk])).content.decode())
    if expected is None:
        assert 'id="who-decides"' not in page and "Valider la fiche" in page
    else:
        assert expected in page and "Valider la fiche" not in page
        assert "laisser une note interne" in page
        queue_page = html.unescape(client.get(QUEUE).content.decode())
        assert expected in queue_page


def test_a_validated_fiche_tells_who_publishes(client, world, fiches):
    client.force_login(world.relay)
    page = client.get(reverse("pilotage:action_detail", args=[fiches["validated"].pk])).content.decode()
    assert "La publication revient au pilote académique de Créteil." in page


def test_a_relay_who_carries_a_bassin_fiche_is_told_who_decides_too(client, world, fiches):
    # The relay declared the bassin's forum: as its porteur they may withdraw it, not validate it.
    Action.objects.filter(pk=fiches["bassin_event"].pk).update(created_by=world.relay)
    _route(world, FirstModerators.BASSIN)
    client.force_login(world.relay)
    url = reverse("pilotage:action_detail", args=[fiches["bassin_event"].pk])
    assert RELAY_NOT_DELEGATED in html.unescape(client.get(url).content.decode())
