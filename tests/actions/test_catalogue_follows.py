"""The catalogue follows every change a visitor could see, through the services that make it:
publication, edit of a published fiche, flags, withdrawal, take-down, school renamed or moved."""

import pytest

from sps.actions.services import drafts, workflow
from sps.catalogue import index
from sps.catalogue.models import CatalogueEntry
from sps.catalogue.query import CatalogueQuery
from sps.schools.models import School
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(q, **params):
    return [e.action_id for e in CatalogueQuery.from_params({"q": q, **params}).entries()]


def test_publication_edit_flags_and_withdrawal(world, commit):
    action = ActionFactory(edition=world.edition, validated=True, schools=[world.school], title="Café des parents")
    with commit():
        workflow.action_publish(action=action, by=world.academy_pilot)
    assert found("cafe") == [action.pk]
    with commit():
        drafts.action_update(action=action, by=world.academy_pilot, title="Goûter des familles")
    assert found("cafe") == [] and found("gouter familles") == [action.pk]
    with commit():
        workflow.action_set_flags(action=action, by=world.academy_pilot, is_flagship=True)
    assert found("", phare="1") == [action.pk]
    with commit():
        workflow.action_withdraw(action=action, by=world.contributor)
    assert found("") == []


def test_take_down_drops_the_entry_at_once(world, commit):
    action = ActionFactory(edition=world.edition, published=True, schools=[world.school])
    index.index_actions([action.pk])
    with commit():
        workflow.action_unpublish(action=action, by=world.national_pilot, reason="Doublon d'une autre fiche.")
    assert not CatalogueEntry.objects.exists()


def test_a_renamed_or_moved_school_is_searched_under_its_new_name(world):
    action = ActionFactory(edition=world.edition, published=True, schools=[world.school])
    index.index_actions([action.pk])
    assert found("jean moulin") == [action.pk]
    School.objects.filter(pk=world.school.pk).update(name="Collège Simone Veil", bassin=world.other_bassin)
    index.reindex_schools([world.school.pk])
    assert found("jean moulin") == []
    assert found("simone veil", bassin=str(world.other_bassin.pk)) == [action.pk]


def test_the_directory_import_reports_the_schools_it_renamed(world, tmp_path):
    from sps.schools.importer import directory_import

    header = "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Code_departement;Nom_commune\n"
    school = world.school
    path = tmp_path / "annuaire.csv"
    path.write_text(header + f"{school.uai};Collège Louise Michel;Collège;{school.department.code};Créteil\n")
    report = directory_import(files=[(path.name, path)])
    assert not report.rejected, report.rejected
    assert report.renamed_school_ids == [school.pk]
