"""The porteur's pages: declare, edit, submit, read, withdraw, reconduct, comment, the bilan."""

import datetime
import html
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from PIL import ExifTags, Image

from sps.actions.enums import ActionStatus
from sps.actions.models import Action, ActionComment, ActionNote, ActionPartner, Bilan, BilanPhoto, Partner
from tests.actions.factories import ActionFactory, BilanFactory, PartnerFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2027, 3, 15)  # the edition's week: 15-19 March 2027


def fiche_payload(world, **overrides):
    """Everything the edit form sends for a complete fiche carried by the contributor's school."""
    data = {
        "title": "Fête des réussites",
        "description": "Les élèves montrent à leurs familles ce qu'ils ont réussi cette année.",
        "year_long": "week",
        "themes": [str(world.edition.themes.first().pk)],
        "schools": [str(world.school.pk)],
        "publics": ["eleves", "parents"],
        "levels": ["6e", "5e"],
        "classes": "Toutes les 6e",
        "organisation": "Les élèves présentent leurs réussites.\n- théâtre\n- musique",
        "objectives": "Valoriser les élèves.",
        "steering": "La principale et le CPE.",
        "success_factors": "Anticiper.",
        "promotion": "Affiches et invitations.",
        "promotion_kind": "festive",
        "contact_name": "Claire Dumas",
        "contact_email": "claire.dumas@ac-creteil.fr",
        "contact_role": "Principale",
        "website": "https://college.example.fr/fete",
        "video_url": "",
        "occurrences-TOTAL_FORMS": "2",
        "occurrences-INITIAL_FORMS": "0",
        "occurrences-MIN_NUM_FORMS": "0",
        "occurrences-MAX_NUM_FORMS": "30",
        "occurrences-0-date": MONDAY.isoformat(),
        "occurrences-0-start_time": "14:00",
        "occurrences-0-end_time": "16:00",
        "occurrences-0-place": "Salle polyvalente",
        "occurrences-0-is_public": "on",
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "30",
        "partners-0-name": "Mairie de Créteil",
        "partners-0-kind": "collectivite",
        "partners-0-contributions": ["locaux", "communication"],
        "partners-1-kind": "autre",
        "intent": "draft",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def contributor_client(client, world):
    client.force_login(world.contributor)
    return world.contributor


@pytest.fixture
def draft(world):
    return ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor, occurrences=[])


def _edit(client, action, data):
    return client.post(reverse("espace:action_edit", kwargs={"pk": action.pk}), data)


# --- Declare → draft → submit ------------------------------------------------------------------------


def test_declare_then_complete_then_submit(client, world, contributor_client, django_capture_on_commit_callbacks):
    declare = reverse("espace:action_declare")
    page = client.get(declare).content.decode()
    assert "Collège Jean Moulin" in page and world.school.uai in page
    response = client.post(declare, {"target": f"{world.school.pk}:{world.edition.pk}", "title": "Fête"})
    action = Action.objects.get(created_by=contributor_client)
    assert response.status_code == 302 and response["Location"] == reverse(
        "espace:action_edit", kwargs={"pk": action.pk}
    )
    assert action.status == ActionStatus.DRAFT and list(action.schools.all()) == [world.school]

    response = _edit(client, action, fiche_payload(world))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Fête des réussites" and action.status == ActionStatus.DRAFT
    assert action.occurrences.count() == 1 and action.action_partners.get().partner.name == "Mairie de Créteil"
    assert action.action_partners.get().contributions == ["locaux", "communication"]

    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(client, action, fiche_payload(world, intent="submit"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.SUBMITTED
    detail = client.get(reverse("espace:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert "En attente de validation" in detail
    assert mail.outbox  # the moderators are told (the domain's notification)


def test_draft_may_be_incomplete_and_submit_lists_what_is_missing(client, world, contributor_client):
    action = ActionFactory(
        edition=world.edition, schools=[world.school], created_by=contributor_client, occurrences=[], objectives=""
    )
    data = fiche_payload(
        world,
        objectives="   ",
        **{
            "occurrences-0-date": "",
            "occurrences-0-place": "",
            "occurrences-0-start_time": "",
            "occurrences-0-end_time": "",
            "occurrences-0-is_public": None,
        },
    )
    response = _edit(client, action, {**data, "intent": "draft"})
    assert response.status_code == 302
    response = _edit(client, action, {**data, "intent": "submit"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "La fiche ne peut pas encore être soumise" in page
    assert "<li>Objectifs</li>" in page and "Temps forts (au moins un, avec sa date)" in page
    action.refresh_from_db()
    assert action.status == ActionStatus.DRAFT and action.objectives == ""


# --- Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, field_id, message",
    [
        ({"title": "x" * 201}, "id_title", "au plus 200 caractères"),
        ({"contact_email": "pas-une-adresse"}, "id_contact_email", "adresse électronique valide"),
        ({"website": "javascript:alert(1)"}, "id_website", "commençant par https://"),
        ({"classes": "c" * 301}, "id_classes", "au plus 300 caractères"),
        ({"occurrences-0-date": "2027-04-20"}, "id_occurrences-0-date", "pendant la semaine de l&#x27;édition"),
        ({"occurrences-0-end_time": "13:00"}, "id_occurrences-0-end_time", "après l&#x27;heure de début"),
        ({"occurrences-0-date": "20/13/2027"}, "id_occurrences-0-date", "Saisissez une date valide"),
        ({"occurrences-0-place": "", "occurrences-0-is_online": "on"}, "id_occurrences-0-url", "lien de connexion"),
        ({"partners-1-contribution_text": "Prêt de salle"}, "id_partners-1-name", "Indiquez le nom du partenaire"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_written(
    client, world, contributor_client, draft, overrides, field_id, message
):
    before = (draft.title, draft.updated_at)
    data = fiche_payload(world, **overrides)
    response = _edit(client, draft, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    # the message sits in the field's group, right after it
    position = page.index(f'id="{field_id}"')
    assert message in page[position : position + 1500]
    assert "Rien n'a été enregistré" in page
    assert "Mairie de Créteil" in page  # what was typed is kept
    draft.refresh_from_db()
    assert (draft.title, draft.updated_at) == before and draft.occurrences.count() == 0


@pytest.mark.parametrize("bad_date", ["20/13/2027", "2027-04-20"])  # not a date; a date outside the week
def test_one_submit_shows_every_error_at_once(client, world, contributor_client, draft, bad_date):
    data = fiche_payload(
        world, **{"occurrences-0-date": bad_date, "contact_email": "pas-une-adresse", "website": "javascript:alert(1)"}
    )
    response = _edit(client, draft, data)
    assert response.status_code == 200
    page = response.content.decode()
    for field_id, message in [
        ("id_occurrences-0-date", "date valide" if "/" in bad_date else "pendant la semaine"),
        ("id_contact_email", "adresse électronique valide"),
        ("id_website", "commençant par https://"),
    ]:
        position = page.index(f'id="{field_id}"')
        assert message in page[position : position + 1500], field_id
    assert page.count("fr-error-text") >= 3
    draft.refresh_from_db()
    assert draft.contact_email != "pas-une-adresse" and draft.occurrences.count() == 0


def test_a_session_link_that_is_no_web_address_is_shown_on_its_row(client, world, contributor_client, draft):
    data = fiche_payload(
        world, **{"occurrences-0-is_online": "on", "occurrences-0-url": "ftp://salle", "occurrences-0-place": ""}
    )
    page = _edit(client, draft, data).content.decode()
    position = page.index('id="id_occurrences-0-url"')
    assert "adresse web complète" in page[position : position + 1500]
    assert draft.occurrences.count() == 0


def test_a_school_outside_the_contributors_scope_is_refused(client, world, contributor_client, draft):
    data = fiche_payload(world, schools=[str(world.school.pk), str(world.foreign_school.pk)])
    response = _edit(client, draft, data)
    assert response.status_code == 200
    assert "choix valide" in response.content.decode()
    assert list(draft.schools.all()) == [world.school]


def test_html_is_shown_escaped(client, world, contributor_client, draft):
    _edit(client, draft, fiche_payload(world, organisation="<script>alert('x')</script>\n- <b>gras</b>"))
    page = client.get(reverse("espace:action_detail", kwargs={"pk": draft.pk})).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<li>&lt;b&gt;gras&lt;/b&gt;</li>" in page


def test_only_spaces_is_empty(client, world, contributor_client, draft):
    _edit(client, draft, fiche_payload(world, title="    ", steering="  \n  "))
    draft.refresh_from_db()
    assert draft.title == "" and draft.steering == ""


# --- Partners: looked up in the directory by name -------------------------------------------------


def _partner(world, name, *, kind="collectivite", national=False, academy=None):
    return PartnerFactory(name=name, kind=kind, academy=None if national else academy or world.academy)


def _saved_partners(action):
    return list(action.action_partners.values_list("partner__name", "partner__kind", "partner__academy"))


@pytest.mark.parametrize("typed", ["Mairie de Créteil", "MAIRIE DE CRETEIL", "  mairie de créteil "])
def test_a_directory_name_reuses_its_partner_case_and_accents_aside(client, world, contributor_client, draft, typed):
    existing = _partner(world, "Mairie de Créteil")
    _partner(world, "Mairie de Créteil Sud")  # contains the typed words, but the exact name wins
    response = _edit(client, draft, fiche_payload(world, **{"partners-0-name": typed, "partners-0-kind": "autre"}))
    assert response.status_code == 302
    assert list(draft.action_partners.values_list("partner", flat=True)) == [existing.pk]
    assert Partner.objects.count() == 2


def test_a_national_partner_is_reused(client, world, contributor_client, draft):
    onisep = _partner(world, "Onisep", kind="operateur", national=True)
    _edit(client, draft, fiche_payload(world, **{"partners-0-name": "onisep", "partners-0-kind": "association"}))
    assert list(draft.action_partners.values_list("partner", flat=True)) == [onisep.pk]
    assert Partner.objects.count() == 1


def test_a_new_name_creates_a_partner_of_the_academy(client, world, contributor_client, draft):
    _partner(world, "Association des parents")  # no word in common
    response = _edit(client, draft, fiche_payload(world))
    assert response.status_code == 302
    assert _saved_partners(draft) == [("Mairie de Créteil", "collectivite", world.academy.pk)]


def _ask(client, world, draft, **overrides):
    data = fiche_payload(world, **{"partners-0-name": "mairie", "partners-0-kind": "collectivite", **overrides})
    return data, _edit(client, draft, data)


def test_close_names_ask_before_anything_is_written(client, world, contributor_client, draft):
    creteil = _partner(world, "Mairie de Créteil")
    vitry = _partner(world, "Mairie de Vitry-sur-Seine")
    _partner(world, "Médiathèque")
    before = draft.updated_at
    _, response = _ask(client, world, draft)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rien n'a été enregistré" in page
    row = page[page.index('id="partners-0-fieldset"') : page.index('id="partners-1-fieldset"')]
    assert "Vouliez-vous dire…" in row and "ont un nom proche de «\u00a0mairie\u00a0»" in row
    assert re.findall(r'name="partners-0-choice" value="([^"]+)"', row) == [
        str(creteil.pk),
        str(vitry.pk),
        "new:mairie",
    ]
    assert "Mairie de Créteil (Collectivité)" in row and "Créer un nouveau partenaire «\u00a0mairie\u00a0»" in row
    assert "Médiathèque" not in row
    # everything typed is kept
    assert 'name="partners-0-name" value="mairie"' in row and 'value="collectivite" selected' in row
    assert 'value="Fête des réussites"' in page
    # nothing is written
    draft.refresh_from_db()
    assert draft.updated_at == before and draft.title != "Fête des réussites"
    assert not draft.action_partners.exists() and Partner.objects.count() == 3
    # the other row is not asked anything
    assert 'name="partners-1-choice"' not in page


def test_at_most_ten_suggestions(client, world, contributor_client, draft):
    for n in range(12):
        _partner(world, f"Mairie annexe {n:02d}")
    _, response = _ask(client, world, draft)
    values = re.findall(r'name="partners-0-choice" value="([^"]+)"', response.content.decode())
    assert len(values) == 11 and values[-1] == "new:mairie"


def test_choosing_a_suggestion_reuses_it(client, world, contributor_client, draft):
    _partner(world, "Mairie de Créteil")
    vitry = _partner(world, "Mairie de Vitry-sur-Seine")
    response = _edit(
        client,
        draft,
        fiche_payload(world, **{"partners-0-name": "mairie", "partners-0-choice": str(vitry.pk)}),
    )
    assert response.status_code == 302
    assert list(draft.action_partners.values_list("partner", flat=True)) == [vitry.pk]
    assert Partner.objects.count() == 2
    # the fiche now shows its partner's name
    page = client.get(reverse("espace:action_edit", kwargs={"pk": draft.pk})).content.decode()
    assert 'name="partners-0-name" value="Mairie de Vitry-sur-Seine"' in page


def test_choosing_new_creates_it(client, world, contributor_client, draft):
    _partner(world, "Mairie de Créteil")
    data, response = _ask(client, world, draft)
    new = re.findall(r'name="partners-0-choice" value="(new:[^"]+)"', response.content.decode())[0]
    response = _edit(client, draft, {**data, "partners-0-choice": new})
    assert response.status_code == 302
    assert _saved_partners(draft) == [("mairie", "collectivite", world.academy.pk)]
    assert Partner.objects.count() == 2


def test_a_choice_made_for_another_name_asks_again(client, world, contributor_client, draft):
    _partner(world, "Mairie de Créteil")
    _partner(world, "Maison des familles de Créteil")
    response = _edit(
        client,
        draft,
        fiche_payload(world, **{"partners-0-name": "créteil", "partners-0-choice": "new:mairie"}),
    )
    assert response.status_code == 200 and "Vouliez-vous dire…" in response.content.decode()
    assert not draft.action_partners.exists()


def test_another_academys_partners_are_never_proposed_national_ones_are(client, world, contributor_client, draft):
    _partner(world, "Mairie de Rennes", academy=world.other_academy)
    national = _partner(world, "Mairies de France", national=True)
    page = client.get(reverse("espace:action_edit", kwargs={"pk": draft.pk})).content.decode()
    datalist = page[page.index('<datalist id="partner-names">') : page.index("</datalist>")]
    assert '<option value="Mairies de France">' in datalist and "Rennes" not in datalist
    assert 'name="partners-0-name"' in page and 'list="partner-names"' in page

    _, response = _ask(client, world, draft)
    page = response.content.decode()
    assert re.findall(r'name="partners-0-choice" value="([^"]+)"', page) == [str(national.pk), "new:mairie"]
    assert "Mairies de France (Collectivité), partenaire national" in page and "Rennes" not in page

    # the other académie's exact name makes a partner of this académie
    _edit(client, draft, fiche_payload(world, **{"partners-0-name": "Mairie de Rennes"}))
    assert _saved_partners(draft) == [("Mairie de Rennes", "collectivite", world.academy.pk)]


def test_an_existing_fiche_keeps_its_partner_when_saved_unchanged(client, world, contributor_client, draft):
    # a partner the fiche carries though it is not in the directory it may choose from (another académie's)
    foreign = _partner(world, "Mairie de Rennes", academy=world.other_academy)
    _partner(world, "Mairie de Rennes")  # the same name in the académie: the fiche's own comes first
    ActionPartner.objects.create(action=draft, partner=foreign, contributions=["locaux"])
    page = client.get(reverse("espace:action_edit", kwargs={"pk": draft.pk})).content.decode()
    assert 'name="partners-0-name" value="Mairie de Rennes"' in page
    data = fiche_payload(
        world,
        **{
            "partners-TOTAL_FORMS": "3",
            "partners-INITIAL_FORMS": "1",
            "partners-0-name": "Mairie de Rennes",
            "partners-0-kind": "collectivite",
            "partners-0-contributions": ["locaux"],
            "partners-1-name": "",
            "partners-1-contributions": [],
        },
    )
    assert _edit(client, draft, data).status_code == 302
    assert list(draft.action_partners.values_list("partner", flat=True)) == [foreign.pk]


# --- Access -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["espace:action_detail", "espace:action_edit", "espace:action_bilan"])
def test_another_schools_fiche_is_a_404(client, world, name):
    action = ActionFactory(edition=world.edition, schools=[world.other_bassin_school], published=True)
    client.force_login(world.contributor)
    assert client.get(reverse(name, kwargs={"pk": action.pk})).status_code == 404


@pytest.mark.parametrize(
    "name", ["espace:action_submit", "espace:action_withdraw", "espace:action_comment", "espace:action_reconduct"]
)
def test_post_views_refuse_get_and_strangers(client, world, draft, name):
    url = reverse(name, kwargs={"pk": draft.pk})
    client.force_login(world.contributor)
    assert client.get(url).status_code == 405
    client.force_login(world.other_contributor)
    assert client.post(url, {"body": "Bonjour"}).status_code == 404
    client.force_login(world.academy_pilot)
    assert client.post(url, {"body": "Bonjour"}).status_code == 403


def test_internal_notes_never_reach_the_contributor(client, world, contributor_client):
    action = ActionFactory(edition=world.edition, schools=[world.school], created_by=contributor_client, submitted=True)
    ActionNote.objects.create(action=action, author=world.academy_pilot, body="Note secrète des pilotes")
    ActionComment.objects.create(action=action, author=world.academy_pilot, body="Bonjour, merci pour la fiche")
    page = client.get(reverse("espace:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert "Note secrète" not in page and "Bonjour, merci pour la fiche" in page
    assert "Historique" not in page


def test_contact_and_edit_button_follow_the_status(client, world, contributor_client):
    action = ActionFactory(edition=world.edition, schools=[world.school], created_by=contributor_client, submitted=True)
    page = client.get(reverse("espace:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert "Modifier la fiche" not in page and "Retirer la fiche" in page
    response = client.get(reverse("espace:action_edit", kwargs={"pk": action.pk}))
    assert response.status_code == 302


# --- Thread, withdraw, reconduct ------------------------------------------------------------------


def test_comment_and_withdraw(client, world, contributor_client, draft):
    url = reverse("espace:action_comment", kwargs={"pk": draft.pk})
    assert client.post(url, {"body": "   "}).status_code == 302
    assert not ActionComment.objects.exists()
    client.post(url, {"body": "Une question sur les dates"})
    assert ActionComment.objects.get().body == "Une question sur les dates"
    client.post(reverse("espace:action_withdraw", kwargs={"pk": draft.pk}))
    draft.refresh_from_db()
    assert draft.status == ActionStatus.WITHDRAWN


def test_reconduct_a_past_action(client, world, contributor_client):
    past = ActionFactory(
        edition=world.past_edition, schools=[world.school], created_by=contributor_client, published=True
    )
    page = client.get(reverse("espace:action_detail", kwargs={"pk": past.pk})).content.decode()
    assert "Reconduire cette action" in page
    response = client.post(reverse("espace:action_reconduct", kwargs={"pk": past.pk}))
    new = Action.objects.get(reconducted_from=past)
    assert response["Location"] == reverse("espace:action_edit", kwargs={"pk": new.pk})
    assert new.edition == world.edition and new.title == past.title and new.occurrences.count() == 0
    page = client.get(response["Location"]).content.decode()
    assert "indiquez les dates de ses temps forts" in page


@pytest.mark.parametrize("space", ["espace", "pilotage"])
def test_fiche_page_shows_partner_contributions_in_french(client, world, space):
    action = ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor, submitted=True)
    partner = PartnerFactory(name="Mairie de Créteil", kind="collectivite")
    ActionPartner.objects.create(action=action, partner=partner, contributions=["locaux", "communication", "gone"])
    client.force_login(world.contributor if space == "espace" else world.academy_pilot)
    page = client.get(reverse(f"{space}:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert "Mairie de Créteil (Collectivité)\u00a0: Locaux, Communication</li>" in page
    assert "locaux" not in page and "gone" not in page


# --- Home ---------------------------------------------------------------------------------------------


def test_home_groups_fiches_by_status_with_what_to_do(client, world, contributor_client, django_assert_max_num_queries):
    for traits in [{}, {"submitted": True}, {"changes_requested": True}, {"published": True}]:
        for _ in range(3):
            ActionFactory(edition=world.edition, schools=[world.school], created_by=contributor_client, **traits)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("espace:home")).content.decode()
    assert "À modifier\u00a0: lisez le commentaire du modérateur" in page
    assert "En attente de validation" in page and "À compléter puis soumettre" in page
    assert "Déclarer une action" in page and "Déclarez vos actions avant le" in page


# --- Bilan ----------------------------------------------------------------------------------------------


def _jpeg() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "photo.jpg"
    return buffer


@pytest.fixture
def published(world, contributor_client):
    return ActionFactory(edition=world.edition, schools=[world.school], created_by=contributor_client, published=True)


def test_bilan_keeps_unknown_apart_from_zero(client, world, published):
    url = reverse("espace:action_bilan", kwargs={"pk": published.pk})
    assert (
        "Remplir le bilan" in client.get(reverse("espace:action_detail", kwargs={"pk": published.pk})).content.decode()
    )
    response = client.post(
        url,
        {"participants_pupils": "120", "participants_parents": "", "participants_staff": "0", "what_worked": "Tout"},
    )
    assert response.status_code == 302
    bilan = Bilan.objects.get(action=published)
    assert bilan.participants_pupils == 120 and bilan.participants_parents is None and bilan.participants_staff == 0
    response = client.post(url, {"participants_pupils": "-3", "participants_parents": "beaucoup"})
    page = response.content.decode()
    assert response.status_code == 200 and "Saisissez un nombre entier" in page
    bilan.refresh_from_db()
    assert bilan.participants_pupils == 120


def test_bilan_photo_needs_consent_and_an_image(client, world, published):
    url = reverse("espace:bilan_photo_add", kwargs={"pk": published.pk})
    response = client.post(url, {"file": _jpeg()})
    assert response.status_code == 200 and "cochez la case" in response.content.decode()
    response = client.post(url, {"file": io.BytesIO(b"not an image"), "consent_confirmed": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index('id="photo-file-messages"') > 0
    assert not BilanPhoto.objects.exists() and not Bilan.objects.exists()
    response = client.post(url, {"file": _jpeg(), "consent_confirmed": "on", "caption": "La fête"})
    assert response.status_code == 302
    photo = BilanPhoto.objects.get()
    assert photo.consent_confirmed and photo.caption == "La fête"
    page = client.get(reverse("espace:action_bilan", kwargs={"pk": published.pk})).content.decode()
    assert reverse("espace:bilan_photo", kwargs={"pk": published.pk, "photo_pk": photo.pk}) in page
    assert "/media/" not in page
    client.post(reverse("espace:bilan_photo_remove", kwargs={"pk": published.pk, "photo_pk": photo.pk}))
    assert not BilanPhoto.objects.exists()


def _exif_jpeg() -> io.BytesIO:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCorp"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG", exif=exif)
    buffer.seek(0)
    buffer.name = "photo.jpg"
    return buffer


def test_bilan_photo_is_served_to_who_may_open_the_fiche(client, world, published):
    client.post(
        reverse("espace:bilan_photo_add", kwargs={"pk": published.pk}),
        {"file": _exif_jpeg(), "consent_confirmed": "on"},
    )
    photo = BilanPhoto.objects.get()
    url = reverse("espace:bilan_photo", kwargs={"pk": published.pk, "photo_pk": photo.pk})
    for user in (world.contributor, world.colleague):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]
        assert response["Content-Disposition"].startswith("inline")
        served = b"".join(response.streaming_content)
        assert b"PhoneCorp" not in served and len(Image.open(io.BytesIO(served)).getexif()) == 0
    # Another school's contributor, another académie's: the photo does not exist for them.
    for user in (world.contributor_b, world.foreign_contributor):
        client.force_login(user)
        assert client.get(url).status_code == 404
    # The photo under another fiche's address (one the contributor may open): 404 too.
    client.force_login(world.contributor)
    other = ActionFactory(edition=world.edition, schools=[world.school], created_by=world.contributor, published=True)
    assert client.get(reverse("espace:bilan_photo", kwargs={"pk": other.pk, "photo_pk": photo.pk})).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_bilan_after_its_deadline(client, world, published):
    BilanFactory(action=published)
    from freezegun import freeze_time

    with freeze_time("2027-05-10 10:00:00"):
        client.force_login(world.contributor)  # the session of January has expired
        page = client.get(reverse("espace:action_bilan", kwargs={"pk": published.pk})).content.decode()
        assert "La date limite des bilans" in page and "Transmettre le bilan" not in page


def test_a_year_long_actions_temps_fort_may_be_in_november_through_the_form(client, world, contributor_client):
    action = ActionFactory(edition=world.edition, schools=[world.school], created_by=contributor_client, occurrences=[])
    november = {"occurrences-0-date": "2026-11-20"}
    page = html.unescape(_edit(client, action, fiche_payload(world, **november)).content.decode())
    assert "doit tomber pendant la semaine de l'édition" in page  # a week action: refused, next to the row
    assert "n'importe quel jour de l'année scolaire 2026-2027" in page  # the form says what is allowed

    response = _edit(client, action, fiche_payload(world, year_long="year", **november))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.is_year_long and action.occurrences.get().date.isoformat() == "2026-11-20"


def test_the_description_field_is_on_the_form_and_first_on_the_fiche(client, world, contributor_client):
    action = ActionFactory(edition=world.edition, schools=[world.school], created_by=contributor_client, occurrences=[])
    form = html.unescape(client.get(reverse("espace:action_edit", kwargs={"pk": action.pk})).content.decode())
    assert 'name="description"' in form and "600 caractères au plus" in form
    response = _edit(client, action, fiche_payload(world, description="x" * 601))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Assurez-vous que cette valeur comporte au plus 600 caractères" in page
    assert "x" * 601 in page  # what was typed is kept

    _edit(client, action, fiche_payload(world, description="Une fête pour montrer les réussites de chacun."))
    detail = client.get(reverse("espace:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert detail.index("Une fête pour montrer les réussites de chacun.") < detail.index("Porté par")
