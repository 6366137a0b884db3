"""The pages this issue changed are valid HTML with their new parts showing: the producer's
order page (ship-by warning, printouts, history) and list (late orders), and the buyer's
order page with the courier's tracking link."""

from datetime import timedelta

import pytest
from django.utils import timezone

from checkout.views import order_status_url
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from tests.fulfilment.conftest import kerupuk_part, paid_order  # noqa: F401
from tests.marketplace.test_valid_html import vnu_errors

pytestmark = pytest.mark.django_db


def test_the_order_pages_with_shipping_parts_are_valid_html(client, kerupuk_part, tmp_path):  # noqa: F811
    SellerOrder.objects.filter(pk=kerupuk_part.pk).update(paid_at=timezone.now() - timedelta(days=10))
    fulfilment_services.seller_orders_flag_late()
    other = kerupuk_part.order.seller_orders.exclude(pk=kerupuk_part.pk).get()
    fulfilment_services.seller_order_hand_over(
        seller_order=other, courier="JNE", tracking_number="CGK1A2345678999"
    )
    client.force_login(kerupuk_part.seller.user)
    pages = {}
    for name, url, expected in [
        ("portal order", kerupuk_part.get_absolute_url(), "Sudah lewat batas kirim"),
        ("portal orders", "/penjual/pesanan/", "Lewat batas kirim"),
    ]:
        response = client.get(url)
        assert response.status_code == 200 and expected in response.content.decode()
        pages[name] = response.content.decode()
    client.logout()
    fulfilment_services.seller_order_hand_over(seller_order=kerupuk_part, tracking_number="CGK1A2345678901")
    response = client.get(order_status_url(kerupuk_part.order))
    assert "Lacak paket di situs JNE" in response.content.decode()
    pages["order status"] = response.content.decode()

    assert vnu_errors(pages, tmp_path) == {}
