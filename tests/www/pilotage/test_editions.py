import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from sps.accounts.enums import Role
from sps.audit.models import AuditEntry
from sps.editions.enums import EditionStatus, MilestoneKind
from sps.editions.models import Campaign, Edition
from sps.territories.models import Academy, Department
from tests.accounts.factories import UserFactory, grant
from tests.editions.factories import CampaignFactory, EditionFactory, EditionThemeFactory, MilestoneFactory
from tests.schools.factories import SchoolFactory
from tests.territories.factories import BassinFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def creteil(reference):
    return Academy.objects.get(slug="creteil")


@pytest.fixture
def rennes(reference):
    return Academy.objects.get(slug="rennes")


@pytest.fixture
def val_de_marne(reference):
    return Department.objects.get(code="94")


@pytest.fixture
def campaign():
    return CampaignFactory(school_year="2025-2026", theme="Tous mobilisés")


def _user(role, scope=None):
    user = UserFactory()
    grant(user, role, scope)
    return user


@pytest.fixture
def pilot(client, creteil):
    user = _user(Role.ACADEMY_PILOT, creteil)
    client.force_login(user)
    return user


@pytest.fixture
def national(client):
    user = _user(Role.NATIONAL_PILOT)
    client.force_login(user)
    return user


def _management(prefix, total):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def edition_data(**overrides):
    """A complete, valid POST of the edition form: one theme, two milestones, no override."""
    data = {
        "title": "Semaine de la persévérance scolaire",
        "ordinal": "6",
        "week_start": "2026-03-16",
        "week_end": "2026-03-20",
        "bassins_mode": "all",
        "pilot_bassin": "",
        **_management("themes", 1),
        "themes-0-title": "Climat scolaire",
        "themes-0-text": "Bien-être des élèves",
        **_management("milestones", 2),
        "milestones-0-kind": MilestoneKind.LAUNCH,
        "milestones-0-date": "2026-01-22",
        "milestones-0-end_date": "",
        "milestones-0-text": "",
        "milestones-1-kind": MilestoneKind.DECLARATION_DEADLINE,
        "milestones-1-date": "2026-01-22",
        "milestones-1-end_date": "2026-02-27",
        "milestones-1-text": "Remontée des actions",
        **_management("overrides", 0),
    }
    data.update(overrides)
    return data


def _create_url(campaign, academy):
    return reverse("pilotage:edition_create", args=[campaign.school_year, academy.slug])


def _error_next_to(content: str, field_id: str, message: str) -> bool:
    """The message is in the same input group as the field."""
    position = content.find(f'id="{field_id}"')
    return position != -1 and message in content[position : position + 1500]


# --- List and campaign -------------------------------------------------------------------------


@freeze_time("2026-01-15")
def test_list_shows_my_academy_only(client, pilot, creteil, rennes, campaign):
    EditionFactory(campaign=campaign, academy=rennes, ordinal=9)
    response = client.get(reverse("pilotage:edition_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Campagne 2025-2026" in content
    assert _create_url(campaign, creteil) in content
    assert "Rennes" not in content
    assert "Ouvrir une campagne" not in content


@freeze_time("2026-01-15")
def test_list_for_the_national_pilot(client, national, creteil, campaign, django_assert_max_num_queries):
    EditionFactory(campaign=campaign, academy=creteil, ordinal=6, published=True)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pilotage:edition_list"))
    content = response.content.decode()
    assert reverse("pilotage:campaign_open") in content
    assert "6e édition" in content and "Publiée" in content
    assert "Pas encore créée" in content  # the other académies


@freeze_time("2026-01-15")
def test_department_pilot_sees_the_list_without_create_links(client, val_de_marne, creteil, campaign):
    client.force_login(_user(Role.DEPARTMENT_PILOT, val_de_marne))
    content = client.get(reverse("pilotage:edition_list")).content.decode()
    assert "Créteil" in content
    assert _create_url(campaign, creteil) not in content


def test_national_pilot_opens_a_campaign(client, national):
    response = client.post(
        reverse("pilotage:campaign_open"), {"school_year": "2026-2027", "theme": "Orientation", "message": ""}
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get(school_year="2026-2027")
    assert AuditEntry.objects.for_object(campaign).get().verb == "editions.campaign.opened"
    assert "La campagne 2026-2027 est ouverte" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2026-2028", "deux années qui se suivent"),
        ("", "Ce champ est obligatoire."),
        ("2025-2026", "La campagne 2025-2026 est déjà ouverte."),
        ("2025-20266", "au plus 9 caractères"),
    ],
)
def test_campaign_form_errors(client, national, campaign, year, message):
    response = client.post(reverse("pilotage:campaign_open"), {"school_year": year, "theme": "Mon thème <b>"})
    content = response.content.decode()
    assert response.status_code == 200
    assert _error_next_to(content, "id_school_year", message)
    assert "fr-input-group--error" in content
    assert 'value="Mon thème &lt;b&gt;"' in content  # what was typed is kept, escaped
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize(
    "role", [Role.ACADEMY_PILOT, Role.DEPARTMENT_PILOT, Role.BASSIN_RELAY, Role.SCHOOL_CONTRIBUTOR]
)
def test_only_the_national_pilot_opens_campaigns(client, creteil, val_de_marne, role):
    scope = {
        Role.ACADEMY_PILOT: creteil,
        Role.DEPARTMENT_PILOT: val_de_marne,
        Role.BASSIN_RELAY: BassinFactory(department=val_de_marne),
        Role.SCHOOL_CONTRIBUTOR: SchoolFactory(department=val_de_marne),
    }[role]
    client.force_login(_user(role, scope))
    assert client.get(reverse("pilotage:campaign_open")).status_code == 403
    assert client.post(reverse("pilotage:campaign_open"), {"school_year": "2026-2027"}).status_code == 403
    assert not Campaign.objects.exists()


def test_anonymous_is_sent_to_the_login_page(client, creteil, campaign):
    edition = EditionFactory(campaign=campaign, academy=creteil)
    for url in [
        reverse("pilotage:edition_list"),
        reverse("pilotage:campaign_open"),
        _create_url(campaign, creteil),
        reverse("pilotage:edition_edit", args=[edition.pk]),
        reverse("pilotage:edition_detail", args=[edition.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
    response = client.post(reverse("pilotage:edition_publish", args=[edition.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT


# --- Creating --------------------------------------------------------------------------------


def test_create_page_prefills_the_calendar(client, pilot, creteil, campaign):
    EditionFactory(campaign=CampaignFactory(school_year="2024-2025"), academy=creteil, ordinal=5)
    response = client.get(_create_url(campaign, creteil))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert 'value="Semaine de la persévérance scolaire"' in content
    assert 'name="ordinal" value="6"' in content
    assert 'name="milestones-TOTAL_FORMS" value="8"' in content
    assert '<option value="closing_seminar" selected>' in content
    assert "Partir de l'édition de l'an dernier" in content
    assert "onclick" not in content and "style=" not in content


def test_academy_pilot_creates_the_edition(client, pilot, creteil, val_de_marne, campaign):
    bassin = BassinFactory(department=val_de_marne, name="District 1")
    data = edition_data(
        **_management("overrides", 2),
        **{
            "overrides-0-scope": f"d:{val_de_marne.pk}",
            "overrides-0-week_start": "2026-01-19",
            "overrides-0-week_end": "2026-01-23",
            "overrides-0-note": "Semaine départementale",
            # A blank extra row is ignored.
            "overrides-1-scope": "",
            "overrides-1-week_start": "",
            "overrides-1-week_end": "",
            "overrides-1-note": "",
        },
        bassins_mode="some",
        bassins=[str(bassin.pk)],
        pilot_bassin=str(bassin.pk),
        late_declarations_allowed="on",
    )
    response = client.post(_create_url(campaign, creteil), data)
    edition = Edition.objects.with_calendar().get(campaign=campaign, academy=creteil)
    assert response.status_code == 302
    assert response["Location"] == reverse("pilotage:edition_detail", args=[edition.pk])
    assert edition.ordinal == 6 and edition.late_declarations_allowed and not edition.all_bassins_participate
    assert [t.title for t in edition.themes.all()] == ["Climat scolaire"]
    assert edition.declaration_deadline == D(2026, 2, 27)
    assert edition.date_overrides.get().note == "Semaine départementale"
    assert [(p.bassin, p.is_pilot) for p in edition.bassin_participations.all()] == [(bassin, True)]
    assert AuditEntry.objects.for_object(edition).get().user == pilot
    detail = client.get(response["Location"]).content.decode()
    assert "L&#x27;édition est créée" in detail
    assert "District 1 (bassin pilote)" in detail


def test_untouched_suggested_rows_are_ignored(client, pilot, creteil, campaign):
    data = edition_data(
        **_management("milestones", 2),
        **{
            "milestones-1-kind": MilestoneKind.DECLARATION_DEADLINE,
            "milestones-1-date": "",
            "milestones-1-end_date": "",
            "milestones-1-text": "",
        },
    )
    data["milestones-0-kind"] = MilestoneKind.LAUNCH  # as suggested, no date: ignored
    data["milestones-0-date"] = ""
    response = client.post(_create_url(campaign, creteil), data)
    assert response.status_code == 302
    assert not Edition.objects.get().milestones.exists()


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        (
            {"week_start": "2026-03-20", "week_end": "2026-03-16"},
            "id_week_end",
            "La date de fin doit être le jour même ou après la date de début.",
        ),
        ({"week_start": "2026-02-30"}, "id_week_start", "Saisissez une date valide."),
        ({"week_start": "2026-09-14", "week_end": "2026-09-18"}, "id_week_start", "année scolaire 2025-2026"),
        ({"title": ""}, "id_title", "Ce champ est obligatoire."),
        ({"title": "    "}, "id_title", "Ce champ est obligatoire."),
        ({"title": "x" * 201}, "id_title", "au plus 200 caractères"),
        ({"ordinal": "0"}, "id_ordinal", "supérieure ou égale à 1"),
        ({"milestones-0-date": "2025-08-31"}, "id_milestones-0-date", "du 1er septembre 2025 au 31 août 2026"),
        ({"milestones-1-end_date": "2026-01-01"}, "id_milestones-1-end_date", "après la date de début"),
        ({"milestones-0-kind": "nope"}, "id_milestones-0-kind", "Sélectionnez un choix valide"),
        ({"themes-0-title": ""}, "id_themes-0-title", "Ce champ est obligatoire."),
        ({"themes-0-text": "a" * 1001}, "id_themes-0-text", "au plus 1000 caractères"),
        ({"bassins_mode": "some"}, "bassins", "Choisissez au moins un bassin"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_written(
    client, pilot, creteil, campaign, overrides, field_id, message
):
    BassinFactory(department=Department.objects.get(code="93"))
    data = edition_data(**overrides)
    data["themes-0-text"] = overrides.get("themes-0-text", "<script>alert('x')</script>")
    response = client.post(_create_url(campaign, creteil), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Rien n'a été enregistré" in content
    assert _error_next_to(content, field_id, message), message
    # What was typed is kept, and any HTML in it is inert.
    assert "Climat scolaire" in content or field_id == "id_themes-0-title"
    assert "<script>alert" not in content
    if "themes-0-text" not in overrides:
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content
    assert not Edition.objects.exists()
    assert not AuditEntry.objects.exists()


def test_two_declaration_deadlines_are_refused(client, pilot, creteil, campaign):
    data = edition_data(**{"milestones-0-kind": MilestoneKind.DECLARATION_DEADLINE})
    content = client.post(_create_url(campaign, creteil), data).content.decode()
    assert (
        "Le calendrier ne peut avoir qu&#x27;une étape «\u00a0Date limite de déclaration des actions\u00a0»." in content
    )
    assert not Edition.objects.exists()


def test_override_of_another_academy_is_refused(client, pilot, creteil, campaign):
    rennes_department = Department.objects.get(code="35")
    data = edition_data(
        **_management("overrides", 1),
        **{
            "overrides-0-scope": f"d:{rennes_department.pk}",
            "overrides-0-week_start": "2026-01-19",
            "overrides-0-week_end": "2026-01-23",
        },
    )
    content = client.post(_create_url(campaign, creteil), data).content.decode()
    assert _error_next_to(content, "id_overrides-0-scope", "Sélectionnez un choix valide")
    assert not Edition.objects.exists()


def test_override_dates_in_the_wrong_order(client, pilot, creteil, val_de_marne, campaign):
    data = edition_data(
        **_management("overrides", 1),
        **{
            "overrides-0-scope": f"d:{val_de_marne.pk}",
            "overrides-0-week_start": "2026-01-23",
            "overrides-0-week_end": "2026-01-19",
        },
    )
    content = client.post(_create_url(campaign, creteil), data).content.decode()
    assert _error_next_to(content, "id_overrides-0-week_end", "après la date de début")
    assert not Edition.objects.exists()


def test_pilot_bassin_must_be_checked(client, pilot, creteil, val_de_marne, campaign):
    first, second = BassinFactory(department=val_de_marne), BassinFactory(department=val_de_marne)
    data = edition_data(bassins_mode="some", bassins=[str(first.pk)], pilot_bassin=str(second.pk))
    content = client.post(_create_url(campaign, creteil), data).content.decode()
    assert _error_next_to(content, "id_pilot_bassin", "Le bassin pilote doit faire partie des bassins cochés.")
    assert f'value="{first.pk}" id="id_bassins_0" checked' in content  # what was ticked stays ticked


def test_create_for_another_academy_is_404(client, pilot, rennes, campaign):
    assert client.get(_create_url(campaign, rennes)).status_code == 404
    assert client.post(_create_url(campaign, rennes), edition_data()).status_code == 404
    assert not Edition.objects.exists()


@pytest.mark.parametrize("role", [Role.DEPARTMENT_PILOT, Role.BASSIN_RELAY, Role.SCHOOL_CONTRIBUTOR])
def test_create_refused_to_other_roles(client, creteil, val_de_marne, campaign, role):
    scope = {
        Role.DEPARTMENT_PILOT: val_de_marne,
        Role.BASSIN_RELAY: BassinFactory(department=val_de_marne),
        Role.SCHOOL_CONTRIBUTOR: SchoolFactory(department=val_de_marne),
    }[role]
    client.force_login(_user(role, scope))
    assert client.get(_create_url(campaign, creteil)).status_code == 403
    assert client.post(_create_url(campaign, creteil), edition_data()).status_code == 403
    assert not Edition.objects.exists()


def test_create_when_it_exists_goes_to_the_edit_page(client, pilot, creteil, campaign):
    edition = EditionFactory(campaign=campaign, academy=creteil)
    response = client.get(_create_url(campaign, creteil))
    assert response["Location"] == reverse("pilotage:edition_edit", args=[edition.pk])


def test_national_pilot_creates_for_any_academy(client, national, rennes, campaign):
    assert client.post(_create_url(campaign, rennes), edition_data()).status_code == 302
    assert Edition.objects.get().academy == rennes


# --- Editing ---------------------------------------------------------------------------------


def test_edit_keeps_untouched_rows_and_deletes_ticked_ones(client, pilot, creteil, campaign):
    edition = EditionFactory(campaign=campaign, academy=creteil)
    EditionThemeFactory(edition=edition, title="Gardé", order=0)
    EditionThemeFactory(edition=edition, title="Supprimé", order=1)
    MilestoneFactory(edition=edition, kind=MilestoneKind.LAUNCH, date=D(2026, 1, 22))
    url = reverse("pilotage:edition_edit", args=[edition.pk])
    content = client.get(url).content.decode()
    assert 'value="Gardé"' in content and 'name="themes-INITIAL_FORMS" value="2"' in content
    data = edition_data(
        title="Nouveau titre",
        **{
            "themes-TOTAL_FORMS": "3",
            "themes-INITIAL_FORMS": "2",
            "themes-0-title": "Gardé",
            "themes-0-text": "Un texte court.",
            "themes-1-title": "Supprimé",
            "themes-1-text": "Un texte court.",
            "themes-1-DELETE": "on",
            "themes-2-title": "Ajouté",
            "themes-2-text": "",
            "milestones-TOTAL_FORMS": "1",
            "milestones-INITIAL_FORMS": "1",
            "milestones-0-kind": MilestoneKind.LAUNCH,
            "milestones-0-date": "2026-01-22",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.title == "Nouveau titre"
    assert [t.title for t in edition.themes.all()] == ["Gardé", "Ajouté"]
    assert edition.milestones.get().date == D(2026, 1, 22)
    assert AuditEntry.objects.for_object(edition).get().verb == "editions.edition.updated"


def test_renaming_a_theme_in_the_form_keeps_it_chosen_on_the_fiches(client, pilot, creteil, campaign):
    from tests.actions.factories import ActionFactory

    edition = EditionFactory(campaign=campaign, academy=creteil)
    theme = EditionThemeFactory(edition=edition, title="Climat", order=0)
    action = ActionFactory(edition=edition)
    action.themes.set([theme])
    url = reverse("pilotage:edition_edit", args=[edition.pk])
    assert f'name="themes-0-theme_id" value="{theme.pk}"' in client.get(url).content.decode()
    data = edition_data(
        **{
            "themes-TOTAL_FORMS": "1",
            "themes-INITIAL_FORMS": "1",
            "themes-0-theme_id": str(theme.pk),
            "themes-0-title": "Climat scolaire",
            "themes-0-text": "",
            "milestones-TOTAL_FORMS": "0",
            "milestones-INITIAL_FORMS": "0",
        },
    )
    assert client.post(url, data).status_code == 302
    assert [t.title for t in action.themes.all()] == ["Climat scolaire"]
    assert edition.themes.get().pk == theme.pk


def test_edit_of_another_academy_is_404_and_for_a_department_pilot_403(client, creteil, rennes, val_de_marne, campaign):
    edition = EditionFactory(campaign=campaign, academy=creteil)
    url = reverse("pilotage:edition_edit", args=[edition.pk])
    client.force_login(_user(Role.ACADEMY_PILOT, rennes))
    assert client.get(url).status_code == 404
    assert client.post(url, edition_data(title="Pirate")).status_code == 404
    assert client.get(reverse("pilotage:edition_detail", args=[edition.pk])).status_code == 404
    client.force_login(_user(Role.DEPARTMENT_PILOT, val_de_marne))
    assert client.get(url).status_code == 403
    assert client.post(url, edition_data(title="Pirate")).status_code == 403
    assert client.get(reverse("pilotage:edition_detail", args=[edition.pk])).status_code == 200
    edition.refresh_from_db()
    assert edition.title != "Pirate"


# --- Copy and publish ------------------------------------------------------------------------


def test_copy_from_last_year(client, pilot, creteil, campaign):
    previous = EditionFactory(
        campaign=CampaignFactory(school_year="2024-2025"),
        academy=creteil,
        ordinal=5,
        week_start=D(2025, 3, 17),
        week_end=D(2025, 3, 21),
        with_themes=True,
    )
    MilestoneFactory(edition=previous, kind=MilestoneKind.DECLARATION_DEADLINE, date=D(2025, 3, 28))
    url = reverse("pilotage:edition_copy", args=[campaign.school_year, creteil.slug])
    assert client.get(url).status_code == 405
    response = client.post(url)
    edition = Edition.objects.get(campaign=campaign)
    assert response["Location"] == reverse("pilotage:edition_edit", args=[edition.pk])
    assert edition.ordinal == 6 and edition.week_start == D(2026, 3, 16)
    assert edition.declaration_deadline == D(2026, 3, 27)
    assert edition.themes.count() == 2
    assert "vérifiez-les avant de publier" in client.get(response["Location"]).content.decode()


def test_copy_without_previous_edition(client, pilot, creteil, campaign):
    response = client.post(reverse("pilotage:edition_copy", args=[campaign.school_year, creteil.slug]))
    assert response["Location"] == reverse("pilotage:edition_list")
    assert "pas d&#x27;édition précédente" in client.get(response["Location"]).content.decode()
    assert not Edition.objects.filter(campaign=campaign).exists()


def test_copy_for_another_academy_is_404(client, pilot, rennes, campaign):
    EditionFactory(campaign=CampaignFactory(school_year="2024-2025"), academy=rennes)
    assert client.post(reverse("pilotage:edition_copy", args=[campaign.school_year, rennes.slug])).status_code == 404
    assert not Edition.objects.filter(campaign=campaign).exists()


def test_publish(client, pilot, creteil, campaign):
    edition = EditionFactory(campaign=campaign, academy=creteil)
    url = reverse("pilotage:edition_publish", args=[edition.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == reverse("pilotage:edition_detail", args=[edition.pk])
    edition.refresh_from_db()
    assert edition.is_published
    content = client.get(response["Location"]).content.decode()
    assert "sa page publique est en ligne" in content
    assert edition.get_absolute_url() in content
    assert client.post(url).status_code == 302  # twice: a message, nothing else
    assert AuditEntry.objects.filter(verb="editions.edition.published").count() == 1


def test_publish_refused(client, creteil, rennes, val_de_marne, campaign):
    edition = EditionFactory(campaign=campaign, academy=creteil)
    url = reverse("pilotage:edition_publish", args=[edition.pk])
    client.force_login(_user(Role.ACADEMY_PILOT, rennes))
    assert client.post(url).status_code == 404
    client.force_login(_user(Role.DEPARTMENT_PILOT, val_de_marne))
    assert client.post(url).status_code == 403
    client.force_login(_user(Role.SCHOOL_CONTRIBUTOR, SchoolFactory(department=val_de_marne)))
    assert client.post(url).status_code == 403
    edition.refresh_from_db()
    assert not edition.is_published


def test_detail_page(client, pilot, creteil, campaign, django_assert_max_num_queries):
    edition = EditionFactory(campaign=campaign, academy=creteil, with_calendar=True, with_themes=True)
    # 13: the pilotage menu counts the « À traiter » queue (one query).
    with django_assert_max_num_queries(13):
        response = client.get(reverse("pilotage:edition_detail", args=[edition.pk]))
    content = response.content.decode()
    assert "Publier l'édition" in content
    assert "Du lundi 16 au vendredi 20 mars 2026" in content
    assert "Climat scolaire" in content and "Date limite de déclaration des actions" in content
    assert f'href="{reverse("pilotage:edition_kit", args=[edition.pk])}"' in content
    assert "Kit de communication de l'édition" in content
