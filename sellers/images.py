"""Checking and cleaning producers' photos before they are stored.

Photos from phones carry EXIF (often the GPS position of the family's home); they may
also be huge, mislabelled or crafted to exhaust memory. Every upload is decoded by
Pillow, size-checked, turned upright, re-encoded without metadata and resized.

The cost is bounded before anything is decoded: the header's dimensions are read first and a
photo over PHOTO_MAX_PIXELS is refused; JPEGs (phone photos) are decoded at the smallest
scale still at least MAX_EDGE (Pillow's draft mode), so a 24 MP photo costs a quarter of it.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_EDGE = 1600
MIN_EDGE = 200
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str
    width: int
    height: int


def image_pixels(upload) -> int:
    """Pixels the upload's header claims (0 when it is not an image): cheap, nothing decoded."""
    try:
        with Image.open(upload) as probe:
            return probe.width * probe.height
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return 0
    finally:
        upload.seek(0)


def image_clean(upload) -> CleanImage:
    """Validate an uploaded file and return a stripped, resized JPEG/PNG/WebP."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Foto terlalu besar (maksimal %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    data = upload.read()
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: treat it as fatal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                if image_format not in ALLOWED_FORMATS:
                    raise ValidationError(_("Gunakan foto JPG, PNG atau WebP."))
                if probe.width * probe.height > settings.PHOTO_MAX_PIXELS:
                    raise ValidationError(
                        _("Foto terlalu besar (%(mp)s megapiksel); maksimal %(max)s megapiksel.")
                        % {
                            "mp": round(probe.width * probe.height / 1_000_000),
                            "max": settings.PHOTO_MAX_PIXELS // 1_000_000,
                        }
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                if image.format == "JPEG":
                    image.draft("RGB", (MAX_EDGE, MAX_EDGE))
                image.load()
                image = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("Ukuran foto terlalu besar untuk diproses.")) from exc
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("Berkas ini bukan foto yang bisa dibaca.")) from exc

    if min(image.size) < MIN_EDGE:
        raise ValidationError(
            _("Foto terlalu kecil; sisi terpendek minimal %(px)s piksel.") % {"px": MIN_EDGE}
        )
    image.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    if image_format == "PNG":
        # No pnginfo is passed, so text chunks and EXIF are dropped.
        image.save(output, "PNG", optimize=True)
    elif image_format == "WEBP":
        image.convert("RGB").save(output, "WEBP", quality=82)
    else:
        image.convert("RGB").save(output, "JPEG", quality=85, optimize=True, progressive=True)
    return CleanImage(
        content=output.getvalue(),
        extension=ALLOWED_FORMATS[image_format],
        width=image.width,
        height=image.height,
    )
