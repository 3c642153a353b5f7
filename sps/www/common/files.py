"""Serving a bilan photo from PRIVATE_MEDIA_ROOT, once the view has checked who asks: the espace
and pilotage views load the photo through `Action.objects.visible_to(user)`, then call this."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control, patch_vary_headers

from sps.actions.models import Action, BilanPhoto

# Photos are re-encoded on upload (sps/actions/images.py): JPEG, or PNG when they have transparency.
PHOTO_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def visible_photo(user, *, action_pk: int, photo_pk: int) -> BilanPhoto:
    """The photo `photo_pk` of the bilan of action `action_pk`, if `user` may open that fiche; else 404."""
    return get_object_or_404(
        BilanPhoto.objects.filter(bilan__action__in=Action.objects.visible_to(user)),
        pk=photo_pk,
        bilan__action_id=action_pk,
    )


def photo_response(photo: BilanPhoto) -> FileResponse:
    """The photo inline, with its type fixed from the stored name, never sniffed nor shared by a cache."""
    extension = photo.image.name.rsplit(".", 1)[-1].lower()
    if extension not in PHOTO_TYPES:
        raise Http404("Photo introuvable")
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Photo introuvable") from exc
    response = FileResponse(
        handle, as_attachment=False, filename=f"photo-{photo.pk}.{extension}", content_type=PHOTO_TYPES[extension]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])
    return response
