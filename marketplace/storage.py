"""Uploads in S3-compatible object storage, for shops on more than one web machine.

Used as STORAGES["default"] when MEDIA_S3_BUCKET is set (marketplace/settings/files.py).
Objects are fetched by browsers straight from the bucket or the CDN in front of it, never
through marketplace.media, so the rule that module applies on a single machine is written
into each object's own headers here: raster images inline under their own type, anything
else as an application/octet-stream download. The type comes from the file name, never from
the Content-Type the uploading browser claimed.
"""

from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from storages.backends.s3 import S3Storage

# By file name: the system's mime.types differs between machines (the slim Python image has
# none), and only these are ever sent inline.
INLINE_IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


class MediaStorage(S3Storage):
    def get_default_settings(self) -> dict:
        # sorl-thumbnail remembers a thumbnail's storage as a class path alone (its key-value
        # store) and builds it again with no arguments, so the class itself must know the
        # bucket: STORAGES' OPTIONS become its defaults.
        options = settings.STORAGES.get("default", {}).get("OPTIONS", {})
        return {**super().get_default_settings(), **options}

    def get_object_parameters(self, name: str) -> dict:
        params = super().get_object_parameters(name)
        path = PurePosixPath(name)
        content_type = INLINE_IMAGE_TYPES.get(path.suffix.lower())
        if content_type:
            params["ContentType"] = content_type
        else:
            params["ContentType"] = "application/octet-stream"
            params["ContentDisposition"] = f"attachment; filename*=UTF-8''{quote(path.name)}"
        return params
