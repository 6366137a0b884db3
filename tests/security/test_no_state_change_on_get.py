"""Signing out and adding to a wish list change nothing on GET (issue 15, item 11): a link,
an <img> on another site or a prefetching browser must not sign a buyer out or fill their
wish list. GET answers a page with one POST button; the header and product page use forms."""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WishList = get_model("wishlists", "WishList")
Line = get_model("wishlists", "Line")


@pytest.fixture
def buyer_client(client):
    client.force_login(UserFactory(email="ani@contoh.id"))
    return client


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_get_on_logout_keeps_the_buyer_signed_in_and_offers_a_button(buyer_client):
    response = buyer_client.get("/accounts/logout/")

    assert response.status_code == 200
    assert _signed_in(buyer_client)
    page = response.content.decode()
    assert re.search(r'<form method="post" action="/accounts/logout/"', page)
    assert "Keluar dari akun ani@contoh.id?" in page


def test_posting_logout_signs_out(buyer_client):
    response = buyer_client.post("/accounts/logout/")

    assert response.status_code == 302
    assert not _signed_in(buyer_client)


def test_every_page_signs_out_with_a_form_not_a_link(buyer_client, product):
    for url in ("/", product.get_absolute_url(), reverse("customer:profile-view")):
        page = buyer_client.get(url).content.decode()
        assert not re.search(r'<a [^>]*href="/accounts/logout/"', page), url
        assert re.search(r'<form id="logout_form" method="post" action="/accounts/logout/"', page), url


def test_get_on_wishlist_add_changes_nothing(buyer_client, product):
    url = reverse("customer:wishlists-add-product", kwargs={"product_pk": product.pk})

    response = buyer_client.get(url)

    assert response.status_code == 200
    assert not WishList.objects.exists()
    assert re.search(rf'<form method="post" action="{url}"', response.content.decode())


def test_posting_wishlist_add_adds_the_product(buyer_client, product):
    url = reverse("customer:wishlists-add-product", kwargs={"product_pk": product.pk})

    assert buyer_client.post(url).status_code == 302

    assert Line.objects.get().product == product


def test_product_page_adds_to_a_wish_list_with_forms(client, product):
    buyer_client = client
    buyer = UserFactory(email="budi@contoh.id")
    WishList.objects.create(owner=buyer, name="Oleh-oleh")
    WishList.objects.create(owner=buyer, name="Lebaran")
    buyer_client.force_login(buyer)

    page = buyer_client.get(product.get_absolute_url()).content.decode()

    adds = re.findall(r'<(a|form)[^>]*(?:href|action)="(/accounts/wishlists/[^"]*/add/\d+/)"', page)
    assert len(adds) == 2
    assert all(tag == "form" for tag, _url in adds)
