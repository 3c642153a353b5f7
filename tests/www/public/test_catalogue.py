"""The catalogue page and the fiche page of the public programme."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

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


def test_facet_options_are_escaped_and_keep_the_chosen_value(client):
    action = published(title="Théâtre", levels=[Level.SIXIEME])
    theme = action.edition.themes.create(title='Arts <script>alert("x")</script> & co')
    action.themes.set([theme])
    index.index_actions([action.pk])
    content = client.get(URL, {"niveau": "college"}).content.decode()
    assert "<script>alert" not in content
    assert "Arts &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co (1)" in content
    assert '<option value="college" selected>Collège (1)</option>' in content


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


# --- Audit of issue 9: what the fiche page must hide, similar actions' order, school pages ----


def _photo(action, *, consent: bool, caption: str) -> BilanPhoto:
    from django.core.files.base import ContentFile

    bilan, _ = Bilan.objects.get_or_create(action=action)
    photo = BilanPhoto(bilan=bilan, width=4, height=4, consent_confirmed=consent, caption=caption)
    if consent:
        photo.consent_text = "J'ai les autorisations."
    photo.image.save("x.png", ContentFile(_png()), save=False)
    photo.width = photo.height = 4
    photo.save()
    return photo


def test_a_photo_without_consent_can_never_reach_the_fiche(client):
    """The database itself refuses a bilan photo whose image rights were not confirmed: the fiche
    and the photo URL can only ever show photos with consent."""
    from django.db import IntegrityError, transaction

    action = published()
    shown = _photo(action, consent=True, caption="Les familles applaudissent")
    with pytest.raises(IntegrityError), transaction.atomic():
        _photo(action, consent=False, caption="Portrait sans autorisation")
    with pytest.raises(IntegrityError), transaction.atomic():
        BilanPhoto.objects.filter(pk=shown.pk).update(consent_confirmed=False)
    content = fiche(client, action).content.decode()
    assert "Les familles applaudissent" in content and "Portrait sans autorisation" not in content
    assert client.get(reverse("public:action_photo", kwargs={"pk": action.pk, "photo_pk": shown.pk})).status_code == 200


def test_the_json_ld_has_one_event_per_public_temps_fort_with_its_paris_offset(client):
    action = ActionFactory(published=True, occurrences=[])
    monday = action.edition.week_start
    action.occurrences.create(date=monday, start_time=datetime.time(9), end_time=datetime.time(11), is_public=True)
    action.occurrences.create(
        date=monday + datetime.timedelta(days=2), is_public=True, is_online=True, url="https://visio.example/ouvert"
    )
    action.occurrences.create(date=monday + datetime.timedelta(days=3), is_public=False, start_time=datetime.time(8))
    index.index_actions([action.pk])
    content = fiche(client, action).content.decode()
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', content, re.S).group(1)
    events = json.loads(block)
    assert [e["@type"] for e in events] == ["Event", "Event"]
    offset = (
        "+01:00"
        if timezone.localtime(timezone.make_aware(datetime.datetime.combine(monday, datetime.time(9)))).utcoffset()
        == datetime.timedelta(hours=1)
        else "+02:00"
    )
    assert events[0]["startDate"] == f"{monday.isoformat()}T09:00:00{offset}"
    assert events[0]["endDate"] == f"{monday.isoformat()}T11:00:00{offset}"
    # A day without an hour is a date; a public online temps fort gives its link as a virtual place.
    assert events[1]["startDate"] == (monday + datetime.timedelta(days=2)).isoformat()
    assert events[1]["location"] == {"@type": "VirtualLocation", "url": "https://visio.example/ouvert"}
    assert all(e["name"] == action.display_title for e in events)


def test_the_open_graph_tags_describe_the_fiche(client):
    action = published(title="Café des parents", description="Un temps d'échange entre familles et équipe.")
    content = fiche(client, action).content.decode()
    url = f"http://testserver/programme/actions/{action.pk}/"
    assert '<meta property="og:title" content="Café des parents">' in content
    assert '<meta property="og:description" content="Un temps d&#x27;échange entre familles et équipe.">' in content
    assert f'<meta property="og:url" content="{url}">' in content
    assert '<meta property="og:locale" content="fr_FR">' in content
    assert "og:image" not in content  # no photo with consent: no image to share
    photo = _photo(action, consent=True, caption="La scène")
    content = fiche(client, action).content.decode()
    image = f"http://testserver/programme/actions/{action.pk}/photos/{photo.pk}/"
    assert f'<meta property="og:image" content="{image}">' in content
    assert '<meta property="og:image:alt" content="La scène">' in content


def test_similar_actions_come_from_the_same_departement_first_and_share_something(client):
    from tests.territories.factories import DepartmentFactory

    action = published(title="Théâtre", levels=[Level.SIXIEME], publics=["parents"])
    edition = action.edition
    home = DepartmentFactory(academy=edition.academy)
    away = DepartmentFactory(academy=edition.academy)
    action.department = home
    action.save()
    index.index_actions([action.pk])
    # The other département's action would come first on every other criterion (flagship, earlier day).
    elsewhere = published(
        title="Forum ailleurs",
        edition=edition,
        department=away,
        levels=[Level.SIXIEME],
        publics=["parents"],
        is_flagship=True,
    )
    nearby = published(
        title="Atelier voisin", edition=edition, department=home, levels=[Level.SIXIEME], publics=["eleves"]
    )
    unrelated = published(
        title="Sans rapport", edition=edition, department=home, levels=[Level.SECONDE], publics=["personnels"]
    )
    content = fiche(client, action).content.decode()
    section = content[content.index("Actions similaires") :]
    assert nearby.title in section and elsewhere.title in section
    assert section.index(nearby.title) < section.index(elsewhere.title)
    assert unrelated.title not in section


def test_similar_actions_put_actions_phares_first_then_the_earliest(client):
    action = published(title="Théâtre", levels=[Level.SIXIEME])
    edition, monday = action.edition, action.occurrences.get().date
    later = {"date": monday + datetime.timedelta(days=3), "is_public": True}
    earlier = {"date": monday - datetime.timedelta(days=1), "is_public": True}
    common = {"edition": edition, "department": action.department, "levels": [Level.SIXIEME]}
    plain_late = published(title="Forum tardif", occurrences=[later], **common)
    plain_early = published(title="Forum matinal", occurrences=[earlier], **common)
    phare_late = published(title="Phare tardif", occurrences=[later], is_flagship=True, **common)
    section = fiche(client, action).content.decode()
    section = section[section.index("Actions similaires") :]
    positions = [section.index(a.title) for a in (phare_late, plain_early, plain_late)]
    assert positions == sorted(positions)


def test_school_pages_group_the_published_actions_by_edition_newest_first(client):
    from tests.editions.factories import CampaignFactory

    school = SchoolFactory()
    current = published(schools=[school], title="Café des parents")
    older_edition = EditionFactory(
        academy=current.edition.academy, published=True, campaign=CampaignFactory(school_year="2025-2026")
    )
    published(schools=[school], title="Forum passé", edition=older_edition)
    content = client.get(reverse("public:school_detail", kwargs={"uai": school.uai})).content.decode()
    first, second = content.index("Édition 2026-2027"), content.index("Édition 2025-2026")
    assert first < content.index("Café des parents") < second < content.index("Forum passé")


@freeze_time("2027-01-15")  # before the edition's week: its temps forts are ahead
def test_each_public_temps_fort_of_the_fiche_offers_its_ics(client):
    action = ActionFactory(published=True, occurrences=[])
    monday = action.edition.week_start
    shown = action.occurrences.create(date=monday, start_time=datetime.time(14, 30), is_public=True)
    hidden = action.occurrences.create(date=monday, is_public=False, place="Salle des profs")
    index.index_actions([action.pk])
    content = fiche(client, action).content.decode()
    assert content.count("Ajouter à mon agenda<span") == 1
    assert f'href="/programme/actions/{action.pk}/temps-forts/{shown.pk}.ics"' in content
    assert f"/temps-forts/{hidden.pk}.ics" not in content
    assert client.get(f"/programme/actions/{action.pk}/temps-forts/{shown.pk}.ics").status_code == 200


def test_the_catalogue_links_the_same_selection_on_the_map_calendar_feed_open_data_and_print(client):
    action = published(title="Théâtre des parents")
    content = client.get(URL, {"q": "theatre", "niveau": "college", "tri": "date"}).content.decode()
    for path in ("/programme/carte/", "/programme/calendrier/", "/programme/agenda.ics", "/donnees/"):
        assert f'href="{path}?q=theatre&amp;niveau=college"' in content, path
    assert "/programme/imprimer/" not in content  # no territory chosen: nothing to print
    slug = action.edition.academy.slug
    content = client.get(URL, {"academie": slug, "edition": "2026-2027", "q": "theatre"}).content.decode()
    assert f'href="/programme/imprimer/?academie={slug}&amp;edition=2026-2027"' in content


def test_each_filter_names_its_empty_choice(client):
    published(title="Théâtre des parents", is_flagship=True)
    content = client.get(URL).content.decode()
    for label in ("Toutes les académies", "Tous les niveaux", "Tous les publics", "Toutes les éditions"):
        assert f'<option value="">{label}</option>' in content, label
    assert "Tous ou toutes" not in content


def test_without_a_query_the_newest_edition_comes_first_twenty_per_page(client):
    from tests.editions.factories import CampaignFactory

    current = published(title="Action de cette année")
    older = EditionFactory(
        academy=current.edition.academy, published=True, campaign=CampaignFactory(school_year="2025-2026")
    )
    published(title="Action de l'an passé", edition=older)  # an earlier date, an older edition
    content = client.get(URL).content.decode()
    assert content.index("Action de cette année") < content.index("Action de l&#x27;an passé")
    for n in range(19):
        published(title=f"Atelier {n}", edition=current.edition)
    content = client.get(URL).content.decode()
    assert content.count("fr-card__title") == 20 and "Action de l&#x27;an passé" not in content
    assert "Action de l&#x27;an passé" in client.get(URL, {"page": "2"}).content.decode()


def test_on_a_phone_a_link_leads_past_the_filters_to_the_results(client):
    published(title="Théâtre des parents")
    content = client.get(URL).content.decode()
    link = re.search(r'<p class="fr-hidden-md[^"]*"><a [^>]*href="#results-title">([^<]*)</a></p>', content)
    assert link and link.group(1) == "Aller aux résultats (1 action)"
    assert 'id="results-title"' in content
    # Nothing to reach when nothing matches: the « Aucun résultat » callout is the answer.
    assert 'href="#results-title"' not in client.get(URL, {"q": "astronomie"}).content.decode()


def test_a_card_names_the_academie_not_a_bare_city(client):
    # « Créteil, 2026-2027 » reads as a commune; the card says « Académie de Créteil, 2026-2027 ».
    action = published(title="Théâtre des parents")
    academy = action.edition.academy
    academy.name = "Créteil"
    academy.save()
    index.index_actions([action.pk])
    content = client.get(URL).content.decode()
    assert f"— Académie de Créteil, {action.edition.campaign.school_year}</p>" in content


def test_past_temps_forts_of_the_fiche_do_not_offer_add_to_my_agenda(client):
    action = ActionFactory(published=True, occurrences=[])
    today = timezone.localdate(timezone=ZoneInfo("Europe/Paris"))
    past = action.occurrences.create(date=today - datetime.timedelta(days=1), place="Préau", is_public=True)
    coming = action.occurrences.create(date=today, place="Gymnase", is_public=True)
    index.index_actions([action.pk])
    content = fiche(client, action).content.decode()
    assert "Préau" in content and "Gymnase" in content  # both listed
    assert content.count("Ajouter à mon agenda<span") == 1
    assert f"/temps-forts/{coming.pk}.ics" in content and f"/temps-forts/{past.pk}.ics" not in content
