"""Académie names in French: « de » elided before a vowel (« Académie d'Amiens »), and lists sorted
accents aside (« Île-de-France » among the I, not after « Provence… »), the same on every database."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from sps.territories.models import AcademicRegion, Academy
from sps.territories.text import french_sort_key, of_academy


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Amiens", "d'Amiens"),
        ("Orléans-Tours", "d'Orléans-Tours"),
        ("Aix-Marseille", "d'Aix-Marseille"),
        ("Créteil", "de Créteil"),
        ("Rennes", "de Rennes"),
        ("Normandie", "de Normandie"),
        ("La Réunion", "de La Réunion"),
        ("Île-de-France", "d'Île-de-France"),
    ],
)
def test_of_academy(name, expected):
    assert of_academy(name) == expected
    template = Template("{% load territories %}{{ name|of_academy }}", engine=None)
    assert template.render(Context({"name": name})) == expected.replace("'", "&#x27;")


def test_academy_str_is_elided():
    assert str(Academy(name="Amiens")) == "Académie d'Amiens"
    assert str(Academy(name="Créteil")) == "Académie de Créteil"
    assert str(Academy(name="La Réunion")) == "La Réunion"


def test_french_sort_key_puts_accented_names_among_their_letter():
    regions = ["Provence-Alpes-Côte d'Azur", "Île-de-France", "Hauts-de-France", "Normandie", "Occitanie", "Corse"]
    assert sorted(regions, key=french_sort_key) == [
        "Corse",
        "Hauts-de-France",
        "Île-de-France",
        "Normandie",
        "Occitanie",
        "Provence-Alpes-Côte d'Azur",
    ]
    assert sorted(["Creuse", "Créteil", "Cher"], key=french_sort_key) == ["Cher", "Créteil", "Creuse"]


@pytest.mark.django_db
def test_programme_lists_regions_in_french_order(client, reference):
    """On SQLite (bytes) and PostgreSQL (the server's locale) alike: run with DATABASE_URL too."""
    content = client.get(reverse("public:programme_academies")).content.decode()
    regions = [r.name for r in AcademicRegion.objects.all()]
    shown = sorted((content.index(f">{name}</h2>"), name) for name in regions if f">{name}</h2>" in content)
    order = [name for _, name in shown]
    assert order == sorted(order, key=french_sort_key)
    assert order.index("Île-de-France") == order.index("Hauts-de-France") + 1
    assert "Académie d&#x27;Amiens" in content and "Académie d&#x27;Orléans-Tours" in content
