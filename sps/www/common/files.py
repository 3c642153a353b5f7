"""Serving files from PRIVATE_MEDIA_ROOT once the view has checked who asks: bilan photos and supports
(loaded through `Action.objects.visible_to(user)`) and the kit's resources."""

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


def private_file_response(
    field_file, *, filename: str, content_type: str, attachment: bool, shared: bool = False, missing: str
) -> FileResponse:
    """A stored file with its type fixed by the caller (never sniffed) and a sandboxing CSP.

    `shared` files (published kit resources) may be cached by anyone; the others are private
    to the person who asked and never reused from a cache.
    """
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(missing) from exc
    response = FileResponse(handle, as_attachment=attachment, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if shared:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ["Cookie"])
    return response


def photo_response(photo: BilanPhoto) -> FileResponse:
    """The photo inline, with its type fixed from the stored name."""
    extension = photo.image.name.rsplit(".", 1)[-1].lower()
    if extension not in PHOTO_TYPES:
        raise Http404("Photo introuvable")
    return private_file_response(
        photo.image,
        filename=f"photo-{photo.pk}.{extension}",
        content_type=PHOTO_TYPES[extension],
        attachment=False,
        missing="Photo introuvable",
    )


def visible_support(user, *, action_pk: int, support_pk: int) -> BilanSupport:
    """The support file `support_pk` of the bilan of action `action_pk`, if `user` may open that fiche; else 404."""
    return get_object_or_404(
        BilanSupport.objects.filter(bilan__action__in=Action.objects.visible_to(user)).exclude(file=""),
        pk=support_pk,
        bilan__action_id=action_pk,
    )


def support_response(support: BilanSupport) -> FileResponse:
    """The support as a download, its type fixed from the stored (checked) extension."""
    extension = support.file.name.rsplit(".", 1)[-1].lower()
    return private_file_response(
        support.file,
        filename=f"{slugify(support.title) or 'support'}.{extension}",
        content_type=content_type_of(extension),
        attachment=True,
        missing="Support introuvable",
    )
