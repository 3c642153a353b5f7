"""The prizes of an edition in Pilotage (docs/prizes.md): its académie's pilots (and national pilots)
enable the jury and/or public prize, list the jury's criteria, choose the jurors among existing
accounts, set the vote window, follow the jury's ranking and publish its palmarès.

The public vote's counts appear here only once the vote is closed, as everywhere else.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sps.accounts import perms
from sps.editions.models import Edition
from sps.prizes import results, rules, services
from sps.prizes.errors import PrizeError
from sps.prizes.models import MAX_SCALE, Juror, Prize
from sps.www.common.decorators import require
from sps.www.common.error_summary import form_errors
from sps.www.common.errors import add_domain_error

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _datetime_field(label, help_text="", required_message=""):
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text=help_text,
        error_messages={
            "invalid": "Indiquez une date et une heure, par exemple 16/03/2026 08:00.",
            "required": required_message,
        },
    )


class PrizeForm(forms.Form):
    jury_enabled = forms.BooleanField(
        label="Décerner un prix du jury",
        required=False,
        help_text="Des jurés notent les actions publiées selon vos critères ; aucun ne note une action de son établissement.",
    )
    criteria = forms.CharField(
        label="Critères du jury",
        error_messages={"required": "Indiquez au moins un critère de notation du jury, un par ligne."},
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Un critère par ligne, du plus important au moins important : en cas d'égalité, le premier départage.",
    )
    max_score = forms.IntegerField(
        label="Note maximale par critère",
        min_value=1,
        max_value=MAX_SCALE,
        initial=5,
        help_text=f"Chaque critère est noté de 0 à cette note (au plus {MAX_SCALE}).",
        error_messages={
            "required": "Indiquez la note maximale.",
            "invalid": "Indiquez un nombre entier.",
            "min_value": "La note maximale est d'au moins 1.",
            "max_value": f"La note maximale est d'au plus {MAX_SCALE}.",
        },
    )
    public_enabled = forms.BooleanField(
        label="Décerner un prix du public",
        required=False,
        help_text="Chacun vote une fois, depuis la fiche d'une action, en confirmant son adresse électronique.",
    )
    vote_opens_at = _datetime_field(
        "Ouverture du vote", "Date et heure (heure de Paris).", "Indiquez quand le vote du public ouvre."
    )
    vote_closes_at = _datetime_field(
        "Clôture du vote",
        "Les résultats sont publiés à cette heure-là, pas avant.",
        "Indiquez quand le vote du public se clôt.",
    )

    # The criteria are required with the jury prize, the vote window with the public prize: shown as
    # required (no « facultatif »), checked only when their prize is ticked.
    use_required_attribute = False
    REQUIRED_WITH = {"criteria": "jury_enabled", "vote_opens_at": "public_enabled", "vote_closes_at": "public_enabled"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            for name, switch in self.REQUIRED_WITH.items():
                self.fields[name].required = self.fields[switch].widget.value_from_datadict(
                    self.data, self.files, self.add_prefix(switch)
                )

    @classmethod
    def initial_from(cls, prize: Prize | None) -> dict:
        if prize is None:
            return {"max_score": 5}
        local = timezone.localtime
        return {
            "jury_enabled": prize.jury_enabled,
            "public_enabled": prize.public_enabled,
            "max_score": prize.max_score,
            "criteria": "\n".join(prize.criteria.values_list("label", flat=True)),
            "vote_opens_at": local(prize.vote_opens_at) if prize.vote_opens_at else None,
            "vote_closes_at": local(prize.vote_closes_at) if prize.vote_closes_at else None,
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "jury_enabled": data["jury_enabled"],
            "public_enabled": data["public_enabled"],
            "max_score": data["max_score"],
            "criteria": data["criteria"].splitlines(),
            "vote_opens_at": data["vote_opens_at"],
            "vote_closes_at": data["vote_closes_at"],
        }


class JurorForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique du juré",
        help_text="La personne doit avoir un compte sur la plateforme (pilote, relais, porteur de projet…).",
        error_messages={
            "required": "Indiquez l'adresse électronique du juré.",
            "invalid": "Indiquez une adresse électronique valide, par exemple nom@exemple.fr.",
        },
    )


def _edition_for_manager(request, pk) -> Edition:
    """The edition, if the user pilots its académie (else 404); 403 unless they set it up."""
    edition = get_object_or_404(
        Edition.objects.in_academies(perms.pilot_academies(request.user)).select_related("academy", "campaign"), pk=pk
    )
    if not rules.can_manage_prize(request.user, edition):
        raise PermissionDenied
    return edition


def _setup_page(request, edition, *, form=None, juror_form=None, status=200):
    prize = Prize.objects.filter(edition=edition).first()
    form = form or PrizeForm(initial=PrizeForm.initial_from(prize))
    juror_form = juror_form or JurorForm()
    jurors = list(prize.jurors.select_related("user")) if prize else []
    return render(
        request,
        "pilotage/prizes/setup.html",
        {
            "title": f"Prix — {edition.title} {edition.campaign.school_year} — {edition.academy}",
            "edition": edition,
            "prize": prize,
            "form": form,
            "errors": form_errors(form),
            "juror_form": juror_form,
            "juror_errors": form_errors(juror_form),
            "jurors": jurors,
        },
        status=status,
    )


@require(perms.can_manage_editions)
@require_http_methods(["GET", "POST"])
def prize_setup(request, pk):
    edition = _edition_for_manager(request, pk)
    if request.method == "GET":
        return _setup_page(request, edition)
    form = PrizeForm(request.POST)
    if form.is_valid():
        try:
            services.prize_save(edition=edition, by=request.user, **form.service_kwargs())
        except PrizeError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Les prix de l'édition sont enregistrés.")
            return redirect("pilotage:prize_setup", pk=edition.pk)
    return _setup_page(request, edition, form=form, status=400)


@require(perms.can_manage_editions)
@require_POST
def prize_juror_add(request, pk):
    edition = _edition_for_manager(request, pk)
    prize = Prize.objects.filter(edition=edition).first()
    form = JurorForm(request.POST)
    if prize is None:
        form.add_error(None, "Enregistrez d'abord les prix de l'édition.")
    elif form.is_valid():
        try:
            juror = services.juror_add(prize=prize, by=request.user, email=form.cleaned_data["email"])
        except PrizeError as error:
            add_domain_error(form, error, default_field="email")
        else:
            messages.success(request, f"{juror.user} fait partie du jury ; un courriel l'en informe.")
            return redirect("pilotage:prize_setup", pk=edition.pk)
    return _setup_page(request, edition, juror_form=form, status=400)


@require(perms.can_manage_editions)
@require_POST
def prize_juror_remove(request, pk, juror_pk):
    edition = _edition_for_manager(request, pk)
    juror = get_object_or_404(Juror.objects.select_related("user", "prize"), pk=juror_pk, prize__edition=edition)
    try:
        services.juror_remove(juror=juror, by=request.user)
    except PrizeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{juror.user} ne fait plus partie du jury.")
    return redirect("pilotage:prize_setup", pk=edition.pk)


@require(perms.can_manage_editions)
def prize_results(request, pk):
    edition = _edition_for_manager(request, pk)
    prize = get_object_or_404(Prize, edition=edition)
    criteria = list(prize.criteria.all())
    jurors = list(prize.jurors.select_related("user").order_by("pk"))
    marked = {}
    for juror in jurors:
        marked[juror.pk] = juror.scores.values("action_id").distinct().count()
    public_visible = results.public_results_visible(prize)
    return render(
        request,
        "pilotage/prizes/results.html",
        {
            "title": f"Résultats des prix — {edition.academy} {edition.campaign.school_year}",
            "edition": edition,
            "prize": prize,
            "criteria": criteria,
            "jury": results.jury_ranking(prize) if prize.jury_enabled else [],
            "jurors": [(juror, marked[juror.pk]) for juror in jurors],
            "eligible_count": rules.eligible_actions(prize).count(),
            "public_visible": public_visible,
            "public": results.public_ranking(prize) if public_visible else [],
        },
    )


@require(perms.can_manage_editions)
@require_POST
def prize_jury_publish(request, pk):
    edition = _edition_for_manager(request, pk)
    prize = get_object_or_404(Prize, edition=edition)
    try:
        services.jury_publish(prize=prize, by=request.user)
    except PrizeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Le palmarès du jury est publié : la fiche lauréate l'affiche.")
    return redirect("pilotage:prize_results", pk=edition.pk)
