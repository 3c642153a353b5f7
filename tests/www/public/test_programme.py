"""The printable programme's page and PDF request, and the embeddable widget with its framing headers."""

import datetime
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sps.catalogue import index
from sps.files.models import GeneratedFile
from tests.actions import conftest as actions_conftest
from tests.actions.factories import ActionFactory
from tests.files.helpers import content_of, download, request_file

pytestmark = pytest.mark.django_db
# The fiche tests' académie, time frozen on 15 January 2027 (tests/actions/conftest.py).
world, _frozen_today = actions_conftest.world, actions_conftest._frozen_today
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
TUE = datetime.date(2027, 3, 16)
PRINT = reverse("public:programme_print")
PDF = reverse("public:programme_print_pdf")
WIDGET = reverse("public:programme_widget")


def published(world, title, *, school=None, day=TUE, **kwargs):
    occurrences = [{"date": day, "place": "Gymnase", "is_public": True}] if day else []
    action = ActionFactory(
        published=True,
        edition=world.edition,
        schools=[school or world.school],
        title=title,
        occurrences=occurrences,
        **kwargs,
    )
    index.index_actions([action.pk])
    return action


@pytest.fixture
def programme(world):
    published(world, "Théâtre forum")
    published(world, "Café des parents", school=world.other_bassin_school, is_flagship=True)
    published(world, "Ateliers de l'année", day=None)
    return world


def academy_params(world):
    return {"academie": world.academy.slug, "edition": "2026-2027"}


# --- The page -----------------------------------------------------------------------------------


def test_the_print_page_is_public_with_its_print_stylesheet(client, programme):
    response = client.get(PRINT, academy_params(programme))
    assert response.status_code == 200
    html = response.content.decode()
    assert "sps/programme-print.css" in html and "style=" not in html.split("<main", 1)[1]
    assert "Du 15 au 19 mars 2027" in html and "Sommaire" in html
    assert html.index('id="jour-2027-03-16"') < html.index("Théâtre forum") < html.index('id="sans-date"')
    assert "Ateliers de l&#x27;année" in html and "Action phare" in html
    assert f'name="academie" value="{programme.academy.slug}"' in html  # the PDF form
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_bassin_page_lists_its_actions_only(client, programme):
    response = client.get(PRINT, {"bassin": programme.other_bassin.pk, "edition": "2026-2027"})
    html = response.content.decode()
    assert "Café des parents" in html and "Théâtre forum" not in html and "Sommaire" not in html


def test_the_page_queries_do_not_grow_with_the_actions(client, programme):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(PRINT, academy_params(programme)).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(5):
        published(programme, f"Action {n}", school=programme.school_b)
    assert count() == before


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({}, 400, "Choisissez une académie, un département ou un bassin."),
        ({"academie": "atlantide"}, 404, "Cette académie n&#x27;existe pas."),
        ({"bassin": "abc"}, 404, "Ce bassin n&#x27;existe pas."),
        ({"bassin": "99999999999999999999"}, 404, "Ce bassin n&#x27;existe pas."),
        ({"departement": "<b>"}, 404, "Ce département n&#x27;existe pas."),
        ({"academie": "creteil-test", "edition": "'; drop"}, 404, "Aucune édition publiée"),
    ],
)
def test_bad_params_get_a_french_message(client, world, params, status, message):
    response = client.get(PRINT, params)
    assert response.status_code == status
    assert message in response.content.decode()


def test_a_nul_byte_is_refused_before_the_view(client, world):
    assert client.get(PRINT + "?academie=cre%00teil").status_code == 400


def test_the_page_only_answers_get(client, programme):
    assert client.post(PRINT, academy_params(programme)).status_code == 405
    assert client.get(PDF, academy_params(programme)).status_code == 405


# --- The PDF: a shared background job -------------------------------------------------------------


def test_asking_twice_gives_one_job_shared_by_every_visitor(client, programme, django_capture_on_commit_callbacks):
    first = request_file(client, django_capture_on_commit_callbacks, PDF, academy_params(programme))
    again = request_file(client, django_capture_on_commit_callbacks, PDF, academy_params(programme))
    assert first.pk == again.pk and GeneratedFile.objects.count() == 1
    assert first.requested_by is None and first.status == "ready"
    client.force_login(programme.users["contributor"])
    other = request_file(client, django_capture_on_commit_callbacks, PDF, academy_params(programme))
    assert other.pk == first.pk


def test_a_change_in_the_programme_gives_a_new_pdf(client, programme, django_capture_on_commit_callbacks):
    first = request_file(client, django_capture_on_commit_callbacks, PDF, academy_params(programme))
    published(programme, "Une action de plus")
    second = request_file(client, django_capture_on_commit_callbacks, PDF, academy_params(programme))
    assert second.pk != first.pk


@needs_pdftotext
def test_anybody_downloads_the_pdf(client, programme, django_capture_on_commit_callbacks):
    file = request_file(
        client, django_capture_on_commit_callbacks, PDF, {"bassin": programme.bassin.pk, "edition": "2026-2027"}
    )
    assert file.filename == "programme-bassin-ouest-2026-2027.pdf"
    response = download(client, file)
    assert response["Content-Type"] == "application/pdf"
    pdf = content_of(response)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Théâtre forum" in text and "Café des parents" not in text


def test_a_pdf_of_nothing_is_refused(client, world):
    response = client.post(PDF, {"academie": "atlantide"})
    assert response.status_code == 404 and GeneratedFile.objects.count() == 0


def test_a_private_file_stays_private(client, programme):
    """Opening public files to everybody leaves the others to their requester."""
    private = GeneratedFile.objects.create(
        requested_by=programme.users["academy_pilot"], kind="actions.export", key="k", label="Export"
    )
    response = client.get(reverse("files:detail", kwargs={"pk": private.pk}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    client.force_login(programme.users["relay"])
    assert client.get(reverse("files:detail", kwargs={"pk": private.pk})).status_code == 404


# --- The widget ---------------------------------------------------------------------------------


def test_the_widget_may_be_framed_by_any_site(client, programme):
    response = client.get(WIDGET, academy_params(programme))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "'none'" not in csp.split("frame-ancestors", 1)[1].split(";")[0]
    assert "script-src 'self'" in csp  # the rest of the policy is kept
    html = response.content.decode()
    assert "Théâtre forum" in html and "Café des parents" in html and "3 actions publiées" in html
    assert 'target="_blank" rel="noopener"' in html
    assert "/programme/?edition=2026-2027&amp;academie=creteil-test" in html


@pytest.mark.parametrize(
    "url", ["public:programme", "public:home", "public:programme_print", "public:edition_list", "accounts:login"]
)
def test_every_other_page_refuses_framing(client, programme, url):
    response = client.get(reverse(url), academy_params(programme))
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_widget_reads_every_catalogue_filter(client, programme):
    html = client.get(WIDGET, {"bassin": programme.other_bassin.pk}).content.decode()
    assert "Café des parents" in html and "Théâtre forum" not in html
    html = client.get(WIDGET, {"phare": "1"}).content.decode()
    assert "Café des parents" in html and "Théâtre forum" not in html


@pytest.mark.parametrize(
    "params", [{"niveau": "zzz"}, {"jour": "2027-13-45"}, {"bassin": "x"}, {"q": "é" * 500}, {"tri": "<script>"}]
)
def test_the_widget_ignores_bad_filters(client, programme, params):
    assert client.get(WIDGET, params).status_code == 200


# --- The snippet for pilots ---------------------------------------------------------------------


def _edition_page(client, world, user):
    client.force_login(world.users[user])
    return client.get(reverse("pilotage:edition_detail", kwargs={"pk": world.edition.pk}))


@pytest.mark.parametrize("user", ["academy_pilot", "national_pilot"])
def test_the_snippet_is_shown_to_the_edition_managers(client, world, user):
    html = _edition_page(client, world, user).content.decode()
    assert "Le programme sur votre site" in html
    assert (
        "&lt;iframe src=&quot;http://testserver/programme/widget/?academie=creteil-test&amp;amp;edition=2026-2027"
        in html
    )


@pytest.mark.parametrize("user", ["department_pilot", "relay"])
def test_the_snippet_is_not_shown_to_other_pilots(client, world, user):
    response = _edition_page(client, world, user)
    assert response.status_code == 200 and "&lt;iframe" not in response.content.decode()


def test_the_other_academy_pilot_does_not_see_the_edition(client, world):
    assert _edition_page(client, world, "other_pilot").status_code == 404


def test_no_snippet_before_the_edition_is_published(client, world):
    world.edition.status = "draft"
    world.edition.save(update_fields=["status"])
    assert "&lt;iframe" not in _edition_page(client, world, "academy_pilot").content.decode()


def test_the_public_edition_page_links_to_the_printable_programme(client, world):
    html = client.get(world.edition.get_absolute_url()).content.decode()
    assert f"/programme/imprimer/?academie={world.academy.slug}&amp;edition=2026-2027" in html


def test_the_widget_lists_the_soonest_first_and_undated_last(client, programme):
    published(programme, "Lundi matin", day=datetime.date(2027, 3, 15))
    html = client.get(WIDGET, academy_params(programme)).content.decode()
    assert html.index("Lundi matin") < html.index("Théâtre forum") < html.index("Ateliers de l&#x27;année")


def test_a_widget_without_an_edition_opens_on_the_newest_one(client, programme):
    action = ActionFactory(
        published=True,
        edition=programme.past_edition,
        schools=[programme.school],
        title="Forum de l'an passé",
        occurrences=[{"date": datetime.date(2026, 3, 17), "is_public": True}],
    )
    index.index_actions([action.pk])
    html = client.get(WIDGET, {"etablissement": programme.school.uai}).content.decode()
    assert html.index("Théâtre forum") < html.index("Ateliers de l&#x27;année") < html.index("Forum de l&#x27;an passé")
    # Last year's day says its year; this year's do not need to.
    assert "Mardi 17 mars 2026" in html
    assert "Mardi 16 mars 2027" not in html and "Mardi 16 mars" in html


def test_the_widget_counts_actions_and_events_apart(client, programme):
    from django.utils import timezone

    from tests.events.factories import EventFactory, EventSessionFactory

    html = client.get(WIDGET, academy_params(programme)).content.decode()
    assert "3 actions publiées" in html
    event = EventFactory(academies=[programme.academy], with_session=False, title="Forum des familles")
    start = timezone.make_aware(datetime.datetime.combine(TUE, datetime.time(14)))
    EventSessionFactory(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    index.index_events([event.pk])
    html = client.get(WIDGET, academy_params(programme)).content.decode()
    assert "Forum des familles" in html and "3 actions et 1 événement publiés" in html
    html = client.get(WIDGET, {**academy_params(programme), "nature": "evenement"}).content.decode()
    assert "1 événement publié" in html
