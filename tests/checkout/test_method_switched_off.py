"""An order whose payment method was switched off since it was placed (Midtrans's or Stripe's
keys taken out of the settings) still has its page: the buyer is told the method is not
available now, instead of a 500."""

import pytest

from checkout.views import order_status_url
from payment.models import OrderPayment
from tests.checkout.conftest import checkout_as_guest, fill_basket

pytestmark = pytest.mark.django_db


def test_the_order_page_survives_its_payment_method_being_switched_off(client, products, buyer_village):
    fill_basket(client, (products[0], 1))
    checkout_as_guest(client, buyer_village)
    payment = OrderPayment.objects.get()
    # Placed by QRIS while Midtrans was configured; this shop has no Midtrans keys now.
    OrderPayment.objects.filter(pk=payment.pk).update(method="midtrans_qris")

    response = client.get(order_status_url(payment.order))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="payment-method-unavailable"' in page
    assert payment.order.number in page
