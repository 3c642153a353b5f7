"""Putting actions forward (sps.syntheses.examples) in the Pilotage space.

- An académie's page (its pilots; national pilots read it): its published actions phares of the
  campaign, each proposed or not, with the argument and the national pilot's choice.
- The proposal form of one action phare (that académie's pilots only), the withdrawal (POST).
- The national page (national pilots): every proposal by académie, « Retenir » / « Ne pas retenir »,
  and « Ajouter à la banque d'idées » for a chosen example (POST).

Another académie's page or action is a 404; a pilot with no synthesis at all gets a 403.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sps.accounts import perms
from sps.actions.enums import IdeaCategory
from sps.syntheses.errors import SynthesisError
from sps.syntheses.examples import (
    ARGUMENT_MAX_LABEL,
    ARGUMENT_REQUIRED,
    campaign_proposals,
    example_candidates,
    example_decide,
    example_propose,
    example_to_idea_bank,
    example_withdraw,
)
from sps.syntheses.models import ExampleProposal
from sps.www.common.decorators import require
from sps.www.common.errors import add_domain_error
from sps.www.pilotage.syntheses import _academy_or_404, _campaign


class ProposalForm(forms.Form):
    argument = forms.CharField(
        label="Pourquoi cette action mérite-t-elle d'être un exemple national\u00a0?",
        help_text=f"Quelques lignes, {ARGUMENT_MAX_LABEL} caractères au plus\u00a0: ce qui la rend remarquable et transposable.",
        widget=forms.Textarea(attrs={"rows": 5}),
        # The length is checked by the service (its message, next to the field, keeps what was typed).
        error_messages={"required": ARGUMENT_REQUIRED},
    )


class IdeaCategoryForm(forms.Form):
    category = forms.ChoiceField(label="Catégorie du modèle", choices=IdeaCategory.choices)


def academy_examples(request, school_year, academy_slug):
    campaign = _campaign(school_year)
    academy = _academy_or_404(request, campaign, academy_slug)
    candidates = list(example_candidates(campaign=campaign, academy=academy))
    return render(
        request,
        "pilotage/syntheses/examples_academy.html",
        {
            "title": f"Actions proposées au niveau national — {academy}",
            "campaign": campaign,
            "academy": academy,
            "candidates": candidates,
            "can_propose": perms.can_propose_national_example(request.user, academy),
        },
    )


def _candidate_or_404(campaign, academy, pk):
    return get_object_or_404(example_candidates(campaign=campaign, academy=academy), pk=pk)


def example_propose_view(request, school_year, academy_slug, pk):
    campaign = _campaign(school_year)
    academy = _academy_or_404(request, campaign, academy_slug)
    if not perms.can_propose_national_example(request.user, academy):
        raise PermissionDenied
    action = _candidate_or_404(campaign, academy, pk)
    back = reverse("pilotage:academy_examples", kwargs={"school_year": school_year, "academy_slug": academy_slug})
    if hasattr(action, "example_proposal"):
        messages.info(request, "Cette action est déjà proposée au niveau national.")
        return redirect(back)
    status = 200
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                example_propose(action=action, argument=form.cleaned_data["argument"], by=request.user)
            except SynthesisError as error:
                add_domain_error(form, error, default_field="argument")
            else:
                messages.success(request, f"«\u00a0{action}\u00a0» est proposée au pilote national.")
                return redirect(back)
        status = 400
    else:
        form = ProposalForm()
    return render(
        request,
        "pilotage/syntheses/example_propose.html",
        {
            "title": f"Proposer au niveau national — {action}",
            "campaign": campaign,
            "academy": academy,
            "action": action,
            "form": form,
            "back": back,
        },
        status=status,
    )


@require_POST
def example_withdraw_view(request, school_year, academy_slug, pk):
    campaign = _campaign(school_year)
    academy = _academy_or_404(request, campaign, academy_slug)
    if not perms.can_propose_national_example(request.user, academy):
        raise PermissionDenied
    proposal = get_object_or_404(
        ExampleProposal.objects.filter(action__in=example_candidates(campaign=campaign, academy=academy)), pk=pk
    )
    try:
        example_withdraw(proposal=proposal, by=request.user)
    except SynthesisError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "La proposition est retirée.")
    return redirect("pilotage:academy_examples", school_year=school_year, academy_slug=academy_slug)


@require(perms.can_choose_national_examples)
def national_examples(request, school_year):
    campaign = _campaign(school_year)
    proposals = list(campaign_proposals(campaign=campaign))
    groups: dict = {}
    for proposal in proposals:
        groups.setdefault(proposal.action.edition.academy, []).append(proposal)
    return render(
        request,
        "pilotage/syntheses/examples_national.html",
        {
            "title": f"Exemples d'actions nationaux — {campaign.school_year}",
            "campaign": campaign,
            "groups": list(groups.items()),
            "chosen_count": sum(1 for p in proposals if p.is_chosen),
            "category_form": IdeaCategoryForm(),
        },
    )


def _proposal_of_campaign(campaign, pk):
    proposal = get_object_or_404(ExampleProposal.objects.select_related("action__edition"), pk=pk)
    if proposal.action.edition.campaign_id != campaign.pk:
        raise Http404
    return proposal


@require_POST
@require(perms.can_choose_national_examples)
def example_decide_view(request, school_year, pk):
    campaign = _campaign(school_year)
    proposal = _proposal_of_campaign(campaign, pk)
    decision = request.POST.get("decision")
    if decision not in ("choose", "decline"):
        messages.error(request, "Choisissez «\u00a0Retenir\u00a0» ou «\u00a0Ne pas retenir\u00a0».")
    else:
        try:
            example_decide(proposal=proposal, chosen=decision == "choose", by=request.user)
        except SynthesisError as error:
            messages.error(request, error.message)
        else:
            verb = "retenue comme exemple national" if decision == "choose" else "non retenue"
            messages.success(request, f"«\u00a0{proposal.action}\u00a0» est {verb}.")
    return redirect(reverse("pilotage:national_examples", kwargs={"school_year": school_year}) + f"#proposition-{pk}")


@require_POST
@require(perms.can_choose_national_examples)
def example_to_idea_bank_view(request, school_year, pk):
    campaign = _campaign(school_year)
    proposal = _proposal_of_campaign(campaign, pk)
    form = IdeaCategoryForm(request.POST)
    back = reverse("pilotage:national_examples", kwargs={"school_year": school_year}) + f"#proposition-{pk}"
    if not form.is_valid():
        messages.error(request, "Choisissez la catégorie du modèle.")
        return redirect(back)
    try:
        model = example_to_idea_bank(proposal=proposal, category=form.cleaned_data["category"], by=request.user)
    except SynthesisError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, f"Le modèle «\u00a0{model.title}\u00a0» est dans la banque d'idées.")
    return redirect(back)
