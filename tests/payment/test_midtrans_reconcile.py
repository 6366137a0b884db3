"""reconcile_payments asks Midtrans about open Midtrans payments whose notification was lost."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fulfilment.models import SellerOrder
from payment.models import OrderPayment
from tests.payment.conftest import order_page, place_midtrans_order

Status = OrderPayment.Status

pytestmark = pytest.mark.django_db


def _reconcile() -> str:
    out = StringIO()
    call_command("reconcile_payments", stdout=out)
    return out.getvalue()


@pytest.fixture
def cstore_payment(client, products, buyer_village, midtrans_settings):
    payment = place_midtrans_order(client, products, buyer_village, "midtrans_indomaret")
    client.get(order_page(payment))
    return payment


def test_a_settlement_whose_notification_was_lost_is_marked_paid(cstore_payment, midtrans):
    midtrans.settle(cstore_payment.order.number)  # delivered nowhere
    output = _reconcile()
    cstore_payment.refresh_from_db()
    assert cstore_payment.status == Status.SUCCEEDED
    assert set(cstore_payment.order.seller_orders.values_list("status", flat=True)) == {
        SellerOrder.Status.PAID
    }
    number = cstore_payment.order.number
    assert f"{number} midtrans_indomaret: marked paid (its webhook never arrived)" in output
    assert f"{number} midtrans_indomaret: ok" in _reconcile()


def test_an_expiry_whose_notification_was_lost_cancels_and_releases_stock(cstore_payment, midtrans, products):
    midtrans.expire(cstore_payment.order.number)
    output = _reconcile()
    cstore_payment.refresh_from_db()
    assert cstore_payment.status == Status.CANCELLED
    assert [product.stockrecords.get().num_allocated for product in products] == [0, 0]
    assert f"{cstore_payment.order.number} midtrans_indomaret: cancelled: expire at the provider" in output


def test_a_payment_still_pending_at_midtrans_is_left_alone(cstore_payment, midtrans):
    output = _reconcile()
    cstore_payment.refresh_from_db()
    assert cstore_payment.status == Status.PENDING
    assert f"{cstore_payment.order.number} midtrans_indomaret: ok (here pending, provider pending)" in output


def test_an_order_whose_page_was_never_opened_has_nothing_to_ask(
    client, products, buyer_village, midtrans_settings
):
    payment = place_midtrans_order(client, products, buyer_village, "midtrans_bca_va")
    output = _reconcile()
    assert f"{payment.order.number} midtrans_bca_va: ok (here pending, provider no_charge)" in output


def test_a_denied_payment_not_paid_again_by_its_deadline_is_cancelled(
    client, cstore_payment, midtrans, products
):
    client.post(
        "/pembayaran/midtrans/notifikasi/",
        data=midtrans.deny(cstore_payment.order.number),
        content_type="application/json",
    )
    cstore_payment.refresh_from_db()
    assert cstore_payment.status == Status.FAILED
    assert (
        f"{cstore_payment.order.number} midtrans_indomaret: ok (here failed, provider deny)" in _reconcile()
    )

    OrderPayment.objects.filter(pk=cstore_payment.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    output = _reconcile()
    cstore_payment.refresh_from_db()
    assert cstore_payment.status == Status.CANCELLED
    assert [product.stockrecords.get().num_allocated for product in products] == [0, 0]
    assert "cancelled: deny at the provider; stock released" in output
