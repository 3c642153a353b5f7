"""The generated poster and invitation of a fiche, for its porteurs and its pilots.

The fiche is loaded through Action.objects.visible_to(user): another territory's fiche is a 404.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from sps.actions.documents import action_poster_pdf
from sps.actions.models import Action


def _pdf(request, pk, *, kind: str, prefix: str):
    action = get_object_or_404(Action.objects.visible_to(request.user).with_details(), pk=pk)
    pdf = action_poster_pdf(action, kind=kind)
    name = f"{prefix}-{slugify(action.display_title)[:60] or action.pk}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def action_poster(request, pk):
    """Signed-in users only (LoginRequiredMiddleware); visible_to decides which fiches."""
    return _pdf(request, pk, kind="poster", prefix="affiche")


def action_invitation(request, pk):
    return _pdf(request, pk, kind="invitation", prefix="invitation")
