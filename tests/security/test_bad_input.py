"""Input no browser sends unasked gets the shop's 400 or 404 page, never a 500: a NUL byte
(PostgreSQL text cannot hold one) and page numbers no listing has."""

import pytest
from django.urls import reverse

from cms.models import StoryIndexPage
from tests.checkout.conftest import checkout_as_guest, fill_basket
from tests.cms.conftest import home, publish  # noqa: F401 - the home fixture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def client(client):
    # The page a visitor gets, not the exception a test would otherwise see.
    client.raise_request_exception = False
    return client


@pytest.fixture
def story_index(home):  # noqa: F811 - pytest's fixture argument
    return publish(home, StoryIndexPage(title="Cerita dari desa", slug="cerita", intro="Kisah dari desa."))


def _is_the_400_page(response) -> bool:
    content = response.content.decode()
    return (
        response.status_code == 400
        and "Permintaan tidak bisa diproses" in content
        and ("Pasar Desmigratif" in content)
    )


@pytest.mark.parametrize(
    "url", ["/checkout/pesanan/%00/x/", "/wishlists/%00/", "/cerita/?q=%00", "/catalogue/?q=%00&page=1"]
)
def test_a_nul_byte_in_the_path_or_the_query_gets_the_400_page(client, story_index, url):
    assert _is_the_400_page(client.get(url)), url


def test_a_nul_byte_in_a_form_field_gets_the_400_page(client, products, buyer_village):
    fill_basket(client, (products[0], 1))
    order_page = checkout_as_guest(client, buyer_village)["Location"]

    response = client.post(order_page, {"seller_order": "\x00"})

    assert _is_the_400_page(response)
    assert client.get(order_page).status_code == 200


@pytest.mark.parametrize("url_name", ["search:search", "catalogue:index"])
def test_a_page_number_no_listing_has_gets_the_404_page(client, product, url_name):
    response = client.get(reverse(url_name), {"q": "kerupuk", "page": "1" * 30})

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    # A page just past the last still shows the last one.
    assert client.get(reverse(url_name), {"page": "2"}).status_code == 200
