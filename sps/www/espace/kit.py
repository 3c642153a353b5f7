"""« Télécharger le kit »: the communication kit of the contributor's editions, and the download
of a kit's file (for everyone when published, for its managers always).

Files never go through /media/: they live in PRIVATE_MEDIA_ROOT and this view serves them as
attachments with their checked content type and `nosniff`, so a file is never run as a page.
"""

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from sps.accounts import perms
from sps.actions.enums import ANNOUNCEABLE_STATUSES
from sps.actions.models import Action
from sps.editions.models import Resource, ResourceLevel, ResourcePublic
from sps.editions.resource_services import (
    can_manage_resource_of,
    content_type_of,
    kit_editions_for_academies,
    kit_sections,
)
from sps.www.common.decorators import require
from sps.www.common.files import private_file_response


class KitFilterForm(forms.Form):
    level = forms.ChoiceField(
        label="Niveau", choices=[("", "Tous les niveaux")] + ResourceLevel.choices, required=False
    )
    public = forms.ChoiceField(
        label="Public", choices=[("", "Tous les publics")] + ResourcePublic.choices, required=False
    )


@require(perms.can_access_espace)
def kit(request):
    schools = list(perms.contributor_schools(request.user).select_related("department__academy"))
    academy_ids = {s.department.academy_id for s in schools}
    editions = list(kit_editions_for_academies(academy_ids))
    form = KitFilterForm(request.GET or None)
    level = public = ""
    if form.is_valid():
        level, public = form.cleaned_data["level"], form.cleaned_data["public"]
    resources = list(Resource.objects.kit_of(editions))
    actions = list(
        Action.objects.visible_to(request.user)
        .filter(edition__in=editions, status__in=ANNOUNCEABLE_STATUSES)
        .exclude(title="")
        .select_related("edition")
        .order_by("title")
    )
    return render(
        request,
        "espace/kit.html",
        {
            "title": "Télécharger le kit",
            "editions": editions,
            "form": form,
            "sections": kit_sections(resources, level=level, public=public),
            "has_resources": bool(resources),
            "is_filtered": bool(level or public),
            "actions": actions,
        },
    )


@login_not_required
def resource_download(request, pk):
    """A kit's file: published (in a published edition, or national), or managed by the user; else 404."""
    resource = get_object_or_404(Resource.objects.select_related("edition__academy"), pk=pk)
    public = resource.is_published and (resource.edition is None or resource.edition.is_published)
    if not public and not (request.user.is_authenticated and can_manage_resource_of(request.user, resource.edition)):
        raise Http404("Ressource introuvable")
    if not resource.file:
        raise Http404("Cette ressource est un lien")
    return private_file_response(
        resource.file,
        filename=resource.file_name or f"ressource.{resource.file_type}",
        content_type=content_type_of(resource.file_type),
        attachment=True,
        shared=public,
        missing="Fichier introuvable",
    )
