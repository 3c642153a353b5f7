"""The porteur's fiches: declare, edit (draft or submit), read with its thread, withdraw, reconduct,
and the bilan after the week (figures, photos).

Fiches are loaded through `Action.objects.visible_to(user)`: another school's fiche is a 404.
Every state change is a POST calling one service; its ActionError becomes a French message.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sps.accounts import perms
from sps.actions import rules
from sps.actions.enums import ActionStatus
from sps.actions.errors import ActionError
from sps.actions.models import Action, Bilan, BilanPhoto
from sps.actions.selectors import visible_comments
from sps.actions.services import bilans, comments, drafts, reconduction, workflow
from sps.common.dates import format_date
from sps.editions.models import Edition
from sps.www.common.decorators import require
from sps.www.common.errors import add_domain_error
from sps.www.common.files import photo_response, support_response, visible_photo, visible_support
from sps.www.espace.forms import (
    ActionForms,
    BilanForm,
    CommentForm,
    PhotoForm,
    SupportForm,
    TargetForm,
    declaration_targets,
)


def next_step_label(action, today=None) -> str:
    """What the porteur should do now with this fiche, in French."""
    status = action.status
    if status == ActionStatus.DRAFT:
        if not rules.declaration_open(action, today):
            return "Date limite passée : demandez à votre pilote de rouvrir la fiche."
        deadline = action.edition.declaration_deadline
        return "À compléter puis soumettre" + (f" avant le {format_date(deadline)}" if deadline else "")
    if status == ActionStatus.CHANGES_REQUESTED:
        return "À modifier : lisez le commentaire du modérateur, corrigez puis soumettez à nouveau"
    if status == ActionStatus.SUBMITTED:
        return "En attente de validation"
    if status == ActionStatus.VALIDATED:
        return "Validée : elle sera publiée dans le programme"
    if status == ActionStatus.PUBLISHED:
        today = today or timezone.localdate()
        if today > action.edition.week_end:
            bilan = getattr(action, "_bilan_submitted", None)
            return "Bilan transmis" if bilan else "Remplissez le bilan de l'action"
        return "Publiée dans le programme"
    if status == ActionStatus.REFUSED:
        return "Refusée : lisez le motif du refus"
    return "Retirée"


def _my_actions(user):
    return Action.objects.visible_to(user)


def _load(request, pk):
    return get_object_or_404(_my_actions(request.user).with_details(), pk=pk)


def _editable_schools(user, action):
    """The schools the porteur may tick: theirs, and those already carrying the fiche."""
    from sps.schools.models import School

    ids = set(perms.contributor_school_ids(user)) | {s.pk for s in action.schools.all()}
    return School.objects.filter(pk__in=ids).order_by("name")


def _current_edition_for(action, today=None):
    """The published edition of the current campaign in the fiche's académie (to reconduct into)."""
    from sps.editions import rules as edition_rules

    ids = edition_rules.academy_ids(action.edition.academy)
    return Edition.objects.published().current(today).filter(academy_id__in=ids).select_related("campaign").first()


# --- Declare, edit, submit ----------------------------------------------------------------------


@require(perms.can_access_espace)
@require_http_methods(["GET", "POST"])
def action_declare(request):
    targets = declaration_targets(perms.contributor_schools(request.user))
    form = TargetForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = drafts.action_create_draft(
                edition=data["edition"], by=request.user, schools=[data["school"]], title=data["title"]
            )
        except ActionError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Le brouillon de la fiche est créé : complétez-la, puis soumettez-la.")
            return redirect("espace:action_edit", pk=action.pk)
    return render(
        request,
        "espace/action_declare.html",
        {"title": "Déclarer une action", "form": form, "has_targets": bool(targets)},
    )


@require(perms.can_access_espace)
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = _load(request, pk)
    problem = rules.check_edit(request.user, action)
    if problem:
        messages.error(request, problem)
        return redirect("espace:action_detail", pk=action.pk)
    schools = _editable_schools(request.user, action)
    action_forms = ActionForms(request.POST or None, action=action, schools=schools, by=request.user)
    missing = []
    if request.method == "POST" and action_forms.is_valid():
        submit = request.POST.get("intent") == "submit"
        try:
            action = drafts.action_update(action=action, by=request.user, **action_forms.service_fields())
        except ActionError as error:
            action_forms.add_service_errors(error)
        else:
            if not submit:
                messages.success(request, "Le brouillon est enregistré.")
                return redirect("espace:action_detail", pk=action.pk)
            try:
                workflow.action_submit(action=action, by=request.user)
            except ActionError as error:
                missing = error.errors.get("missing") or []
                messages.warning(
                    request, "Vos modifications sont enregistrées, mais la fiche n'est pas encore soumise."
                )
                if not missing:
                    action_forms.add_service_errors(error)
            else:
                messages.success(request, "La fiche est soumise : les modérateurs vont la relire.")
                return redirect("espace:action_detail", pk=action.pk)
    return render(
        request,
        "espace/action_edit.html",
        {
            "title": f"Modifier la fiche « {action.display_title} »",
            "action": action,
            "missing": missing,
            "window_label": rules.session_window_label(action.edition),
            **action_forms.context(),
        },
    )


@require(perms.can_access_espace)
def action_detail(request, pk):
    user = request.user
    action = _load(request, pk)
    allowed = rules.allowed_transitions(user, action)
    current = _current_edition_for(action)
    is_past = current is not None and action.edition.campaign.school_year < current.campaign.school_year
    bilan = Bilan.objects.filter(action=action).first()
    return render(
        request,
        "espace/action_detail.html",
        {
            "title": action.display_title,
            "action": action,
            "next_step": next_step_label(action),
            "comments": visible_comments(action),
            "comment_form": CommentForm(),
            "missing": rules.action_missing_fields(action) if action.status in rules.CONTRIBUTOR_EDITABLE else [],
            "can_edit": rules.can_edit(user, action),
            "can_submit": ActionStatus.SUBMITTED in allowed,
            "can_withdraw": ActionStatus.WITHDRAWN in allowed,
            "can_comment": rules.can_comment(user, action),
            "can_reconduct": is_past,
            "reconduct_edition": current if is_past else None,
            "can_view_bilan": rules.can_view_bilan(user, action),
            "bilan": bilan,
        },
    )


def _post_service(request, pk, call, success):
    action = _load(request, pk)
    try:
        call(action)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("espace:action_detail", pk=action.pk)


@require(perms.can_access_espace)
@require_POST
def action_submit(request, pk):
    return _post_service(
        request,
        pk,
        lambda a: workflow.action_submit(action=a, by=request.user),
        "La fiche est soumise : les modérateurs vont la relire.",
    )


@require(perms.can_access_espace)
@require_POST
def action_withdraw(request, pk):
    return _post_service(
        request,
        pk,
        lambda a: workflow.action_withdraw(action=a, by=request.user),
        "La fiche est retirée : elle n'apparaît plus dans le programme.",
    )


@require(perms.can_access_espace)
@require_POST
def action_comment(request, pk):
    action = _load(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["body"]))
        return redirect("espace:action_detail", pk=action.pk)
    return _post_service(
        request,
        pk,
        lambda a: comments.action_comment_add(action=a, by=request.user, body=form.cleaned_data["body"]),
        "Votre message est envoyé.",
    )


@require(perms.can_access_espace)
@require_POST
def action_reconduct(request, pk):
    source = _load(request, pk)
    edition = _current_edition_for(source)
    if edition is None:
        messages.error(request, "Aucune édition n'est ouverte cette année dans votre académie.")
        return redirect("espace:action_detail", pk=source.pk)
    try:
        action = reconduction.action_reconduct(source=source, edition=edition, by=request.user)
    except ActionError as error:
        messages.error(request, error.message)
        return redirect("espace:action_detail", pk=source.pk)
    messages.success(
        request, "L'action est reconduite dans l'édition de cette année : indiquez les dates de ses temps forts."
    )
    return redirect("espace:action_edit", pk=action.pk)


# --- Bilan ----------------------------------------------------------------------------------------


def _bilan_context(request, action, bilan, form, photo_form, support_form=None):
    problem = rules.check_fill_bilan(request.user, action)
    return {
        "title": f"Bilan de « {action.display_title} »",
        "action": action,
        "bilan": bilan,
        "form": form,
        "photo_form": photo_form,
        "photos": list(bilan.photos.all()) if bilan else [],
        "supports": list(bilan.support_items.all()) if bilan else [],
        "support_form": support_form or SupportForm(prefix="support"),
        "can_fill_bilan": problem is None,
        "deadline_message": problem or "",
        "bilan_deadline": action.edition.bilan_deadline,
    }


def _published_for_bilan(request, pk):
    action = _load(request, pk)
    if action.status != ActionStatus.PUBLISHED:
        messages.error(request, "Le bilan se remplit pour une action publiée.")
        return action, None
    return action, Bilan.objects.filter(action=action).prefetch_related("photos").first()


@require(perms.can_access_espace)
@require_http_methods(["GET", "POST"])
def action_bilan(request, pk):
    action, bilan = _published_for_bilan(request, pk)
    if action.status != ActionStatus.PUBLISHED:
        return redirect("espace:action_detail", pk=action.pk)
    initial = {}
    if bilan is not None:
        initial = {name: getattr(bilan, name) for name in BilanForm.base_fields}
    form = BilanForm(request.POST or None, initial=initial)
    photo_form = PhotoForm(consent_text=bilans.CONSENT_TEXT)
    if request.method == "POST" and form.is_valid():
        try:
            bilans.bilan_save(
                action=action, by=request.user, submit=request.POST.get("intent") == "submit", **form.cleaned_data
            )
        except ActionError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Le bilan est enregistré.")
            return redirect("espace:action_bilan", pk=action.pk)
    return render(request, "espace/action_bilan.html", _bilan_context(request, action, bilan, form, photo_form))


@require(perms.can_access_espace)
@require_POST
def bilan_photo_add(request, pk):
    action, bilan = _published_for_bilan(request, pk)
    if action.status != ActionStatus.PUBLISHED:
        return redirect("espace:action_detail", pk=action.pk)
    photo_form = PhotoForm(request.POST, request.FILES, consent_text=bilans.CONSENT_TEXT)
    if photo_form.is_valid():
        data = photo_form.cleaned_data
        try:
            with transaction.atomic():
                # The photo hangs on the bilan: an empty one is made first (rolled back if the photo is refused).
                target = bilan or bilans.bilan_save(action=action, by=request.user)
                bilans.bilan_photo_add(
                    bilan=target,
                    by=request.user,
                    file=data["file"],
                    consent_confirmed=data["consent_confirmed"],
                    caption=data["caption"],
                )
        except ActionError as error:
            add_domain_error(photo_form, error, default_field="file")
        else:
            messages.success(request, "La photo est ajoutée au bilan.")
            return redirect("espace:action_bilan", pk=action.pk)
    initial = {name: getattr(bilan, name) for name in BilanForm.base_fields} if bilan else {}
    form = BilanForm(initial=initial)
    return render(request, "espace/action_bilan.html", _bilan_context(request, action, bilan, form, photo_form))


@require(perms.can_access_espace)
@require_POST
def bilan_photo_remove(request, pk, photo_pk):
    action = _load(request, pk)
    photo = get_object_or_404(BilanPhoto.objects.select_related("bilan__action"), pk=photo_pk, bilan__action=action)
    try:
        bilans.bilan_photo_remove(photo=photo, by=request.user)
    except ActionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "La photo est supprimée.")
    return redirect("espace:action_bilan", pk=action.pk)


@require(perms.can_access_espace)
def bilan_photo(request, pk, photo_pk):
    """A bilan photo, for those who may open the fiche: the file is never public (PRIVATE_MEDIA_ROOT)."""
    return photo_response(visible_photo(request.user, action_pk=pk, photo_pk=photo_pk))


@require(perms.can_access_espace)
@require_POST
def bilan_support_add(request, pk):
    action, bilan = _published_for_bilan(request, pk)
    if action.status != ActionStatus.PUBLISHED:
        return redirect("espace:action_detail", pk=action.pk)
    support_form = SupportForm(request.POST, request.FILES, prefix="support")
    if support_form.is_valid():
        data = support_form.cleaned_data
        try:
            with transaction.atomic():
                # As for photos: an empty bilan is made first, rolled back if the support is refused.
                target = bilan or bilans.bilan_save(action=action, by=request.user)
                bilans.bilan_support_add(
                    bilan=target, by=request.user, title=data["title"], file=data["file"], url=data["url"]
                )
        except ActionError as error:
            add_domain_error(support_form, error, default_field="file")
        else:
            messages.success(request, "Le support est ajouté au bilan.")
            return redirect("espace:action_bilan", pk=action.pk)
    initial = {name: getattr(bilan, name) for name in BilanForm.base_fields} if bilan else {}
    context = _bilan_context(
        request, action, bilan, BilanForm(initial=initial), PhotoForm(consent_text=bilans.CONSENT_TEXT), support_form
    )
    return render(request, "espace/action_bilan.html", context, status=400)


@require(perms.can_access_espace)
def bilan_support(request, pk, support_pk):
    """A support file of the bilan, for those who may open the fiche: never a public file (PRIVATE_MEDIA_ROOT)."""
    return support_response(visible_support(request.user, action_pk=pk, support_pk=support_pk))
