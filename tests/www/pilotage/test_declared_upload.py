"""The national pilot's upload of declared figures: the per-line report, bad input in French."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sps.accounts.enums import Role
from sps.syntheses.models import DeclaredFigures
from sps.territories.models import Academy
from tests.accounts.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
URL = "pilotage:declared_figures_upload"
GOOD = "academie;annee_scolaire;actions;etablissements;premier_degre\nAmiens;2015-2016;112;62;oui\n"


@pytest.fixture
def national(client, reference):
    user = UserFactory()
    grant(user, Role.NATIONAL_PILOT)
    client.force_login(user)
    return user


def upload(client, content: bytes, name="chiffres.csv"):
    return client.post(reverse(URL), {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def test_the_page_explains_the_file_and_is_in_the_menu(client, national):
    response = client.get(reverse(URL))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Importer des chiffres déclarés</h1>" in content
    assert "<caption>Colonnes reconnues</caption>" in content and "<code>etablissements_libelle</code>" in content
    assert 'aria-current="page">Importer des chiffres déclarés</a>' in content
    assert "N.C." in content


def test_the_menu_link_is_for_national_pilots_only(client, reference):
    user = UserFactory()
    grant(user, Role.ACADEMY_PILOT, Academy.objects.get(name="Créteil"))
    client.force_login(user)
    assert "Importer des chiffres déclarés" not in client.get(reverse("pilotage:home")).content.decode()


def test_a_good_file_is_imported_and_reported(client, national):
    response = upload(client, GOOD.encode())
    content = response.content.decode()
    assert response.status_code == 200
    assert "1 ligne lue, 1 créée, 0 mise à jour, 0 inchangée, 0 rejetée." in content
    figures = DeclaredFigures.objects.get()
    assert (figures.actions_count, figures.schools_count, figures.primary) == (112, 62, True)
    assert figures.updated_by == national
    again = upload(client, GOOD.encode()).content.decode()
    assert "0 créée, 0 mise à jour, 1 inchangée" in again and DeclaredFigures.objects.count() == 1


def test_malformed_rows_are_listed_by_line_and_the_rest_imported(client, national):
    content = (GOOD + "Besançon;2015-2016;dix-neuf;20;non\nAtlantide;2015-2016;1;1;oui\n").encode()
    page = upload(client, content).content.decode()
    assert "3 lignes lues, 1 créée, 0 mise à jour, 0 inchangée, 2 rejetées." in page
    assert "<caption>Lignes rejetées et motif</caption>" in page
    assert "<tr><td>3</td><td>actions</td><td>«\u00a0dix-neuf\u00a0» n&#x27;est pas un nombre entier" in page
    assert "<tr><td>4</td><td>academie</td><td>Académie inconnue\u00a0: «\u00a0Atlantide\u00a0».</td></tr>" in page
    assert list(DeclaredFigures.objects.values_list("edition__academy__name", flat=True)) == ["Amiens"]


def test_a_file_not_in_utf8_keeps_nothing(client, national):
    page = upload(client, (GOOD + "Besançon;2015-2016;19;20;non\n").encode("latin-1")).content.decode()
    assert "n&#x27;est pas encodé en UTF-8" in page and "rien n&#x27;a été importé" in page
    assert 'aria-describedby="id_file-error"' in page
    assert not DeclaredFigures.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, "Choisissez un fichier."),
        ({"file": SimpleUploadedFile("chiffres.xlsx", b"PK\x03\x04")}, "n&#x27;est pas un fichier CSV"),
        ({"file": SimpleUploadedFile("chiffres.csv", b"academie;actions\nAmiens;1\n")}, "annee_scolaire"),
    ],
)
def test_bad_input_gets_a_french_message(client, national, data, expected):
    response = client.post(reverse(URL), data)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not DeclaredFigures.objects.exists()


def test_an_oversized_file_is_refused(client, national, monkeypatch):
    from sps.www.pilotage import declared

    monkeypatch.setattr(declared, "MAX_BYTES", 10)
    page = upload(client, GOOD.encode()).content.decode()
    assert "Le fichier dépasse 2 Mo" in page and not DeclaredFigures.objects.exists()
