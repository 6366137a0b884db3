"""Whole pages cached for anonymous visitors (product page, listings, search), with each
visitor's own CSRF token and Content-Security-Policy nonce put back on every hit."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.analytics import product_views_flush
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'<script nonce="([^"]+)"')


def _policy_nonce(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


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
    # The test's transaction shows as savepoints; no query reaches a table.
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert statements == []
    assert "Kerupuk Kulit Ikan Original" in second.content.decode()


def test_each_hit_carries_its_own_nonce_matching_its_policy(client, product):
    url = product.get_absolute_url()
    Client().get(url)
    nonces = set()
    for _ in range(2):
        response = Client().get(url)
        assert response["X-Page-Cache"] == "hit"
        in_page = set(NONCE.findall(response.content.decode()))
        assert in_page == {_policy_nonce(response)}
        nonces |= in_page
    assert len(nonces) == 2


def test_a_cached_pages_basket_form_works_for_each_visitor(product):
    url = product.get_absolute_url()
    Client().get(url)
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(url)
        assert page["X-Page-Cache"] == "hit"
        token = TOKEN.search(page.content.decode()).group(1)
        added = visitor.post(
            reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1, "csrfmiddlewaretoken": token}
        )
        assert added.status_code == 302
        # Now the visitor has a basket: their pages are their own from here on.
        assert "X-Page-Cache" not in visitor.get(url)
        assert "Rp\xa025.000" in visitor.get(reverse("basket:summary")).content.decode()


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
