"""A suspended producer's product page: no dead ends (issue 14 item 10).

The product stays findable by its address (links and searches out there point at it), but
it says plainly it is not for sale, links nowhere that answers 404 and offers no "tell me
when it is back" for stock that is on the shelf.
"""

import pytest
from django.urls import reverse

from sellers.services import seller_suspend

pytestmark = pytest.mark.django_db


def _page(client, product) -> str:
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_suspended_producers_product_is_shown_as_not_available_without_dead_ends(
    client, product, django_capture_on_commit_callbacks
):
    seller = product.stockrecords.get().partner.seller_profile
    assert reverse("sellers:profile", kwargs={"slug": seller.slug}) in _page(client, product)
    with django_capture_on_commit_callbacks(execute=True):  # the cached page is let go on commit
        seller_suspend(seller=seller, reason="Izin P-IRT kedaluwarsa")

    page = _page(client, product)

    assert client.get(seller.get_absolute_url()).status_code == 404
    assert seller.get_absolute_url() not in page  # named, not linked
    assert seller.name in page
    assert "Tidak tersedia" in page
    assert 'id="alert_form"' not in page
    assert reverse("customer:alert-create", kwargs={"pk": product.pk}) not in page
    assert 'id="add_to_basket_form"' not in page
    assert "schema.org/InStock" not in page  # nor to search engines


def test_an_approved_producers_sold_out_product_still_offers_the_stock_alert(client, product):
    product.stockrecords.update(num_in_stock=0)

    page = _page(client, product)

    assert 'id="alert_form"' in page
    assert product.stockrecords.get().partner.seller_profile.get_absolute_url() in page
