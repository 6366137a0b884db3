"""A signed-in buyer's listing is the shared page with their own header parts put in
(core.cache.anonymous_page's visitor_parts): their basket, their account links, a sign-out
form with their own CSRF token — never another visitor's."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
OWN_PARTS = "hit, own parts"


def _header(html: str) -> str:
    return html[html.index("<!--visitor-->") : html.index("<!--/visitor-->")]


def _signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_two_buyers_each_get_their_own_header_in_the_shared_listing(
    product, seller, django_capture_on_commit_callbacks
):
    second = ProductFactory(seller=seller, title="Keripik Tempe Sagu", price=18000)
    url = reverse("catalogue:index")
    assert Client().get(url)["X-Page-Cache"] == "miss"  # built for an anonymous visitor
    siti, budi = (
        _signed_in(UserFactory(email="siti@contoh.id")),
        _signed_in(UserFactory(email="budi@contoh.id")),
    )
    with django_capture_on_commit_callbacks(execute=True):
        siti.post(
            reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2}, HTTP_X_CSRFTOKEN=_token(siti)
        )
        budi.post(
            reverse("basket:add", kwargs={"pk": second.pk}), {"quantity": 1}, HTTP_X_CSRFTOKEN=_token(budi)
        )
    pages = {}
    for name, client in (("siti", siti), ("budi", budi), ("siti again", siti)):
        client.get(reverse("basket:summary"))  # the "added" message is shown there, as after a redirect
        response = client.get(url)
        assert response["X-Page-Cache"] == OWN_PARTS
        pages[name] = response.content.decode()
    assert "Rp\xa050.000" in _header(pages["siti"]) and "Rp\xa018.000" not in _header(pages["siti"])
    assert "Rp\xa018.000" in _header(pages["budi"]) and "Rp\xa050.000" not in _header(pages["budi"])
    assert _header(pages["siti again"]).replace(TOKEN.search(pages["siti again"]).group(1), "") == _header(
        pages["siti"]
    ).replace(TOKEN.search(pages["siti"]).group(1), "")
    for page in pages.values():
        assert 'id="logout_form"' in page and 'id="login_link"' not in page
        assert "Kerupuk Kulit Ikan Original" in page  # the shared part: the product cards
    # Everyone's page is not touched: an anonymous visitor still gets the stored bytes.
    anonymous = Client().get(url)
    assert anonymous["X-Page-Cache"] == "hit" and b"logout_form" not in anonymous.content


def _token(client: Client) -> str:
    client.get(reverse("csrf-token"))
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def test_every_form_carries_the_buyers_own_token_and_signing_out_works(product):
    url = reverse("catalogue:index")
    Client().get(url)
    buyer = _signed_in(UserFactory())
    response = buyer.get(url)
    assert response["X-Page-Cache"] == OWN_PARTS
    tokens = TOKEN.findall(response.content.decode())
    assert tokens and all(tokens)  # the sign-out and language forms, none left empty
    out = buyer.post(reverse("customer:logout"), {"csrfmiddlewaretoken": tokens[0]})
    assert out.status_code == 302 and "_auth_user_id" not in buyer.session
    # Another buyer's token does not sign this one out.
    other = _signed_in(UserFactory())
    refused = other.post(reverse("customer:logout"), {"csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403 and "_auth_user_id" in other.session


def test_a_waiting_message_and_staff_get_their_page_built_whole(product, staff_user):
    url = reverse("catalogue:index")
    Client().get(url)
    staff = _signed_in(staff_user)
    assert "X-Page-Cache" not in staff.get(url)
    buyer = _signed_in(UserFactory())
    buyer.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}, HTTP_X_CSRFTOKEN=_token(buyer)
    )
    page = buyer.get(url)  # "added to the basket" is waiting: shown on a page built for them
    assert "X-Page-Cache" not in page and 'class="alert' in page.content.decode()
    assert buyer.get(url)["X-Page-Cache"] == OWN_PARTS  # shown once, then the shared page again


def test_no_current_shared_page_means_the_buyers_own_page(product, django_capture_on_commit_callbacks):
    url = reverse("catalogue:index")
    buyer = _signed_in(UserFactory())
    assert "X-Page-Cache" not in buyer.get(url)  # nothing shared yet: built for them, not stored
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert buyer.get(url)["X-Page-Cache"] == OWN_PARTS
    with django_capture_on_commit_callbacks(execute=True):
        product.title = "Kerupuk Kulit Ikan Pedas"
        product.save()
    page = buyer.get(url)  # the shared page is out of date: theirs is built whole, with the change
    assert "X-Page-Cache" not in page and "Kerupuk Kulit Ikan Pedas" in page.content.decode()
