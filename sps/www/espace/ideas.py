"""The idea bank: model fiches by category that anyone can read, and « Utiliser ce modèle »
(a new draft carried by one of my schools) for contributors; the blank model « À votre tour… »
is an empty draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sps.accounts import perms
from sps.actions.enums import IdeaCategory, Level, Public, levels_for_school_kinds, levels_summary
from sps.actions.errors import ActionError
from sps.actions.models import IdeaModel, json_list_has
from sps.actions.services import ideas
from sps.www.common.decorators import require
from sps.www.common.errors import add_domain_error
from sps.www.espace.forms import TargetForm, declaration_targets

MY_LEVELS = "mes-etablissements"  # the level filter's value for « the levels of my schools »


def _my_levels(user) -> list[str]:
    if not perms.can_access_espace(user):
        return []
    return levels_for_school_kinds(set(perms.contributor_schools(user).values_list("kind", flat=True)))


@login_not_required
def idea_list(request):
    """Filtered by GET (no JavaScript). A porteur sees first the models of their schools' levels
    (a directrice d'école is not offered lycée professionnel ideas unasked); « Tous » removes it."""
    models = IdeaModel.objects.active().select_related("source_action").prefetch_related("source_action__schools")
    category = request.GET.get("categorie", "")
    public = request.GET.get("public", "")
    my_levels = _my_levels(request.user)
    level = request.GET.get("niveau", MY_LEVELS if my_levels else "")
    if category in IdeaCategory.values:
        models = models.filter(category=category)
    if public in Public.values:
        models = models.filter(json_list_has("publics", public))
    if level == MY_LEVELS and my_levels:
        any_level = Q()
        for code in my_levels:
            any_level |= json_list_has("levels", code)
        models = models.filter(any_level)
    elif level in Level.values:
        models = models.filter(json_list_has("levels", level))
    models = list(models)
    for model in models:
        model.public_labels = _public_labels(model)
        model.levels_label = levels_summary(model.levels)
    blank = next((m for m in models if m.is_blank), None) or IdeaModel.objects.active().filter(is_blank=True).first()
    sections = []
    for code, label in IdeaCategory.choices:
        rows = [m for m in models if m.category == code and not m.is_blank]
        if rows:
            sections.append({"label": label, "models": rows})
    return render(
        request,
        "espace/idea_list.html",
        {
            "title": "Banque d'idées",
            "sections": sections,
            "blank": blank,
            "category": category,
            "public": public,
            "level": level,
            "categories": IdeaCategory.choices,
            "publics": Public.choices,
            "levels": Level.choices,
            "my_levels_value": MY_LEVELS if my_levels else "",
            "my_levels_label": levels_summary(my_levels),
            "filtered": bool(category or public or level),
        },
    )


def _target_form(request, data=None):
    if not perms.can_access_espace(request.user):
        return None, False
    targets = declaration_targets(perms.contributor_schools(request.user))
    return TargetForm(data, targets=targets, with_title=False), bool(targets)


def _public_labels(model) -> list[str]:
    return [Public(c).label for c in model.publics if c in Public.values]


def _detail(request, model, form, has_targets):
    return render(
        request,
        "espace/idea_detail.html",
        {
            "title": model.title,
            "model": model,
            "form": form,
            "has_targets": has_targets,
            "is_contributor": perms.can_access_espace(request.user),
            "public_labels": _public_labels(model),
            "levels_label": levels_summary(model.levels),
        },
    )


@login_not_required
def idea_detail(request, slug):
    model = get_object_or_404(IdeaModel.objects.active(), slug=slug)
    form, has_targets = _target_form(request)
    return _detail(request, model, form, has_targets)


@require(perms.can_access_espace)
@require_POST
def idea_use(request, slug):
    model = get_object_or_404(IdeaModel.objects.active(), slug=slug)
    form, has_targets = _target_form(request, request.POST)
    if form.is_valid():
        try:
            action = ideas.action_from_model(
                model=model, edition=form.cleaned_data["edition"], school=form.cleaned_data["school"], by=request.user
            )
        except ActionError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Le brouillon est créé à partir du modèle : adaptez-le à votre action.")
            return redirect("espace:action_edit", pk=action.pk)
    return _detail(request, model, form, has_targets)
