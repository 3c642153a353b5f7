"""Photos of bilans: what is accepted, and how it is cleaned before it is stored.

Only JPEG, PNG and WebP, told by decoding the file (never by its name); under MAX_BYTES and
MAX_PIXELS (a small file can announce a huge image: the decompression-bomb guard runs before any
pixel is decoded); turned upright, resized to MAX_SIDE on its long side and re-encoded from the
bare pixels, so that no metadata (EXIF and its GPS position, XMP, comments) can survive.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from sps.common.errors import DomainError
from sps.editions.resource_services import file_size

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2000
JPEG_QUALITY = 85


class PhotoRejected(DomainError):
    """The file is not a photo we accept; the message is French, for the user."""


@dataclass
class CleanPhoto:
    content: ContentFile
    width: int
    height: int
    extension: str


def clean_photo(file) -> CleanPhoto:
    """Check and re-encode an uploaded photo, or raise PhotoRejected."""
    if file_size(file) > MAX_BYTES:
        raise PhotoRejected(
            f"La photo dépasse {MAX_BYTES // (1024 * 1024)} Mo : réduisez-la ou choisissez-en une autre."
        )
    file.seek(0)
    unreadable = PhotoRejected(
        "Ce fichier n'est pas une photo lisible : seuls les formats JPEG, PNG et WebP sont acceptés."
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
            if image.format not in ACCEPTED_FORMATS:
                raise unreadable
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PhotoRejected(
                    f"La photo est trop grande ({width} × {height} pixels) : "
                    f"{MAX_PIXELS // 1_000_000} millions de pixels au plus."
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRejected("La photo est trop grande pour être traitée.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise unreadable from exc

    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image from the bare pixels: no info dict, no EXIF, no ICC, nothing but pixels.
    bare = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    if has_alpha:
        bare.save(out, format="PNG", optimize=True)
        extension = "png"
    else:
        bare.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = "jpg"
    return CleanPhoto(content=ContentFile(out.getvalue()), width=bare.width, height=bare.height, extension=extension)
