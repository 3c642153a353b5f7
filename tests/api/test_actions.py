"""The actions of the API: the catalogue's filters, keyset pagination, detail, no personal data."""

import datetime

import pytest
from django.urls import reverse

from sps.actions.enums import Level, Public
from sps.api.cursors import INVALID
from sps.catalogue.exports import COLUMN_NAMES
from sps.catalogue.query import CatalogueQuery
from sps.schools.enums import SchoolKind
from tests.api.helpers import published, walk
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db
URL = "/api/actions"


def test_list_fields_are_the_open_data_columns(client):
    school = SchoolFactory(kind=SchoolKind.COLLEGE, commune="Créteil")
    action = published(schools=[school], title="Café des parents")
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["next_cursor"] is None and body["next"] is None
    [item] = body["items"]
    assert tuple(item) == COLUMN_NAMES
    assert item["id"] == action.pk
    assert item["title"] == "Café des parents"
    assert item["school_uais"] == [school.uai]
    assert item["school_kinds"] == ["college"]
    assert item["levels"] == ["college"]
    assert item["url"].endswith(f"/programme/actions/{action.pk}/")


def test_detail_and_unknown_or_unpublished_is_a_french_404(client):
    action = published()
    assert client.get(f"{URL}/{action.pk}").json()["id"] == action.pk
    from tests.actions.factories import ActionFactory

    draft = ActionFactory()
    for pk in (draft.pk, 999999):
        response = client.get(f"{URL}/{pk}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Action introuvable\u00a0: elle n'existe pas ou n'est pas publiée."}


def test_no_personal_data(client):
    action = published(contact_name="Claire Dumas", contact_email="claire.dumas@ac-test.fr", contact_role="Principale")
    for url in (URL, f"{URL}/{action.pk}"):
        text = client.get(url).content.decode()
        assert "Claire" not in text and "claire.dumas" not in text and "Principale" not in text


FILTERS = [
    {},
    {"niveau": "college"},
    {"niveau": "lycee"},
    {"public": "parents"},
    {"public": "personnels"},
    {"type": "college"},
    {"type": "lycee_pro"},
    {"phare": "true"},
    {"q": "theatre"},
    {"q": "THÉÂTRE parents"},
    {"academie": "creteil"},
    {"departement": "94"},
    {"edition": "2026-2027"},
    {"edition": "2030-2031"},
]


@pytest.mark.parametrize("params", FILTERS)
def test_filters_mirror_the_catalogue(client, reference, params):
    from sps.territories.models import Academy, Department
    from tests.editions.factories import CampaignFactory, EditionFactory

    dept = Department.objects.get(code="94")
    college = SchoolFactory(kind=SchoolKind.COLLEGE, department=dept)
    lp = SchoolFactory(kind=SchoolKind.LYCEE_PRO)
    creteil = EditionFactory(
        academy=Academy.objects.get(slug="creteil"), campaign=CampaignFactory(school_year="2026-2027"), published=True
    )
    published(
        edition=creteil,
        schools=[college],
        title="Théâtre des parents",
        publics=[Public.PARENTS],
        levels=[Level.SIXIEME],
    )
    published(schools=[lp], title="Forum des métiers", publics=[Public.PUPILS], levels=[Level.LYCEE_PRO])
    published(schools=[lp], title="Théâtre", is_flagship=True, levels=[Level.SECONDE])
    catalogue_params = {**params, "phare": "1"} if "phare" in params else params
    expected = {e.action_id for e in CatalogueQuery.from_params(catalogue_params).entries()}
    items, _ = walk(client, URL, {**params, "limit": 2})
    assert {item["id"] for item in items} == expected
    # The scenario gives each filter something to find, except these.
    assert bool(expected) != (params in ({"edition": "2030-2031"}, {"public": "personnels"}))


def test_keyset_pagination_walks_every_item_once(client):
    actions = [published() for _ in range(7)]
    items, pages = walk(client, URL, {"limit": 3})
    assert sorted(i["id"] for i in items) == sorted(a.pk for a in actions)
    assert len(items) == 7 and pages == 3


def test_next_keeps_the_filters(client):
    for _ in range(3):
        published(is_flagship=True)
    body = client.get(URL, {"phare": "true", "limit": 2}).json()
    assert "phare=true" in body["next"] and f"cursor={body['next_cursor']}" in body["next"]


@pytest.mark.parametrize(
    "params, param",
    [
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": "beaucoup"}, "limit"),
        ({"niveau": "maternelle"}, "niveau"),
        ({"jour": "lundi"}, "jour"),
        ({"updated_since": "hier"}, "updated_since"),
        ({"bassin": "x"}, "bassin"),
        ({"updated_since": "9999-12-31T23:59:59-23:59"}, "updated_since"),
        ({"updated_since": "0001-01-01T00:00:00"}, "updated_since"),
    ],
)
def test_bad_parameters_get_a_french_400(client, params, param):
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Paramètres invalides."
    assert body["errors"][0]["param"] == param
    assert body["errors"][0]["message"].startswith(f"Le paramètre «\u00a0{param}\u00a0» ")


def _cursor(*values):
    from sps.api.cursors import encode

    return encode(*values)


@pytest.mark.parametrize(
    "cursor",
    [
        "n'importe quoi",
        "WzEsMl0",
        "e30",
        "WyJ4IiwgMV0",
        _cursor("2026-12-01T10:00:00+00:00", 2**70),
        _cursor("2026-12-01T10:00:00", 1),
        _cursor("2026-12-01T10:00:00+00:00", True),
    ],
)
def test_a_forged_cursor_is_a_french_400(client, cursor):
    response = client.get(URL, {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"param": "cursor", "message": INVALID}]


def test_updated_since_is_inclusive_and_accepts_paris_time(client):
    action = published()
    from sps.catalogue.models import CatalogueEntry

    updated = CatalogueEntry.objects.get(action=action).updated_at
    assert [i["id"] for i in client.get(URL, {"updated_since": updated.isoformat()}).json()["items"]] == [action.pk]
    later = updated + datetime.timedelta(seconds=1)
    assert client.get(URL, {"updated_since": later.isoformat()}).json()["items"] == []
    from django.utils import timezone

    naive_paris = timezone.localtime(updated - datetime.timedelta(hours=1)).replace(tzinfo=None)
    assert len(client.get(URL, {"updated_since": naive_paris.isoformat()}).json()["items"]) == 1


def test_query_counts_do_not_grow_with_data(client, django_assert_max_num_queries):
    school = SchoolFactory()
    for _ in range(3):
        published(schools=[school, SchoolFactory()])
    # The page, its schools, themes, days and texts (summaries live in CatalogueText, read for the
    # page's rows only).
    with django_assert_max_num_queries(5) as few:
        client.get(URL)
    for _ in range(12):
        published(schools=[school, SchoolFactory()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(URL).json()["items"]) == 15
    action = published(schools=[school, SchoolFactory(), SchoolFactory()])
    with django_assert_max_num_queries(5):
        client.get(f"{URL}/{action.pk}")


def test_reverse_names():
    assert reverse("api:action_list") == URL


def test_unknown_value_lists_the_possible_ones_in_french(client):
    message = client.get(URL, {"niveau": "maternelle"}).json()["errors"][0]["message"]
    assert "valeurs possibles\u00a0: 'premier_degre', 'college'" in message and "' ou 'mlds'" in message
