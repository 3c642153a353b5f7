"""Declaring a fiche: drafts, completeness, dates, scope, deadlines and bad input."""

import datetime

import pytest
from django.template import Context, Template
from freezegun import freeze_time

from sps.actions.enums import ActionStatus, CarrierLevel, Level, PromotionKind, Public
from sps.actions.errors import ActionError, ModerationError
from sps.actions.models import Action, Partner
from sps.actions.rules import action_missing_fields
from sps.actions.services import drafts, ideas, reconduction, workflow
from sps.audit.models import AuditEntry
from tests.actions.factories import ActionFactory
from tests.editions.factories import EditionDateOverrideFactory

pytestmark = pytest.mark.django_db
D = datetime.date
T = datetime.time


def complete_fields(world, **extra):
    fields = {
        "title": "Les parents dans la classe",
        "description": "Les élèves font la classe à leurs parents, pour rapprocher l'école et les familles.",
        "publics": [Public.PUPILS, Public.PARENTS],
        "levels": [Level.ELEMENTARY],
        "organisation": "Les élèves font classe à leurs parents.\n- préparation\n- goûter",
        "objectives": "Favoriser la coéducation.",
        "steering": "L'équipe enseignante.",
        "success_factors": "Prévenir les parents tôt.",
        "promotion": "Invitations préparées par les élèves.",
        "promotion_kind": PromotionKind.FESTIVE,
        "contact_name": "Claire Dumas",
        "contact_email": "Claire.Dumas@ac-creteil.fr",
        "occurrences": [{"date": D(2027, 3, 16), "start_time": T(9), "end_time": T(11), "place": "Classe de CM2"}],
    }
    fields.update(extra)
    return fields


def test_a_draft_can_be_saved_empty_and_is_incomplete(world):
    action = drafts.action_create_draft(edition=world.edition, by=world.contributor)
    assert action.status == ActionStatus.DRAFT and action.created_by == world.contributor
    assert str(action) == "Action sans titre"
    missing = action_missing_fields(action)
    assert missing[:5] == [
        "Titre de l'action",
        "Description",
        "Établissement porteur (au moins un)",
        "Publics (au moins un)",
        "Niveaux concernés (au moins un)",
    ]
    assert "Temps forts (au moins un, avec sa date)" in missing and "Adresse électronique du contact" in missing
    with pytest.raises(ActionError, match="Il est indispensable de compléter tous les champs") as exc:
        workflow.action_submit(action=action, by=world.contributor)
    assert exc.value.errors["missing"] == missing
    assert AuditEntry.objects.for_object(action).get().verb == "actions.action.created"


def test_a_complete_fiche_is_saved_cleaned_and_submitted(world):
    action = drafts.action_create_draft(
        edition=world.edition,
        by=world.contributor,
        schools=[world.school],
        themes=[world.edition.themes.first()],
        partners=[
            {"name": "Mairie de Fresnes", "kind": "collectivite", "contributions": ["locaux", "communication"]},
            {"name": "  ", "kind": "association"},
        ][:1],
        **complete_fields(world, title="  Les parents dans la classe  "),
    )
    assert action.title == "Les parents dans la classe"
    assert action.contact_email == "claire.dumas@ac-creteil.fr"
    assert action.publics == ["eleves", "parents"]
    assert action_missing_fields(action) == []
    partner = Partner.objects.get()
    assert (partner.name, partner.academy, partner.kind) == ("Mairie de Fresnes", world.academy, "collectivite")
    assert list(action.action_partners.values_list("contributions", flat=True)) == [["locaux", "communication"]]
    workflow.action_submit(action=action, by=world.contributor)
    assert Action.objects.get(pk=action.pk).status == ActionStatus.SUBMITTED


def test_the_same_partner_is_reused_case_insensitively(world):
    existing = Partner.objects.create(name="Onisep", kind="operateur")  # national
    action = drafts.action_create_draft(
        edition=world.edition, by=world.contributor, partners=[{"name": "ONISEP", "kind": "association"}]
    )
    assert list(action.action_partners.values_list("partner", flat=True)) == [existing.pk]


def test_the_same_partner_is_reused_accents_aside_and_named_twice_is_created_once(world):
    existing = Partner.objects.create(name="Mairie de Créteil", kind="collectivite", academy=world.academy)
    action = drafts.action_create_draft(
        edition=world.edition,
        by=world.contributor,
        partners=[
            {"name": "mairie de creteil", "kind": "association"},
            {"name": "Médiathèque Nelson-Mandela", "kind": "association"},
            {"name": "MEDIATHEQUE NELSON MANDELA", "kind": "autre"},
        ],
    )
    created = Partner.objects.get(name="Médiathèque Nelson-Mandela")
    assert list(action.action_partners.values_list("partner", flat=True)) == [existing.pk, created.pk]
    assert (created.academy, created.kind) == (world.academy, "association") and Partner.objects.count() == 2


def test_another_academys_partner_is_not_reused(world):
    Partner.objects.create(name="Mairie de Rennes", kind="collectivite", academy=world.other_academy)
    action = drafts.action_create_draft(
        edition=world.edition, by=world.contributor, partners=[{"name": "Mairie de Rennes", "kind": "collectivite"}]
    )
    assert action.action_partners.get().partner.academy == world.academy


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("title", "x" * 201, "« Titre de l'action » ne peut dépasser 200 caractères"),
        ("organisation", "y" * 4001, "« Organisation – modalités » ne peut dépasser 4000 caractères"),
        ("classes", "z" * 301, "« Classes concernées » ne peut dépasser 300"),
        ("publics", ["eleves", "aliens"], "Publics\u00a0: valeur inconnue \\(aliens\\)"),
        ("levels", ["cp-bis"], "Niveaux\u00a0: valeur inconnue"),
        ("promotion_kind", "fireworks", "Type de valorisation inconnu"),
        ("contact_email", "pas une adresse", "adresse électronique valide"),
        ("website", "javascript:alert(1)", "adresse web complète"),
        ("video_url", "ftp://exemple.fr/film", "adresse web complète"),
    ],
)
def test_bad_input_is_refused_with_a_french_message(world, field, value, message):
    with pytest.raises(ActionError, match=message) as exc:
        drafts.action_create_draft(edition=world.edition, by=world.contributor, **{field: value})
    assert field in exc.value.errors
    assert not Action.objects.exists()


def test_every_problem_is_reported_at_once_and_nothing_is_written(world):
    bad = {
        "contact_email": "pas-une-adresse",
        "website": "javascript:alert(1)",
        "occurrences": [{"date": D(2027, 4, 20), "place": "Cour", "is_online": False, "url": ""}],
        "partners": [{"name": "", "kind": "autre"}],
        "schools": [world.foreign_school],
    }
    with pytest.raises(ActionError) as exc:
        drafts.action_create_draft(edition=world.edition, by=world.contributor, **complete_fields(world, **bad))
    assert set(exc.value.errors) == {"contact_email", "website", "occurrences", "partners", "schools"}
    assert not Action.objects.exists()
    checked = drafts.action_check(edition=world.edition, by=world.contributor, **complete_fields(world, **bad))
    assert checked == exc.value.errors


@pytest.mark.parametrize("value", ["", "   ", "\n \t\n"])
def test_only_spaces_count_as_empty(world, value):
    action = drafts.action_create_draft(
        edition=world.edition, by=world.contributor, schools=[world.school], **complete_fields(world, objectives=value)
    )
    assert action.objectives == ""
    assert action_missing_fields(action) == ["Objectifs"]


def test_text_is_kept_as_typed_and_rendered_inert(world):
    evil = "<script>alert('x')</script>\n- <b>gras</b>\n* second\nfin & suite"
    action = drafts.action_create_draft(edition=world.edition, by=world.contributor, organisation=evil)
    assert action.organisation == evil
    html = Template("{% load actions_text %}{{ text|plain_text }}").render(Context({"text": action.organisation}))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<ul><li>&lt;b&gt;gras&lt;/b&gt;</li><li>second</li></ul>" in html
    assert "<p>fin &amp; suite</p>" in html


def test_plain_text_line_breaks_and_empty():
    from sps.actions.templatetags.actions_text import plain_text

    assert plain_text("un\ndeux\n\ntrois") == "<p>un<br>deux</p><p>trois</p>"
    assert plain_text("") == "" and plain_text(None) == ""
    assert plain_text("• puce\r\n- autre") == "<ul><li>puce</li><li>autre</li></ul>"


def test_a_school_outside_the_contributors_scope_is_refused(world):
    for school in (world.school_b, world.foreign_school):
        with pytest.raises(ActionError, match="n'est pas dans votre périmètre|n'appartient pas") as exc:
            drafts.action_create_draft(edition=world.edition, by=world.contributor, schools=[school])
        assert "schools" in exc.value.errors
    assert not Action.objects.exists()


def test_strangers_and_other_academies_cannot_declare(world):
    for user in (world.stranger, world.foreign_contributor):
        with pytest.raises(ModerationError):
            drafts.action_create_draft(edition=world.edition, by=user)


def test_a_relay_declares_a_bassin_event_a_contributor_cannot(world):
    action = drafts.action_create_draft(
        edition=world.edition, by=world.relay, carrier_level=CarrierLevel.BASSIN, bassin=world.bassin, title="Forum"
    )
    assert action.bassin == world.bassin and action.carrier_label() == "Bassin Ouest"
    with pytest.raises(ActionError, match="Seuls les relais"):
        drafts.action_create_draft(
            edition=world.edition, by=world.other_relay, carrier_level=CarrierLevel.BASSIN, bassin=world.bassin
        )
    with pytest.raises(ActionError, match="Seuls les pilotes académiques"):
        drafts.action_create_draft(edition=world.edition, by=world.relay, carrier_level=CarrierLevel.ACADEMY)
    action = drafts.action_create_draft(
        edition=world.edition, by=world.academy_pilot, carrier_level=CarrierLevel.ACADEMY, title="Séminaire"
    )
    assert "Bassin porteur" not in action_missing_fields(action)


def test_a_theme_of_another_edition_is_refused(world):
    from tests.editions.factories import EditionThemeFactory

    theme = EditionThemeFactory(edition=world.past_edition)
    with pytest.raises(ActionError, match="thèmes"):
        drafts.action_create_draft(edition=world.edition, by=world.contributor, themes=[theme])


@pytest.mark.parametrize(
    "occurrence,message",
    [
        ({"date": D(2027, 3, 22), "place": "Gymnase"}, "du lundi 15 au vendredi 19 mars 2027"),
        ({"date": D(2026, 11, 20), "place": "Gymnase"}, "pendant la semaine de l'édition"),
        ({"date": None, "place": "Gymnase"}, "Indiquez la date"),
        ({"date": D(2027, 3, 16), "start_time": T(16), "end_time": T(14), "place": "Salle"}, "heure de fin"),
        ({"date": D(2027, 3, 16), "start_time": T(16), "end_time": T(16), "place": "Salle"}, "heure de fin"),
        ({"date": D(2027, 3, 16), "end_time": T(16), "place": "Salle"}, "heure de début"),
        ({"date": D(2027, 3, 16), "place": "   "}, "Indiquez le lieu"),
        ({"date": D(2027, 3, 16), "is_online": True}, "lien de connexion"),
        ({"date": D(2027, 3, 16), "is_online": True, "url": "pas-un-lien"}, "adresse web complète"),
    ],
)
def test_temps_forts_are_checked(world, occurrence, message):
    with pytest.raises(ActionError, match=message) as exc:
        drafts.action_create_draft(edition=world.edition, by=world.contributor, occurrences=[occurrence])
    assert exc.value.errors["occurrences"][0].startswith("Temps fort n° 1\u00a0: ")


def test_the_window_widens_with_the_editions_date_overrides(world):
    EditionDateOverrideFactory(
        edition=world.edition, bassin=world.other_bassin, week_start=D(2027, 1, 25), week_end=D(2027, 1, 29)
    )
    action = drafts.action_create_draft(
        edition=world.edition, by=world.contributor, occurrences=[{"date": D(2027, 1, 26), "place": "CDI"}]
    )
    assert action.occurrences.get().date == D(2027, 1, 26)
    with pytest.raises(ActionError, match="du lundi 25 janvier au vendredi 19 mars 2027"):
        drafts.action_update(action=action, by=world.contributor, occurrences=[{"date": D(2027, 1, 22), "place": "x"}])


@pytest.mark.parametrize(
    ("day", "week_ok", "year_ok"),
    [
        (D(2026, 8, 31), False, False),  # the day before the campaign's school year
        (D(2026, 9, 1), False, True),  # its first day
        (D(2027, 3, 14), False, True),  # the Sunday before the week
        (D(2027, 3, 15), True, True),  # the week's first day
        (D(2027, 3, 19), True, True),  # its last day
        (D(2027, 3, 20), False, True),  # the Saturday after
        (D(2027, 8, 31), False, True),  # the school year's last day
        (D(2027, 9, 1), False, False),  # the next school year
    ],
)
def test_a_year_long_actions_temps_forts_may_fall_in_the_whole_school_year(world, day, week_ok, year_ok):
    assert world.edition.campaign.school_year == "2026-2027"
    for year_long, ok in ((False, week_ok), (True, year_ok)):
        occurrence = {"date": day, "place": "Préau"}
        if ok:
            action = drafts.action_create_draft(
                edition=world.edition, by=world.contributor, is_year_long=year_long, occurrences=[occurrence]
            )
            assert action.occurrences.get().date == day
        else:
            message = (
                "l'année scolaire 2026-2027 \\(du 1er septembre 2026 au 31 août 2027\\)" if year_long else "semaine"
            )
            with pytest.raises(ActionError, match=message):
                drafts.action_create_draft(
                    edition=world.edition, by=world.contributor, is_year_long=year_long, occurrences=[occurrence]
                )


def test_turning_a_year_long_action_back_to_the_week_rechecks_its_temps_forts(world):
    action = drafts.action_create_draft(
        edition=world.edition,
        by=world.contributor,
        is_year_long=True,
        occurrences=[{"date": D(2026, 11, 20), "place": "CDI"}],
    )
    # Occurrences not sent: the stored year-long flag counts.
    drafts.action_update(action=action, by=world.contributor, title="Tutorat")
    with pytest.raises(ActionError, match="semaine de l'édition"):
        drafts.action_update(
            action=action,
            by=world.contributor,
            is_year_long=False,
            occurrences=[{"date": D(2026, 11, 20), "place": "CDI"}],
        )


def test_update_replaces_lists_and_records_changed_fields_without_personal_data(world):
    action = drafts.action_create_draft(
        edition=world.edition, by=world.contributor, schools=[world.school], **complete_fields(world)
    )
    drafts.action_update(
        action=action,
        by=world.colleague,
        title="Les parents dans la classe (CM2)",
        contact_name="Jean Valjean",
        occurrences=[{"date": D(2027, 3, 18), "place": "Préau"}, {"date": D(2027, 3, 19), "place": "Préau"}],
        levels=[Level.ELEMENTARY],
    )
    action.refresh_from_db()
    assert action.occurrences.count() == 2
    entry = AuditEntry.objects.for_object(action).filter(verb="actions.action.updated").get()
    assert entry.data == {"changed": ["contact_name", "occurrences", "title"]}
    assert "Jean Valjean" not in str(entry.data)


def test_unknown_fields_are_a_programming_error(world):
    with pytest.raises(TypeError):
        drafts.action_create_draft(edition=world.edition, by=world.contributor, status="published")


def test_porteurs_edit_only_drafts_and_changes_requested(world):
    action = ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school], submitted=True)
    with pytest.raises(ModerationError, match="ne peut plus être modifiée par son porteur"):
        drafts.action_update(action=action, by=world.contributor, title="Nouveau")
    drafts.action_update(action=action, by=world.academy_pilot, title="Corrigé par le pilote")
    with pytest.raises(ModerationError, match="droits"):
        drafts.action_update(action=action, by=world.relay, title="Le relais sans délégation")
    with pytest.raises(ModerationError):
        drafts.action_update(action=action, by=world.contributor_b, title="Voisin")


class TestDeadlines:
    def test_after_the_deadline_no_new_fiche_no_edit_no_submit(self, world):
        action = ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school])
        with freeze_time("2027-03-01 09:00:00"):
            with pytest.raises(ActionError, match="28/02/2027"):
                drafts.action_create_draft(edition=world.edition, by=world.contributor)
            with pytest.raises(ModerationError, match="date limite de déclaration des actions \\(28 février 2027\\)"):
                drafts.action_update(action=action, by=world.contributor, title="Trop tard")
            with pytest.raises(ModerationError, match="est passée"):
                workflow.action_submit(action=action, by=world.contributor)
            # Pilots are not held by the deadline, and may withdraw nothing they do not own.
            drafts.action_create_draft(edition=world.edition, by=world.academy_pilot, carrier_level="academy")
            workflow.action_withdraw(action=action, by=world.contributor)

    def test_the_deadline_day_is_still_open(self, world):
        action = ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school])
        with freeze_time("2027-02-28 23:00:00+01:00"):
            workflow.action_submit(action=action, by=world.contributor)

    def test_a_reopened_fiche_can_be_corrected_and_submitted(self, world):
        action = ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school])
        with freeze_time("2027-03-02 09:00:00"):
            workflow.action_reopen(action=action, by=world.academy_pilot)
            drafts.action_update(action=action, by=world.contributor, title="Rouverte")
            workflow.action_submit(action=action, by=world.contributor)
        assert Action.objects.get(pk=action.pk).status == ActionStatus.SUBMITTED

    def test_late_declarations_allowed_by_the_edition(self, world):
        world.edition.late_declarations_allowed = True
        world.edition.save()
        with freeze_time("2027-03-05 09:00:00"):
            action = drafts.action_create_draft(edition=world.edition, by=world.contributor, title="Tardive")
            drafts.action_update(action=action, by=world.contributor, title="Tardive, bis")

    def test_an_unpublished_edition_is_not_open_to_contributors(self, world):
        world.edition.status = "draft"
        world.edition.save()
        with pytest.raises(ActionError, match="pas encore ouverte"):
            drafts.action_create_draft(edition=world.edition, by=world.contributor)
        drafts.action_create_draft(edition=world.edition, by=world.academy_pilot, carrier_level="academy")


def test_a_fiche_shared_with_another_school_stays_editable_by_each_contributor(world):
    action = drafts.action_create_draft(edition=world.edition, by=world.relay, schools=[world.school, world.school_b])
    drafts.action_update(action=action, by=world.contributor, schools=[world.school, world.school_b], title="Commune")
    assert set(action.schools.all()) == {world.school, world.school_b}
    with pytest.raises(ActionError, match="périmètre"):
        drafts.action_update(action=action, by=world.contributor, schools=[world.school, world.other_bassin_school])


def test_can_predicates_for_the_web_layer(world):
    from sps.actions import rules

    action = ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school], published=True)
    assert rules.can_fill_bilan(world.contributor, action) and not rules.can_fill_bilan(world.relay, action)
    assert rules.can_view_contact(world.relay, action) and not rules.can_view_contact(world.contributor_b, action)
    assert rules.can_view_history(world.relay, action) and not rules.can_view_history(world.contributor, action)
    assert rules.can_set_flags(world.academy_pilot, action) and not rules.can_set_flags(world.department_pilot, action)
    assert rules.allowed_transitions(world.contributor, action) == [ActionStatus.WITHDRAWN]
    # The take-down (back to validated, with a reason), nothing else.
    assert rules.allowed_transitions(world.academy_pilot, action) == [ActionStatus.VALIDATED]
    with freeze_time("2027-05-10"):
        assert not rules.can_fill_bilan(world.contributor, action) and rules.can_fill_bilan(world.academy_pilot, action)


# --- The public description ------------------------------------------------------------------


def test_the_description_is_required_to_submit_and_one_short_paragraph(world):
    action = drafts.action_create_draft(
        edition=world.edition, by=world.contributor, schools=[world.school], **complete_fields(world, description="")
    )
    assert action_missing_fields(action) == ["Description"]
    with pytest.raises(ActionError, match="Il est indispensable"):
        workflow.action_submit(action=action, by=world.contributor)

    with pytest.raises(ActionError, match="ne peut dépasser 600 caractères") as exc:
        drafts.action_update(action=action, by=world.contributor, description="x" * 601)
    assert "description" in exc.value.errors
    with pytest.raises(ActionError, match="un seul paragraphe"):
        drafts.action_update(action=action, by=world.contributor, description="Un.\n\nDeux.")

    drafts.action_update(action=action, by=world.contributor, description="  " + "x" * 600 + " ")
    workflow.action_submit(action=action, by=world.contributor)
    action.refresh_from_db()
    assert action.status == ActionStatus.SUBMITTED and len(action.description) == 600


def test_reconduction_and_models_bring_a_description(world):
    source = ActionFactory(edition=world.past_edition, schools=[world.school], created_by=world.contributor)
    copy = reconduction.action_reconduct(source=source, edition=world.edition, by=world.contributor)
    assert copy.description == source.description

    from sps.actions.models import IdeaModel

    model = IdeaModel.objects.create(
        slug="conseil", title="Conseil de progrès", category="classe", summary="Un conseil qui valorise les progrès."
    )
    draft = ideas.action_from_model(model=model, edition=world.edition, by=world.contributor, school=world.school)
    assert draft.description == "Un conseil qui valorise les progrès."


def test_the_description_help_text_says_the_models_length():
    from sps.actions.fields import FIELDS
    from sps.actions.models import DESCRIPTION_MAX, Action

    assert Action._meta.get_field("description").max_length == DESCRIPTION_MAX
    assert f"({DESCRIPTION_MAX} caractères au plus)" in FIELDS["description"].help_text
