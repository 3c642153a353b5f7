"""The fiche form's error summary (components/_error_summary.html): every error at the top, each linked
to its field, in the order of the page, taking the focus (the script is a static file: the CSP allows no
inline script); the buttons above and below the fields; a draft is only created with a title."""

import html
import re

import pytest
from django.urls import reverse

from sps.actions.models import Action
from tests.actions.factories import ActionFactory
from tests.www.espace.test_actions import fiche_payload

pytestmark = pytest.mark.django_db


def _summary(page: str) -> list[tuple[str, str]]:
    """(href, text) of each entry of the page's error summary."""
    start = page.index("data-sps-error-summary")
    block = page[start : page.index("</ul>", start)]
    return [
        (href, re.sub(r"[ \t\n]+", " ", html.unescape(re.sub(r"<[^>]+>", "", text))).strip())
        for href, text in re.findall(r'<li>\s*<a href="([^"]*)">(.*?)</a>\s*</li>', block, re.S)
    ]


def _espace_edit(client, world, **overrides):
    draft = ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor, occurrences=[])
    client.force_login(world.contributor)
    response = client.post(reverse("espace:action_edit", args=[draft.pk]), fiche_payload(world, **overrides))
    assert response.status_code == 200
    return draft, response.content.decode()


BAD = {
    "title": "x" * 201,
    "occurrences-0-date": "20/13/2027",
    "partners-1-contribution_text": "Prêt de salle",
    "contact_role": "r" * 151,
}


def test_every_error_is_listed_at_the_top_with_a_link_to_its_field(client, world):
    draft, page = _espace_edit(client, world, **BAD)
    entries = _summary(page)
    # In the order of the page: the fiche's fields, the temps forts, the partners, the contact, the links.
    assert [href for href, _ in entries] == [
        "#id_title",
        "#id_occurrences-0-date",
        "#id_partners-1-name",
        "#id_contact_role",
    ]
    for href, _ in entries:
        assert f'id="{href[1:]}"' in page  # each link leads to a field of the page
    texts = dict(entries)
    assert texts["#id_title"].startswith("Titre de l'action") and "200 caractères" in texts["#id_title"]
    assert texts["#id_occurrences-0-date"].startswith("Temps fort 1 — Date")
    assert texts["#id_partners-1-name"].startswith("Partenaire 2 — Partenaire (nom)")
    assert "4 erreurs à corriger" in page
    # The summary comes first in the form, before the buttons, and can take the focus.
    summary = page.index("data-sps-error-summary")
    assert summary < page.index('value="draft"')
    tag = page[page.rindex("<div", 0, summary) : page.index(">", summary)]
    assert 'tabindex="-1"' in tag and 'role="alert"' in tag
    draft.refresh_from_db()
    assert draft.title != BAD["title"]


def test_the_services_errors_are_linked_too(client, world):
    """Errors found by the domain once the form is read (the e-mail, the links) are listed the same way."""
    _, page = _espace_edit(client, world, contact_email="pas-une-adresse", website="javascript:alert(1)")
    assert [href for href, _ in _summary(page)] == ["#id_contact_email", "#id_website"]


def test_a_list_of_boxes_links_to_its_first_box(client, world):
    _, page = _espace_edit(client, world, schools=[str(world.foreign_school.pk)])
    assert [href for href, _ in _summary(page)] == ["#id_schools_0"]
    assert 'id="id_schools_0"' in page


def test_no_summary_without_errors(client, world):
    draft = ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor)
    client.force_login(world.contributor)
    page = client.get(reverse("espace:action_edit", args=[draft.pk])).content.decode()
    assert "data-sps-error-summary" not in page
    # The focus script is a static file with the page's nonce, never inline.
    assert re.search(r'<script src="/static/sps/error-summary\.js" nonce="[^"]+" defer></script>', page)


@pytest.mark.parametrize(
    "url_name, user, buttons",
    [
        ("espace:action_edit", "contributor", ["Enregistrer le brouillon", "Soumettre la fiche"]),
        ("pilotage:action_edit", "academy_pilot", ["Enregistrer la fiche"]),
    ],
)
def test_the_buttons_are_above_and_below_the_fields(client, world, url_name, user, buttons):
    draft = ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor)
    client.force_login(getattr(world, user))
    page = client.get(reverse(url_name, args=[draft.pk])).content.decode()
    first_field, last_field = page.index('name="title"'), page.index('name="video_url"')
    for button in buttons:
        positions = [m.start() for m in re.finditer(re.escape(f">{button}</button>"), page)]
        assert len(positions) == 2, button
        assert positions[0] < first_field and positions[1] > last_field


def test_the_pilot_form_has_the_summary_too(client, world):
    action = ActionFactory(edition=world.edition, schools=[world.school], submitted=True)
    client.force_login(world.academy_pilot)
    data = fiche_payload(world, contact_email="pas-une-adresse", intent="save")
    page = client.post(reverse("pilotage:action_edit", args=[action.pk]), data).content.decode()
    assert [href for href, _ in _summary(page)] == ["#id_contact_email"]


# --- The title first ------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["", "   "])
def test_a_draft_is_not_created_without_a_title(client, world, title):
    client.force_login(world.contributor)
    target = f"{world.school.pk}:{world.edition.pk}"
    response = client.post(reverse("espace:action_declare"), {"target": target, "title": title})
    assert response.status_code == 200
    assert not Action.objects.exists()
    page = response.content.decode()
    message = "Indiquez le titre de l&#x27;action\u00a0: vous pourrez le modifier ensuite."
    field = page.index('id="id_title"')
    assert message in page[field : field + 800]  # next to the field
    assert _summary(page) == [("#id_title", f"Titre de l'action\u00a0: {html.unescape(message)}")]
    assert f'value="{target}" ' in page and "checked" in page[page.index(f'value="{target}"') - 200 :]


def test_a_territory_draft_is_not_created_without_a_title(client, world):
    client.force_login(world.academy_pilot)
    response = client.post(
        reverse("pilotage:action_declare"), {"edition": world.edition.pk, "carrier_level": "academy", "title": ""}
    )
    assert response.status_code == 200 and not Action.objects.exists()
    page = response.content.decode()
    field = page.index('id="id_title"')
    assert "Indiquez le titre de l&#x27;action" in page[field : field + 800]
