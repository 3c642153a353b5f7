"""The catalogue page and the fiche page of the public programme."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from sps.actions.enums import Level
from sps.actions.models import ActionComment, ActionNote, Bilan, BilanPhoto
from sps.catalogue import index
from tests.actions.factories import ActionFactory
from tests.editions.factories import EditionFactory
from tests.events.factories import EventFactory, EventSessionFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db
URL = "/programme/"


def published(**kwargs):
    action = ActionFactory(published=True, **kwargs)
    index.index_actions([action.pk])
    return action


def test_the_catalogue_lists_published_actions_only(client):
    shown = published(title="Théâtre des parents", is_flagship=True)
    hidden = ActionFactory(validated=True, title="Forum caché")
    content = client.get(URL).content.decode()
    assert shown.title in content and hidden.title not in content
    assert "1 action" in content
    assert "Action phare" in content
    assert reverse("public:action_detail", kwargs={"pk": shown.pk}) in content


def test_search_and_filters_show_as_removable_tags(client):
    published(title="Théâtre des parents", levels=[Level.SIXIEME])
    published(title="Forum des métiers", levels=[Level.SECONDE])
    response = client.get(URL, {"q": "theatre", "niveau": "college"})
    content = response.content.decode()
    assert "Théâtre des parents" in content and "Forum des métiers" not in content
    assert "Recherche\u00a0: «\u00a0theatre\u00a0»" in content
    # Each tag links to the same search without its filter.
    assert 'href="/programme/?niveau=college"' in content
    assert 'href="/programme/?q=theatre"' in content
    # The level facet keeps its other values (its own filter is left out of its counts).
    assert "Lycée (0)" not in content and re.search(r"Lycée \(1\)", content)


def test_no_result_offers_to_drop_each_filter(client):
    published(title="Théâtre")
    content = client.get(URL, {"q": "astronomie", "niveau": "lycee"}).content.decode()
    assert "Aucun résultat" in content
    assert "sans «\u00a0Recherche" in content
    assert 'href="/programme/?niveau=lycee"' in content and 'href="/programme/?q=astronomie"' in content


def test_bad_parameters_do_not_fail(client):
    published()
    for params in ({"page": "abc"}, {"page": "-3"}, {"page": "99999"}, {"jour": "2027-13-45"}, {"bassin": "x"}):
        assert client.get(URL, params).status_code == 200, params
    assert client.get(URL, {"q": "a\x00b"}).status_code in (200, 400)


def test_pagination_is_bounded_and_keeps_the_filters(client):
    for n in range(23):
        published(title=f"Atelier {n}")
    content = client.get(URL, {"q": "atelier"}).content.decode()
    assert "1 / 2" in content and "page=2" in content and "q=atelier" in content
    second = client.get(URL, {"q": "atelier", "page": "2"}).content.decode()
    assert second.count("fr-card__title") == 3


def published_event(edition, academies=None, **kwargs):
    """A published event of `edition`'s académie (or `academies`) with a session in its week."""
    event = EventFactory(academies=academies or [edition.academy], with_session=False, **kwargs)
    start = timezone.make_aware(datetime.datetime.combine(edition.week_start, datetime.time(14)))
    EventSessionFactory(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    index.index_events([event.pk])
    return event


def test_the_catalogue_lists_events_with_actions_and_a_type_facet(client):
    action = published(title="Théâtre des parents")
    event = published_event(
        action.edition, title="Forum de la persévérance", online_url="https://visio.example.fr/salle-secrete"
    )
    content = client.get(URL).content.decode()
    assert "Théâtre des parents" in content and "Forum de la persévérance" in content
    assert f'href="/evenements/{event.pk}/"' in content
    assert reverse("public:action_detail", kwargs={"pk": action.pk}) in content
    assert "2 résultats, dont 1 événement" in content
    assert '<label class="fr-label" for="facet-nature">Type</label>' in content
    assert re.search(r'<option value="action">Actions \(1\)</option>', content)
    assert re.search(r'<option value="evenement">Événements \(1\)</option>', content)
    assert "salle-secrete" not in content
    only_events = client.get(URL, {"nature": "evenement"}).content.decode()
    assert "Forum de la persévérance" in only_events and "Théâtre des parents" not in only_events
    assert "1 événement" in only_events
    assert "Type\u00a0: Événements" in only_events  # the active filter's tag
    only_actions = client.get(URL, {"nature": "action"}).content.decode()
    assert "Forum de la persévérance" not in only_actions and "1 action" in only_actions


def test_a_shared_event_is_listed_once_nationally_and_in_each_academie(client):
    action = published(title="Atelier")
    other = EditionFactory(campaign=action.edition.campaign, published=True)
    published_event(action.edition, [action.edition.academy, other.academy], title="Séminaire partagé")
    content = client.get(URL, {"q": "seminaire partage"}).content.decode()
    assert content.count("Séminaire partagé</a>") == 1
    for academy in (action.edition.academy, other.academy):
        page = client.get(URL, {"q": "seminaire partage", "academie": academy.slug}).content.decode()
        assert page.count("Séminaire partagé</a>") == 1 and f"{academy.name}, " in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_catalogue_page_does_not_grow_in_queries(client, count, django_assert_max_num_queries):
    school = SchoolFactory()
    for n in range(count):
        action = published(title=f"Théâtre {n}", schools=[school])
        published_event(action.edition, title=f"Théâtre forum {n}")
    with django_assert_max_num_queries(20):
        assert client.get(URL, {"q": "theatre"}).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(URL).status_code == 200


# --- The fiche page --------------------------------------------------------------------------


def fiche(client, action):
    return client.get(reverse("public:action_detail", kwargs={"pk": action.pk}))


def test_an_unpublished_fiche_is_not_found(client):
    for trait in ("validated", "submitted", "withdrawn", "refused"):
        action = ActionFactory(**{trait: True})
        assert fiche(client, action).status_code == 404
    assert client.get("/programme/actions/999999/").status_code == 404


def test_the_fiche_shows_public_fields_and_hides_personal_data(client):
    school = SchoolFactory(name="Collège Jean Moulin")
    action = published(
        schools=[school],
        website="https://college-moulin.example/semaine",
        contact_name="Claire Dumas",
        contact_email="claire.dumas@example.org",
    )
    ActionNote.objects.create(action=action, body="Note interne confidentielle")
    ActionComment.objects.create(action=action, body="Commentaire de modération privé")
    content = fiche(client, action).content.decode()
    assert action.title in content and "Valoriser les réussites des élèves." in content
    assert f'href="/etablissements/{school.uai}/"' in content
    assert "https://college-moulin.example/semaine" in content
    for secret in (
        "claire.dumas@example.org",
        "Claire Dumas",
        "Note interne confidentielle",
        "Commentaire de modération",
    ):
        assert secret not in content
    assert 'property="og:title"' in content


def test_the_fiche_shows_only_public_temps_forts_and_their_json_ld(client):
    action = ActionFactory(published=True, occurrences=[])
    monday = action.edition.week_start
    import datetime

    action.occurrences.create(date=monday, start_time=datetime.time(14, 30), place="CDI", is_public=True)
    action.occurrences.create(
        date=monday, is_public=False, is_online=True, url="https://visio.example/secret", place="Salle des profs"
    )
    index.index_actions([action.pk])
    content = fiche(client, action).content.decode()
    assert "https://visio.example/secret" not in content and "Salle des profs" not in content
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', content, re.S).group(1)
    events = json.loads(block)
    assert [e["@type"] for e in events] == ["Event"]
    assert events[0]["startDate"].startswith(f"{monday.isoformat()}T14:30:00+0")
    assert events[0]["location"]["name"] == "CDI"


def test_only_photos_with_consent_are_public(client, settings):
    action = published()
    bilan = Bilan.objects.create(action=action)
    photo = BilanPhoto(
        bilan=bilan,
        width=4,
        height=4,
        consent_confirmed=True,
        consent_text="J'ai les autorisations.",
        caption="La scène",
    )
    from django.core.files.base import ContentFile

    photo.image.save("x.png", ContentFile(_png()), save=False)
    photo.width = photo.height = 4
    photo.save()
    content = fiche(client, action).content.decode()
    url = reverse("public:action_photo", kwargs={"pk": action.pk, "photo_pk": photo.pk})
    assert url in content
    assert client.get(url).status_code == 200
    # Another action's photo through this action's URL, or the photo once the action is taken down: 404.
    other = published()
    assert client.get(reverse("public:action_photo", kwargs={"pk": other.pk, "photo_pk": photo.pk})).status_code == 404
    action.status = "validated"
    action.save()
    assert client.get(url).status_code == 404


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_similar_actions_share_a_theme_public_or_level(client):
    action = published(title="Théâtre", levels=[Level.SIXIEME])
    similar = published(title="Forum", edition=action.edition, levels=[Level.SIXIEME])
    published_event(action.edition, title="Séminaire similaire", audience="public")
    content = fiche(client, action).content.decode()
    assert "Actions similaires" in content and similar.title in content
    assert "Séminaire similaire" not in content  # an event is not a similar action


@pytest.mark.parametrize("count", [3, 30])
def test_the_fiche_page_does_not_grow_in_queries(client, count, django_assert_max_num_queries):
    school = SchoolFactory()
    first = published(schools=[school])
    for _ in range(count):
        published(schools=[school], edition=first.edition)
    with django_assert_max_num_queries(16):
        assert fiche(client, first).status_code == 200


def test_school_pages_list_their_published_actions_by_edition(client):
    school = SchoolFactory()
    action = published(schools=[school], title="Café des parents")
    ActionFactory(validated=True, schools=[school], title="Pas encore publiée")
    content = client.get(reverse("public:school_detail", kwargs={"uai": school.uai})).content.decode()
    assert "Café des parents" in content and "Pas encore publiée" not in content
    assert f"Édition {action.edition.campaign.school_year}" in content
