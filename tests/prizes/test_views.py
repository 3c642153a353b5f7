"""The prizes' pages: the pilots' set-up and results, the jurors' list and marking form, the public
vote from a fiche page, its confirmation link and the results page. Bad input is shown next to its
field and keeps what was typed; refused or hidden things are not on the page."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sps.prizes.models import Juror, JuryScore, Prize, PublicVote
from tests.actions.factories import ActionFactory
from tests.prizes.factories import JurorFactory, confirmed_vote, score

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


# --- Pilotage: set-up -------------------------------------------------------------------------


def test_pilot_sets_up_the_prizes(client, world):
    Prize.objects.all().delete()
    client.force_login(world.users["academy_pilot"])
    url = reverse("pilotage:prize_setup", kwargs={"pk": world.edition.pk})
    detail = client.get(reverse("pilotage:edition_detail", kwargs={"pk": world.edition.pk})).content.decode()
    assert url in detail
    response = client.post(
        url,
        {
            "jury_enabled": "on",
            "criteria": "Originalité\nImpact",
            "max_score": "5",
            "public_enabled": "on",
            "vote_opens_at": "2026-03-16T08:00",
            "vote_closes_at": "2026-03-20T18:00",
        },
    )
    assert response.status_code == 302
    prize = Prize.objects.get(edition=world.edition)
    assert list(prize.criteria.values_list("label", flat=True)) == ["Originalité", "Impact"]
    assert timezone.localtime(prize.vote_closes_at).strftime("%d/%m %H:%M") == "20/03 18:00"
    page = client.get(url).content.decode()
    assert "Originalité\nImpact" in page and 'value="2026-03-20T18:00"' in page


def test_setup_bad_input_is_shown_next_to_the_field_and_kept(client, world):
    Prize.objects.all().delete()
    client.force_login(world.users["academy_pilot"])
    url = reverse("pilotage:prize_setup", kwargs={"pk": world.edition.pk})
    response = client.post(
        url,
        {
            "jury_enabled": "on",
            "criteria": "",
            "max_score": "50",
            "public_enabled": "on",
            "vote_opens_at": "2026-03-20T18:00",
            "vote_closes_at": "demain",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "La note maximale est d&#x27;au plus 20." in html
    assert "Indiquez une date et une heure" in html
    assert 'value="demain"' in html and 'value="50"' in html
    assert not Prize.objects.exists()
    response = client.post(url, {"jury_enabled": "on", "criteria": "", "max_score": "5"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Indiquez au moins un critère de notation du jury" in html
    assert 'id="id_criteria-messages"' in html or "id_criteria" in html
    response = client.post(url, {"max_score": "5"})
    assert "Choisissez au moins un prix" in response.content.decode()
    response = client.post(
        url,
        {
            "public_enabled": "on",
            "max_score": "5",
            "vote_opens_at": "2026-03-20T18:00",
            "vote_closes_at": "2026-03-19T18:00",
        },
    )
    assert "La clôture du vote doit venir après son ouverture." in response.content.decode()
    assert not Prize.objects.exists()


def test_pilot_adds_and_removes_a_juror(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["academy_pilot"])
    add = reverse("pilotage:prize_juror_add", kwargs={"pk": world.edition.pk})
    response = client.post(add, {"email": "pas-une-adresse"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Indiquez une adresse électronique valide" in html and 'value="pas-une-adresse"' in html
    response = client.post(add, {"email": "inconnu@example.fr"})
    assert response.status_code == 400 and "Aucun compte actif" in response.content.decode()
    assert 'value="inconnu@example.fr"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(add, {"email": "contributor@example.fr"}).status_code == 302
    juror = Juror.objects.get()
    assert len(mail.outbox) == 1
    page = client.get(reverse("pilotage:prize_setup", kwargs={"pk": world.edition.pk})).content.decode()
    assert "contributor@example.fr" in page
    remove = reverse("pilotage:prize_juror_remove", kwargs={"pk": world.edition.pk, "juror_pk": juror.pk})
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not Juror.objects.exists()


# Who may use the POST-only set-up URLs (own table from the brief: the edition's académie pilots and
# national pilots; the Rennes pilot does not learn the edition exists).
POST_RIGHTS = {
    "contributor": 403,
    "relay": 403,
    "department_pilot": 403,
    "academy_pilot": 302,
    "national_pilot": 302,
    "other_pilot": 404,
}


@pytest.mark.parametrize("role, status", POST_RIGHTS.items())
def test_post_only_setup_urls_by_role(client, world, role, status):
    juror = JurorFactory(prize=world.prize, user=world.users["relay"])
    score(juror, world.theirs, 4, 4)
    client.force_login(world.users[role])
    pk = world.edition.pk
    responses = [
        client.post(reverse("pilotage:prize_juror_add", kwargs={"pk": pk}), {"email": "contributor@example.fr"}),
        client.post(reverse("pilotage:prize_jury_publish", kwargs={"pk": pk})),
        client.post(reverse("pilotage:prize_juror_remove", kwargs={"pk": pk, "juror_pk": juror.pk})),
    ]
    assert [r.status_code for r in responses] == [status] * 3
    world.prize.refresh_from_db()
    if status == 302:
        assert Juror.objects.filter(user=world.users["contributor"]).exists()
        assert world.prize.jury_published_at is not None
        assert Juror.objects.filter(pk=juror.pk).exists()  # published: the jury no longer changes
    else:
        assert not Juror.objects.filter(user=world.users["contributor"]).exists()
        assert world.prize.jury_published_at is None


def test_post_only_urls_refuse_anonymous(client, world):
    pk = world.edition.pk
    response = client.post(reverse("pilotage:prize_jury_publish", kwargs={"pk": pk}))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_pilot_results_hide_the_public_counts_until_the_close(client, world):
    confirmed_vote(world.prize, world.theirs, "un@example.fr")
    juror = JurorFactory(prize=world.prize, user=world.users["relay"])
    score(juror, world.theirs, 4, 5)
    client.force_login(world.users["academy_pilot"])
    url = reverse("pilotage:prize_results", kwargs={"pk": world.edition.pk})
    html = client.get(url).content.decode()
    assert "Classement du jury" in html and "9,00" in html
    assert "Votes confirmés par action" not in html
    assert "restent cachés, à tous, jusqu'à sa clôture" in html
    world.prize.vote_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    world.prize.vote_opens_at = timezone.now() - datetime.timedelta(days=2)
    world.prize.save()
    html = client.get(url).content.decode()
    assert "Votes confirmés par action" in html


# --- Jurors -----------------------------------------------------------------------------------


def test_a_juror_never_sees_nor_opens_their_own_schools_actions(client, world):
    juror = JurorFactory(prize=world.prize, user=world.users["contributor"])
    client.force_login(juror.user)
    home = client.get(reverse("jury:home")).content.decode()
    assert reverse("jury:prize_actions", kwargs={"prize_pk": world.prize.pk}) in home
    html = client.get(reverse("jury:prize_actions", kwargs={"prize_pk": world.prize.pk})).content.decode()
    assert "Café des parents" in html
    assert "Théâtre au collège" not in html and "Forum commun" not in html and "Brouillon" not in html
    for action in (world.mine, world.shared, world.draft):
        url = reverse("jury:score", kwargs={"prize_pk": world.prize.pk, "action_pk": action.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
    assert not JuryScore.objects.exists()


def test_a_juror_marks_with_messages_on_bad_input(client, world):
    juror = JurorFactory(prize=world.prize, user=world.users["relay"])
    client.force_login(juror.user)
    first, second = world.prize.criteria.all()
    url = reverse("jury:score", kwargs={"prize_pk": world.prize.pk, "action_pk": world.theirs.pk})
    response = client.post(url, {f"criterion_{first.pk}": "9", f"criterion_{second.pk}": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "La note est un nombre entier de 0 à 5." in html and "Donnez une note de 0 à 5." in html
    assert 'value="9"' in html
    response = client.post(url, {f"criterion_{first.pk}": "trois", f"criterion_{second.pk}": "2"})
    assert response.status_code == 400 and 'value="trois"' in response.content.decode()
    assert not JuryScore.objects.exists()
    response = client.post(url, {f"criterion_{first.pk}": "4", f"criterion_{second.pk}": "2"})
    assert response.status_code == 302
    assert sorted(JuryScore.objects.values_list("value", flat=True)) == [2, 4]
    html = client.get(reverse("jury:prize_actions", kwargs={"prize_pk": world.prize.pk})).content.decode()
    assert "1 sur 3" in html  # the relay belongs to no school: the three published actions
    page = client.get(url).content.decode()
    assert 'value="4"' in page and 'value="2"' in page


def test_jury_pages_are_a_404_for_who_is_not_a_juror(client, world):
    JurorFactory(prize=world.prize, user=world.users["relay"])
    client.force_login(world.users["academy_pilot"])  # pilots the edition, but is no juror
    assert client.get(reverse("jury:prize_actions", kwargs={"prize_pk": world.prize.pk})).status_code == 404
    url = reverse("jury:score", kwargs={"prize_pk": world.prize.pk, "action_pk": world.theirs.pk})
    assert client.get(url).status_code == 404
    assert "Vous ne faites partie d" in client.get(reverse("jury:home")).content.decode()


# --- Public vote ------------------------------------------------------------------------------


def test_a_visitor_votes_from_the_fiche_and_confirms(client, world, django_capture_on_commit_callbacks):
    fiche = reverse("public:action_detail", kwargs={"pk": world.theirs.pk})
    vote_url = reverse("public:prize_vote", kwargs={"pk": world.theirs.pk})
    assert vote_url in client.get(fiche).content.decode()
    assert "Recevoir le lien de vote" in client.get(vote_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(vote_url, {"email": "parent@example.fr"})
    assert response.status_code == 302 and response["Location"] == fiche
    assert PublicVote.objects.get().confirmed_at is None
    link = re.search(r"https?://\S+(/prix/vote/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link)  # opening the link (a mail filter may) counts nothing
    assert page.status_code == 200 and "Confirmer mon vote" in page.content.decode()
    assert PublicVote.objects.get().confirmed_at is None
    assert client.post(link).status_code == 302
    assert PublicVote.objects.get().confirmed_at is not None
    assert "Votre vote est confirmé" in client.get(link).content.decode()
    assert client.post(link).status_code == 302  # twice: still one vote
    assert PublicVote.objects.filter(confirmed_at__isnull=False).count() == 1


def test_second_vote_of_an_address_is_refused_on_its_page(client, world):
    confirmed_vote(world.prize, world.mine, "parent@example.fr")
    other = PublicVote.objects.create(prize=world.prize, action=world.theirs, email="parent@example.fr")
    response = client.post(reverse("public:prize_vote_confirm", kwargs={"token": other.token}))
    assert response.status_code == 400
    assert "Cette adresse a déjà voté pour ce prix" in response.content.decode()


def test_vote_form_bad_input_keeps_what_was_typed(client, world):
    url = reverse("public:prize_vote", kwargs={"pk": world.theirs.pk})
    response = client.post(url, {"email": "parent-at-example"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Indiquez une adresse électronique valide" in html and 'value="parent-at-example"' in html
    response = client.post(url, {"email": ""})
    assert "Indiquez votre adresse électronique." in response.content.decode()
    assert not PublicVote.objects.exists()


@pytest.mark.parametrize("when", ["before", "after"])
def test_no_vote_page_outside_the_window(client, world, when):
    now = timezone.now()
    if when == "before":
        world.prize.vote_opens_at, world.prize.vote_closes_at = (
            now + datetime.timedelta(hours=1),
            now + datetime.timedelta(days=1),
        )
    else:
        world.prize.vote_opens_at, world.prize.vote_closes_at = (
            now - datetime.timedelta(days=1),
            now - datetime.timedelta(seconds=1),
        )
    world.prize.save()
    url = reverse("public:prize_vote", kwargs={"pk": world.theirs.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "parent@example.fr"}).status_code == 404
    fiche = client.get(reverse("public:action_detail", kwargs={"pk": world.theirs.pk})).content.decode()
    assert url not in fiche
    assert not PublicVote.objects.exists()


def test_confirming_after_the_close_is_refused(client, world):
    vote = PublicVote.objects.create(prize=world.prize, action=world.theirs, email="tard@example.fr")
    world.prize.vote_closes_at = timezone.now() - datetime.timedelta(seconds=1)
    world.prize.save()
    link = reverse("public:prize_vote_confirm", kwargs={"token": vote.token})
    assert "ne peut plus être confirmé" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 400 and "pas ouvert" in response.content.decode()
    assert PublicVote.objects.get().confirmed_at is None


def test_unknown_vote_link_is_a_404(client, world):
    assert client.get(reverse("public:prize_vote_confirm", kwargs={"token": "inconnu"})).status_code == 404
    assert client.get(reverse("public:prize_vote_confirm", kwargs={"token": "x" * 65})).status_code == 404


def test_vote_requests_are_throttled_per_client(client, world, settings):
    settings.PRIZE_VOTE_RATE_LIMIT = {"REQUESTS": 2, "WINDOW_SECONDS": 3600}
    url = reverse("public:prize_vote", kwargs={"pk": world.theirs.pk})
    assert client.post(url, {"email": "a@example.fr"}).status_code == 302
    assert client.post(url, {"email": "b@example.fr"}).status_code == 302
    response = client.post(url, {"email": "c@example.fr"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de requêtes" in html and 'value="c@example.fr"' in html
    assert PublicVote.objects.count() == 2
    other = client.post(url, {"email": "d@example.fr"}, REMOTE_ADDR="10.0.0.9")  # another client
    assert other.status_code == 302


def test_address_throttle_message_on_the_page(client, world):
    url = reverse("public:prize_vote", kwargs={"pk": world.theirs.pk})
    for n in range(3):
        client.post(url, {"email": "flood@example.fr"}, REMOTE_ADDR=f"10.0.1.{n}")
    response = client.post(url, {"email": "flood@example.fr"}, REMOTE_ADDR="10.0.1.9")
    assert response.status_code == 400
    assert "Trop de demandes de vote pour cette adresse" in response.content.decode()


def test_public_results_hidden_until_the_close(client, world):
    confirmed_vote(world.prize, world.theirs, "un@example.fr")
    url = reverse(
        "public:prize_results", kwargs={"academy_slug": "creteil", "school_year": world.edition.campaign.school_year}
    )
    html = client.get(url).content.decode()
    assert "Votes confirmés par action" not in html and "Café des parents" not in html
    assert "Les résultats seront publiés à sa clôture" in html
    world.prize.vote_closes_at = timezone.now() - datetime.timedelta(seconds=1)
    world.prize.save()
    html = client.get(url).content.decode()
    assert "Votes confirmés par action" in html and "Café des parents" in html
    assert "Prix du public" in html


def test_winners_shown_on_their_fiche(client, world):
    juror = JurorFactory(prize=world.prize, user=world.users["relay"])
    score(juror, world.theirs, 5, 5)
    score(juror, world.mine, 1, 1)
    world.prize.jury_published_at = timezone.now()
    world.prize.save()
    winner = client.get(reverse("public:action_detail", kwargs={"pk": world.theirs.pk})).content.decode()
    other = client.get(reverse("public:action_detail", kwargs={"pk": world.mine.pk})).content.decode()
    assert "Lauréate du prix du jury" in winner and "Lauréate du prix du jury" not in other
    assert world.prize.results_url() in winner


def test_fiche_without_prize_is_unchanged(client, world):
    action = ActionFactory(published=True)
    html = client.get(reverse("public:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert "Voter pour cette action" not in html and "Lauréate" not in html


def test_the_public_edition_page_links_the_palmares(client, world):
    edition_url = world.edition.get_absolute_url()
    html = client.get(edition_url).content.decode()
    assert world.prize.results_url() in html and "Un prix du jury et un prix du public" in html
    world.prize.delete()
    assert "/prix/" not in client.get(edition_url).content.decode()
