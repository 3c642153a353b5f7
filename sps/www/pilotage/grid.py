"""The national evaluation grid (sps.syntheses.grid) in the Pilotage space.

- The criteria of a campaign, per axis (national pilots edit them).
- An académie's grid for its edition (its pilots, or national pilots for them): a level per
  criterion, a comment per axis. Another académie's grid is a 404.
- The national consolidation (national pilots): per axis, an SVG bar chart with its data table, the
  académies that would benefit from accompaniment and the tutor suggested for each.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from sps.accounts import perms
from sps.editions.models import Edition
from sps.syntheses.enums import GridAxis, GridLevel
from sps.syntheses.errors import SynthesisError
from sps.syntheses.grid import (
    ACCOMPANIMENT_BELOW,
    MAX_CRITERIA_PER_AXIS,
    clean_criteria_lines,
    criteria_by_axis,
    grid_assessment_save,
    grid_criteria,
    grid_criteria_update,
    grid_results,
    score_label,
)
from sps.syntheses.grid_chart import axis_chart
from sps.syntheses.models import GRID_COMMENT_MAX, GridAssessment
from sps.syntheses.synthesis import campaign_academies
from sps.www.common.decorators import require
from sps.www.common.errors import add_domain_error
from sps.www.pilotage.syntheses import _academy_or_404, _campaign


class CriteriaForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for axis in GridAxis:
            self.fields[axis.value] = forms.CharField(
                label=axis.label,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=f"Un critère par ligne, {MAX_CRITERIA_PER_AXIS} au plus.",
                error_messages={"required": "Écrivez au moins un critère pour cet axe."},
            )

    def criteria(self) -> dict[str, list[str]]:
        return {axis: clean_criteria_lines(self.cleaned_data.get(axis, "")) for axis in GridAxis.values}


class AssessmentForm(forms.Form):
    """One radio group per criterion (level_<id>), one comment per axis (comment_<axis>)."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for axis, items in criteria_by_axis(criteria):
            names = []
            for criterion in items:
                name = f"level_{criterion.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=criterion.text,
                    choices=GridLevel.choices,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": "Choisissez un niveau pour ce critère.",
                        "invalid_choice": "Choisissez un des quatre niveaux proposés.",
                    },
                )
                names.append(name)
            comment = f"comment_{axis.value}"
            self.fields[comment] = forms.CharField(
                label=f"Commentaire sur l'axe «\u00a0{axis.label}\u00a0»",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=GRID_COMMENT_MAX,
                error_messages={
                    "max_length": "Le commentaire dépasse %(limit_value)d caractères (il en compte %(show_value)d)."
                },
            )
            self.groups.append((axis, names, comment))

    def grouped(self):
        return [(axis, [self[name] for name in names], self[comment]) for axis, names, comment in self.groups]

    def levels(self) -> dict[int, int]:
        return {
            int(name.removeprefix("level_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("level_")
        }

    def comments(self) -> dict[str, str]:
        return {axis.value: self.cleaned_data.get(comment, "") for axis, _names, comment in self.groups}


@require(perms.can_edit_grid_criteria)
def grid_criteria_view(request, school_year):
    campaign = _campaign(school_year)
    criteria = grid_criteria(campaign)
    back = reverse("pilotage:national_grid", kwargs={"school_year": school_year})
    status = 200
    if request.method == "POST":
        form = CriteriaForm(request.POST)
        if form.is_valid():
            try:
                grid_criteria_update(campaign=campaign, criteria=form.criteria(), by=request.user)
            except SynthesisError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "Les critères de la grille sont enregistrés.")
                return redirect(back)
        status = 400
    else:
        form = CriteriaForm(
            initial={axis.value: "\n".join(c.text for c in items) for axis, items in criteria_by_axis(criteria)}
        )
    filled = GridAssessment.objects.filter(edition__campaign=campaign).count()
    return render(
        request,
        "pilotage/syntheses/grid_criteria.html",
        {
            "title": f"Critères de la grille d'évaluation — {campaign.school_year}",
            "campaign": campaign,
            "form": form,
            "filled": filled,
            "back": back,
        },
        status=status,
    )


def academy_grid(request, school_year, academy_slug):
    campaign = _campaign(school_year)
    academy = _academy_or_404(request, campaign, academy_slug)
    can_fill = perms.can_fill_evaluation_grid(request.user, academy)
    edition = Edition.objects.filter(campaign=campaign, academy=academy).first()
    criteria = grid_criteria(campaign)
    assessment = GridAssessment.objects.filter(edition=edition).first() if edition else None
    status = 200
    if request.method == "POST" and edition is not None and can_fill:
        form = AssessmentForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                grid_assessment_save(edition=edition, levels=form.levels(), comments=form.comments(), by=request.user)
            except SynthesisError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "La grille d'évaluation de l'académie est enregistrée.")
                return redirect("pilotage:academy_grid", school_year=school_year, academy_slug=academy_slug)
        status = 400
    else:
        initial = {}
        if assessment is not None:
            initial = {f"level_{a.criterion_id}": a.level for a in assessment.answers.all()}
            initial.update({f"comment_{axis}": text for axis, text in assessment.comments.items()})
        form = AssessmentForm(initial=initial, criteria=criteria)
    return render(
        request,
        "pilotage/syntheses/grid_form.html",
        {
            "title": f"Grille d'évaluation — {academy} — {campaign.school_year}",
            "campaign": campaign,
            "academy": academy,
            "edition": edition,
            "assessment": assessment,
            "form": form,
            "can_fill": can_fill,
            "levels": GridLevel.choices,
        },
        status=status,
    )


@require(perms.can_view_national_grid)
def national_grid(request, school_year):
    campaign = _campaign(school_year)
    results = grid_results(campaign)
    filled_ids = {a.pk for a in results.academies}
    missing = [a for a in campaign_academies(campaign).order_by("name") if a.pk not in filled_ids]
    axes = [
        {"result": result, "chart": axis_chart(result, f"grille-axe-{index}"), "index": index}
        for index, result in enumerate(results.axes, start=1)
    ]
    return render(
        request,
        "pilotage/syntheses/grid_national.html",
        {
            "title": f"Grille d'évaluation nationale — {campaign.school_year}",
            "campaign": campaign,
            "results": results,
            "axes": axes,
            "missing": missing,
            "total": len(results.academies) + len(missing),
            "threshold": score_label(ACCOMPANIMENT_BELOW),
            "criteria": criteria_by_axis(grid_criteria(campaign)),
        },
    )
