"""Photos from a walk or an owner's answer: re-encoded as JPEG from the pixels only, so no EXIF
(GPS position, camera, time) survives, and resized to at most MAX_SIDE pixels."""

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 1600
MAX_BYTES = 15 * 1024 * 1024


class PhotoError(ValueError):
    pass


def clean_photo(upload) -> tuple[ContentFile, int, int]:
    """(a JPEG without metadata, width, height) from an uploaded image; PhotoError when it is none."""
    if upload.size and upload.size > MAX_BYTES:
        raise PhotoError(_("Bilden är för stor (högst 15 MB)."))
    try:
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise PhotoError(_("Filen är ingen bild som kan läsas (JPEG, PNG, HEIC stöds inte).")) from exc
    # turn the pixels as the camera meant before the orientation tag is dropped with the rest
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    # a fresh image holds the pixels and nothing else: no exif, no info, no icc profile
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg"), clean.width, clean.height
