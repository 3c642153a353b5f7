"""Pilots' fiche pages: the list of their territory's fiches (filters, counts, bulk validation and
publication, CSV/XLSX export), a fiche's moderation page (thread, internal notes, history, one form
per allowed transition, flags, reopening), the schools that declared nothing, and the idea bank.

Fiches are loaded through `Action.objects.visible_to(user)`: another territory's fiche is a 404.
Buttons come from `sps.actions.rules` (allowed_transitions, is_pilot_of...), never from roles here.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from sps.accounts import perms
from sps.actions import queue, rules
from sps.actions.enums import ActionStatus, Public
from sps.actions.errors import ActionError
from sps.actions.exports import EXPORT_KIND
from sps.actions.models import Action, ActionNote, Bilan, BilanPhoto, IdeaModel
from sps.actions.selectors import action_history, schools_without_action, visible_comments
from sps.actions.services import bulk, comments, ideas, workflow
from sps.editions.models import Campaign, Edition
from sps.files.services import generated_file_request
from sps.territories.models import Department
from sps.www.common.decorators import require
from sps.www.common.errors import add_domain_error
from sps.www.common.files import photo_response, support_response, visible_photo, visible_support
from sps.www.pilotage.action_forms import (
    DEFAULT_COLUMNS,
    ActionFilterForm,
    ExportForm,
    FlagsForm,
    IdeaModelForm,
    MessageForm,
    ModelFromActionForm,
    NoteForm,
    TransitionForm,
    apply_filters,
    export_filters,
)

PAGE_SIZE = 50
MAX_BULK = 500
# to-status -> (button, textarea label, comment required, show a textarea)
TRANSITION_UI = {
    ActionStatus.CHANGES_REQUESTED: ("Demander une modification", "Ce que le porteur doit modifier", True, True),
    ActionStatus.VALIDATED: ("Valider la fiche", "Commentaire au porteur", False, True),
    ActionStatus.PUBLISHED: ("Publier dans le programme", "", False, False),
    ActionStatus.REFUSED: ("Refuser la fiche", "Motif du refus (le porteur le lira)", True, True),
    ActionStatus.DRAFT: ("Rendre la fiche au porteur (brouillon)", "", False, False),
    ActionStatus.SUBMITTED: ("Soumettre la fiche", "", False, False),
    ActionStatus.WITHDRAWN: ("Retirer la fiche", "", False, False),
}
# Published → validated: the take-down (workflow.action_unpublish), with a required reason.
UNPUBLISH_UI = ("Retirer du programme", "Motif du retrait du programme (le porteur le lira)", True, True)


def _scope(user):
    return Action.objects.visible_to(user)


def _editions(user):
    return Edition.objects.in_academies(perms.pilot_academies(user)).select_related("campaign", "academy")


def _departments(user):
    return Department.objects.filter(pk__in=perms.pilot_schools(user).values("department")).order_by("code")


def _filter_form(request):
    user = request.user
    return ActionFilterForm(
        request.GET or None,
        editions=_editions(user),
        departments=_departments(user),
        bassins=perms.pilot_bassins(user).select_related("department").order_by("name"),
        academies=perms.pilot_academies(user),
    )


def _filtered(request, form):
    values = form.values()
    actions = apply_filters(_scope(request.user), values, current_campaign=Campaign.objects.current())
    return actions, values


def _list_querystring(request, *, drop=("page",)):
    params = request.GET.copy()
    for name in drop:
        params.pop(name, None)
    return params.urlencode()


@require(perms.can_access_pilotage)
def action_list(request):
    return _render_list(request, ExportForm(initial={"columns": DEFAULT_COLUMNS, "format": "xlsx"}))


def _render_list(request, export_form, *, status=200):
    form = _filter_form(request)
    actions, values = _filtered(request, form)
    counts = {row["status"]: row["n"] for row in actions.order_by().values("status").annotate(n=Count("pk"))}
    status_filter = values.get("status")
    if status_filter:
        actions = actions.filter(status=status_filter)
    actions = queue.with_rules(actions).order_by("-submitted_at", "-pk")
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queue.rows_for(request.user, page, with_deadline=False)
    return render(
        request,
        "pilotage/actions/action_list.html",
        {
            "title": "Fiches actions",
            "form": form,
            "page": page,
            "rows": rows,
            "counts": [
                {"status": code, "label": label, "count": counts.get(code, 0), "current": status_filter == code}
                for code, label in ActionStatus.choices
            ],
            "total": sum(counts.values()),
            "querystring": _list_querystring(request),
            "status_querystring": _list_querystring(request, drop=("page", "status")),
            "export_form": export_form,
            "back": request.get_full_path(),
            "bulk_offers": queue.bulk_offers(rows),
            "bulk_report": _pop_bulk_report(request),
        },
        status=status,
    )


@require(perms.can_access_pilotage)
def action_queue(request):
    """« À traiter »: what waits for the user (queue_of), oldest submission first, with its deadline."""
    actions = Action.objects.queue_of(request.user)
    page = Paginator(queue.with_rules(actions), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queue.rows_for(request.user, page)
    return render(
        request,
        "pilotage/actions/action_queue.html",
        {
            "title": "À traiter",
            "page": page,
            "nav_queue_count": page.paginator.count,  # the menu's badge: the same count, not counted twice
            "common_hint": queue.common_hint(rows),
            "rows": rows,
            "querystring": _list_querystring(request),
            "back": request.get_full_path(),
            "bulk_offers": queue.bulk_offers(rows),
            "bulk_report": _pop_bulk_report(request),
        },
    )


@require(perms.can_access_pilotage)
@require_POST
def action_export(request):
    """Ask for the export of the list as filtered (the query string): built by a task, downloaded
    from the generated file's page. No column ticked: the list again, the message by the columns."""
    export = ExportForm(request.POST)
    if not export.is_valid():
        return _render_list(request, export, status=400)
    _, values = _filtered(request, _filter_form(request))
    fmt = export.cleaned_data["format"]
    file = generated_file_request(
        by=request.user,
        kind=EXPORT_KIND,
        params={"filters": export_filters(values), "columns": export.chosen_columns(), "format": fmt},
        label=f"Export des fiches actions ({fmt.upper()})",
    )
    return redirect("files:detail", pk=file.pk)


def _safe_back(request, default):
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) and back.startswith("/"):
        return back
    return default


@require(perms.can_access_pilotage)
@require_POST
def action_bulk(request):
    back = _safe_back(request, reverse("pilotage:action_list"))
    ids = [int(i) for i in request.POST.getlist("actions") if i.isdigit()][:MAX_BULK]
    operation = request.POST.get("operation")
    service = {"validate": bulk.actions_bulk_validate, "publish": bulk.actions_bulk_publish}.get(operation)
    if service is None:
        messages.error(request, "Choisissez « Valider » ou « Publier ».")
        return redirect(back)
    actions = list(_scope(request.user).filter(pk__in=ids).select_related("edition__academy").order_by("pk"))
    if not actions:
        messages.error(request, "Cochez au moins une fiche.")
        return redirect(back)
    result = service(actions=actions, by=request.user)
    request.session[BULK_REPORT_KEY] = {
        "operation": operation,
        "rows": queue.bulk_report(operation, actions, result, user=request.user),
    }
    return redirect(back)


BULK_REPORT_KEY = "pilotage_bulk_report"


def _pop_bulk_report(request):
    """The report of the bulk operation just done (shown once, on the page it was asked from)."""
    report = request.session.pop(BULK_REPORT_KEY, None)
    if not report:
        return None
    rows = report["rows"]
    done = sum(1 for r in rows if r["done"])
    verb = "validée" if report["operation"] == "validate" else "publiée"
    return {
        "rows": rows,
        "done": done,
        "not_done": len(rows) - done,
        "summary": f"{done} fiche{'s' if done > 1 else ''} {verb}{'s' if done > 1 else ''} sur {len(rows)}",
    }


# --- One fiche --------------------------------------------------------------------------------------


def _load(request, pk):
    return get_object_or_404(_scope(request.user).with_details(), pk=pk)


def _transition_ui(action, to):
    if action.status == ActionStatus.PUBLISHED and to == ActionStatus.VALIDATED:
        return UNPUBLISH_UI
    return TRANSITION_UI[to]


def _transition_forms(action, allowed, bound=None):
    forms = []
    for to in allowed:
        button, label, required, show = _transition_ui(action, to)
        data = bound[1] if bound and bound[0] == to else None
        form = TransitionForm(data, label=label, required_comment=required, show_comment=show, prefix=f"t-{to}")
        if bound and bound[0] == to:
            form.is_valid()
            for message in bound[2]:
                form.add_error("comment" if "comment" in form.fields else None, message)
        danger = to == ActionStatus.REFUSED or (button, label, required, show) == UNPUBLISH_UI
        forms.append({"to": to, "button": button, "form": form, "danger": danger})
    return forms


def _detail(request, action, *, bound_transition=None, comment_form=None, note_form=None, model_form=None, status=200):
    user = request.user
    kinds = rules.actor_kinds(user, action)
    is_staff = rules.can_view_notes(user, action)
    allowed = [to for to in rules.allowed_transitions(user, action) if to in TRANSITION_UI]
    today = timezone.localdate()
    bilan = Bilan.objects.filter(action=action).first()
    return render(
        request,
        "pilotage/actions/action_detail.html",
        {
            "title": action.display_title,
            "action": action,
            "transitions": _transition_forms(action, allowed, bound_transition),
            "who_decides": queue.who_decides(user, action, kinds=kinds),
            "comments": visible_comments(action),
            "notes": ActionNote.objects.filter(action=action).select_related("author") if is_staff else [],
            "history": action_history(action) if is_staff else [],
            "comment_form": comment_form or MessageForm(),
            "note_form": note_form or NoteForm(),
            "flags_form": FlagsForm(
                initial={"is_flagship": action.is_flagship, "shown_at_forum": action.shown_at_forum}
            ),
            "model_form": model_form or ModelFromActionForm(),
            "missing": rules.action_missing_fields(action),
            "can_view_contact": rules.can_view_contact(user, action),
            "can_view_notes": is_staff,
            "can_comment": rules.can_comment(user, action),
            "can_set_flags": rules.can_set_flags(user, action),
            "can_reopen": rules.can_reopen(user, action, today),
            "can_reopen_bilan": rules.can_reopen_bilan(user, action, today),
            "can_make_model": rules.can_make_model(user, action),
            "declaration_open": rules.declaration_open(action, today),
            "can_edit": rules.can_edit(user, action),
            "photos": list(BilanPhoto.objects.filter(bilan__action=action)),
            "bilan": bilan,
            "bilan_figures": [(label, bilan.participants_label(code)) for code, label in Public.choices]
            if bilan
            else [],
            "supports": list(bilan.support_items.all()) if bilan else [],
        },
        status=status,
    )


@require(perms.can_access_pilotage)
def action_detail(request, pk):
    return _detail(request, _load(request, pk))


@require(perms.can_access_pilotage)
def bilan_photo(request, pk, photo_pk):
    """A bilan photo, for the pilots and relays of the fiche's territory (never a public file)."""
    return photo_response(visible_photo(request.user, action_pk=pk, photo_pk=photo_pk))


@require(perms.can_access_pilotage)
def bilan_support(request, pk, support_pk):
    """A support of the bilan, for the pilots and relays of the fiche's territory."""
    return support_response(visible_support(request.user, action_pk=pk, support_pk=support_pk))


def _done(request, action, message):
    messages.success(request, message)
    return redirect("pilotage:action_detail", pk=action.pk)


TRANSITION_SERVICES = {
    ActionStatus.CHANGES_REQUESTED: (
        lambda a, by, c: workflow.action_request_changes(action=a, by=by, comment=c),
        "La demande de modification est envoyée au porteur.",
    ),
    ActionStatus.VALIDATED: (
        lambda a, by, c: workflow.action_validate(action=a, by=by, comment=c),
        "La fiche est validée.",
    ),
    ActionStatus.PUBLISHED: (
        lambda a, by, c: workflow.action_publish(action=a, by=by),
        "La fiche est publiée dans le programme.",
    ),
    ActionStatus.REFUSED: (
        lambda a, by, c: workflow.action_refuse(action=a, by=by, reason=c),
        "La fiche est refusée ; le porteur en est informé.",
    ),
    ActionStatus.DRAFT: (lambda a, by, c: workflow.action_reopen(action=a, by=by), "La fiche est rendue au porteur."),
    ActionStatus.SUBMITTED: (lambda a, by, c: workflow.action_submit(action=a, by=by), "La fiche est soumise."),
    ActionStatus.WITHDRAWN: (lambda a, by, c: workflow.action_withdraw(action=a, by=by), "La fiche est retirée."),
}

UNPUBLISH_SERVICE = (
    lambda a, by, c: workflow.action_unpublish(action=a, by=by, reason=c),
    "L'action est retirée du programme ; le porteur en est informé.",
)


@require(perms.can_access_pilotage)
@require_POST
def action_transition(request, pk):
    action = _load(request, pk)
    to = request.POST.get("to", "")
    if to not in TRANSITION_SERVICES:
        messages.error(request, "Étape inconnue.")
        return redirect("pilotage:action_detail", pk=action.pk)
    call, success = TRANSITION_SERVICES[to]
    if to == ActionStatus.VALIDATED and action.status == ActionStatus.PUBLISHED:
        call, success = UNPUBLISH_SERVICE
    comment = request.POST.get(f"t-{to}-comment", "")
    try:
        call(action, request.user, comment)
    except ActionError as error:
        if error.errors.get("comment"):
            return _detail(request, action, bound_transition=(to, request.POST, error.errors["comment"]), status=200)
        messages.error(request, error.message)
        return redirect("pilotage:action_detail", pk=action.pk)
    return _done(request, action, success)


@require(perms.can_access_pilotage)
@require_POST
def action_flags(request, pk):
    action = _load(request, pk)
    form = FlagsForm(request.POST)
    form.is_valid()
    try:
        workflow.action_set_flags(action=action, by=request.user, **form.cleaned_data)
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("pilotage:action_detail", pk=action.pk)
    return _done(request, action, "La mise en avant est enregistrée.")


@require(perms.can_access_pilotage)
@require_POST
def action_reopen(request, pk):
    action = _load(request, pk)
    bilan = request.POST.get("what") == "bilan"
    try:
        if bilan:
            workflow.action_reopen_bilan(action=action, by=request.user)
        else:
            workflow.action_reopen(action=action, by=request.user)
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("pilotage:action_detail", pk=action.pk)
    return _done(
        request,
        action,
        "Le bilan est rouvert au porteur."
        if bilan
        else "La fiche est rouverte : son porteur peut la modifier et la soumettre.",
    )


@require(perms.can_access_pilotage)
@require_POST
def action_comment(request, pk):
    action = _load(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            comments.action_comment_add(action=action, by=request.user, body=form.cleaned_data["body"])
        except ActionError as error:
            add_domain_error(form, error, rename={"comment": "body"}, default_field="body")
        else:
            return _done(request, action, "Le message est envoyé au porteur.")
    return _detail(request, action, comment_form=form)


@require(perms.can_access_pilotage)
@require_POST
def action_note(request, pk):
    action = _load(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            comments.action_note_add(action=action, by=request.user, body=form.cleaned_data["body"])
        except ActionError as error:
            add_domain_error(form, error, rename={"comment": "body"}, default_field="body")
        else:
            return _done(request, action, "La note interne est enregistrée.")
    return _detail(request, action, note_form=form)


@require(perms.can_manage_idea_bank)
@require_POST
def action_make_model(request, pk):
    action = _load(request, pk)
    form = ModelFromActionForm(request.POST)
    if form.is_valid():
        try:
            model = ideas.idea_model_from_action(action=action, by=request.user, **form.cleaned_data)
        except ActionError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Le modèle « {model.title} » est ajouté à la banque d'idées.")
            return redirect("pilotage:idea_edit", pk=model.pk)
    return _detail(request, action, model_form=form)


# --- Schools without action -------------------------------------------------------------------------


@require(perms.can_access_pilotage)
def schools_without_actions(request):
    user = request.user
    editions = list(_editions(user).order_by("-campaign__school_year", "academy__name"))
    current = Campaign.objects.current()
    chosen = request.GET.get("edition", "")
    edition = next((e for e in editions if str(e.pk) == chosen), None)
    if edition is None:
        edition = next((e for e in editions if current and e.campaign_id == current.pk), None) or (
            editions[0] if editions else None
        )
    page = None
    if edition is not None:
        schools = schools_without_action(edition, perms.pilot_schools(user)).select_related("department", "bassin")
        page = Paginator(schools, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "pilotage/actions/schools_without_action.html",
        {
            "title": "Établissements sans action",
            "editions": editions,
            "edition": edition,
            "page": page,
            "querystring": params.urlencode(),
        },
    )


# --- Idea bank ---------------------------------------------------------------------------------------


@require(perms.can_access_pilotage)
def idea_list(request):
    return render(
        request,
        "pilotage/actions/idea_list.html",
        {
            "title": "Banque d'idées",
            "models": IdeaModel.objects.order_by("-is_active", "category", "order", "title")
            .select_related("source_action")
            .prefetch_related("source_action__schools"),
            "can_manage": perms.can_manage_idea_bank(request.user),
        },
    )


def _idea_form_view(request, model=None):
    initial = {}
    if model is not None:
        initial = {name: getattr(model, name) for name in IdeaModelForm.base_fields}
    form = IdeaModelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if model is None:
                model = ideas.idea_model_create(by=request.user, **form.cleaned_data)
            else:
                model = ideas.idea_model_update(model=model, by=request.user, **form.cleaned_data)
        except ActionError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Le modèle « {model.title} » est enregistré.")
            return redirect("pilotage:idea_list")
    return render(
        request,
        "pilotage/actions/idea_form.html",
        {"title": "Modifier le modèle" if model else "Ajouter un modèle", "form": form, "model": model},
    )


@require(perms.can_manage_idea_bank)
@require_http_methods(["GET", "POST"])
def idea_create(request):
    return _idea_form_view(request)


@require(perms.can_manage_idea_bank)
@require_http_methods(["GET", "POST"])
def idea_edit(request, pk):
    return _idea_form_view(request, get_object_or_404(IdeaModel, pk=pk))


@require(perms.can_manage_idea_bank)
@require_POST
def idea_retire(request, pk):
    model = get_object_or_404(IdeaModel, pk=pk)
    retired = request.POST.get("retired", "1") == "1"
    try:
        ideas.idea_model_retire(model=model, by=request.user, retired=retired)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Le modèle est retiré de la banque d'idées." if retired else "Le modèle est de nouveau proposé."
        )
    return redirect("pilotage:idea_list")
