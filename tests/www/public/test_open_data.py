"""The open data page: the column schema, the codes, and download links for the filters asked."""

import pytest
from django.test import Client

from sps.catalogue.exports import COLUMNS
from tests.api.helpers import published

pytestmark = pytest.mark.django_db


def test_page_shows_the_schema_and_the_links(client, reference):
    published()
    response = client.get("/donnees/")
    assert response.status_code == 200
    html = response.content.decode()
    for column in COLUMNS:
        assert f"<code>{column.name}</code>" in html
    assert "<caption>Colonnes des fichiers et champs des actions de l'API</caption>" in html
    for fmt in ("csv", "csv-tableur", "json", "xlsx"):
        assert f'href="/donnees/export/{fmt}/"' in html
    assert "1 action publiée" in html
    assert "aucune donnée personnelle" in html


def test_links_carry_the_filters(client, reference):
    published(is_flagship=True)
    published()
    html = client.get("/donnees/", {"phare": "1", "niveau": "college"}).content.decode()
    assert 'href="/donnees/export/csv/?phare=1&amp;niveau=college"' in html
    assert "1 action publiée" in html and "pour ces filtres" in html
    # The filters the form does not show are kept as hidden fields.
    assert '<input type="hidden" name="phare" value="1">' in html


def test_french_typography(client, reference):
    html = client.get("/donnees/").content.decode()
    assert " :" not in html.split("<main", 1)[1].split("</main>", 1)[0].replace("&nbsp;:", "")


def test_every_page_links_to_open_data_in_the_footer(client):
    html = client.get("/").content.decode()
    assert '<a class="fr-footer__bottom-link" href="/donnees/">Données ouvertes et API</a>' in html


@pytest.mark.django_db
def test_a_ready_large_export_page_links_to_the_public_download():
    from django.urls import reverse

    from tests.files.helpers import ready_file

    file = ready_file(
        kind="catalogue.export",
        key="test-open-data",
        label="Programme en données ouvertes (CSV)",
        filename="programme.csv",
        content=b"id\n",
    )
    content = Client().get(reverse("public:open_data_file", args=[file.pk])).content.decode()
    assert f'href="{reverse("public:open_data_file_download", args=[file.pk])}"' in content
    assert f'href="{reverse("files:download", args=[file.pk])}"' not in content
    assert "Retour aux données ouvertes" in content and "Demandé le" not in content
