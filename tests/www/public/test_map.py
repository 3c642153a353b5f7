"""The map of the programme: the catalogue's counts by département, links, table, schools as points."""

import re

import pytest
from django.urls import reverse

from sps.catalogue import index, svgmap
from sps.catalogue.query import CatalogueQuery
from sps.territories.models import Department
from tests.actions.factories import ActionFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def published(school, **kwargs):
    action = ActionFactory(published=True, schools=[school], **kwargs)
    index.index_actions([action.pk])
    return action


@pytest.fixture
def places(reference):
    dept_94 = Department.objects.get(code="94")
    dept_35 = Department.objects.get(code="35")
    creteil = SchoolFactory(
        department=dept_94, name="COLLEGE LAPLACE", commune="Créteil", latitude=48.79, longitude=2.455
    )
    vitry = SchoolFactory(
        department=dept_94, name="LYCEE JEAN MACE", commune="Vitry-sur-Seine", latitude=48.79, longitude=2.39
    )
    unplaced = SchoolFactory(department=dept_94, name="ECOLE SANS POSITION", commune="Ivry-sur-Seine")
    rennes = SchoolFactory(
        department=dept_35, name="COLLEGE DE RENNES", commune="Rennes", latitude=48.11, longitude=-1.68
    )
    return {"creteil": creteil, "vitry": vitry, "unplaced": unplaced, "rennes": rennes}


def department_links(html):
    """data-code → accessible name of each département link of the SVG."""
    return dict(
        (code, label)
        for label, code in re.findall(
            r'<a class="sps-map__department" href="[^"]*" aria-label="([^"]*)" data-code="([^"]*)"', html
        )
    )


def test_the_map_counts_are_the_catalogues_for_the_filters(client, places):
    published(places["creteil"], is_flagship=True)
    published(places["creteil"])
    published(places["vitry"])
    published(places["rennes"], is_flagship=True)
    ActionFactory(submitted=True, schools=[places["rennes"]])  # not published: never counted
    for params in ({}, {"phare": "1"}, {"q": "reussites"}, {"etablissement": places["vitry"].uai}, {"niveau": "lycee"}):
        response = client.get(reverse("public:map"), params)
        assert response.status_code == 200
        links = department_links(response.content.decode())
        assert len(links) == 101
        query = CatalogueQuery.from_params(params)
        for code in ("94", "35", "75"):
            expected = query.entries().filter(department__code=code).count()
            plural = "s" if expected > 1 else ""
            assert links[code] == f"{svgmap.department_names()[code]}{NBSP}: {expected} action{plural}", params


def test_each_departement_links_to_the_catalogue_filtered_on_it(client, places):
    published(places["creteil"])
    html = client.get(reverse("public:map"), {"phare": "1", "tri": "date"}).content.decode()
    assert 'href="/programme/?departement=94&amp;phare=1"' in html
    assert 'aria-label="Val-de-Marne' in html
    # The overseas départements are there, as insets.
    for code in ("971", "972", "973", "974", "976"):
        assert f'data-code="{code}"' in html


def test_the_same_figures_as_an_accessible_table(client, places):
    published(places["creteil"])
    published(places["vitry"])
    html = client.get(reverse("public:map")).content.decode()
    assert "<caption>Actions publiées par département" in html
    assert '<th scope="col">Département</th>' in html
    row = re.search(r'<th scope="row"><a href="([^"]*)">Val-de-Marne \(94\)</a></th>\s*<td[^>]*>(\d+)</td>', html)
    assert row.group(1) == "/programme/?departement=94"
    assert row.group(2) == "2"
    assert re.search(r"Finistère \(29\)</a></th>\s*<td[^>]*>0</td>", html)
    # The legend's classes and the licence of the outlines.
    assert "Légende" in html
    assert "Licence Ouverte" in html


def test_a_departement_filter_shows_its_schools_as_points(client, places):
    published(places["creteil"])
    published(places["creteil"])
    published(places["unplaced"])
    published(places["rennes"])
    ActionFactory(submitted=True, schools=[places["vitry"]])  # Vitry has nothing published
    html = client.get(reverse("public:map"), {"departement": "94"}).content.decode()
    points = re.findall(r'<a class="sps-map__point" href="([^"]*)" aria-label="([^"]*)"', html)
    assert points == [(f"/etablissements/{places['creteil'].uai}/", f"Collège Laplace (Créteil){NBSP}: 2 actions")]
    assert "Val-de-Marne : 3 actions publiées" in html
    assert "position inconnue" in html  # listed, not placed
    assert "Jean Macé" not in html and "Rennes (" not in html
    # Only the framed département is a link; its neighbours are drawn plain.
    assert list(department_links(html)) == ["94"]
    assert 'class="sps-map__neighbour"' in html


def test_points_land_inside_the_svg_frame_of_their_departement(places):
    data = svgmap.geodata()
    x, y = svgmap.project("94", places["creteil"].longitude, places["creteil"].latitude, data["transforms"])
    x1, y1, x2, y2 = data["departments"]["94"]["bbox"]
    assert x1 < x < x2 and y1 < y < y2
    # Saint-Denis de La Réunion falls in La Réunion's inset.
    x, y = svgmap.project("974", 55.45, -20.88, data["transforms"])
    x1, y1, x2, y2 = data["departments"]["974"]["bbox"]
    assert x1 < x < x2 and y1 < y < y2


@pytest.mark.parametrize(
    "params",
    [
        {"departement": "99"},
        {"departement": "<script>"},
        {"bassin": "abc", "theme": "x", "jour": "2026-13-45"},
        {"q": "x" * 500},
    ],
)
def test_bad_params_do_not_fail(client, places, params):
    response = client.get(reverse("public:map"), params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[-1].split("</main>")[0].replace(
        "<script src", ""
    )


def test_a_nul_byte_is_a_clean_400(client, places):
    assert client.get(reverse("public:map"), {"departement": "9\x004"}).status_code == 400


def test_an_unknown_departement_says_so(client, places):
    html = client.get(reverse("public:map"), {"departement": "99"}).content.decode()
    assert "Le département « 99 » n'existe pas" in html
    assert len(department_links(html)) == 101


def test_the_map_page_queries_do_not_grow_with_the_data(client, places, django_assert_max_num_queries):
    published(places["creteil"])
    with django_assert_max_num_queries(3) as small:
        client.get(reverse("public:map"), {"departement": "94"})
    for school in (places["vitry"], places["rennes"], places["unplaced"]):
        published(school)
        published(school)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("public:map"), {"departement": "94"})
    with django_assert_max_num_queries(2):
        client.get(reverse("public:map"))


def test_legend_classes_keep_zero_apart_and_cover_every_value():
    values = {"01": 0, "02": 1, "03": 2, "04": 5, "05": 12, "06": 40, "07": 100, "08": None}
    classes = svgmap.legend_classes(values)
    assert classes[0].label == "0"
    assert classes[-1].high is None
    for value in (1, 2, 5, 12, 40, 100, 1000):
        assert sum(value in c for c in classes) == 1
    assert svgmap.fill_of(None, classes) == svgmap.UNKNOWN_FILL  # N.C. is never drawn as 0
    assert svgmap.legend_classes({"01": 0}) == classes[:1]
    assert [c.label for c in svgmap.legend_classes({"01": 3, "02": 3})] == ["0", "1 et plus"]


def test_render_map_is_reusable_without_links():
    svg = svgmap.render_map({"94": 0, "75": None}, title="Zones blanches")
    assert svg.startswith("<svg") and "<title" in svg
    assert "<a " not in svg
    assert "Paris\u00a0: N.C." in svg


def test_french_plurals_start_at_two(client, places):
    html = client.get(reverse("public:map"), {"departement": "974"}).content.decode()
    assert f"<h1>La Réunion{NBSP}: 0 action publiée</h1>" in html
    assert "0 action publiée au total" in client.get(reverse("public:map")).content.decode()


def test_the_map_counts_events_once_in_their_departement(client):
    import datetime

    from django.utils import timezone

    from sps.catalogue import index
    from tests.actions.factories import ActionFactory
    from tests.editions.factories import EditionFactory
    from tests.events.factories import EventFactory, EventSessionFactory
    from tests.schools.factories import SchoolFactory
    from tests.territories.factories import DepartmentFactory

    department = DepartmentFactory(code="94")
    action = ActionFactory(published=True, schools=[SchoolFactory(department=department)])
    index.index_actions([action.pk])
    other = EditionFactory(campaign=action.edition.campaign, published=True)
    event = EventFactory(academies=[department.academy, other.academy], department=department, with_session=False)
    start = timezone.make_aware(datetime.datetime.combine(action.edition.week_start, datetime.time(9)))
    EventSessionFactory(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    index.index_events([event.pk])
    response = client.get(reverse("public:map"))
    row = next(r for r in response.context["table"] if r["code"] == "94")
    assert row["count"] == 2  # the action and the shared event, once
    assert response.context["total"] == 2
    only_events = client.get(reverse("public:map"), {"nature": "evenement"})
    assert next(r for r in only_events.context["table"] if r["code"] == "94")["count"] == 1
    # The sentence above the map tells actions and events apart, like the catalogue.
    assert "1 action et 1 événement publiés au total" in response.content.decode()
    assert "1 événement publié" in only_events.content.decode()


def test_the_map_tells_events_from_actions_in_each_departement(client):
    """A département with an action and an event says « 1 action et 1 événement », never « 2 actions »:
    in its link, its own heading, its schools and the table (one column per kind)."""
    import datetime

    from django.utils import timezone

    from tests.events.factories import EventFactory, EventSessionFactory
    from tests.territories.factories import DepartmentFactory

    department = DepartmentFactory(code="94")
    school = SchoolFactory(department=department, name="COLLEGE LAPLACE", commune="Créteil")
    action = published(school)
    from tests.editions.factories import EditionFactory

    other = EditionFactory(campaign=action.edition.campaign, published=True)
    event = EventFactory(academies=[department.academy, other.academy], department=department, with_session=False)
    start = timezone.make_aware(datetime.datetime.combine(action.edition.week_start, datetime.time(9)))
    EventSessionFactory(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    index.index_events([event.pk])

    html = client.get(reverse("public:map")).content.decode()
    assert department_links(html)["94"] == f"Val-de-Marne{NBSP}: 1 action et 1 événement"
    assert "<caption>Actions et événements publiés par département" in html
    assert '<th scope="col" class="fr-cell--right">Événements</th>' in html
    row = re.search(r"Val-de-Marne \(94\)</a></th>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>", html)
    assert row.groups() == ("1", "1")
    assert "<h1>Carte des actions et événements publiés</h1>" in html

    focus = client.get(reverse("public:map"), {"departement": "94"}).content.decode()
    assert f"<h1>Val-de-Marne{NBSP}: 1 action et 1 événement publiés</h1>" in focus
    only_events = client.get(reverse("public:map"), {"departement": "94", "nature": "evenement"}).content.decode()
    assert f"<h1>Val-de-Marne{NBSP}: 1 événement publié</h1>" in only_events
    # Without any event, the table keeps its single « Actions » column.
    only_actions = client.get(reverse("public:map"), {"nature": "action"}).content.decode()
    assert "<caption>Actions publiées par département" in only_actions and ">Événements</th>" not in only_actions
    assert department_links(only_actions)["94"] == f"Val-de-Marne{NBSP}: 1 action"
