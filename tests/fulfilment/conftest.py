"""A paid order placed through the real checkout: two producers, the first sending with
JNE REG (the products fixture's tariff row), billed 1 kg."""

import pytest
from django.test import Client

from fulfilment import services as fulfilment_services
from payment.models import OrderPayment
from payment.services import payment_mark_succeeded
from shipping.models import Courier
from tests.checkout.conftest import checkout_as_guest, fill_basket
from tests.conftest import buyer_village, products, two_producers  # noqa: F401


@pytest.fixture
def paid_order(products, buyer_village):  # noqa: F811
    """2 × Kerupuk Kulit Ikan (Rp 25.000) and 1 × Kerudung Bordir (Rp 125.000), paid by a
    guest in a browser of their own (the test's client signs in whoever it needs)."""
    guest = Client()
    fill_basket(guest, (products[0], 2), (products[1], 1))
    checkout_as_guest(guest, buyer_village)
    payment = payment_mark_succeeded(payment=OrderPayment.objects.get())
    return payment.order


@pytest.fixture
def kerupuk_part(paid_order):
    """The first producer's part, sent with JNE REG; JNE's tracking page and waybill lengths
    as the migration seeds them (a transactional test run before flushes the seed)."""
    Courier.objects.filter(code="jne").update(
        tracking_url="https://www.jne.co.id/tracking-package", waybill_min_length=10, waybill_max_length=18
    )
    part = paid_order.seller_orders.select_related("courier_service__courier", "seller__user").get(
        seller__name="Dapur Bu Warsini"
    )
    assert part.courier_service.courier.code == "jne"
    return part


@pytest.fixture
def only_kerupuk_open(kerupuk_part):
    """The other producer has shipped: only the kerupuk part can run late."""
    other = kerupuk_part.order.seller_orders.exclude(pk=kerupuk_part.pk).get()
    fulfilment_services.seller_order_hand_over(
        seller_order=other, courier="JNE", tracking_number="CGK1A2345678999"
    )
    return kerupuk_part
