"""The fiche's field metadata has one home (sps/actions/fields.py), read by forms, rules, services,
exports and templates."""

from pathlib import Path

import pytest

from sps.actions import fields

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ["Organisation – modalités", "Objectifs", "Pilotage", "Éléments clés de réussite", "Valoriser – communiquer"]


@pytest.mark.parametrize("label", ["Organisation – modalités", "Éléments clés de réussite", "Valoriser – communiquer"])
def test_each_section_label_is_written_once(label):
    files = [*ROOT.joinpath("sps").rglob("*.py"), *ROOT.joinpath("templates").rglob("*.html")]
    hits = [str(f.relative_to(ROOT)) for f in files if "migrations" not in f.parts and label in f.read_text()]
    assert hits == ["sps/actions/fields.py"]


def test_the_fiche_sections():
    assert [fields.label(name) for name in fields.REQUIRED_TEXTS] == SECTIONS


def test_personal_fields_are_the_contact():
    assert fields.PERSONAL_FIELDS == {"contact_name", "contact_email", "contact_role"}


def test_what_an_idea_model_shares_with_a_fiche():
    # No contact, no classes (a model is for any class), no carrier.
    assert set(fields.MODEL_FIELDS) == {
        "title",
        "publics",
        "levels",
        "organisation",
        "objectives",
        "steering",
        "success_factors",
        "promotion",
        "promotion_kind",
    }


def test_what_reconduction_copies_as_plain_fields():
    assert set(fields.RECONDUCTED_FIELDS) == set(fields.MODEL_FIELDS) | {
        "classes",
        "description",
        "carrier_level",
        "is_year_long",
        "contact_name",
        "contact_email",
        "contact_role",
        "website",
        "video_url",
    }


def test_forms_pages_and_exports_read_the_labels():
    from sps.www.common.action_forms import ActionForm
    from sps.www.pilotage.action_forms import EXPORT_COLUMNS, IdeaModelForm

    for name in fields.REQUIRED_TEXTS:
        assert ActionForm.base_fields[name].label == fields.label(name)
        assert IdeaModelForm.base_fields[name].label == fields.label(name)
        assert EXPORT_COLUMNS[name][0] == fields.label(name)
    assert EXPORT_COLUMNS["contact_email"][0] == "Contact\u00a0: adresse"
