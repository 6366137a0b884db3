"""The shop as an installable web app: its manifest, a service worker and the offline page.

The service worker (templates/pwa/sw.js) keeps the shop's static files and the offline page,
and nothing else: no page is ever stored, so a basket, a checkout, an account, the portal,
the dashboard or the CMS can never be shown from it, to this visitor or the next one on a
shared phone. When a page cannot be fetched, the offline page is shown in its place. Its
cache is named after a digest of what it holds (the static manifest's hash, the files'
URLs, the offline page itself), so a deployment that changes any of them replaces it.
"""

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

CACHE_PREFIX = "pasar-static-"
THEME_COLOUR = "#0b6e4f"
BACKGROUND_COLOUR = "#ffffff"

# What a shop page loads before anything else (oscar/layout.html), fetched when the worker
# is installed; other static files are kept as they are first used.
PRECACHE_STATIC = [
    "css/pasar.css",
    "oscar/js/jquery/jquery.min.js",
    "oscar/js/oscar/ui.js",
    "js/start.js",
    "js/csrf.js",
    "js/sw-register.js",
    "images/favicon.svg",
    "images/icons/icon-192.png",
]
ICONS = [
    ("images/icons/icon-192.png", "192x192", "any"),
    ("images/icons/icon-512.png", "512x512", "any"),
    ("images/icons/icon-maskable-512.png", "512x512", "maskable"),
]


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _offline_urls() -> dict[str, str]:
    return {code: f"{reverse('offline')}?lang={code}" for code in _languages()}


def _offline_html(language: str) -> str:
    with translation.override(language):
        return render_to_string("pwa/offline.html", {"LANGUAGE_CODE": language})


@functools.cache
def cache_name() -> str:
    """A new name whenever what the worker keeps changes (read once per process: static files
    and templates change only with a deployment)."""
    digest = hashlib.sha256()
    # Hashed static names (production) carry their content; without them, hash the files.
    manifest_hash = getattr(staticfiles_storage, "manifest_hash", "") or ""
    digest.update(manifest_hash.encode())
    for path in PRECACHE_STATIC:
        digest.update(static(path).encode())
        if not manifest_hash and (found := finders.find(path)):
            digest.update(Path(found).read_bytes())
    for language in _languages():
        digest.update(_offline_html(language).encode())
    return CACHE_PREFIX + digest.hexdigest()[:16]


def manifest(request: HttpRequest) -> JsonResponse:
    with translation.override("id"):
        data = {
            "name": settings.OSCAR_SHOP_NAME,
            "short_name": "Desmigratif",
            "description": _("Produk keluarga pekerja migran dari Desa Migran Produktif (Desmigratif)."),
            "lang": "id",
            "dir": "ltr",
            "start_url": "/",
            "scope": "/",
            "id": "/",
            "display": "standalone",
            "theme_color": THEME_COLOUR,
            "background_color": BACKGROUND_COLOUR,
            "icons": [
                {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
                for path, sizes, purpose in ICONS
            ],
        }
    response = JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


def service_worker(request: HttpRequest) -> HttpResponse:
    config = {
        "cache": cache_name(),
        "prefix": CACHE_PREFIX,
        "precache": [static(path) for path in PRECACHE_STATIC],
        "offline": _offline_urls(),
        "defaultLanguage": settings.LANGUAGE_CODE,
        "languageCookie": settings.LANGUAGE_COOKIE_NAME,
        "staticUrl": settings.STATIC_URL,
        # Hashed names never change content: those are served from the cache first.
        "hashedNames": bool(getattr(staticfiles_storage, "manifest_hash", "")),
    }
    response = render(
        request, "pwa/sw.js", {"config": json.dumps(config)}, content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    # Browsers check for a new worker on navigation; never answer from an HTTP cache.
    response["Cache-Control"] = "no-cache"
    return response


def offline_page(request: HttpRequest) -> HttpResponse:
    """The page the worker shows when a page cannot be loaded; one per language (?lang=)."""
    language = request.GET.get("lang")
    if language not in _languages():
        language = translation.get_language() or settings.LANGUAGE_CODE
    response = HttpResponse(_offline_html(language))
    response["Cache-Control"] = "no-cache"
    return response
