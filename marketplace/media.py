"""Uploaded files, served from disk on a single machine (with object storage they never reach Django).

Only raster images that browsers display as images are served inline under their own
type. Anything else someone managed to upload (SVG, HTML, PDF, text…) downloads as
application/octet-stream, and every answer carries nosniff and a sandboxing policy, so an
upload can never run as a page of the shop.
"""

from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.static import serve

INLINE_CONTENT_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"})
UPLOAD_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def upload_serve(request: HttpRequest, path: str) -> HttpResponseBase:
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in INLINE_CONTENT_TYPES:
            name = PurePosixPath(path).name
            response["Content-Type"] = "application/octet-stream"
            response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = UPLOAD_POLICY
    return response
