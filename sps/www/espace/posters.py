"""The generated poster and invitation of a fiche, for its porteurs and its pilots.

Asking for one enqueues its build (sps.files) and leads to the generated file's page, which shows
the progress and then the link. The fiche is loaded through Action.objects.visible_to(user):
another territory's fiche is a 404.
"""

from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from sps.actions.documents import DOCUMENT_NAMES, POSTER_KIND
from sps.actions.models import Action
from sps.files.services import generated_file_request


def _request(request, pk, *, kind: str):
    action = get_object_or_404(Action.objects.visible_to(request.user), pk=pk)
    file = generated_file_request(
        by=request.user,
        kind=POSTER_KIND,
        params={"action": action.pk, "kind": kind},
        label=f"{DOCUMENT_NAMES[kind][1]} de « {action.display_title} »",
    )
    return redirect("files:detail", pk=file.pk)


@require_POST
def action_poster(request, pk):
    """Signed-in users only (LoginRequiredMiddleware); visible_to decides which fiches."""
    return _request(request, pk, kind="poster")


@require_POST
def action_invitation(request, pk):
    return _request(request, pk, kind="invitation")
