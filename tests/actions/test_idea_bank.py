"""The idea bank, « Utiliser ce modèle » and « Reconduire cette action »."""

from io import StringIO

import pytest
from django.core.management import call_command

from sps.actions.enums import ActionStatus, CarrierLevel, IdeaCategory
from sps.actions.errors import ActionError, ModerationError
from sps.actions.fields import REQUIRED_TEXTS
from sps.actions.idea_bank import idea_bank_load, read_idea_models
from sps.actions.models import Action, IdeaModel
from sps.actions.rules import action_missing_fields
from sps.actions.services import ideas, reconduction
from sps.audit.models import AuditEntry
from tests.actions.factories import ActionFactory, IdeaModelFactory, PartnerFactory
from tests.editions.factories import EditionThemeFactory

pytestmark = pytest.mark.django_db


def test_the_shipped_bank_is_complete_and_loads_idempotently():
    rows = read_idea_models()
    models = [r for r in rows if not r["is_blank"]]
    assert len(models) >= 15
    assert {r["category"] for r in models} == set(IdeaCategory.values)
    for row in models:
        assert row["publics"] and row["levels"] and row["promotion_kind"], row["slug"]
        for field in REQUIRED_TEXTS:
            assert row[field].strip(), (row["slug"], field)
    out = StringIO()
    call_command("load_idea_bank", stdout=out)
    assert f"{len(rows)} modèle(s) ajouté(s)" in out.getvalue()
    IdeaModel.objects.filter(slug="philo-pour-tous").update(title="Philo (modifié par un pilote)")
    call_command("load_idea_bank", stdout=StringIO())
    assert IdeaModel.objects.count() == len(rows)
    assert IdeaModel.objects.get(slug="philo-pour-tous").title == "Philo (modifié par un pilote)"
    assert idea_bank_load(update=True) == (0, len(rows))
    assert IdeaModel.objects.get(slug="philo-pour-tous").title == "Philo pour tous"
    blank = IdeaModel.objects.get(is_blank=True)
    assert blank.title == "À votre tour…" and list(IdeaModel.objects.active())[-1] == blank


def test_use_a_model_makes_a_draft_the_contributor_completes(world):
    idea_bank_load()
    model = IdeaModel.objects.get(slug="les-parents-dans-la-classe")
    action = ideas.action_from_model(model=model, edition=world.edition, by=world.contributor, school=world.school)
    assert action.status == ActionStatus.DRAFT and action.from_model == model
    assert action.title == model.title and action.organisation == model.organisation
    assert list(action.schools.all()) == [world.school]
    assert action_missing_fields(action) == [
        "Temps forts (au moins un, avec sa date)",
        "Nom du contact",
        "Adresse électronique du contact",
    ]
    verbs = list(AuditEntry.objects.for_object(action).values_list("verb", flat=True))
    assert verbs == ["actions.action.created", "actions.action.created_from_model"]


def test_the_blank_model_gives_an_empty_draft_and_a_retired_one_nothing(world):
    idea_bank_load()
    blank = IdeaModel.objects.get(is_blank=True)
    action = ideas.action_from_model(model=blank, edition=world.edition, by=world.contributor)
    assert action.title == "" and action.organisation == ""
    retired = IdeaModelFactory(is_active=False)
    with pytest.raises(ActionError, match="plus proposé"):
        ideas.action_from_model(model=retired, edition=world.edition, by=world.contributor)


def test_a_district_model_used_by_a_relay_is_a_bassin_action(world):
    model = IdeaModelFactory(category=IdeaCategory.DISTRICT)
    action = ideas.action_from_model(model=model, edition=world.edition, by=world.relay)
    assert (action.carrier_level, action.bassin) == (CarrierLevel.BASSIN, world.bassin)


def test_a_model_for_a_school_outside_the_scope_is_refused(world):
    model = IdeaModelFactory()
    with pytest.raises(ActionError, match="périmètre"):
        ideas.action_from_model(model=model, edition=world.edition, by=world.contributor, school=world.school_b)
    assert not Action.objects.exists()


def test_idea_models_are_managed_by_pilots(world):
    model = ideas.idea_model_create(
        by=world.academy_pilot,
        title="  Olympiades de la persévérance ",
        category=IdeaCategory.PROMOTION,
        publics=["eleves"],
    )
    assert model.slug == "olympiades-de-la-perseverance" and model.title == "Olympiades de la persévérance"
    ideas.idea_model_update(model=model, by=world.national_pilot, objectives="Fédérer.")
    ideas.idea_model_retire(model=model, by=world.academy_pilot)
    assert not IdeaModel.objects.active().filter(pk=model.pk).exists()
    for user in (world.contributor, world.relay, world.department_pilot):
        with pytest.raises(ModerationError):
            ideas.idea_model_create(by=user, title="x", category=IdeaCategory.CLASSROOM)
    with pytest.raises(ActionError, match="catégorie"):
        ideas.idea_model_create(by=world.academy_pilot, title="Sans catégorie", category="")
    with pytest.raises(ActionError, match="titre"):
        ideas.idea_model_create(by=world.academy_pilot, title="  ", category=IdeaCategory.CLASSROOM)
    verbs = list(AuditEntry.objects.for_object(model).values_list("verb", flat=True))
    assert verbs == ["actions.idea_model.created", "actions.idea_model.updated", "actions.idea_model.retired"]


def test_a_published_action_becomes_a_model(world):
    action = ActionFactory(edition=world.edition, schools=[world.school], published=True, contact_name="Claire")
    model = ideas.idea_model_from_action(action=action, by=world.academy_pilot, category=IdeaCategory.PROMOTION)
    assert model.source_action == action and model.organisation == action.organisation
    assert not hasattr(model, "contact_name")
    with pytest.raises(ModerationError):
        ideas.idea_model_from_action(action=action, by=world.other_pilot, category=IdeaCategory.PROMOTION)
    draft = ActionFactory(edition=world.edition, schools=[world.school])
    with pytest.raises(ActionError, match="publiée"):
        ideas.idea_model_from_action(action=draft, by=world.academy_pilot, category=IdeaCategory.PROMOTION)


class TestReconduct:
    def past_action(self, world, **kwargs):
        theme = EditionThemeFactory(edition=world.past_edition, title="Climat scolaire")
        action = ActionFactory(
            edition=world.past_edition, created_by=world.contributor, schools=[world.school], published=True, **kwargs
        )
        action.themes.set([theme])
        action.action_partners.create(partner=PartnerFactory(), contributions=["locaux"])
        return action

    def test_everything_but_the_dates_and_status_is_copied(self, world):
        source = self.past_action(world)
        action = reconduction.action_reconduct(source=source, edition=world.edition, by=world.colleague)
        assert action.status == ActionStatus.DRAFT and action.reconducted_from == source
        assert action.edition == world.edition and action.created_by == world.colleague
        for name in ("title", "organisation", "objectives", "publics", "levels", "contact_email", "promotion_kind"):
            assert getattr(action, name) == getattr(source, name), name
        assert list(action.schools.all()) == [world.school]
        assert [t.title for t in action.themes.all()] == ["Climat scolaire"]
        assert action.themes.get().edition == world.edition
        assert action.action_partners.get().contributions == ["locaux"]
        assert not action.occurrences.exists()
        assert action_missing_fields(action) == ["Temps forts (au moins un, avec sa date)"]
        with pytest.raises(ActionError, match="déjà été reconduite"):
            reconduction.action_reconduct(source=source, edition=world.edition, by=world.contributor)

    def test_only_own_actions_of_a_past_edition(self, world):
        source = self.past_action(world)
        for user in (world.contributor_b, world.stranger):
            with pytest.raises(ModerationError, match="propres actions"):
                reconduction.action_reconduct(source=source, edition=world.edition, by=user)
        current = ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school])
        with pytest.raises(ActionError, match="édition passée"):
            reconduction.action_reconduct(source=current, edition=world.edition, by=world.contributor)
        with pytest.raises(ActionError, match="même académie"):
            reconduction.action_reconduct(source=source, edition=world.foreign_edition, by=world.contributor)


def test_shipped_models_agree_with_the_seeds():
    from sps.actions.enums import Level
    from sps.actions.idea_bank import read_idea_models

    rows = {row["slug"]: row for row in read_idea_models()}
    # Seed 002: the « conseil de progrès » is held in collèges and lycées.
    progress = set(rows["conseil-de-progres"]["levels"])
    assert {"6e", "3e", "2nde", "terminale"} <= progress and not progress & {"maternelle", "elementaire"}
    # The premier degré has its own models (seed 002 prints écoles' examples).
    primary = [
        slug for slug, row in rows.items() if set(row["levels"]) <= {Level.NURSERY, Level.ELEMENTARY} and row["levels"]
    ]
    assert len(primary) >= 3
    assert any(
        Level.NURSERY in row["levels"] for row in rows.values() if not row["is_blank"] and len(row["levels"]) == 1
    )
    # A rentrée cannot happen in a week of March: that model is a year-long action now.
    welcome = rows["rentree-des-6e"]
    assert "toute l'année" in welcome["summary"] and "toute l'année" in welcome["organisation"]
    for row in rows.values():
        assert "rentrée" not in row["title"].lower() or "toute l'année" in row["title"] + row["summary"]
