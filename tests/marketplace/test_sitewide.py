"""Layout parts the same for every visitor (footer, header search box, category menu) are
rendered once per web process, language and generation, and follow both."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from marketplace import cache
from marketplace.templatetags import sitewide
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

TEMPLATE = engines["django"].from_string(
    "{% load sitewide i18n %}"
    "{% sitewide probe %}{% trans 'Semua produk' %} {{ counter.next }}{% endsitewide %}"
)


class Counter:
    def __init__(self):
        self.renders = 0

    def next(self):
        self.renders += 1
        return self.renders


def test_rendered_once_per_language_and_generation(django_capture_on_commit_callbacks):
    counter = Counter()
    request = RequestFactory().get("/")
    first = TEMPLATE.render({"counter": counter}, request)
    assert TEMPLATE.render({"counter": counter}, request) == first == "Semua produk 1"
    with translation.override("en"):
        assert TEMPLATE.render({"counter": counter}, request) == "All products 2"
    with django_capture_on_commit_callbacks(execute=True):
        cache.generation_bump(cache.CATALOGUE)
    assert TEMPLATE.render({"counter": counter}, request) == "Semua produk 3"
    assert counter.renders == 3


def test_logged_in_and_anonymous_pages_share_the_footer_and_menu(client, django_capture_on_commit_callbacks):
    CategoryFactory(name="Kerajinan Bambu")
    anonymous = client.get(reverse("catalogue:index")).content.decode()
    client.force_login(UserFactory())
    logged_in = client.get(reverse("catalogue:index")).content.decode()
    for page in (anonymous, logged_in):
        assert "Kerajinan Bambu" in page and "site-footer" in page and 'name="q"' in page
    assert any(key[0] == "footer" for key in sitewide._rendered)
