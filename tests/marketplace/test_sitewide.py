"""Layout parts the same for every visitor (footer, header search box, category menu) are
rendered once per web process, language and catalogue version ({% cache … using="local" %}),
and follow both."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from core import cache
from marketplace.context_processors import cache_versions
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

TEMPLATE = engines["django"].from_string(
    "{% load cache i18n %}"
    '{% cache 600 probe LANGUAGE_CODE cache_versions.catalogue using="local" %}'
    "{% trans 'Semua produk' %} {{ counter.next }}{% endcache %}"
)


class Counter:
    def __init__(self):
        self.renders = 0

    def next(self):
        self.renders += 1
        return self.renders


def _render(counter) -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    context = {"counter": counter, "LANGUAGE_CODE": translation.get_language(), **cache_versions(request)}
    return TEMPLATE.render(context, request)


def test_rendered_once_per_language_and_catalogue_version(django_capture_on_commit_callbacks):
    caches["local"].clear()
    counter = Counter()
    first = _render(counter)
    assert _render(counter) == first == "Semua produk 1"
    with translation.override("en"):
        assert _render(counter) == "All products 2"
    with django_capture_on_commit_callbacks(execute=True):
        cache.tags_changed("catalogue")
    assert _render(counter) == "Semua produk 3"
    assert counter.renders == 3


def test_logged_in_and_anonymous_pages_share_the_footer_and_menu(client, django_capture_on_commit_callbacks):
    caches["local"].clear()
    CategoryFactory(name="Kerajinan Bambu")
    anonymous = client.get(reverse("catalogue:index")).content.decode()
    client.force_login(UserFactory())
    logged_in = client.get(reverse("catalogue:index")).content.decode()
    for page in (anonymous, logged_in):
        assert "Kerajinan Bambu" in page and "site-footer" in page and 'name="q"' in page
    # Once per language and version of the shop's own pages it links (cms.ShopInfoPage).
    footer_key = make_template_fragment_key("footer", ["id", cache.versions(["content"])["content"]])
    assert caches["local"].get(footer_key) is not None
