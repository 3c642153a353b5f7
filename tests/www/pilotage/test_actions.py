"""Pilots' fiche pages: list, filters and counts, bulk steps, exports, the moderation page, the
schools without action and the idea bank."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from sps.actions.enums import ActionStatus
from sps.actions.exports import DEFAULT_COLUMNS
from sps.actions.models import ActionComment, ActionNote, IdeaModel, ModerationSettings
from sps.actions.services import bilans
from sps.files.models import GeneratedFile
from tests.actions import conftest as domain_fixtures
from tests.actions.factories import ActionFactory, BilanFactory, IdeaModelFactory
from tests.files.helpers import content_of, download, request_file

pytestmark = pytest.mark.django_db
# The small académie of the domain tests, frozen on 15 January 2027 (before the declaration deadline).
world = domain_fixtures.world
_frozen_today = domain_fixtures._frozen_today


def _fiche(world, school=None, **traits):
    return ActionFactory(
        edition=world.edition, schools=[school or world.school], created_by=world.contributor, **traits
    )


# --- List -------------------------------------------------------------------------------------------


def test_list_shows_my_territory_with_counts_and_filters(client, world, django_assert_max_num_queries):
    mine = _fiche(world, submitted=True, title="Conseil de progrès")
    other_bassin = _fiche(world, world.other_bassin_school, validated=True, title="Speed-meeting")
    foreign = ActionFactory(edition=world.foreign_edition, schools=[world.foreign_school], title="Action de Rennes")
    client.force_login(world.relay)
    page = client.get(reverse("pilotage:action_list")).content.decode()
    assert mine.title in page and other_bassin.title not in page and foreign.title not in page
    client.force_login(world.academy_pilot)
    for _ in range(60):
        _fiche(world, submitted=True)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("pilotage:action_list"))
    page = response.content.decode()
    assert "Soumise\u00a0: 61" in page and "Validée\u00a0: 1" in page and foreign.title not in page
    assert "1 / 2" in page  # 50 a page
    page = client.get(reverse("pilotage:action_list"), {"status": "validated"}).content.decode()
    assert other_bassin.title in page and mine.title not in page
    page = client.get(reverse("pilotage:action_list"), {"bassin": world.other_bassin.pk}).content.decode()
    assert other_bassin.title in page and mine.title not in page
    page = client.get(reverse("pilotage:action_list"), {"q": "progrès"}).content.decode()
    assert mine.title in page and other_bassin.title not in page
    page = client.get(reverse("pilotage:action_list"), {"bassin": "not-a-number"})
    assert page.status_code == 200


def test_flag_and_level_filters(client, world):
    flagship = _fiche(world, published=True, is_flagship=True, levels=["lycee_pro"], title="Montre à ton prof")
    plain = _fiche(world, published=True, title="Fête")
    client.force_login(world.academy_pilot)
    page = client.get(reverse("pilotage:action_list"), {"phare": "on"}).content.decode()
    assert flagship.title in page and plain.title not in page
    page = client.get(reverse("pilotage:action_list"), {"niveau": "lycee_pro"}).content.decode()
    assert flagship.title in page and plain.title not in page


# --- Bulk ---------------------------------------------------------------------------------------------


def test_bulk_validate_reports_each_fiche(client, world):
    submitted = [_fiche(world, submitted=True) for _ in range(2)]
    draft = _fiche(world, title="Encore un brouillon")
    foreign = ActionFactory(edition=world.foreign_edition, schools=[world.foreign_school], submitted=True)
    client.force_login(world.academy_pilot)
    ids = [str(a.pk) for a in [*submitted, draft, foreign]]
    response = client.post(
        reverse("pilotage:action_bulk"),
        {"actions": ids, "operation": "validate", "next": "/pilotage/actions/?status=submitted"},
    )
    assert response["Location"] == "/pilotage/actions/?status=submitted"
    for action in submitted:
        action.refresh_from_db()
        assert action.status == ActionStatus.VALIDATED
    foreign.refresh_from_db()
    assert foreign.status == ActionStatus.SUBMITTED
    page = client.get(response["Location"]).content.decode()
    # The report, fiche by fiche (the foreign fiche is out of scope: not even named).
    assert "2 fiches validées sur 3" in page and "Encore un brouillon" in page and foreign.title not in page
    response = client.post(
        reverse("pilotage:action_bulk"), {"actions": ids[:2], "operation": "publish", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("pilotage:action_list")
    assert submitted[0].__class__.objects.filter(status=ActionStatus.PUBLISHED).count() == 2


def test_bulk_by_a_relay_without_rights_validates_nothing(client, world):
    action = _fiche(world, submitted=True)
    client.force_login(world.relay)
    client.post(reverse("pilotage:action_bulk"), {"actions": [action.pk], "operation": "validate"})
    action.refresh_from_db()
    assert action.status == ActionStatus.SUBMITTED
    assert client.get(reverse("pilotage:action_bulk")).status_code == 405


# --- Exports ----------------------------------------------------------------------------------------


@pytest.fixture
def exported(world):
    action = _fiche(world, published=True, title='=HYPERLINK("http://evil")', contact_name="+33 Claire")
    BilanFactory(action=action, participants_pupils=0, participants_parents=None)
    _fiche(world, world.other_bassin_school, title="Sans bilan")
    return action


def _export(client, capture, query=None, **data):
    """Ask for the export (the list's filters in the query string), follow it to its download."""
    url = reverse("pilotage:action_export") + ("?" + urlencode(query, doseq=True) if query else "")
    data.setdefault("columns", DEFAULT_COLUMNS)
    file = request_file(client, capture, url, data)
    assert file.status == "ready", file.error
    return download(client, file)


def _csv(response):
    body = content_of(response)
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_with_chosen_columns(client, world, exported, django_capture_on_commit_callbacks):
    client.force_login(world.academy_pilot)
    response = _export(
        client,
        django_capture_on_commit_callbacks,
        format="csv",
        columns=["title", "uai", "contact_name", "participants_pupils", "participants_parents"],
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == [
        "Titre",
        "UAI",
        "Contact\u00a0: nom",
        "Participants\u00a0: élèves",
        "Participants\u00a0: parents",
    ]
    by_title = {row[0]: row for row in rows[1:]}
    injected = by_title['\'=HYPERLINK("http://evil")']
    assert injected[1] == world.school.uai and injected[2] == "'+33 Claire"
    assert injected[3] == "0" and injected[4] == "N.C."  # zero stays zero, unknown stays N.C.
    assert by_title["Sans bilan"][3] == "N.C."


def test_csv_export_follows_the_filters(client, world, exported, django_capture_on_commit_callbacks):
    client.force_login(world.academy_pilot)
    rows = _csv(
        _export(client, django_capture_on_commit_callbacks, {"status": "published"}, format="csv", columns=["title"])
    )
    assert [row[0] for row in rows[1:]] == ['\'=HYPERLINK("http://evil")']


def test_xlsx_export_opens_and_never_holds_formulas(client, world, exported, django_capture_on_commit_callbacks):
    client.force_login(world.academy_pilot)
    response = _export(client, django_capture_on_commit_callbacks, format="xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(content_of(response))).active
    header = [c.value for c in sheet[1]]
    assert (
        header[:4] == ["N°", "Titre", "Description", "Statut"] and "Contact\u00a0: nom" not in header
    )  # the default columns
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil")' in titles
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)
    response = _export(
        client,
        django_capture_on_commit_callbacks,
        format="xlsx",
        columns=["participants_pupils", "participants_parents"],
    )
    values = sorted(
        load_workbook(io.BytesIO(content_of(response))).active.iter_rows(min_row=2, values_only=True), key=str
    )
    assert (0, "N.C.") in values and ("N.C.", "N.C.") in values


def test_xlsx_export_stores_numbers_and_dates_as_such(client, world, exported, django_capture_on_commit_callbacks):
    client.force_login(world.academy_pilot)
    response = _export(
        client,
        django_capture_on_commit_callbacks,
        {"status": "published"},
        format="xlsx",
        columns=["id", "participants_pupils", "participants_parents", "published_at"],
    )
    sheet = load_workbook(io.BytesIO(content_of(response))).active
    (number, pupils, parents, published), *_ = sheet.iter_rows(min_row=2)
    assert number.data_type == "n" and number.value == exported.pk
    assert pupils.data_type == "n" and pupils.value == 0  # a reported zero is a number
    assert parents.data_type == "s" and parents.value == "N.C."  # not reported is not 0
    exported.refresh_from_db()
    assert published.is_date and published.value.date() == timezone.localtime(exported.published_at).date()
    assert published.number_format == "DD/MM/YYYY"


def test_export_without_columns_is_refused_next_to_the_field(client, world, exported):
    client.force_login(world.academy_pilot)
    response = client.post(reverse("pilotage:action_export") + "?status=published", {"format": "csv"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Cochez au moins une colonne à exporter." in page
    assert 'id="id_columns-messages"' in page  # under the columns' fieldset
    assert not GeneratedFile.objects.exists()


def test_export_is_post_only(client, world):
    client.force_login(world.academy_pilot)
    assert client.get(reverse("pilotage:action_export")).status_code == 405


def test_export_shows_only_my_territory(client, world, exported, django_capture_on_commit_callbacks):
    ActionFactory(edition=world.foreign_edition, schools=[world.foreign_school], title="Action de Rennes")
    client.force_login(world.relay)
    rows = _csv(_export(client, django_capture_on_commit_callbacks, format="csv", columns=["title"]))
    assert [row[0] for row in rows[1:]] == ['\'=HYPERLINK("http://evil")']


# --- One fiche ---------------------------------------------------------------------------------------


def test_detail_shows_contact_notes_history_and_only_allowed_buttons(client, world):
    action = _fiche(world, submitted=True)
    ActionNote.objects.create(action=action, author=world.academy_pilot, body="Note interne des pilotes")
    client.force_login(world.academy_pilot)
    page = client.get(reverse("pilotage:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert "Claire Dumas" in page and "Note interne des pilotes" in page and "Historique" in page
    for button in ["Demander une modification", "Valider la fiche", "Refuser la fiche"]:
        assert button in page
    assert "Publier dans le programme" not in page
    client.force_login(world.relay)
    page = client.get(reverse("pilotage:action_detail", kwargs={"pk": action.pk})).content.decode()
    # without delegation a relay comments and keeps notes, and takes no step
    assert "Demander une modification" not in page and "Valider la fiche" not in page
    assert "Note interne des pilotes" in page and "Mise en avant" not in page
    ModerationSettings.objects.create(edition=world.edition, relays_may_validate=True)
    page = client.get(reverse("pilotage:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert "Demander une modification" in page and "Valider la fiche" in page and "Refuser la fiche" not in page


def test_another_territorys_fiche_is_a_404(client, world):
    action = _fiche(world, submitted=True)
    for user in [world.other_pilot, world.other_relay]:
        client.force_login(user)
        assert client.get(reverse("pilotage:action_detail", kwargs={"pk": action.pk})).status_code == 404
        response = client.post(reverse("pilotage:action_transition", kwargs={"pk": action.pk}), {"to": "validated"})
        assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.SUBMITTED


def _photo(world, action):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 90, 200)).save(buffer, "JPEG")
    bilan = bilans.bilan_save(action=action, by=world.contributor)
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
    return bilans.bilan_photo_add(bilan=bilan, by=world.contributor, file=upload, consent_confirmed=True)


@pytest.mark.parametrize(
    "role, status",
    [
        ("relay", 200),
        ("department_pilot", 200),
        ("academy_pilot", 200),
        ("national_pilot", 200),
        ("other_relay", 404),  # the other bassin's relay
        ("other_pilot", 404),  # Rennes
        ("contributor", 403),  # the porteur sees it in the espace, not here
    ],
)
def test_bilan_photo_for_the_fiches_pilots(client, world, role, status):
    action = _fiche(world, published=True)
    photo = _photo(world, action)
    url = reverse("pilotage:bilan_photo", kwargs={"pk": action.pk, "photo_pk": photo.pk})
    client.force_login(getattr(world, role))
    response = client.get(url)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"] and response["Content-Disposition"].startswith("inline")
        page = client.get(reverse("pilotage:action_detail", kwargs={"pk": action.pk})).content.decode()
        assert "Photos du bilan" in page and url in page


def test_bilan_photo_of_another_fiche_or_anonymous(client, world):
    action, other = _fiche(world, published=True), _fiche(world, published=True)
    photo = _photo(world, action)
    url = reverse("pilotage:bilan_photo", kwargs={"pk": action.pk, "photo_pk": photo.pk})
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.academy_pilot)
    assert client.get(reverse("pilotage:bilan_photo", kwargs={"pk": other.pk, "photo_pk": photo.pk})).status_code == 404


def test_change_request_needs_a_comment_then_reaches_the_contributor(client, world, django_capture_on_commit_callbacks):
    action = _fiche(world, submitted=True)
    client.force_login(world.academy_pilot)
    url = reverse("pilotage:action_transition", kwargs={"pk": action.pk})
    response = client.post(url, {"to": "changes_requested", "t-changes_requested-comment": "   "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Expliquez au porteur ce qu&#x27;il doit modifier." in page
    action.refresh_from_db()
    assert action.status == ActionStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"to": "changes_requested", "t-changes_requested-comment": "Précisez les dates."})
    action.refresh_from_db()
    assert action.status == ActionStatus.CHANGES_REQUESTED
    assert ActionComment.objects.get().is_change_request
    client.force_login(world.contributor)
    page = client.get(reverse("espace:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert "Précisez les dates." in page and "À modifier\u00a0: lisez le commentaire du modérateur" in page


def test_validate_publish_refuse(client, world):
    action = _fiche(world, submitted=True)
    client.force_login(world.academy_pilot)
    url = reverse("pilotage:action_transition", kwargs={"pk": action.pk})
    client.post(url, {"to": "validated"})
    client.post(url, {"to": "published"})
    action.refresh_from_db()
    assert action.status == ActionStatus.PUBLISHED
    other = _fiche(world, submitted=True)
    url = reverse("pilotage:action_transition", kwargs={"pk": other.pk})
    assert client.post(url, {"to": "refused"}).status_code == 200
    client.post(url, {"to": "refused", "t-refused-comment": "Hors du thème."})
    other.refresh_from_db()
    assert other.status == ActionStatus.REFUSED and other.refusal_reason == "Hors du thème."


def test_a_relay_may_not_validate(client, world):
    action = _fiche(world, submitted=True)
    client.force_login(world.relay)
    response = client.post(reverse("pilotage:action_transition", kwargs={"pk": action.pk}), {"to": "validated"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.SUBMITTED


def test_flags_notes_comments(client, world):
    action = _fiche(world, validated=True)
    client.force_login(world.academy_pilot)
    client.post(reverse("pilotage:action_flags", kwargs={"pk": action.pk}), {"is_flagship": "on"})
    action.refresh_from_db()
    assert action.is_flagship and not action.shown_at_forum
    client.post(reverse("pilotage:action_note", kwargs={"pk": action.pk}), {"note-body": "À mettre au forum <b>?</b>"})
    client.post(reverse("pilotage:action_comment", kwargs={"pk": action.pk}), {"message-body": "Bravo"})
    page = client.get(reverse("pilotage:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert "À mettre au forum &lt;b&gt;?&lt;/b&gt;" in page
    client.force_login(world.contributor)
    page = client.get(reverse("espace:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert "Bravo" in page and "À mettre au forum" not in page
    client.force_login(world.relay)
    client.post(reverse("pilotage:action_flags", kwargs={"pk": action.pk}), {"shown_at_forum": "on"})
    action.refresh_from_db()
    assert not action.shown_at_forum


def test_reopen_after_the_deadline(client, world):
    from freezegun import freeze_time

    action = _fiche(world)
    with freeze_time("2027-03-05 10:00:00"):
        client.force_login(world.academy_pilot)
        page = client.get(reverse("pilotage:action_detail", kwargs={"pk": action.pk})).content.decode()
        assert "Rouvrir la fiche au porteur" in page
        client.post(reverse("pilotage:action_reopen", kwargs={"pk": action.pk}))
        action.refresh_from_db()
        assert action.declarations_reopened
        client.force_login(world.contributor)
        assert client.get(reverse("espace:action_edit", kwargs={"pk": action.pk})).status_code == 200


# --- Schools without action -----------------------------------------------------------------------


def test_schools_without_action_with_their_email(client, world):
    world.school_b.email = "ce.0940001x@ac-creteil.fr"
    world.school_b.save()
    _fiche(world, submitted=True)
    client.force_login(world.relay)
    page = client.get(reverse("pilotage:schools_without_action")).content.decode()
    assert world.school_b.name in page and 'href="mailto:ce.0940001x@ac-creteil.fr"' in page
    assert world.school.name not in page.split("<caption>")[1]
    assert world.other_bassin_school.name not in page and world.foreign_school.name not in page


# --- Idea bank -----------------------------------------------------------------------------------------


def test_idea_bank_management(client, world):
    client.force_login(world.academy_pilot)
    response = client.post(reverse("pilotage:idea_create"), {"title": "  ", "category": "", "order": "100"})
    assert response.status_code == 200 and not IdeaModel.objects.exists()
    response = client.post(
        reverse("pilotage:idea_create"),
        {"title": "Café des parents", "category": "parents_partenaires", "publics": ["parents"], "order": "10"},
    )
    model = IdeaModel.objects.get()
    assert response.status_code == 302 and model.publics == ["parents"]
    client.post(reverse("pilotage:idea_retire", kwargs={"pk": model.pk}), {"retired": "1"})
    model.refresh_from_db()
    assert not model.is_active
    client.force_login(world.relay)
    assert client.post(reverse("pilotage:idea_retire", kwargs={"pk": model.pk}), {"retired": "0"}).status_code == 403


def test_turn_a_published_fiche_into_a_model(client, world):
    action = _fiche(world, published=True, title="Fête des réussites du collège")
    client.force_login(world.academy_pilot)
    response = client.post(
        reverse("pilotage:action_make_model", kwargs={"pk": action.pk}), {"category": "valorisation"}
    )
    model = IdeaModel.objects.get()
    assert response["Location"] == reverse("pilotage:idea_edit", kwargs={"pk": model.pk})
    assert model.title == action.title and model.source_action == action


def test_idea_edit_page(client, world):
    model = IdeaModelFactory()
    client.force_login(world.academy_pilot)
    assert model.title in client.get(reverse("pilotage:idea_edit", kwargs={"pk": model.pk})).content.decode()


def test_detail_shows_the_bilan_with_nc_and_its_supports(client, world):
    from django.core.files.base import ContentFile

    from sps.actions.models import Bilan, BilanSupport

    action = _fiche(world, published=True)
    bilan = Bilan.objects.create(action=action, participants_pupils=42, what_worked="Les parents sont venus.")
    support = BilanSupport(bilan=bilan, title="Affiche du café")
    support.file.save("affiche.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    client.force_login(world.academy_pilot)
    page = client.get(reverse("pilotage:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert "<td>42</td>" in page and "<td>N.C.</td>" in page  # unknown is never 0
    assert "Les parents sont venus." in page
    url = reverse("pilotage:bilan_support", kwargs={"pk": action.pk, "support_pk": support.pk})
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    client.force_login(world.contributor)
    assert client.get(url).status_code == 403


def test_the_public_description_comes_first_on_the_page_and_in_the_default_export(
    client, world, django_capture_on_commit_callbacks
):
    action = _fiche(world, submitted=True, description="Les élèves de 6e parrainent les CM2 du secteur.")
    client.force_login(world.academy_pilot)
    page = client.get(reverse("pilotage:action_detail", kwargs={"pk": action.pk})).content.decode()
    assert page.index("Les élèves de 6e parrainent les CM2 du secteur.") < page.index("Porté par")

    defaults = client.get(reverse("pilotage:action_list")).context["export_form"]["columns"].value()
    rows = _csv(_export(client, django_capture_on_commit_callbacks, format="csv", columns=defaults))
    assert rows[0][:3] == ["N°", "Titre", "Description"]
    assert rows[1][2] == "Les élèves de 6e parrainent les CM2 du secteur."


def test_the_export_names_bassins_as_people_read_them(client, world, django_capture_on_commit_callbacks):
    world.bassin.name = "94 BASSIN 3-OUEST (DIST. 6, 7, 8 ET 9)"
    world.bassin.save()
    _fiche(world, published=True, title="Café des parents")
    client.force_login(world.academy_pilot)
    rows = _csv(_export(client, django_capture_on_commit_callbacks, format="csv", columns=["title", "bassin"]))
    assert rows[0] == ["Titre", "Bassin(s)"]
    assert ["Café des parents", "Bassin 3 – Ouest (districts 6, 7, 8 et 9)"] in rows[1:]
