"""Any domain error lands on a form through one helper (sps/www/common/errors.py)."""

import pytest
from django import forms

from sps.accounts.services import AccountError
from sps.actions.errors import ActionError, ModerationError
from sps.actions.images import PhotoRejected
from sps.common.errors import DomainError
from sps.editions.resource_services import ResourceError
from sps.editions.services import EditionError
from sps.schools.importer import DirectoryFormatError
from sps.schools.services import SchoolError
from sps.territories.services import TerritoryError
from sps.www.common.errors import add_domain_error


class _Form(forms.Form):
    title = forms.CharField(required=False)
    body = forms.CharField(required=False)
    file = forms.CharField(required=False)


def _bound():
    form = _Form({"title": "Tapé", "body": "", "file": ""})
    assert form.is_valid()
    return form


@pytest.mark.parametrize(
    "cls",
    [
        ActionError,
        ModerationError,
        EditionError,
        ResourceError,
        AccountError,
        SchoolError,
        TerritoryError,
        PhotoRejected,
        DirectoryFormatError,
    ],
)
def test_every_domain_error_shares_the_base(cls):
    assert issubclass(cls, DomainError)
    error = cls("Refusé.")
    assert str(error) == error.message == "Refusé."


def test_field_messages_go_next_to_their_fields_the_others_on_top():
    form = _bound()
    add_domain_error(form, ActionError("Lead.", errors={"title": ["Trop long."], "elsewhere": ["Autre."]}))
    assert form.errors["title"] == ["Trop long."]
    assert form.non_field_errors() == ["Autre."]
    assert form.data["title"] == "Tapé"


def test_lead_message_when_no_field_error():
    form = _bound()
    add_domain_error(form, EditionError("La campagne est close."))
    assert form.non_field_errors() == ["La campagne est close."]
    form = _bound()
    add_domain_error(form, ActionError("Fichier refusé."), default_field="file")
    assert form.errors["file"] == ["Fichier refusé."]


def test_rename_elsewhere_and_hidden_keys():
    form = _bound()
    rows = []
    add_domain_error(
        form,
        ActionError(
            "Lead.", errors={"comment": ["Écrivez."], "occurrences": ["Temps fort n° 1 : date."], "missing": ["Titre"]}
        ),
        rename={"comment": "body"},
        elsewhere={"occurrences": rows.append, "missing": None},
    )
    assert form.errors["body"] == ["Écrivez."]
    assert rows == ["Temps fort n° 1 : date."]
    assert not form.non_field_errors()


def test_only_hidden_keys_still_show_the_lead():
    form = _bound()
    add_domain_error(
        form, ActionError("Il manque : Titre.", errors={"missing": ["Titre"]}), elsewhere={"missing": None}
    )
    assert form.non_field_errors() == ["Il manque : Titre."]


def test_resource_error_field_shorthand():
    form = _bound()
    add_domain_error(form, ResourceError("Fichier trop lourd.", field="file"))
    assert form.errors["file"] == ["Fichier trop lourd."]
