"""Pilots declare and edit fiches: « Déclarer une action de territoire » (a fiche carried by a
bassin, a département or the académie: a forum, a speed-meeting) and the edit page of any fiche
they moderate, with the same form as the espace (sps/www/common/action_forms.py).

Who may carry what is the domain's (sps.actions.services.drafts); the choices offered here are only
those of the pilot's scope. Fiches are loaded through `Action.objects.visible_to(user)`: another
territory's fiche is a 404; `rules.check_edit` decides who may change it.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from sps.accounts import perms
from sps.actions import rules
from sps.actions.enums import CarrierLevel
from sps.actions.errors import ActionError
from sps.actions.models import Action
from sps.actions.services import drafts
from sps.editions import rules as edition_rules
from sps.editions.models import Edition
from sps.schools.models import School
from sps.www.common.action_forms import ActionForms
from sps.www.common.decorators import require
from sps.www.common.errors import add_domain_error
from sps.www.pilotage.action_forms import SchoolSearchForm, TerritoryDeclareForm

# More matches than this: the pilot is asked to narrow the search.
MAX_SCHOOL_MATCHES = 20
LEVEL_LABELS = {
    CarrierLevel.BASSIN: "Un bassin (district)",
    CarrierLevel.DEPARTMENT: "Un département",
    CarrierLevel.ACADEMY: "L'académie",
}


def _carrier_scope(user):
    """(levels, bassins, départements) the user may carry a fiche at: a relay their bassin, a
    département pilot their département or one of its bassins, an académie pilot any of theirs."""
    bassins = perms.pilot_bassins(user).select_related("department").order_by("name")
    departments = perms.pilot_departments(user).order_by("code")
    levels = []
    if bassins.exists():
        levels.append(CarrierLevel.BASSIN)
    if departments.exists():
        levels.append(CarrierLevel.DEPARTMENT)
    if perms.scope_of(user).manages_editions:
        levels.append(CarrierLevel.ACADEMY)
    return [(level.value, LEVEL_LABELS[level]) for level in levels], bassins, departments


@require(perms.can_access_pilotage)
@require_http_methods(["GET", "POST"])
def action_declare(request):
    user = request.user
    levels, bassins, departments = _carrier_scope(user)
    editions = (
        Edition.objects.in_academies(perms.pilot_academies(user))
        .select_related("campaign", "academy")
        .order_by("-campaign__school_year", "academy__name")
    )
    form = TerritoryDeclareForm(
        request.POST or None, editions=editions, levels=levels, bassins=bassins, departments=departments
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        level = data["carrier_level"]
        carrier = {"carrier_level": level}
        if level == CarrierLevel.BASSIN:
            carrier["bassin"] = data["bassin"]
        elif level == CarrierLevel.DEPARTMENT:
            carrier["department"] = data["department"]
        try:
            action = drafts.action_create_draft(edition=data["edition"], by=user, title=data["title"], **carrier)
        except ActionError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Le brouillon de la fiche est créé : complétez-la, puis soumettez-la.")
            return redirect("pilotage:action_edit", pk=action.pk)
    return render(
        request,
        "pilotage/actions/action_declare.html",
        {"title": "Déclarer une action de territoire", "form": form, "has_editions": editions.exists()},
    )


def _territory_schools(user, edition):
    """The schools a pilot may add as carriers of a fiche of `edition`: their territory's, in its académie."""
    return perms.pilot_schools(user).filter(department__academy_id__in=edition_rules.academy_ids(edition.academy))


def _posted_ids(data, name) -> set:
    return {int(v) for v in data.getlist(name) if str(v).isdigit()} if data is not None else set()


def _search_schools(request, action, data, search_form):
    """Run « Ajouter un établissement porteur »: returns (data, school ids to offer, matches to tick)."""
    territory = _territory_schools(request.user, action.edition)
    query = search_form.cleaned_data.get("school_query", "").strip() if search_form.is_valid() else ""
    if not search_form.is_valid():
        return data, set(), []
    if not query:
        search_form.add_error("school_query", "Indiquez un nom, une commune ou un UAI.")
        return data, set(), []
    matches = list(territory.search(query).select_related("bassin").order_by("name")[: MAX_SCHOOL_MATCHES + 1])
    if not matches:
        search_form.add_error("school_query", f"Aucun établissement de votre territoire ne correspond à « {query} ».")
        return data, set(), []
    if len(matches) > MAX_SCHOOL_MATCHES:
        search_form.add_error(
            "school_query",
            f"Plus de {MAX_SCHOOL_MATCHES} établissements correspondent à « {query} » : précisez la commune ou l'UAI.",
        )
        return data, set(), []
    if len(matches) == 1:
        data = data.copy()
        ticked = [str(pk) for pk in _posted_ids(data, "schools")]
        data.setlist("schools", [*ticked, str(matches[0].pk)])
        messages.info(
            request,
            f"{matches[0].name} est ajouté aux établissements porteurs : enregistrez la fiche pour le confirmer.",
        )
        return data, {matches[0].pk}, []
    messages.info(
        request,
        f"{len(matches)} établissements correspondent à « {query} » : cochez ceux qui portent l'action, "
        "puis enregistrez la fiche.",
    )
    return data, {s.pk for s in matches}, matches


@require(perms.can_access_pilotage)
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    user = request.user
    action = get_object_or_404(Action.objects.visible_to(user).with_details(), pk=pk)
    problem = rules.check_edit(user, action)
    if problem:
        messages.error(request, problem)
        return redirect("pilotage:action_detail", pk=action.pk)
    data = request.POST if request.method == "POST" else None
    # Enter in the search box presses the first button of the form: « Rechercher ».
    intent = None if data is None else ("search_school" if data.get("intent") == "search_school" else "save")
    search_form = SchoolSearchForm(data if intent == "search_school" else None)
    matches = []
    schools = None
    if action.carrier_level == CarrierLevel.SCHOOL:
        offered = {s.pk for s in action.schools.all()}
        if intent == "search_school":
            data, found, matches = _search_schools(request, action, data, search_form)
            offered |= found
        # Ticked schools stay offered if they are in the pilot's territory; others are refused by the form.
        territory_ids = set(
            _territory_schools(user, action.edition)
            .filter(pk__in=_posted_ids(data, "schools"))
            .values_list("pk", flat=True)
        )
        schools = School.objects.filter(pk__in=offered | territory_ids).order_by("name")
    action_forms = ActionForms(data, action=action, schools=schools, by=user)
    if intent == "save" and action_forms.is_valid():
        try:
            action = drafts.action_update(action=action, by=user, **action_forms.service_fields())
        except ActionError as error:
            action_forms.add_service_errors(error)
        else:
            messages.success(request, "La fiche est enregistrée.")
            return redirect("pilotage:action_detail", pk=action.pk)
    context = action_forms.context()
    if intent == "search_school":
        context["has_errors"] = False  # nothing was meant to be saved yet
    return render(
        request,
        "pilotage/actions/action_edit.html",
        {
            "title": f"Modifier la fiche « {action.display_title} »",
            "action": action,
            "window_label": rules.session_window_label(action.edition),
            "search_form": search_form,
            "school_matches": matches,
            "carrier_template": "pilotage/actions/_carrier.html",
            **context,
        },
    )
