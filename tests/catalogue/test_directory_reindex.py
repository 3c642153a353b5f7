"""`manage.py import_annuaire` brings the catalogue up to date when a re-import renames a school
(as the web upload does): the catalogue search finds the new name, no longer the old one."""

import io

import pytest
from django.core.management import call_command

from sps.catalogue import index
from sps.catalogue.query import CatalogueQuery
from sps.schools.models import School
from sps.schools.uai import uai_check_letter
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_postal;"
    "Nom_commune;Code_departement;Ecole_maternelle;Ecole_elementaire;code_nature"
)
DIGITS = "9400123"
UAI = DIGITS + uai_check_letter(DIGITS)


def write(path, name, commune):
    path.write_text(f"{HEADER}\n{UAI};{name};Ecole;Public;94000;{commune};094;1;1;151\n", encoding="utf-8")
    return str(path)


def titles(q):
    return [e.title for e in CatalogueQuery.from_params({"q": q}).entries()]


def test_a_reimport_that_renames_a_school_reindexes_its_actions(reference, tmp_path):
    call_command("import_annuaire", write(tmp_path / "a.csv", "École des Tilleuls", "Créteil"), stdout=io.StringIO())
    school = School.objects.get(uai=UAI)
    action = ActionFactory(published=True, title="Jardin partagé", schools=[school])
    index.index_actions([action.pk])
    assert titles("tilleuls") == ["Jardin partagé"]

    out = io.StringIO()
    call_command("import_annuaire", write(tmp_path / "b.csv", "École Simone Veil", "Maisons-Alfort"), stdout=out)

    assert titles("simone veil") == ["Jardin partagé"]
    assert titles("maisons alfort") == ["Jardin partagé"]
    assert titles("tilleuls") == []
    assert "Programme public mis à jour pour 1 établissement(s)" in out.getvalue()
