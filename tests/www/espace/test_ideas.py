"""The idea bank as contributors see it, and « Utiliser ce modèle »."""

import pytest
from django.urls import reverse

from sps.actions.enums import ActionStatus
from sps.actions.models import Action
from tests.actions.factories import IdeaModelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def models():
    return {
        "philo": IdeaModelFactory(slug="philo", title="Philo pour tous", category="classe", levels=["3e"]),
        "parents": IdeaModelFactory(
            slug="parents", title="Les parents dans la classe", category="parents_partenaires", publics=["parents"]
        ),
        "retired": IdeaModelFactory(slug="ancien", title="Modèle retiré", is_active=False),
        "blank": IdeaModelFactory(slug="a-votre-tour", title="À votre tour…", is_blank=True, organisation=""),
    }


def test_list_by_category_with_filters(client, world, models):
    client.force_login(world.contributor)
    page = client.get(reverse("espace:idea_list")).content.decode()
    assert "Philo pour tous" in page and "Les parents dans la classe" in page and "Modèle retiré" not in page
    assert "Dans la classe" in page and "Parents et partenaires" in page
    assert reverse("espace:idea_detail", kwargs={"slug": "a-votre-tour"}) in page
    page = client.get(reverse("espace:idea_list"), {"public": "parents"}).content.decode()
    assert "Les parents dans la classe" in page and "Philo pour tous" not in page
    page = client.get(reverse("espace:idea_list"), {"niveau": "3e", "categorie": "classe"}).content.decode()
    assert "Philo pour tous" in page and "Les parents dans la classe" not in page


def test_retired_model_is_a_404(client, world, models):
    client.force_login(world.contributor)
    assert client.get(reverse("espace:idea_detail", kwargs={"slug": "ancien"})).status_code == 404


def test_use_a_model(client, world, models):
    client.force_login(world.contributor)
    url = reverse("espace:idea_use", kwargs={"slug": "philo"})
    response = client.post(url, {})
    assert response.status_code == 200 and "Choisissez l&#x27;établissement" in response.content.decode()
    response = client.post(url, {"target": f"{world.other_bassin_school.pk}:{world.edition.pk}"})
    assert response.status_code == 200 and not Action.objects.exists()
    response = client.post(url, {"target": f"{world.school.pk}:{world.edition.pk}"})
    action = Action.objects.get()
    assert response["Location"] == reverse("espace:action_edit", kwargs={"pk": action.pk})
    assert action.status == ActionStatus.DRAFT and action.from_model == models["philo"]
    assert action.title == "Philo pour tous" and list(action.schools.all()) == [world.school]


def test_blank_model_gives_an_empty_draft(client, world, models):
    client.force_login(world.contributor)
    client.post(
        reverse("espace:idea_use", kwargs={"slug": "a-votre-tour"}), {"target": f"{world.school.pk}:{world.edition.pk}"}
    )
    action = Action.objects.get()
    assert action.title == "" and action.organisation == ""


@pytest.mark.django_db
def test_anyone_reads_the_idea_bank_but_only_contributors_use_it(client):
    from sps.actions.models import IdeaModel
    from tests.actions.factories import IdeaModelFactory

    model = IdeaModelFactory(title="Le café des parents")
    assert "Le café des parents" in client.get(reverse("espace:idea_list")).content.decode()
    page = client.get(reverse("espace:idea_detail", kwargs={"slug": model.slug})).content.decode()
    assert "Connectez-vous" in page and reverse("espace:idea_use", kwargs={"slug": model.slug}) not in page
    response = client.post(reverse("espace:idea_use", kwargs={"slug": model.slug}))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert IdeaModel.objects.count() == 1


def test_a_contributor_sees_first_the_models_of_their_schools_levels_and_may_remove_the_filter(client, world):
    from sps.schools.enums import SchoolKind

    IdeaModelFactory(slug="lp", title="Montre à ton prof", levels=["lycee_pro"], publics=["eleves"])
    IdeaModelFactory(slug="ecole", title="Le carnet de réussites", levels=["maternelle", "elementaire"])
    IdeaModelFactory(slug="liaison", title="Liaison CM2-6e", levels=["elementaire", "6e"])
    world.school.kind = SchoolKind.ELEMENTARY  # the contributor's only school becomes an école élémentaire
    world.school.save()
    client.force_login(world.contributor)

    page = client.get(reverse("espace:idea_list")).content.decode()
    assert "Le carnet de réussites" in page and "Liaison CM2-6e" in page
    assert "Montre à ton prof" not in page  # not offered unasked to an école
    assert "Modèles pour les niveaux de vos établissements\u00a0: Élémentaire." in page
    assert '<option value="mes-etablissements" selected>' in page
    assert "Niveaux\u00a0: Maternelle, Élémentaire" in page  # each card says its levels
    assert "Niveaux\u00a0: Élémentaire, Collège (6e)" in page

    page = client.get(reverse("espace:idea_list"), {"niveau": ""}).content.decode()  # « Tous »
    assert "Montre à ton prof" in page and "Niveaux\u00a0: Lycée professionnel" in page
    page = client.get(reverse("espace:idea_list"), {"niveau": "lycee_pro"}).content.decode()
    assert "Montre à ton prof" in page and "Le carnet de réussites" not in page

    # Anonymous visitors and pilots have no school: no default level.
    client.logout()
    page = client.get(reverse("espace:idea_list")).content.decode()
    assert "Montre à ton prof" in page and "mes-etablissements" not in page


def test_the_model_page_shows_its_levels_and_publics(client, models):
    page = client.get(reverse("espace:idea_detail", kwargs={"slug": "philo"})).content.decode()
    assert '<dt class="fr-text--bold fr-mt-2w">Niveaux</dt><dd>Collège (3e)</dd>' in page
    assert "Publics</dt><dd>" in page
