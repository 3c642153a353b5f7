"""The idea bank: model fiches by category that anyone can read, and « Utiliser ce modèle »
(a new draft carried by one of my schools) for contributors; the blank model « À votre tour… »
is an empty draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sps.accounts import perms
from sps.actions.enums import IdeaCategory, Level, Public
from sps.actions.errors import ActionError
from sps.actions.models import IdeaModel, json_list_has
from sps.actions.services import ideas
from sps.www.common.decorators import require
from sps.www.common.errors import add_domain_error
from sps.www.espace.forms import TargetForm, declaration_targets


@login_not_required
def idea_list(request):
    models = IdeaModel.objects.active()
    category = request.GET.get("categorie", "")
    public = request.GET.get("public", "")
    level = request.GET.get("niveau", "")
    if category in IdeaCategory.values:
        models = models.filter(category=category)
    if public in Public.values:
        models = models.filter(json_list_has("publics", public))
    if level in Level.values:
        models = models.filter(json_list_has("levels", level))
    models = list(models)
    for model in models:
        model.public_labels = _public_labels(model)
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
            messages.success(request, "Le brouillon est créé à partir du modèle : adaptez-le à votre action.")
            return redirect("espace:action_edit", pk=action.pk)
    return _detail(request, model, form, has_targets)
