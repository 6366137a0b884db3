"""Whole pages cached for anonymous visitors (product page, listings, search): the same bytes
for every visitor, with no inline script (so no CSP nonce) and forms whose CSRF token the
visitor's own cookie fills (static/js/csrf.js, marketplace.csrf)."""

import gzip
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.analytics import product_views_flush
from tests.cache_reads import cache_reads
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
SCRIPT = re.compile(r"<script([^>]*)>")


@pytest.mark.parametrize("url_name", ["product", "catalogue", "search"])
def test_second_anonymous_visit_is_served_from_the_cache_without_the_database(product, url_name):
    url = {
        "product": product.get_absolute_url(),
        "catalogue": reverse("catalogue:index"),
        "search": reverse("search:search") + "?q=kerupuk",
    }[url_name]
    first = Client().get(url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(url)
    assert second["X-Page-Cache"] == "hit"
    # Not even the request-wide transaction (ATOMIC_REQUESTS: a savepoint inside the test's
    # own), whose opening is a health check of the connection in production.
    assert [q["sql"] for q in queries.captured_queries] == []
    assert "Kerupuk Kulit Ikan Original" in second.content.decode()


def test_a_listing_hit_is_one_cache_read(product):
    """The versions of the products its cards show are read with the page itself (core.cache
    remembers which they were), not in a second round trip once the page is read."""
    url = reverse("catalogue:index")
    Client().get(url)  # built and stored
    Client().get(url)  # this process sees which products it shows
    hit, reads = cache_reads(Client(), url)
    assert hit["X-Page-Cache"] == "hit"
    assert len(reads) == 1, reads
    assert f"version:product:{product.pk}" in reads[0]


def test_each_hit_is_the_same_page_with_no_inline_script_and_no_token(client, product):
    url = product.get_absolute_url()
    Client().get(url)
    hits = [Client().get(url, HTTP_ACCEPT_ENCODING="gzip") for _ in range(2)]
    assert [hit["X-Page-Cache"] for hit in hits] == ["hit", "hit"]
    assert hits[0].content == hits[1].content
    page = gzip.decompress(hits[0].content).decode()
    # Every script is a file (or JSON-LD data, which runs nothing): the policy needs no nonce.
    for attributes in SCRIPT.findall(page):
        assert "src=" in attributes or 'type="application/ld+json"' in attributes
    assert "nonce" not in page and "nonce-" not in hits[0]["Content-Security-Policy"]
    assert set(TOKEN.findall(page)) == {""}


def test_a_cached_pages_basket_form_works_for_each_visitor(product):
    """As static/js/csrf.js does: the visitor's CSRF cookie, asked for once, fills the form."""
    url = product.get_absolute_url()
    Client().get(url)
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(url)
        assert page["X-Page-Cache"] == "hit"
        visitor.get(reverse("csrf-token"))
        token = visitor.cookies[settings.CSRF_COOKIE_NAME].value
        added = visitor.post(
            reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1, "csrfmiddlewaretoken": token}
        )
        assert added.status_code == 302
        # Now the visitor has a basket: their pages are their own from here on.
        assert "X-Page-Cache" not in visitor.get(url)
        assert "Rp\xa025.000" in visitor.get(reverse("basket:summary")).content.decode()


def test_without_javascript_the_form_is_confirmed_once_and_nothing_is_lost(product):
    url = product.get_absolute_url()
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    assert visitor.get(url)["X-Page-Cache"] == "hit"
    add = reverse("basket:add", kwargs={"pk": product.pk})
    origin = "http://testserver"
    refused = visitor.post(add, {"quantity": 2, "csrfmiddlewaretoken": ""}, HTTP_ORIGIN=origin)
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Konfirmasi permintaan Anda" in page and 'name="quantity" value="2"' in page
    token = TOKEN.search(page).group(1)
    assert token
    added = visitor.post(add, {"quantity": 2, "csrfmiddlewaretoken": token}, HTTP_ORIGIN=origin)
    assert added.status_code == 302
    assert "Rp\xa050.000" in visitor.get(reverse("basket:summary")).content.decode()


def test_a_form_from_another_site_is_not_offered_again(product):
    visitor = Client(enforce_csrf_checks=True)
    add = reverse("basket:add", kwargs={"pk": product.pk})
    for origin in ({"HTTP_ORIGIN": "https://evil.example"}, {}):
        refused = visitor.post(add, {"quantity": 1}, **origin)
        assert refused.status_code == 403
        page = refused.content.decode()
        assert "Permintaan tidak dapat diproses" in page and 'name="quantity"' not in page


def test_logged_in_buyers_never_get_a_shared_page(client, product):
    url = product.get_absolute_url()
    Client().get(url)
    client.force_login(UserFactory(username="pembeli", email="pembeli@contoh.id"))
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "pembeli@contoh.id" in response.content.decode() or "Akun" in response.content.decode()


def test_views_served_from_the_cache_are_counted(product):
    url = product.get_absolute_url()
    for _ in range(3):
        Client().get(url)
    assert product_views_flush() == 3


def test_a_price_change_replaces_the_cached_page(product, django_capture_on_commit_callbacks):
    url = product.get_absolute_url()
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        stockrecord = product.stockrecords.get()
        stockrecord.price = Decimal("27500")
        stockrecord.save()
    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Rp\xa027.500" in response.content.decode()


def test_a_request_for_another_host_does_not_poison_the_page(product):
    """The page names its own address (JSON-LD url, links): it is cached per host and scheme."""
    url = product.get_absolute_url()
    assert Client().get(url, HTTP_HOST="localhost")["X-Page-Cache"] == "miss"
    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "http://testserver" in response.content.decode()
    assert "localhost" not in response.content.decode()
