"""Serving a bilan photo or support file from PRIVATE_MEDIA_ROOT, once the view has checked who asks: the espace
and pilotage views load the photo (or support) through `Action.objects.visible_to(user)`, then call this."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import slugify

from sps.actions.models import Action, BilanPhoto, BilanSupport
from sps.editions.resource_services import content_type_of

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


def visible_support(user, *, action_pk: int, support_pk: int) -> BilanSupport:
    """The support file `support_pk` of the bilan of action `action_pk`, if `user` may open that fiche; else 404."""
    return get_object_or_404(
        BilanSupport.objects.filter(bilan__action__in=Action.objects.visible_to(user)).exclude(file=""),
        pk=support_pk,
        bilan__action_id=action_pk,
    )


def support_response(support: BilanSupport) -> FileResponse:
    """The support as a download, its type fixed from the stored (checked) extension, never sniffed."""
    extension = support.file.name.rsplit(".", 1)[-1].lower()
    try:
        handle = support.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Support introuvable") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(support.title) or 'support'}.{extension}",
        content_type=content_type_of(extension),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])
    return response
