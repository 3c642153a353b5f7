"""The bilan of a published action: figures, texts, photos (with image rights) and supports."""

from django.db import transaction
from django.utils import timezone

from sps.actions import rules
from sps.actions.enums import (
    PILOTS,
    Actor,
    Public,
)
from sps.actions.errors import ActionError, ModerationError
from sps.actions.images import PhotoRejected, clean_photo
from sps.actions.models import (
    PARTICIPANT_FIELDS,
    SHORT_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Bilan,
    BilanPhoto,
    BilanSupport,
)
from sps.actions.services.common import clean_url, lock_action, raise_errors
from sps.audit.services import log_action
from sps.editions.resource_services import ResourceError, check_resource_file

CONSENT_TEXT = (
    "Je confirme détenir l'autorisation de chaque personne reconnaissable sur cette photo "
    "(pour les mineurs : celle de leurs représentants légaux)."
)
MAX_PHOTOS_PER_BILAN = 30
MAX_PARTICIPANTS = 1_000_000


def _check_bilan(by, action) -> None:
    problem = rules.check_fill_bilan(by, action)
    if problem is not None:
        # Who asks is a rights error; the state of the fiche is the porteur's to fix.
        kinds = rules.actor_kinds(by, action)
        raise (ModerationError if Actor.CONTRIBUTOR not in kinds and not (kinds & PILOTS) else ActionError)(problem)


def _participants(value, label, errors, key):
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.setdefault(key, []).append(f"{label} : indiquez un nombre entier, ou laissez vide si inconnu.")
        return None
    if not 0 <= number <= MAX_PARTICIPANTS:
        errors.setdefault(key, []).append(f"{label} : indiquez un nombre entre 0 et {MAX_PARTICIPANTS}.")
    return number


BILAN_TEXTS = {
    "what_worked": "Ce qui a fonctionné",
    "what_to_change": "Ce qu'il faudrait changer",
    "supports": "Les supports produits",
}


@transaction.atomic
def bilan_save(*, action, by, submit: bool = False, **figures) -> Bilan:
    """The porteur fills (or corrects) the bilan of a published action: participants by public
    (None: unknown, shown « N.C. », never zero), what worked, what to change, supports. `submit`
    marks it transmitted. The edition's bilan deadline applies unless the pilot reopened it."""
    action = lock_action(action)
    _check_bilan(by, action)
    allowed = set(PARTICIPANT_FIELDS.values()) | set(BILAN_TEXTS)
    unknown = set(figures) - allowed
    if unknown:
        raise TypeError(f"Unknown bilan fields: {', '.join(sorted(unknown))}")
    errors: dict = {}
    values = {}
    for public, name in PARTICIPANT_FIELDS.items():
        if name in figures:
            values[name] = _participants(figures[name], f"Participants ({Public(public).label.lower()})", errors, name)
    for name, label in BILAN_TEXTS.items():
        if name in figures:
            values[name] = rules.clean_text(figures[name])
            if len(values[name]) > TEXT_MAX:
                errors.setdefault(name, []).append(f"{label} ne peut dépasser {TEXT_MAX} caractères.")
    raise_errors(errors, lead="Le bilan n'a pas été enregistré.")
    bilan, created = Bilan.objects.get_or_create(action=action)
    changed = [name for name, value in values.items() if getattr(bilan, name) != value]
    for name in changed:
        setattr(bilan, name, values[name])
    if submit and bilan.submitted_at is None:
        bilan.submitted_at = timezone.now()
    bilan.save()
    log_action(
        action,
        "actions.bilan.submitted" if submit else "actions.bilan.saved",
        user=by,
        data={"changed": changed, "created": created},
    )
    return bilan


@transaction.atomic
def bilan_photo_add(*, bilan, by, file, consent_confirmed: bool, caption: str = "") -> BilanPhoto:
    """Add a photo to a bilan: the porteur confirms the image rights (CONSENT_TEXT); the file must be
    a JPEG, PNG or WebP photo within the limits of images.py; it is stored re-encoded, resized and
    without any metadata (no EXIF GPS position of children ever reaches the site)."""
    action = lock_action(bilan.action)
    _check_bilan(by, action)
    if consent_confirmed is not True:
        message = f"Pour ajouter une photo, cochez la case « {CONSENT_TEXT} »"
        raise ActionError(message, errors={"consent_confirmed": [message]})
    if bilan.photos.count() >= MAX_PHOTOS_PER_BILAN:
        raise ActionError(f"Un bilan compte au plus {MAX_PHOTOS_PER_BILAN} photos.")
    caption = rules.clean_text(caption)
    if len(caption) > SHORT_MAX:
        raise ActionError(f"La légende ne peut dépasser {SHORT_MAX} caractères.", errors={"caption": ["Trop longue."]})
    try:
        clean = clean_photo(file)
    except PhotoRejected as exc:
        raise ActionError(str(exc), errors={"file": [str(exc)]}) from exc
    photo = BilanPhoto(bilan=bilan, caption=caption, consent_confirmed=True, consent_text=CONSENT_TEXT, uploaded_by=by)
    photo.image.save(f"photo.{clean.extension}", clean.content, save=False)
    photo.width, photo.height = clean.width, clean.height
    photo.save()
    log_action(action, "actions.bilan.photo_added", user=by, data={"photo": photo.pk})
    return photo


@transaction.atomic
def bilan_photo_remove(*, photo, by) -> None:
    action = lock_action(photo.bilan.action)
    kinds = rules.actor_kinds(by, action)
    if Actor.CONTRIBUTOR not in kinds and not (kinds & PILOTS):
        raise ModerationError("Seul le porteur de l'action ou un pilote peut retirer une photo.")
    photo_id = photo.pk
    photo.image.delete(save=False)
    photo.delete()
    log_action(action, "actions.bilan.photo_removed", user=by, data={"photo": photo_id})


@transaction.atomic
def bilan_support_add(*, bilan, by, title: str, file=None, url: str = "") -> BilanSupport:
    """A support produced by the action: a file (PDF, PNG, JPEG, office document; under 20 Mo; its
    content checked like the kit's, sps/editions/resource_services.py) or a link."""
    action = lock_action(bilan.action)
    _check_bilan(by, action)
    errors: dict = {}
    title = rules.clean_text(title)
    if not title:
        errors.setdefault("title", []).append("Indiquez le titre du support.")
    elif len(title) > TITLE_MAX:
        errors.setdefault("title", []).append(f"Le titre ne peut dépasser {TITLE_MAX} caractères.")
    url = clean_url(url, "Le lien", errors, "url")
    if (file is None) == (not url):
        errors.setdefault("file", []).append("Joignez un fichier ou indiquez un lien (l'un ou l'autre).")
    checked = None
    if file is not None:
        # The kit's checks: the content must match the extension (PDF magic, Pillow for images,
        # office files as ZIP with the right [Content_Types].xml or mimetype), 20 Mo at most.
        try:
            checked = check_resource_file(file)
        except ResourceError as exc:
            errors.setdefault("file", []).append(str(exc))
    raise_errors(errors, lead="Le support n'a pas été ajouté.")
    support = BilanSupport(bilan=bilan, title=title, url=url, uploaded_by=by)
    if checked is not None:
        support.file.save(checked.name, file, save=False)
    support.save()
    log_action(action, "actions.bilan.support_added", user=by, data={"support": support.pk})
    return support
