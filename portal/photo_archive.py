"""The photos of a listings file, uploaded as one ZIP and named in the file's "foto" column.

A ZIP says how big its files are before they are read, and may lie: each photo is read with
a bound (sellers.images.MAX_UPLOAD_BYTES, the limit of a photo uploaded one by one), so a
small archive cannot unpack into gigabytes. Every photo taken from it is then cleaned by
sellers.images like a product photo uploaded in the portal.
"""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from sellers.images import ALLOWED_FORMATS, MAX_UPLOAD_BYTES, MIN_EDGE, image_pixels


class PhotoArchive:
    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = [info for info in self.zip.infolist() if not info.is_dir()]
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ValidationError(_("Berkas foto harus berupa ZIP.")) from exc
        if len(members) > settings.LISTINGS_PHOTOS_ZIP_MAX_FILES:
            raise ValidationError(
                _("ZIP berisi terlalu banyak berkas (maksimal %(n)s).")
                % {"n": settings.LISTINGS_PHOTOS_ZIP_MAX_FILES}
            )
        # By file name alone, in any folder of the archive and in any case: what the sheet names.
        self.members = {}
        for info in members:
            name = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
            if name and not name.startswith(".") and "__MACOSX/" not in info.filename:
                self.members.setdefault(name.lower(), info)

    def __len__(self) -> int:
        return len(self.members)

    def upload(self, name: str) -> ContentFile:
        """The named photo as an uploaded file, read no further than a photo may be long."""
        info = self.members.get(name.lower())
        if info is None:
            raise ValidationError(_("tidak ada di ZIP."))
        if info.file_size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("Foto terlalu besar (maksimal %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        try:
            with self.zip.open(info) as member:
                content = member.read(MAX_UPLOAD_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
            raise ValidationError(_("Berkas ini rusak di dalam ZIP.")) from exc
        if len(content) > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("Foto terlalu besar (maksimal %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return ContentFile(content, name=name)

    @staticmethod
    def check(upload) -> None:
        """What the preview can tell from the photo's header without decoding it: that it is
        a JPG, PNG or WebP of a size sellers.images.image_clean takes."""
        pixels = image_pixels(upload)
        if not pixels:
            raise ValidationError(_("Berkas ini bukan foto yang bisa dibaca."))
        try:
            with Image.open(upload) as probe:
                image_format, edge = probe.format, min(probe.size)
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
            raise ValidationError(_("Berkas ini bukan foto yang bisa dibaca.")) from exc
        finally:
            upload.seek(0)
        if image_format not in ALLOWED_FORMATS:
            raise ValidationError(_("Gunakan foto JPG, PNG atau WebP."))
        if pixels > settings.PHOTO_MAX_PIXELS:
            raise ValidationError(
                _("Foto terlalu besar (%(mp)s megapiksel); maksimal %(max)s megapiksel.")
                % {"mp": round(pixels / 1_000_000), "max": settings.PHOTO_MAX_PIXELS // 1_000_000}
            )
        if edge < MIN_EDGE:
            raise ValidationError(
                _("Foto terlalu kecil; sisi terpendek minimal %(px)s piksel.") % {"px": MIN_EDGE}
            )
