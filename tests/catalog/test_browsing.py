"""Browsing must list products on the default setup (no search server).

Oscar's haystack simple backend renders these pages empty without an error; these
tests fail if that ever comes back.
"""

import pytest
from django.urls import reverse

from sellers.models import SellerProfile
from tests.factories import CategoryFactory, ProductFactory, SellerProfileFactory

pytestmark = pytest.mark.django_db


def test_catalogue_lists_public_products(client, seller):
    products = [ProductFactory(seller=seller, title=f"Sirup Mangga {n}") for n in range(3)]
    response = client.get(reverse("catalogue:index"))
    assert response.status_code == 200
    assert response.context["paginator"].count == 3
    for product in products:
        assert product.title in response.content.decode()


def test_category_page_lists_products_of_the_category_and_its_children(client, seller):
    parent = CategoryFactory(name="Makanan Olahan")
    child = parent.add_child(name="Kerupuk dan Keripik")
    in_child = ProductFactory(seller=seller, title="Kerupuk Kulit Ikan", categories__category=child)
    elsewhere = ProductFactory(seller=seller, title="Tas Anyaman")
    response = client.get(parent.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert in_child.title in content
    assert elsewhere.title not in content


def test_hidden_products_and_unapproved_sellers_are_not_listed(client):
    ProductFactory(title="Produk Tampil")
    ProductFactory(title="Produk Disembunyikan", is_public=False)
    ProductFactory(
        title="Produk Penjual Ditangguhkan",
        seller=SellerProfileFactory(status=SellerProfile.Status.SUSPENDED),
    )
    ProductFactory(title="Produk Pendaftar", seller=SellerProfileFactory(status=SellerProfile.Status.APPLIED))
    content = client.get(reverse("catalogue:index")).content.decode()
    assert "Produk Tampil" in content
    assert "Produk Disembunyikan" not in content
    assert "Produk Penjual Ditangguhkan" not in content
    assert "Produk Pendaftar" not in content


def test_catalogue_sorts_by_price(client, seller):
    ProductFactory(seller=seller, title="Mahal", price=90000)
    ProductFactory(seller=seller, title="Murah", price=10000)
    ProductFactory(seller=seller, title="Sedang", price=50000)
    response = client.get(reverse("catalogue:index"), {"sort_by": "price-asc"})
    assert [p.title for p in response.context["products"]] == ["Murah", "Sedang", "Mahal"]
    response = client.get(reverse("catalogue:index"), {"sort_by": "price-desc"})
    assert [p.title for p in response.context["products"]] == ["Mahal", "Sedang", "Murah"]


@pytest.mark.parametrize(
    "params", [{"page": "999"}, {"page": "abc"}, {"sort_by": "<script>"}, {"page": "-1"}]
)
def test_bad_listing_parameters_give_a_normal_page(client, product, params):
    response = client.get(reverse("catalogue:index"), params)
    assert response.status_code == 200
    assert product.title in response.content.decode()


def test_catalogue_paginates(client, seller, settings):
    for n in range(30):
        ProductFactory(seller=seller, title=f"Keripik {n:02d}")
    first = client.get(reverse("catalogue:index"))
    second = client.get(reverse("catalogue:index"), {"page": 2})
    assert len(first.context["products"]) == 24
    assert len(second.context["products"]) == 6


def test_search_finds_products_by_title_words(client, seller):
    ProductFactory(seller=seller, title="Kerupuk Kulit Ikan Pedas")
    ProductFactory(seller=seller, title="Sirup Mangga")
    response = client.get(reverse("search:search"), {"q": "kulit ikan"})
    titles = [p.title for p in response.context["results"]]
    assert titles == ["Kerupuk Kulit Ikan Pedas"]


def test_village_and_producer_pages_list_their_products(client, seller):
    product = ProductFactory(seller=seller, title="Bordir Mega Mendung")
    other = ProductFactory(title="Produk Desa Lain")
    for url in (seller.village.get_absolute_url(), seller.get_absolute_url()):
        content = client.get(url).content.decode()
        assert product.title in content
        assert other.title not in content


def test_product_page_shows_price_in_rupiah(client, product):
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    assert "Rp\xa025.000" in response.content.decode()
