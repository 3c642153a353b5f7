"""The public prize (docs/prizes.md): a visitor votes for an action from its fiche page during the
vote window, gives an e-mail address, and follows the link sent to it to count the vote (once per
address). The results page shows the counts only once the vote is closed.

Requests are limited per client IP (settings.PRIZE_VOTE_RATE_LIMIT, counted in the cache by
sps.www.common.ratelimit) and per address (sps.prizes.services).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from sps.actions.models import Action
from sps.editions.models import Edition
from sps.prizes import results, rules, services
from sps.prizes.errors import VoteError
from sps.prizes.models import Prize, PublicVote
from sps.www.common import ratelimit
from sps.www.common.error_summary import form_errors
from sps.www.common.errors import add_domain_error

SENT_MESSAGE = (
    "Un courriel vient de vous être envoyé : suivez son lien pour confirmer votre vote. "
    "Tant qu'il n'est pas confirmé, votre vote ne compte pas."
)


class VoteForm(forms.Form):
    email = forms.EmailField(
        label="Votre adresse électronique",
        help_text="Un lien vous y est envoyé pour confirmer votre vote. Une adresse vote une seule fois.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Indiquez une adresse électronique valide, par exemple nom@exemple.fr.",
        },
    )


def _action_with_open_vote(pk):
    """A published action whose edition's public vote is open; anything else is a 404."""
    action = get_object_or_404(
        Action.objects.published().select_related("edition__academy", "edition__campaign"), pk=pk
    )
    prize = Prize.objects.filter(edition_id=action.edition_id).first()
    if prize is None or not prize.vote_is_open():
        raise Http404("Le vote du public n'est pas ouvert pour cette action.")
    return action, prize


@login_not_required
@require_http_methods(["GET", "POST"])
def vote(request, pk):
    action, prize = _action_with_open_vote(pk)
    form = VoteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        limits = settings.PRIZE_VOTE_RATE_LIMIT
        wait = ratelimit.check(request, scope="prize_vote", limit=limits["REQUESTS"], window=limits["WINDOW_SECONDS"])
        if wait is not None:
            form.is_valid()
            form.add_error(None, ratelimit.message(wait))
            status = 429
        elif form.is_valid():
            try:
                services.vote_request(prize=prize, action=action, email=form.cleaned_data["email"])
            except VoteError as error:
                add_domain_error(form, error, default_field="email")
            else:
                messages.success(request, SENT_MESSAGE)
                return redirect("public:action_detail", pk=action.pk)
        if status == 200:
            status = 400
    return render(
        request,
        "public/prizes/vote.html",
        {
            "title": f"Voter pour « {action.display_title} »",
            "action": action,
            "prize": prize,
            "form": form,
            "errors": form_errors(form),
        },
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def vote_confirm(request, token):
    """The link of the e-mail: a page with one button (a link opened by a mail filter counts nothing)."""
    vote = (
        PublicVote.objects.select_related("action", "prize__edition__academy", "prize__edition__campaign")
        .filter(token=token)
        .first()
        if len(token) <= 64
        else None
    )
    if vote is None:
        raise Http404("Lien de vote inconnu.")
    error = ""
    if request.method == "POST":
        try:
            services.vote_confirm(vote=vote)
        except VoteError as refused:
            error = refused.message
        else:
            messages.success(request, "Votre vote est confirmé : il compte pour le prix du public. Merci !")
            return redirect("public:prize_vote_confirm", token=vote.token)
    return render(
        request,
        "public/prizes/vote_confirm.html",
        {
            "title": "Confirmer mon vote",
            "vote": vote,
            "action": vote.action,
            "prize": vote.prize,
            "vote_open": vote.prize.vote_is_open(),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_not_required
def prize_results(request, academy_slug, school_year):
    edition = get_object_or_404(
        Edition.objects.published().select_related("academy", "campaign"),
        academy__slug=academy_slug,
        campaign__school_year=school_year,
    )
    prize = get_object_or_404(Prize, edition=edition)
    public_visible = results.public_results_visible(prize)
    return render(
        request,
        "public/prizes/results.html",
        {
            "title": f"Prix de la Semaine — {edition.academy} {school_year}",
            "edition": edition,
            "prize": prize,
            "awards": results.winners(edition),
            "public_visible": public_visible,
            "public": results.public_ranking(prize) if public_visible else [],
            "participants": rules.eligible_actions(prize).count(),
        },
    )
