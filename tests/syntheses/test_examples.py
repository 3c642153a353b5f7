"""Putting actions forward: an académie pilot proposes its own published actions phares with an
argument, the national pilot chooses the national examples, a chosen example becomes an idea bank
model crediting the porteur's school, and the fiche's history says who proposed and who chose."""

import pytest
from django.urls import reverse

from sps.accounts.enums import Role
from sps.actions.enums import ActionStatus, IdeaCategory
from sps.actions.models import IdeaModel
from sps.actions.selectors import action_history
from sps.audit.models import AuditEntry
from sps.catalogue import index
from sps.syntheses.enums import ExampleStatus
from sps.syntheses.errors import SynthesisError
from sps.syntheses.examples import example_decide, example_propose, example_to_idea_bank, example_withdraw
from sps.syntheses.models import ExampleProposal
from sps.territories.models import Academy, Department
from tests.accounts.factories import UserFactory, grant
from tests.actions.factories import ActionFactory
from tests.editions.factories import CampaignFactory, EditionFactory
from tests.schools.factories import SchoolFactory

pytestmark = pytest.mark.django_db
ARGUMENT = "Une action transposable\u00a0: les élèves de CAP tiennent un vrai magasin."


class World:
    def __init__(self):
        self.campaign = CampaignFactory(school_year="2025-2026")
        self.creteil = Academy.objects.get(slug="creteil")
        self.rennes = Academy.objects.get(slug="rennes")
        self.edition = EditionFactory(campaign=self.campaign, academy=self.creteil, published=True)
        self.rennes_edition = EditionFactory(campaign=self.campaign, academy=self.rennes, published=True)
        self.school = SchoolFactory(
            name="Lycée professionnel Maréchal Leclerc",
            commune="Vitry-sur-Seine",
            department=Department.objects.get(code="94"),
        )
        self.flagship = ActionFactory(
            edition=self.edition,
            published=True,
            is_flagship=True,
            schools=[self.school],
            title="L'épicerie de vos envies",
            description="Un magasin pédagogique ouvert chaque vendredi.",
        )
        self.users = {}
        for name, role, scope in [
            ("creteil", Role.ACADEMY_PILOT, self.creteil),
            ("rennes", Role.ACADEMY_PILOT, self.rennes),
            ("national", Role.NATIONAL_PILOT, None),
            ("department", Role.DEPARTMENT_PILOT, Department.objects.get(code="94")),
        ]:
            self.users[name] = UserFactory(email=f"{name}@example.fr")
            grant(self.users[name], role, scope)


@pytest.fixture
def w(reference):
    return World()


def verbs(action):
    return [entry.verb for entry in AuditEntry.objects.for_object(action)]


# --- Services ------------------------------------------------------------------------------------


def test_the_academy_pilot_proposes_and_the_national_pilot_chooses(w):
    proposal = example_propose(action=w.flagship, argument=f"  {ARGUMENT}  ", by=w.users["creteil"])
    assert (proposal.status, proposal.argument, proposal.proposed_by) == (
        ExampleStatus.PROPOSED,
        ARGUMENT,
        w.users["creteil"],
    )
    example_decide(proposal=proposal, chosen=True, by=w.users["national"])
    proposal.refresh_from_db()
    assert proposal.status == ExampleStatus.CHOSEN and proposal.decided_by == w.users["national"]
    assert proposal.decided_at is not None
    # The fiche's history: who proposed (with the argument) and who chose, in that order, labelled in French.
    entries = [e for e in AuditEntry.objects.for_object(w.flagship) if e.verb.startswith("syntheses.")]
    assert [(e.verb, e.user) for e in entries] == [
        ("syntheses.example.proposed", w.users["creteil"]),
        ("syntheses.example.chosen", w.users["national"]),
    ]
    assert entries[0].data == {"campaign": "2025-2026", "argument": ARGUMENT}
    labels = [h.label for h in action_history(w.flagship) if h.verb.startswith("syntheses.")]
    assert labels == ["Proposée au niveau national", "Retenue comme exemple national"]


@pytest.mark.parametrize("who", ["rennes", "national", "department"])
def test_only_the_academy_pilots_propose_its_actions(w, who):
    with pytest.raises(SynthesisError):
        example_propose(action=w.flagship, argument=ARGUMENT, by=w.users[who])
    assert not ExampleProposal.objects.exists()
    assert "syntheses.example.proposed" not in verbs(w.flagship)


@pytest.mark.parametrize(
    "changes",
    [{"is_flagship": False}, {"status": ActionStatus.VALIDATED}, {"status": ActionStatus.WITHDRAWN}],
    ids=["not-flagship", "validated-not-published", "withdrawn"],
)
def test_only_published_actions_phares_are_proposed(w, changes):
    for name, value in changes.items():
        setattr(w.flagship, name, value)
    w.flagship.save()
    with pytest.raises(SynthesisError, match="action phare publiée"):
        example_propose(action=w.flagship, argument=ARGUMENT, by=w.users["creteil"])
    assert not ExampleProposal.objects.exists()


@pytest.mark.parametrize(
    "argument, message",
    [
        ("", "Écrivez en quelques lignes"),
        ("   \n ", "Écrivez en quelques lignes"),
        ("x" * 1001, "dépasse 1\u00a0000 caractères (il en compte 1001)"),
    ],
)
def test_the_argument_is_required_and_short(w, argument, message):
    with pytest.raises(SynthesisError) as error:
        example_propose(action=w.flagship, argument=argument, by=w.users["creteil"])
    assert message in error.value.errors["argument"][0]
    assert not ExampleProposal.objects.exists()


def test_an_action_is_proposed_once(w):
    example_propose(action=w.flagship, argument=ARGUMENT, by=w.users["creteil"])
    with pytest.raises(SynthesisError, match="déjà proposée"):
        example_propose(action=w.flagship, argument="Encore", by=w.users["creteil"])
    assert ExampleProposal.objects.count() == 1


def test_only_the_national_pilot_chooses(w):
    proposal = example_propose(action=w.flagship, argument=ARGUMENT, by=w.users["creteil"])
    for who in ("creteil", "rennes", "department"):
        with pytest.raises(SynthesisError):
            example_decide(proposal=proposal, chosen=True, by=w.users[who])
    proposal.refresh_from_db()
    assert proposal.status == ExampleStatus.PROPOSED and proposal.decided_by is None


def test_an_action_no_longer_flagship_cannot_be_chosen_but_can_be_declined(w):
    proposal = example_propose(action=w.flagship, argument=ARGUMENT, by=w.users["creteil"])
    w.flagship.is_flagship = False
    w.flagship.save()
    with pytest.raises(SynthesisError, match="plus une action phare"):
        example_decide(proposal=proposal, chosen=True, by=w.users["national"])
    example_decide(proposal=proposal, chosen=False, by=w.users["national"])
    proposal.refresh_from_db()
    assert proposal.status == ExampleStatus.DECLINED
    assert verbs(w.flagship)[-1] == "syntheses.example.declined"


def test_a_proposal_is_withdrawn_until_the_choice_is_made(w):
    proposal = example_propose(action=w.flagship, argument=ARGUMENT, by=w.users["creteil"])
    with pytest.raises(SynthesisError):
        example_withdraw(proposal=proposal, by=w.users["rennes"])
    example_withdraw(proposal=proposal, by=w.users["creteil"])
    assert not ExampleProposal.objects.exists()
    assert verbs(w.flagship)[-1] == "syntheses.example.withdrawn"
    again = example_propose(action=w.flagship, argument=ARGUMENT, by=w.users["creteil"])
    example_decide(proposal=again, chosen=True, by=w.users["national"])
    with pytest.raises(SynthesisError, match="déjà fait son choix"):
        example_withdraw(proposal=again, by=w.users["creteil"])
    assert ExampleProposal.objects.get().status == ExampleStatus.CHOSEN


def test_a_national_example_becomes_a_model_crediting_the_school(w):
    proposal = example_propose(action=w.flagship, argument=ARGUMENT, by=w.users["creteil"])
    with pytest.raises(SynthesisError, match="exemple national retenu"):
        example_to_idea_bank(proposal=proposal, category=IdeaCategory.PROFESSIONALS, by=w.users["national"])
    example_decide(proposal=proposal, chosen=True, by=w.users["national"])
    with pytest.raises(SynthesisError):
        example_to_idea_bank(proposal=proposal, category=IdeaCategory.PROFESSIONALS, by=w.users["creteil"])
    with pytest.raises(SynthesisError, match="catégorie"):
        example_to_idea_bank(proposal=proposal, category="nope", by=w.users["national"])
    assert not IdeaModel.objects.filter(source_action=w.flagship).exists()

    model = example_to_idea_bank(proposal=proposal, category=IdeaCategory.PROFESSIONALS, by=w.users["national"])
    assert (model.title, model.category, model.source_action) == (
        "L'épicerie de vos envies",
        IdeaCategory.PROFESSIONALS,
        w.flagship,
    )
    assert model.summary == "Un magasin pédagogique ouvert chaque vendredi."
    assert model.credit == "Lycée professionnel Maréchal Leclerc, Vitry-sur-Seine"
    # A second click gives the same model.
    assert example_to_idea_bank(proposal=proposal, category=IdeaCategory.CLASSROOM, by=w.users["national"]) == model
    assert IdeaModel.objects.filter(source_action=w.flagship).count() == 1
    assert verbs(w.flagship)[-1] == "syntheses.example.made_model"


# --- Pages ---------------------------------------------------------------------------------------


def test_the_academy_page_lists_its_actions_phares_only(client, w):
    ActionFactory(edition=w.edition, published=True, title="Pas une action phare")
    ActionFactory(edition=w.rennes_edition, published=True, is_flagship=True, title="Action phare de Rennes")
    client.force_login(w.users["creteil"])
    url = reverse("pilotage:academy_examples", kwargs={"school_year": "2025-2026", "academy_slug": "creteil"})
    content = client.get(url).content.decode()
    assert "L&#x27;épicerie de vos envies" in content and "Proposer au niveau national" in content
    assert "Pas une action phare" not in content and "Action phare de Rennes" not in content


def test_proposing_from_the_page_bad_input_then_good(client, w):
    client.force_login(w.users["creteil"])
    url = reverse(
        "pilotage:example_propose", kwargs={"school_year": "2025-2026", "academy_slug": "creteil", "pk": w.flagship.pk}
    )
    page = client.get(url)
    assert page.status_code == 200 and "(facultatif)" not in page.content.decode()  # the argument is required
    response = client.post(url, {"argument": "  "})
    assert response.status_code == 400
    assert "Écrivez en quelques lignes" in response.content.decode()
    long_text = "é" * 1001
    response = client.post(url, {"argument": long_text})
    assert response.status_code == 400 and long_text in response.content.decode()  # what was typed is kept
    assert not ExampleProposal.objects.exists()
    response = client.post(url, {"argument": ARGUMENT})
    assert response.status_code == 302
    assert ExampleProposal.objects.get().argument == ARGUMENT


def test_another_academy_and_non_flagship_actions_are_404(client, w):
    rennes_action = ActionFactory(edition=w.rennes_edition, published=True, is_flagship=True)
    plain = ActionFactory(edition=w.edition, published=True)
    client.force_login(w.users["creteil"])
    for academy_slug, action in [("rennes", rennes_action), ("creteil", rennes_action), ("creteil", plain)]:
        url = reverse(
            "pilotage:example_propose",
            kwargs={"school_year": "2025-2026", "academy_slug": academy_slug, "pk": action.pk},
        )
        assert client.post(url, {"argument": ARGUMENT}).status_code == 404, (academy_slug, action.title)
    assert not ExampleProposal.objects.exists()


def test_the_national_page_decides_and_adds_to_the_idea_bank(client, w):
    proposal = example_propose(action=w.flagship, argument=ARGUMENT, by=w.users["creteil"])
    client.force_login(w.users["national"])
    page = reverse("pilotage:national_examples", kwargs={"school_year": "2025-2026"})
    content = client.get(page).content.decode()
    assert "Académie de Créteil" in content and "À examiner" in content and "les élèves de CAP" in content
    decide = reverse("pilotage:example_decide", kwargs={"school_year": "2025-2026", "pk": proposal.pk})
    response = client.post(decide, {"decision": "maybe"}, follow=True)
    assert "Choisissez" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ExampleStatus.PROPOSED
    client.post(decide, {"decision": "choose"})
    proposal.refresh_from_db()
    assert proposal.status == ExampleStatus.CHOSEN
    to_bank = reverse("pilotage:example_to_idea_bank", kwargs={"school_year": "2025-2026", "pk": proposal.pk})
    response = client.post(to_bank, {"category": "nope"}, follow=True)
    assert "Choisissez la catégorie du modèle" in response.content.decode()
    assert not IdeaModel.objects.filter(source_action=w.flagship).exists()
    client.post(to_bank, {"category": IdeaCategory.PROFESSIONALS})
    model = IdeaModel.objects.get(source_action=w.flagship)
    content = client.get(page).content.decode()
    assert "Dans la banque d'idées" in content
    # The idea bank credits the porteur's school.
    detail = client.get(reverse("espace:idea_detail", kwargs={"slug": model.slug})).content.decode()
    assert "D'après l'action de Lycée professionnel Maréchal Leclerc, Vitry-sur-Seine" in detail


def test_a_proposal_of_another_campaign_is_404(client, w):
    proposal = example_propose(action=w.flagship, argument=ARGUMENT, by=w.users["creteil"])
    CampaignFactory(school_year="2024-2025")
    client.force_login(w.users["national"])
    url = reverse("pilotage:example_decide", kwargs={"school_year": "2024-2025", "pk": proposal.pk})
    assert client.post(url, {"decision": "choose"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ExampleStatus.PROPOSED


def test_chosen_examples_lead_the_national_synthesis(w):
    from sps.syntheses.document import build_synthesis

    other = ActionFactory(edition=w.edition, published=True, is_flagship=True, title="Autre action phare")
    index.index_actions([w.flagship.pk, other.pk])
    national = build_synthesis(campaign=w.campaign)
    creteil = next(s for s in national.sections if s.academy.slug == "creteil")
    assert [e.title for e in creteil.examples] == ["Autre action phare", "L'épicerie de vos envies"]
    assert not any(e.is_national for e in creteil.examples)

    proposal = example_propose(action=w.flagship, argument=ARGUMENT, by=w.users["creteil"])
    example_decide(proposal=proposal, chosen=True, by=w.users["national"])
    national = build_synthesis(campaign=w.campaign)
    creteil = next(s for s in national.sections if s.academy.slug == "creteil")
    # Only the national examples of an académie that has some, with the académie's argument.
    assert [(e.title, e.is_national, e.argument) for e in creteil.examples] == [
        ("L'épicerie de vos envies", True, ARGUMENT)
    ]
    assert creteil.examples[0].carrier == "Lycée professionnel Maréchal Leclerc"
    assert creteil.examples[0].communes == "Vitry-sur-Seine"
    # The academic synthesis keeps its actions phares, the national example first.
    academic = build_synthesis(campaign=w.campaign, academy=w.creteil)
    assert [e.title for e in academic.sections[0].examples] == ["L'épicerie de vos envies", "Autre action phare"]
