import pytest
from django.urls import reverse

from sps.schools.enums import SchoolKind
from tests.schools.factories import SchoolFactory


@pytest.fixture
def schools(reference):
    from sps.territories.models import Department

    val_de_marne = Department.objects.get(code="94")
    rennes = Department.objects.get(code="35")
    return {
        "doisneau": SchoolFactory(
            uai="0940176F",
            name="École élémentaire Robert Doisneau",
            commune="Fresnes",
            department=val_de_marne,
            kind=SchoolKind.ELEMENTARY,
            pupils_count=None,
        ),
        "brossolette": SchoolFactory(
            uai="0350002M",
            name="Collège Pierre Brossolette",
            commune="Rennes",
            department=rennes,
            pupils_count=512,
        ),
    }


@pytest.mark.django_db
def test_search_page_without_query_lists_nothing(client, schools):
    response = client.get(reverse("public:school_search"))
    assert response.status_code == 200
    assert "établissements trouvés" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["ecole elementaire doisneau", "ÉCOLE Fresnes", "0940176f", "robert"])
def test_search_is_accent_and_case_insensitive(client, schools, query):
    content = client.get(reverse("public:school_search"), {"q": query}).content.decode()
    assert "Robert Doisneau" in content
    assert "Brossolette" not in content


@pytest.mark.django_db
def test_search_filters_by_department_and_kind(client, schools):
    content = client.get(reverse("public:school_search"), {"departement": "35"}).content.decode()
    assert "Brossolette" in content and "Doisneau" not in content
    content = client.get(reverse("public:school_search"), {"type": SchoolKind.ELEMENTARY}).content.decode()
    assert "Doisneau" in content and "Brossolette" not in content


@pytest.mark.django_db
def test_search_with_no_result_says_so_in_french(client, schools):
    content = client.get(reverse("public:school_search"), {"q": "zzzz introuvable"}).content.decode()
    assert "Aucun établissement ne correspond à votre recherche" in content


@pytest.mark.django_db
def test_search_escapes_what_the_user_typed(client, schools):
    content = client.get(reverse("public:school_search"), {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


@pytest.mark.django_db
def test_search_query_count_is_constant(client, schools, django_assert_max_num_queries):
    for n in range(30):
        SchoolFactory(name=f"Ecole test {n}", department=schools["doisneau"].department)
    with django_assert_max_num_queries(6):
        client.get(reverse("public:school_search"), {"q": "ecole"})


@pytest.mark.django_db
def test_school_page_shows_directory_data_and_nc_for_unknown_pupils(client, schools):
    content = client.get(reverse("public:school_detail", args=["0940176F"])).content.decode()
    assert "Robert Doisneau" in content and "Académie de Créteil" in content
    assert "N.C." in content
    content = client.get(reverse("public:school_detail", args=["0350002M"])).content.decode()
    assert "512" in content


@pytest.mark.django_db
def test_school_page_accepts_lower_case_uai(client, schools):
    assert client.get("/etablissements/0940176f/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("uai", ["0940176G", "123", "ABCDEFGH", "0000000A"])
def test_school_page_404_for_invalid_or_unknown_uai(client, schools, uai):
    response = client.get(f"/etablissements/{uai}/")
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()


@pytest.mark.django_db
def test_home_page_is_french_and_presents_each_visitor(client):
    content = client.get("/").content.decode()
    assert '<html lang="fr"' in content
    for text in ["La Semaine de la persévérance scolaire", "Parents, partenaires, presse", "Ministère"]:
        assert text in content


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_csrf_is_enforced(reference):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a@b.fr", "password": "x"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_server_error_page_is_french(rf):
    from sps.www.common.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()


@pytest.mark.django_db
def test_programme_links_the_published_editions_of_the_current_campaign(client, reference):
    from tests.editions.factories import EditionFactory

    edition = EditionFactory(published=True)
    content = client.get(reverse("public:programme_academies")).content.decode()
    assert edition.get_absolute_url() in content
    assert "pas encore d&#x27;édition publiée" in content or "pas encore d'édition publiée" in content
