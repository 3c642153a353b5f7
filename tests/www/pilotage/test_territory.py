from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sps.accounts.enums import Role
from sps.schools.models import School
from sps.territories.models import Bassin, Department
from tests.accounts.factories import UserFactory, grant
from tests.schools.factories import SchoolFactory
from tests.territories.factories import BassinFactory

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def val_de_marne(reference):
    return Department.objects.get(code="94")


@pytest.fixture
def department_pilot(client, val_de_marne):
    user = UserFactory()
    grant(user, Role.DEPARTMENT_PILOT, val_de_marne)
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_pilot_creates_a_bassin(client, department_pilot, val_de_marne):
    response = client.post(
        reverse("pilotage:bassin_list"), {"department": val_de_marne.pk, "name": "Bassin Nord", "code": ""}
    )
    bassin = Bassin.objects.get(name="Bassin Nord")
    assert response.status_code == 302 and response["Location"] == reverse("pilotage:bassin_detail", args=[bassin.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, message", [("", "Ce champ est obligatoire"), ("   ", "Ce champ est obligatoire"), ("x" * 201, "au plus 200")]
)
def test_bassin_creation_bad_input_keeps_the_form(client, department_pilot, val_de_marne, name, message):
    response = client.post(reverse("pilotage:bassin_list"), {"department": val_de_marne.pk, "name": name, "code": "B1"})
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content and "fr-input-group--error" in content
    assert 'value="B1"' in content
    assert not Bassin.objects.exists()


@pytest.mark.django_db
def test_bassin_creation_duplicate_name_is_reported_next_to_the_field(client, department_pilot, val_de_marne):
    BassinFactory(department=val_de_marne, name="Bassin Nord")
    response = client.post(reverse("pilotage:bassin_list"), {"department": val_de_marne.pk, "name": "bassin nord"})
    assert "existe déjà" in response.content.decode()
    assert Bassin.objects.count() == 1


@pytest.mark.django_db
def test_bassin_creation_in_another_department_is_refused(client, department_pilot, reference):
    other = Department.objects.get(code="35")
    response = client.post(reverse("pilotage:bassin_list"), {"department": other.pk, "name": "Intrus"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Bassin.objects.exists()


@pytest.mark.django_db
def test_pilot_adds_and_removes_schools(client, department_pilot, val_de_marne):
    bassin = BassinFactory(department=val_de_marne)
    a, b = SchoolFactory(department=val_de_marne), SchoolFactory(department=val_de_marne)
    url = reverse("pilotage:bassin_detail", args=[bassin.pk])
    response = client.post(url, {"action": "add", "uais": f"{a.uai.lower()}, {b.uai}"})
    assert response.status_code == 302
    assert set(bassin.schools.all()) == {a, b}
    client.post(url, {"action": "remove", "schools": [a.pk]})
    assert list(bassin.schools.all()) == [b]
    a.refresh_from_db()
    assert a.bassin is None and a.bassin_set_manually


@pytest.mark.django_db
def test_adding_schools_refuses_the_whole_list_on_one_bad_uai(client, department_pilot, val_de_marne):
    bassin = BassinFactory(department=val_de_marne)
    good = SchoolFactory(department=val_de_marne)
    foreign = SchoolFactory(department=Department.objects.get(code="35"))
    url = reverse("pilotage:bassin_detail", args=[bassin.pk])
    for typed, message in [
        (f"{good.uai} 0940176G", "lettre de contrôle"),
        (f"{good.uai} {foreign.uai}", "hors de votre territoire"),
    ]:
        response = client.post(url, {"action": "add", "uais": typed})
        content = response.content.decode()
        assert response.status_code == 200 and message in content
        assert typed in content  # what was typed is kept
        assert not bassin.schools.exists()


@pytest.mark.django_db
def test_relay_sees_the_bassin_but_cannot_edit_it(client, val_de_marne):
    bassin = BassinFactory(department=val_de_marne)
    relay = UserFactory()
    grant(relay, Role.BASSIN_RELAY, bassin)
    client.force_login(relay)
    content = client.get(reverse("pilotage:bassin_detail", args=[bassin.pk])).content.decode()
    assert bassin.name in content and "Ajouter au bassin" not in content
    assert client.post(reverse("pilotage:bassin_list"), {"name": "x"}).status_code == 403


@pytest.mark.django_db
def test_school_list_filters_schools_without_contributor(client, department_pilot, val_de_marne):
    with_one = SchoolFactory(department=val_de_marne, name="Collège Avec")
    SchoolFactory(department=val_de_marne, name="Collège Sans")
    grant(UserFactory(), Role.SCHOOL_CONTRIBUTOR, with_one)
    content = client.get(reverse("pilotage:school_list"), {"sans_porteur": "1"}).content.decode()
    assert "Collège Sans" in content and "Collège Avec" not in content
    assert "ce." in content  # the institutional address, to write to them


@pytest.mark.django_db
def test_pilotage_home_counts(client, department_pilot, val_de_marne, django_assert_max_num_queries):
    for _ in range(3):
        SchoolFactory(department=val_de_marne)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pilotage:home"))
    assert response.context["figures"]["participating"] == 3


@pytest.fixture
def national_pilot(client):
    user = UserFactory()
    grant(user, Role.NATIONAL_PILOT)
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_directory_upload_imports_and_reports(client, national_pilot, reference):
    content = (
        FIXTURES.parent.parent / "sps" / "schools" / "data" / "annuaire" / "annuaire-extrait-94-val-de-marne.csv"
    ).read_bytes()
    upload = SimpleUploadedFile("annuaire-94.csv", content, content_type="text/csv")
    response = client.post(reverse("pilotage:directory_upload"), {"files": [upload]})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.created == School.objects.count() > 600
    assert "Import terminé" in response.content.decode()


@pytest.mark.django_db
def test_directory_upload_lists_rejected_lines(client, national_pilot, reference):
    upload = SimpleUploadedFile("casse.csv", (FIXTURES / "annuaire-broken.csv").read_bytes(), content_type="text/csv")
    response = client.post(reverse("pilotage:directory_upload"), {"files": [upload]})
    content = response.content.decode()
    assert response.context["report"].rejected_count > 0
    assert "Lignes rejetées" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, body, message",
    [
        ("annuaire.pdf", b"%PDF-1.4", "est pas un fichier CSV"),
        ("vide.csv", b"nom;commune\nA;B\n", "UAI"),
    ],
)
def test_directory_upload_bad_files_are_explained(client, national_pilot, reference, name, body, message):
    upload = SimpleUploadedFile(name, body, content_type="text/csv")
    response = client.post(reverse("pilotage:directory_upload"), {"files": [upload]})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not School.objects.exists()


@pytest.mark.django_db
def test_directory_upload_without_file(client, national_pilot):
    response = client.post(reverse("pilotage:directory_upload"), {})
    assert "Choisissez au moins un fichier" in response.content.decode()


@pytest.mark.django_db
def test_directory_upload_lists_duplicate_lines_and_refuses_misaligned_files(client, national_pilot, reference):
    doubles = SimpleUploadedFile("doublons.csv", (FIXTURES / "annuaire-doublons.csv").read_bytes())
    content = client.post(reverse("pilotage:directory_upload"), {"files": [doubles]}).content.decode()
    assert "Lignes en double ignorées" in content
    assert "la ligne 2 est gardée, la ligne 4 est ignorée" in content

    School.objects.all().delete()
    commas = SimpleUploadedFile("virgules.csv", (FIXTURES / "annuaire-virgules.csv").read_bytes())
    response = client.post(reverse("pilotage:directory_upload"), {"files": [commas]})
    assert response.context["report"] is None
    assert "ligne 2, 20 valeurs pour 17 colonnes" in response.content.decode()
    assert not School.objects.exists()
