"""The installable shop: a web app manifest, a service worker served from the root, and the
offline page it shows (the worker itself is driven in Chromium: tests/browser/test_offline.py)."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from marketplace import pwa
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_manifest_names_the_shop_with_its_icons_and_colours(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Pasar Desmigratif" and len(manifest["short_name"]) <= 12
    assert (manifest["lang"], manifest["start_url"], manifest["display"]) == ("id", "/", "standalone")
    assert manifest["theme_color"] == "#0b6e4f"
    sizes = set()
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with Image.open(path) as picture:
            assert picture.format == "PNG"
            assert f"{picture.width}x{picture.height}" == icon["sizes"]
        sizes.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_the_service_worker_is_served_from_the_root_scope_as_javascript(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    config = json.loads(re.search(r"const CONFIG = (\{.*\});", response.content.decode()).group(1))
    assert config["cache"] == pwa.cache_name() and config["cache"].startswith(pwa.CACHE_PREFIX)
    assert set(config["offline"]) == {"id", "en"}
    # Only static files and the offline page are stored; no page of anyone's own.
    assert all(url.startswith("/static/") for url in config["precache"])
    assert all(url.startswith(reverse("offline")) for url in config["offline"].values())


def test_the_cache_is_renamed_when_what_it_keeps_changes(monkeypatch):
    pwa.cache_name.cache_clear()
    before = pwa.cache_name()
    monkeypatch.setattr(pwa, "PRECACHE_STATIC", [*pwa.PRECACHE_STATIC, "js/regions.js"])
    pwa.cache_name.cache_clear()
    try:
        assert pwa.cache_name() != before
    finally:
        monkeypatch.undo()
        pwa.cache_name.cache_clear()


def test_shop_pages_link_the_manifest_and_register_the_worker_from_a_static_script(client):
    content = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in content
    assert '<link rel="apple-touch-icon"' in content
    assert re.search(r'<script src="/static/js/sw-register.js" data-worker-url="/sw.js" defer>', content)


def test_the_worker_precaches_exactly_what_a_shop_page_loads(client):
    """A file the worker asks for at install that does not exist (a stylesheet the page no
    longer loads) fails the whole install: the worker then never controls a page."""
    assert all(finders.find(path) for path in pwa.PRECACHE_STATIC), [
        path for path in pwa.PRECACHE_STATIC if not finders.find(path)
    ]
    page = client.get("/").content.decode()
    loaded = set(re.findall(r'(?:src|href)="/static/([^"?]+)', page))
    scripts_and_styles = {path for path in loaded if path.endswith((".css", ".js"))}
    assert scripts_and_styles <= set(pwa.PRECACHE_STATIC), scripts_and_styles - set(pwa.PRECACHE_STATIC)


@pytest.mark.parametrize(
    ("language", "heading", "retry"),
    [("id", "Anda sedang offline", "Coba lagi"), ("en", "You are offline", "Try again")],
)
def test_the_offline_page_is_in_the_visitors_language_and_names_no_one(client, language, heading, retry):
    client.force_login(UserFactory(email="ani@contoh.id", first_name="Ani"))
    response = client.get(reverse("offline"), {"lang": language})
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert heading in content and retry in content
    assert "ani@contoh.id" not in content and "Ani" not in content
    assert "<form" not in content and "csrfmiddlewaretoken" not in content
    assert not response.cookies
