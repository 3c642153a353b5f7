"""Editions, schools and territories of the API."""

import pytest

from sps.territories.models import Academy, Department
from tests.api.helpers import walk
from tests.editions.factories import CampaignFactory, EditionFactory, add_themes
from tests.schools.factories import SchoolFactory
from tests.territories.factories import BassinFactory

pytestmark = pytest.mark.django_db


def test_editions_are_the_published_ones(client, reference):
    creteil = Academy.objects.get(slug="creteil")
    edition = EditionFactory(academy=creteil, campaign=CampaignFactory(school_year="2026-2027"), published=True)
    add_themes(edition)
    EditionFactory(academy=Academy.objects.get(slug="rennes"), campaign=edition.campaign)  # a draft
    body = client.get("/api/editions").json()
    assert [e["id"] for e in body] == [edition.pk]
    assert body[0]["academy"] == "creteil" and body[0]["school_year"] == "2026-2027"
    assert body[0]["themes"] and body[0]["url"].endswith("/editions/creteil/2026-2027/")
    assert client.get("/api/editions", {"academie": "rennes"}).json() == []
    assert client.get("/api/editions", {"edition": "2026-2027"}).json()[0]["id"] == edition.pk
    assert client.get(f"/api/editions/{edition.pk}").json()["id"] == edition.pk


def test_territories(client, reference):
    academies = client.get("/api/territories/academies").json()
    assert {"code", "slug", "name", "region", "valid_until", "successor"} == set(academies[0])
    assert "creteil" in {a["slug"] for a in academies}
    departments = client.get("/api/territories/departments", {"academie": "creteil"}).json()
    assert {d["code"] for d in departments} == {"77", "93", "94"}
    bassin = BassinFactory(department=Department.objects.get(code="94"), name="94 BASSIN 3-OUEST")
    BassinFactory(department=Department.objects.get(code="35"))
    bassins = client.get("/api/territories/bassins", {"departement": "94"}).json()
    assert bassins == [
        {"id": bassin.pk, "code": None, "name": "Bassin 3 – Ouest", "department": "94", "academy": "creteil"}
    ]
    assert len(client.get("/api/territories/bassins", {"academie": "rennes"}).json()) == 1


def test_schools_by_uai_search_and_territory(client, reference):
    dept = Department.objects.get(code="94")
    school = SchoolFactory(name="COLLEGE JEAN MOULIN", commune="Créteil", department=dept)
    others = [SchoolFactory() for _ in range(4)]
    body = client.get(f"/api/schools/{school.uai.lower()}").json()
    assert body["uai"] == school.uai and body["name"] == "Collège Jean Moulin" and body["academy"] == "creteil"
    assert "email" not in body and "phone" not in body
    assert [s["uai"] for s in client.get("/api/schools", {"q": "jean moulin creteil"}).json()["items"]] == [school.uai]
    assert [s["uai"] for s in client.get("/api/schools", {"departement": "94"}).json()["items"]] == [school.uai]
    assert [s["uai"] for s in client.get("/api/schools", {"academie": "creteil"}).json()["items"]] == [school.uai]
    items, pages = walk(client, "/api/schools", {"limit": 2})
    assert sorted(i["uai"] for i in items) == sorted(s.uai for s in [school, *others]) and pages == 3


def test_school_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    for _ in range(3):
        SchoolFactory()
    with django_assert_max_num_queries(1):
        client.get("/api/schools")
    for _ in range(20):
        SchoolFactory()
    with django_assert_max_num_queries(1):
        assert len(client.get("/api/schools").json()["items"]) == 23
