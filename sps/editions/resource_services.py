"""The communication kit: checking uploaded files, writing resources, the edition's branding.

A resource belongs to one edition (its académie's pilots manage it) or is national (no edition:
national pilots manage it, every edition shows it). A file is accepted only when its extension
is one of ACCEPTED_TYPES *and* its content is what the extension says (PDF magic, an image that
Pillow decodes to the same format, an office file that is a ZIP with the right mimetype or
[Content_Types].xml), under MAX_BYTES. SVG is refused: it may carry scripts.
"""

import io
import uuid
import warnings
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import get_valid_filename
from PIL import Image, UnidentifiedImageError

from sps.accounts import perms
from sps.audit.services import log_action
from sps.common.errors import DomainError
from sps.editions.models import (
    HEX_COLOR_RE,
    Edition,
    Resource,
    ResourceCategory,
    ResourceLevel,
    ResourcePublic,
)
from sps.territories.text import of_academy

MAX_BYTES = 20 * 1024 * 1024
MAX_LOGO_BYTES = 5 * 1024 * 1024
LOGO_MAX_SIDE = 1200
LOGO_MAX_PIXELS = 40_000_000
# ZIP members we read to recognise an office file; a larger one is not a real [Content_Types].xml.
MAX_ZIP_MEMBER = 1024 * 1024

ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
OOXML_MAIN_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
# extension -> (content type served, label)
ACCEPTED_TYPES = {
    "pdf": ("application/pdf", "PDF"),
    "png": ("image/png", "PNG"),
    "jpg": ("image/jpeg", "JPEG"),
    "jpeg": ("image/jpeg", "JPEG"),
    "odt": (ODF_MIMETYPES["odt"], "ODT"),
    "ods": (ODF_MIMETYPES["ods"], "ODS"),
    "odp": (ODF_MIMETYPES["odp"], "ODP"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX"),
}
ACCEPTED_LABEL = "PDF, PNG, JPEG, ODT, ODS, ODP, DOCX, XLSX ou PPTX"
RESOURCE_FIELDS = ("title", "category", "levels", "publics", "description", "url", "order")


class ResourceError(DomainError):
    """A refused change to the kit (see DomainError); `field` names the form field it belongs to,
    when there is one."""


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    size: int
    name: str


def content_type_of(extension: str) -> str:
    return ACCEPTED_TYPES.get(extension, ("application/octet-stream", ""))[0]


def file_size(file) -> int:
    """The size of an uploaded or opened file, without reading it."""
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(position)
    return size


def _head(file, n: int) -> bytes:
    file.seek(0)
    data = file.read(n)
    file.seek(0)
    return data


def _is_image(file, expected_format: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            with Image.open(file) as image:
                if image.format != expected_format:
                    return False
                image.verify()
        return True
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, UnidentifiedImageError, OSError, SyntaxError):
        return False
    except ValueError:
        return False
    finally:
        file.seek(0)


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_ZIP_MEMBER:
        return None
    return archive.read(info)


def _is_office(file, extension: str) -> bool:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            if extension in ODF_MIMETYPES:
                mimetype = _read_member(archive, "mimetype")
                return mimetype is not None and mimetype.strip() == ODF_MIMETYPES[extension].encode()
            types = _read_member(archive, "[Content_Types].xml")
            return types is not None and OOXML_MAIN_TYPES[extension].encode() in types
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return False
    finally:
        file.seek(0)


def check_resource_file(file) -> CheckedFile:
    """The uploaded file's type and size, or ResourceError (field "file") saying what is wrong."""
    name = getattr(file, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "svg":
        raise ResourceError(
            f"Les images SVG ne sont pas acceptées (elles peuvent contenir des scripts) : déposez un PNG ou un PDF. "
            f"Formats acceptés : {ACCEPTED_LABEL}.",
            field="file",
        )
    if extension not in ACCEPTED_TYPES:
        raise ResourceError(
            f"Ce type de fichier n'est pas accepté. Formats acceptés : {ACCEPTED_LABEL}.",
            field="file",
        )
    size = file_size(file)
    if size == 0:
        raise ResourceError("Le fichier est vide.", field="file")
    if size > MAX_BYTES:
        raise ResourceError(
            f"Le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo : réduisez-le ou déposez-le ailleurs et indiquez son lien.",
            field="file",
        )
    label = ACCEPTED_TYPES[extension][1]
    if extension == "pdf":
        valid = _head(file, 5) == b"%PDF-"
    elif extension == "png":
        valid = _is_image(file, "PNG")
    elif extension in ("jpg", "jpeg"):
        valid = _is_image(file, "JPEG")
    else:
        valid = _is_office(file, extension)
    if not valid:
        raise ResourceError(
            f"Le contenu de ce fichier ne correspond pas à un fichier {label} : vérifiez qu'il s'agit bien "
            f"du bon document (son extension ne suffit pas). Formats acceptés : {ACCEPTED_LABEL}.",
            field="file",
        )
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    safe_name = get_valid_filename(base)[:150] or f"ressource.{extension}"
    return CheckedFile(extension=extension, content_type=content_type_of(extension), size=size, name=safe_name)


# --- Permissions ---------------------------------------------------------------------------


def can_manage_resource_of(user, edition: Edition | None) -> bool:
    """National pilots for national resources (edition None); the edition's managers otherwise."""
    if edition is None:
        return perms.is_national_pilot(user)
    return perms.can_manage_edition(user, edition.academy)


def _check_manager(user, edition) -> None:
    if not can_manage_resource_of(user, edition):
        if edition is None:
            raise ResourceError("Seul un pilote national peut gérer les ressources nationales.")
        raise ResourceError(f"Vous ne pouvez pas gérer les ressources de l'édition {of_academy(edition.academy.name)}.")


# --- Validation ----------------------------------------------------------------------------


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown resource fields: {', '.join(sorted(unknown))}")
    cleaned = dict(fields)
    for name in ("title", "description", "url"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "title" in cleaned and not cleaned["title"]:
        raise ResourceError("Indiquez le titre de la ressource.", field="title")
    if "category" in cleaned and cleaned["category"] not in ResourceCategory.values:
        raise ResourceError("Choisissez une catégorie.", field="category")
    for name, enum in (("levels", ResourceLevel), ("publics", ResourcePublic)):
        if name in cleaned:
            values = list(dict.fromkeys(cleaned[name] or []))
            if any(v not in enum.values for v in values):
                raise ResourceError("Choix inconnu.", field=name)
            cleaned[name] = values
    url = cleaned.get("url")
    if url and not url.lower().startswith(("https://", "http://")):
        raise ResourceError("Le lien doit commencer par https:// (ou http://).", field="url")
    return cleaned


def _store_file(resource: Resource, file, checked: CheckedFile) -> None:
    file.seek(0)
    resource.file.save(f"{uuid.uuid4().hex}.{checked.extension}", file, save=False)
    resource.file_name = checked.name
    resource.file_type = checked.extension
    resource.file_size = checked.size
    resource.url = ""


def _storage():
    return Resource._meta.get_field("file").storage


def _delete_after_commit(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- Services ------------------------------------------------------------------------------


@transaction.atomic
def resource_create(*, edition: Edition | None, by, file=None, is_published: bool = False, **fields) -> Resource:
    """Add a resource to `edition`'s kit (None: a national resource): a `file` (checked by
    check_resource_file) or a `url`, exactly one. Draft unless `is_published`.

    Everything is checked before the file is written; if writing the row fails, the file goes too."""
    _check_manager(by, edition)
    if edition is not None:
        edition = Edition.objects.select_for_update(of=("self",)).select_related("academy").get(pk=edition.pk)
    fields.setdefault("title", "")
    fields.setdefault("category", "")
    cleaned = _clean_fields(fields)
    if bool(file) == bool(cleaned.get("url")):
        raise ResourceError("Déposez un fichier ou indiquez un lien (l'un ou l'autre, pas les deux).", field="file")
    checked = check_resource_file(file) if file else None
    resource = Resource(edition=edition, created_by=by, is_published=is_published, **cleaned)
    if checked:
        _store_file(resource, file, checked)
    try:
        resource.save()
        log_action(
            resource,
            "editions.resource.created",
            user=by,
            data={
                "edition": edition.pk if edition else None,
                "title": resource.title,
                "category": resource.category,
                "kind": "file" if checked else "link",
                "file_type": resource.file_type,
                "file_size": resource.file_size,
                "is_published": is_published,
            },
        )
    except BaseException:
        if checked:
            _storage().delete(resource.file.name)
        raise
    return resource


@transaction.atomic
def resource_update(*, resource: Resource, by, file=None, **fields) -> Resource:
    """Change a resource. A new `file` replaces the old file or the link; a non-empty `url`
    replaces the file. The result always has exactly one of them; the replaced file is deleted
    once the change is committed."""
    resource = Resource.objects.select_for_update(of=("self",)).select_related("edition__academy").get(pk=resource.pk)
    _check_manager(by, resource.edition)
    cleaned = _clean_fields(fields)
    new_url = cleaned.pop("url", "")
    if file and new_url:
        raise ResourceError("Déposez un fichier ou indiquez un lien (l'un ou l'autre, pas les deux).", field="file")
    if not file and not new_url and not resource.file:
        raise ResourceError("Déposez un fichier ou indiquez un lien.", field="url")
    checked = check_resource_file(file) if file else None
    old_file = resource.file.name if resource.file else ""
    changed = {}
    for name, value in cleaned.items():
        if getattr(resource, name) != value:
            changed[name] = value
            setattr(resource, name, value)
    if checked:
        _store_file(resource, file, checked)
        changed["file"] = resource.file_name
    elif new_url:
        if resource.file or resource.url != new_url:
            changed["url"] = new_url
        resource.url = new_url
        resource.file = ""
        resource.file_name, resource.file_type, resource.file_size = "", "", None
    try:
        resource.save()
        log_action(resource, "editions.resource.updated", user=by, data={"changed": changed})
    except BaseException:
        if checked:
            _storage().delete(resource.file.name)
        raise
    if old_file and old_file != (resource.file.name if resource.file else ""):
        _delete_after_commit(_storage(), old_file)
    return resource


def _set_published(*, resource: Resource, by, published: bool) -> Resource:
    resource = Resource.objects.select_for_update(of=("self",)).select_related("edition__academy").get(pk=resource.pk)
    _check_manager(by, resource.edition)
    if resource.is_published == published:
        raise ResourceError("Cette ressource est déjà publiée." if published else "Cette ressource est déjà retirée.")
    resource.is_published = published
    resource.save(update_fields=["is_published", "updated_at"])
    log_action(resource, "editions.resource.published" if published else "editions.resource.retired", user=by)
    return resource


@transaction.atomic
def resource_publish(*, resource: Resource, by) -> Resource:
    """Show the resource in the kit (the edition's page, the contributors' space)."""
    return _set_published(resource=resource, by=by, published=True)


@transaction.atomic
def resource_retire(*, resource: Resource, by) -> Resource:
    """Take the resource out of the kit: nobody but its managers can download it any more."""
    return _set_published(resource=resource, by=by, published=False)


# --- The edition's branding ------------------------------------------------------------------


def clean_logo(file) -> ContentFile:
    """A PNG or JPEG logo, re-encoded as a PNG without metadata and at most LOGO_MAX_SIDE pixels."""
    if file_size(file) > MAX_LOGO_BYTES:
        raise ResourceError(f"Le logo dépasse {MAX_LOGO_BYTES // (1024 * 1024)} Mo.", field="logo")
    unreadable = ResourceError(
        "Le logo doit être une image PNG ou JPEG lisible (le SVG n'est pas accepté).", field="logo"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            image = Image.open(file)
            if image.format not in ("PNG", "JPEG"):
                raise unreadable
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise ResourceError("Le logo est trop grand.", field="logo")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ResourceError("Le logo est trop grand.", field="logo") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise unreadable from exc
    image = image.convert("RGBA")
    image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE), Image.Resampling.LANCZOS)
    bare = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    bare.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue())


@transaction.atomic
def edition_branding_update(*, edition: Edition, by, brand_color: str, logo=None, remove_logo: bool = False) -> Edition:
    """Set the colour (« #000091 ») and the logo of the edition's generated posters and invitations."""
    if not perms.can_manage_edition(by, edition.academy):
        raise ResourceError(f"Vous ne pouvez pas modifier l'édition {of_academy(edition.academy.name)}.")
    edition = Edition.objects.select_for_update(of=("self",)).select_related("academy").get(pk=edition.pk)
    brand_color = (brand_color or "").strip()
    if not HEX_COLOR_RE.match(brand_color):
        raise ResourceError(
            "Indiquez la couleur sous la forme #000091 (un # suivi de six chiffres ou lettres de a à f).",
            field="brand_color",
        )
    content = clean_logo(logo) if logo else None
    old_logo = edition.logo.name if edition.logo else ""
    changed = {}
    if edition.brand_color != brand_color.lower():
        changed["brand_color"] = brand_color.lower()
    edition.brand_color = brand_color.lower()
    if content is not None:
        edition.logo.save(f"{uuid.uuid4().hex}.png", content, save=False)
        changed["logo"] = "nouveau"
    elif remove_logo and edition.logo:
        edition.logo = ""
        changed["logo"] = "retiré"
    edition.save()
    if old_logo and old_logo != (edition.logo.name if edition.logo else ""):
        _delete_after_commit(edition.logo.storage, old_logo)
    log_action(edition, "editions.edition.branding_updated", user=by, data={"changed": changed})
    return edition


# --- Reading the kit -------------------------------------------------------------------------


@dataclass
class KitSection:
    category: str
    label: str
    resources: list


def kit_sections(resources, *, level: str = "", public: str = "") -> list[KitSection]:
    """Resources grouped by category in ResourceCategory's order, national ones after the edition's
    within a category, keeping those that suit `level` and `public` (an empty list suits all)."""
    by_category: dict[str, list] = {}
    for resource in resources:
        if resource.suits(level=level, public=public):
            by_category.setdefault(resource.category, []).append(resource)
    sections = []
    for code, label in ResourceCategory.choices:
        items = by_category.get(code)
        if items:
            items.sort(key=lambda r: (r.edition_id is None, r.order, r.title.lower(), r.pk))
            sections.append(KitSection(category=code, label=label, resources=items))
    return sections


def kit_editions_for_academies(academy_ids):
    """The current campaign's published editions of these académies."""
    return (
        Edition.objects.current().published().filter(academy_id__in=academy_ids).select_related("academy", "campaign")
    )
