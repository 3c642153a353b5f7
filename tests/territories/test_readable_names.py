"""Directory names as people read them (issue 8: « 94 BASSIN 3-OUEST… », « Ecole… »)."""

import pytest

from sps.common.text import readable_name


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("94 BASSIN 3-OUEST (DIST. 6, 7, 8 ET 9)", "Bassin 3 – Ouest (districts 6, 7, 8 et 9)"),
        ("94 BASSIN 2-CENTRAL (DIST 3, 4, 5 ET 10)", "Bassin 2 – Central (districts 3, 4, 5 et 10)"),
        ("Ecole élémentaire Jules Ferry", "École élémentaire Jules Ferry"),
        ("Ecole maternelle Cités Jardins Albert Thomas", "École maternelle Cités Jardins Albert Thomas"),
        ("ECOLE PRIMAIRE PRIVEE HOLISKOL", "École primaire privée Holiskol"),
        ("LYCEE PROFESSIONNEL JEAN MOULIN", "Lycée professionnel Jean Moulin"),
        ("COLLEGE PAUL ELUARD", "Collège Paul Eluard"),
        ("Lycee Regional Professionnel", "Lycée régional Professionnel"),
        (
            "Etablissement régional d'enseignement adapté Magda Hollander-Lafon",
            "Établissement régional d'enseignement adapté Magda Hollander-Lafon",
        ),
        (
            "Section professionnelle du lycee des metiers du tourisme, Jeanne d'Arc",
            "Section professionnelle du lycée des métiers du tourisme, Jeanne d'Arc",
        ),
        ("INSPECTION ACADEMIQUE D'ILLE ET VILAINE", "Inspection académique d'Ille et Vilaine"),
        ("IME DE PARON", "IME de Paron"),
        # Already readable names are left as they are.
        ("Lycée professionnel Abbé Pierre", "Lycée professionnel Abbé Pierre"),
        ("Collège le Bocage", "Collège le Bocage"),
        ("District pilote", "District pilote"),
        ("", ""),
    ],
)
def test_readable_name(raw, shown):
    assert readable_name(raw) == shown


@pytest.mark.django_db
def test_models_show_the_readable_name_and_keep_the_raw_one(reference):
    from sps.schools.models import School
    from sps.territories.models import Bassin, Department

    department = Department.objects.get(code="94")
    bassin = Bassin.objects.create(department=department, name="94 BASSIN 3-OUEST (DIST. 6, 7, 8 ET 9)")
    school = School.objects.create(
        uai="0940176F", name="Ecole élémentaire Robert Doisneau", department=department, bassin=bassin
    )
    assert school.display_name == "École élémentaire Robert Doisneau"
    assert str(school) == "École élémentaire Robert Doisneau (0940176F)"
    assert str(bassin) == bassin.display_name == "Bassin 3 – Ouest (districts 6, 7, 8 et 9)"
    assert school.name == "Ecole élémentaire Robert Doisneau"  # the directory's, for matching
