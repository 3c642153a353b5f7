"""The jurors' pages (docs/prizes.md): any account may be a juror (a pilot, a porteur de projet...),
so these pages stand apart from Pilotage and the Espace établissement.

A juror sees the published actions of the prize's edition except those of their own schools, and
marks each on the prize's criteria. An action of their school, or of another prize, is a 404: the
list never shows it and its URL does not open it.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from sps.prizes import rules, services
from sps.prizes.errors import ScoreError
from sps.prizes.models import JuryScore, Prize
from sps.www.common.error_summary import form_errors
from sps.www.common.errors import add_domain_error


class ScoreForm(forms.Form):
    """One mark per criterion of the prize, 0 to its maximum."""

    def __init__(self, *args, prize: Prize, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        top = prize.max_score
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=criterion.label,
                min_value=0,
                max_value=top,
                help_text=f"Note entière de 0 à {top}.",
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "required": f"Donnez une note de 0 à {top}.",
                    "invalid": f"La note est un nombre entier de 0 à {top}.",
                    "min_value": f"La note est un nombre entier de 0 à {top}.",
                    "max_value": f"La note est un nombre entier de 0 à {top}.",
                },
            )

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


def _prize_of_juror(request, prize_pk) -> Prize:
    prize = get_object_or_404(Prize.objects.select_related("edition__academy", "edition__campaign"), pk=prize_pk)
    if rules.juror_of(request.user, prize) is None:
        raise Http404("Vous ne faites pas partie de ce jury.")
    return prize


@login_required
def home(request):
    prizes = (
        Prize.objects.filter(jury_enabled=True, jurors__user=request.user)
        .select_related("edition__academy", "edition__campaign")
        .order_by("-edition__campaign__school_year", "edition__academy__name")
    )
    return render(request, "jury/home.html", {"title": "Mes jurys", "prizes": prizes})


@login_required
def prize_actions(request, prize_pk):
    prize = _prize_of_juror(request, prize_pk)
    juror = rules.juror_of(request.user, prize)
    actions = list(rules.actions_for_juror(prize, request.user).prefetch_related("schools").order_by("title", "pk"))
    done = set(JuryScore.objects.filter(juror=juror).values_list("action_id", flat=True))
    return render(
        request,
        "jury/prize_actions.html",
        {
            "title": f"Jury — {prize.edition.academy} {prize.edition.campaign.school_year}",
            "prize": prize,
            "rows": [(action, action.pk in done) for action in actions],
            "done_count": len(done & {a.pk for a in actions}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def score(request, prize_pk, action_pk):
    prize = _prize_of_juror(request, prize_pk)
    # Never an action of the juror's school, whatever the URL.
    action = get_object_or_404(rules.actions_for_juror(prize, request.user).prefetch_related("schools"), pk=action_pk)
    criteria = list(prize.criteria.all())
    juror = rules.juror_of(request.user, prize)
    closed = prize.jury_published_at is not None
    if request.method == "POST" and not closed:
        form = ScoreForm(request.POST, prize=prize, criteria=criteria)
        if form.is_valid():
            try:
                services.jury_score_save(prize=prize, by=request.user, action=action, scores=form.scores())
            except ScoreError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, f"Vos notes pour « {action.display_title} » sont enregistrées.")
                return redirect("jury:prize_actions", prize_pk=prize.pk)
        status = 400
    else:
        current = dict(JuryScore.objects.filter(juror=juror, action=action).values_list("criterion_id", "value"))
        form = ScoreForm(
            initial={f"criterion_{pk}": value for pk, value in current.items()}, prize=prize, criteria=criteria
        )
        status = 200
    return render(
        request,
        "jury/score.html",
        {
            "title": f"Noter « {action.display_title} »",
            "prize": prize,
            "action": action,
            "form": form,
            "errors": form_errors(form),
            "closed": closed,
        },
        status=status,
    )
