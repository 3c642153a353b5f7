"""The form markup of the pages that have forms, as each role sees them (tests/www/common/markup.py):
unique ids (the message to the porteur and the internal note no longer share `id_body`), labels and
descriptions pointing at elements that exist, every <form> named, « (facultatif) » said once."""

import pytest
from django.urls import reverse

from tests.actions.factories import ActionFactory
from tests.www.common.markup import markup_problems

pytestmark = pytest.mark.django_db


def test_the_checker_finds_what_it_looks_for():
    html = (
        '<main><form><label for="id_body">Note</label><textarea id="id_body" aria-describedby="id_body_helptext">'
        '</textarea></form><form aria-label="A"><textarea id="id_body"></textarea></form><form aria-label="A"></form>'
        "<label>Code (facultatif) (facultatif)</label></main>"
    )
    assert sorted(markup_problems(html)) == sorted(
        [
            "id en double : id_body",
            "aria-describedby de <textarea> vers un id absent : id_body_helptext",
            "<form> sans nom accessible",
            "deux <form> nommés « A »",
            "libellé : Code (facultatif) (facultatif)",
        ]
    )


def _pilot_pages(world):
    submitted = ActionFactory(edition=world.edition, schools=[world.school], submitted=True, title="Café")
    territory = ActionFactory(edition=world.edition, schools=[], carrier_level="academy", title="Forum")
    return [
        reverse("pilotage:home"),
        reverse("pilotage:action_list"),
        reverse("pilotage:action_detail", args=[submitted.pk]),
        reverse("pilotage:action_edit", args=[submitted.pk]),
        reverse("pilotage:action_edit", args=[territory.pk]),
        reverse("pilotage:action_declare"),
        reverse("pilotage:edition_list"),
        reverse("pilotage:edition_detail", args=[world.edition.pk]),
        reverse("pilotage:edition_edit", args=[world.edition.pk]),
        reverse("pilotage:edition_branding", args=[world.edition.pk]),
        reverse("pilotage:resource_add", args=[world.edition.pk]),
        reverse("pilotage:bassin_list"),
        reverse("pilotage:bassin_detail", args=[world.bassin.pk]),
        reverse("pilotage:school_list"),
        reverse("pilotage:idea_list"),
        reverse("pilotage:idea_create"),
        reverse("pilotage:invitations"),
        reverse("pilotage:schools_without_action"),
    ]


def test_pilot_pages_have_sound_form_markup(client, world):
    pages = _pilot_pages(world)
    client.force_login(world.academy_pilot)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert markup_problems(response.content.decode()) == [], url


def test_the_pilots_message_and_note_have_their_own_fields(client, world):
    action = ActionFactory(edition=world.edition, schools=[world.school], submitted=True)
    client.force_login(world.academy_pilot)
    page = client.get(reverse("pilotage:action_detail", args=[action.pk])).content.decode()
    assert '<label class="fr-label" for="id_message-body">' in page and 'id="id_message-body"' in page
    assert '<label class="fr-label" for="id_note-body">' in page and 'id="id_note-body"' in page
    assert 'aria-label="Note interne"' in page and 'aria-label="Message au porteur"' in page


def test_bad_input_pages_keep_sound_markup(client, world):
    """With errors shown, the descriptions point at the messages that are there."""
    action = ActionFactory(edition=world.edition, schools=[world.school], submitted=True)
    client.force_login(world.academy_pilot)
    response = client.post(reverse("pilotage:action_note", args=[action.pk]), {"note-body": ""})
    assert response.status_code == 200
    assert markup_problems(response.content.decode()) == []
    response = client.post(reverse("pilotage:bassin_list"), {"name": "", "code": "x" * 30})
    assert markup_problems(response.content.decode()) == []
    assert "Code (facultatif)" in response.content.decode()


def test_espace_pages_have_sound_form_markup(client, world):
    draft = ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor)
    published = ActionFactory(edition=world.edition, schools=[world.school], published=True)
    client.force_login(world.contributor)
    for url in [
        reverse("espace:home"),
        reverse("espace:action_declare"),
        reverse("espace:action_edit", args=[draft.pk]),
        reverse("espace:action_detail", args=[draft.pk]),
        reverse("espace:action_bilan", args=[published.pk]),
        reverse("espace:kit"),
        reverse("espace:idea_list"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert markup_problems(response.content.decode()) == [], url
