"""reconcile_payments: repairs lost webhooks against localstripe, flags the reverse, expires transfers."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fulfilment.models import SellerOrder
from payment.models import OrderPayment
from payment.services import payment_mark_succeeded
from tests.checkout.conftest import checkout_as_guest, fill_basket
from tests.payment.conftest import order_page, pay_with_test_card, place_card_order

Status = OrderPayment.Status

pytestmark = pytest.mark.django_db


def _reconcile() -> str:
    out = StringIO()
    call_command("reconcile_payments", stdout=out)
    return out.getvalue()


def test_a_payment_whose_webhook_never_arrived_is_marked_paid_and_printed(
    client, products, buyer_village, stripe_settings
):
    payment = place_card_order(client, products, buyer_village)
    client.get(order_page(payment))
    # localstripe's deliveries go nowhere (stripe_settings): the order never hears of it.
    assert pay_with_test_card(client, payment, "4242424242424242")["intent_status"] == "succeeded"
    payment.refresh_from_db()
    assert payment.status == Status.PENDING

    output = _reconcile()

    payment.refresh_from_db()
    assert payment.status == Status.SUCCEEDED
    assert set(payment.order.seller_orders.values_list("status", flat=True)) == {SellerOrder.Status.PAID}
    assert f"{payment.order.number} stripe_card: marked paid (its webhook never arrived)" in output
    assert "1 marked paid" in output

    # Running it again finds nothing left to do.
    again = _reconcile()
    assert f"{payment.order.number} stripe_card: ok" in again
    assert "0 marked paid, 0 to check" in again


def test_a_payment_marked_paid_here_but_not_at_stripe_is_flagged_not_unpaid(
    client, products, buyer_village, stripe_settings
):
    payment = place_card_order(client, products, buyer_village)
    client.get(order_page(payment))
    payment.refresh_from_db()
    payment_mark_succeeded(payment=payment, reference=payment.provider_reference)

    output = _reconcile()

    payment.refresh_from_db()
    assert payment.status == Status.SUCCEEDED
    assert (
        f"{payment.order.number} stripe_card: FLAG: paid here but requires_payment_method at the provider"
        in output
    )
    assert "1 to check" in output


def test_open_card_payments_that_are_still_unpaid_are_left_alone(
    client, products, buyer_village, stripe_settings
):
    payment = place_card_order(client, products, buyer_village)
    client.get(order_page(payment))
    assert (
        pay_with_test_card(client, payment, "4000000000000341")["intent_status"] == "requires_payment_method"
    )

    output = _reconcile()

    payment.refresh_from_db()
    assert payment.status == Status.PENDING
    assert (
        f"{payment.order.number} stripe_card: ok (here pending, provider requires_payment_method)" in output
    )


def test_expired_bank_transfers_are_cancelled_and_printed(client, products, buyer_village, stripe_settings):
    fill_basket(client, (products[1], 1))
    checkout_as_guest(client, buyer_village, email="transfer@contoh.id")
    transfer = OrderPayment.objects.get(method="bank_transfer")
    OrderPayment.objects.filter(pk=transfer.pk).update(deadline=timezone.now() - timedelta(minutes=1))

    output = _reconcile()

    transfer.refresh_from_db()
    assert transfer.status == Status.CANCELLED
    assert f"{transfer.order.number} bank_transfer: cancelled" in output
    assert "Cancelled 1 expired bank transfer(s)." in output
    stock = products[1].stockrecords.get()
    assert stock.num_allocated == 0
