"""Refunds of Midtrans payments: QRIS, GoPay and ShopeePay go back through Midtrans's direct
refund (the SDK against the double); virtual accounts and retail codes keep the manual
transfer of a bank-transfer refund."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ledger.models import LedgerEntry
from payment.models import OrderPayment, PaymentEvent
from payment.services import payment_refund
from tests.payment.conftest import order_page, place_midtrans_order

pytestmark = pytest.mark.django_db

Status = OrderPayment.Status
URL = "/pembayaran/midtrans/notifikasi/"


def _paid(client, products, village, midtrans, method: str) -> OrderPayment:
    payment = place_midtrans_order(client, products, village, method)
    assert client.get(order_page(payment)).status_code == 200  # opens the transaction
    body = midtrans.settle(payment.order.number)
    assert client.post(URL, data=body, content_type="application/json").status_code == 200
    payment.refresh_from_db()
    assert payment.status == Status.SUCCEEDED
    return payment


@pytest.mark.parametrize("method", ["midtrans_qris", "midtrans_gopay", "midtrans_shopeepay"])
def test_a_refund_is_sent_back_through_midtrans_and_its_notification_changes_nothing_more(
    client, products, buyer_village, midtrans, midtrans_settings, method
):
    payment = _paid(client, products, buyer_village, midtrans, method)
    payment_refund(payment=payment, amount=Decimal("215000"), reason="Stok habis")
    payment.refresh_from_db()
    assert payment.status == Status.REFUNDED and payment.refunded_amount == Decimal("215000")
    (sent,) = midtrans.refunds(payment.order.number)
    assert sent["refund_amount"] == "215000.00" and sent["direct"] and sent["reason"] == "Stok habis"
    refund = payment.refunds.get()
    assert refund.reference == sent["refund_key"] and refund.transferred_at is not None
    assert midtrans.transactions[payment.order.number]["transaction_status"] == "refund"
    # Midtrans then notifies the refund: recorded, nothing moves twice.
    body = midtrans.notification(payment.order.number)
    response = client.post(URL, data=body, content_type="application/json")
    assert response.content == b"refund: refund recorded here"
    payment.refresh_from_db()
    assert payment.refunded_amount == Decimal("215000")
    assert LedgerEntry.objects.filter(kind="refund").count() == 2  # one per producer part


def test_a_partial_refund_of_one_producers_part(client, products, buyer_village, midtrans, midtrans_settings):
    payment = _paid(client, products, buyer_village, midtrans, "midtrans_qris")
    waled_part = payment.order.seller_orders.order_by("number").last()
    payment_refund(
        payment=payment, amount=Decimal("45000"), reason="Satu kerudung rusak", seller_order=waled_part
    )
    payment.refresh_from_db()
    assert payment.status == Status.PARTIALLY_REFUNDED and payment.order.status == "Partially refunded"
    assert midtrans.transactions[payment.order.number]["transaction_status"] == "partial_refund"
    assert [item["refund_amount"] for item in midtrans.refunds(payment.order.number)] == ["45000.00"]
    entry = LedgerEntry.objects.get(kind="refund")
    assert entry.seller_order == waled_part and entry.amount == Decimal("-45000") and entry.account == "held"
    # The rest can still go back: Midtrans counts what is left.
    payment_refund(payment=payment, amount=Decimal("170000"), reason="Pesanan dibatalkan")
    payment.refresh_from_db()
    assert payment.status == Status.REFUNDED
    assert midtrans.transactions[payment.order.number]["transaction_status"] == "refund"


def test_a_refund_the_gateway_refuses_changes_nothing_and_says_why(
    client, products, buyer_village, midtrans, midtrans_settings, django_user_model
):
    payment = _paid(client, products, buyer_village, midtrans, "midtrans_shopeepay")
    midtrans.refuse_refunds = "Refund is not allowed from 11:55 PM to 6:00 AM GMT+7"
    with pytest.raises(ValidationError, match="Midtrans menolak pengembalian dana: Refund is not allowed"):
        payment_refund(payment=payment, amount=Decimal("1000"), reason="Uji")
    payment.refresh_from_db()
    assert payment.status == Status.SUCCEEDED and payment.refunded_amount == 0
    assert not payment.refunds.exists() and not LedgerEntry.objects.filter(kind="refund").exists()
    # From the payments dashboard the refusal is shown on the form, not as an error page.
    staff = django_user_model.objects.create_user("staf", "staf@contoh.id", "x", is_staff=True)
    client.force_login(staff)
    response = client.post(
        reverse("payment-dashboard:detail", args=[payment.pk]),
        {"action": "refund", "amount": "1000", "reason": "Uji", "seller_order": ""},
    )
    assert response.status_code == 400
    assert "Midtrans menolak pengembalian dana" in response.content.decode()


@pytest.mark.parametrize("method", ["midtrans_bca_va", "midtrans_mandiri_bill", "midtrans_indomaret"])
def test_virtual_accounts_and_retail_codes_are_refunded_by_a_manual_transfer(
    client, products, buyer_village, midtrans, midtrans_settings, method
):
    payment = _paid(client, products, buyer_village, midtrans, method)
    payment_refund(payment=payment, amount=Decimal("70000"), reason="Produsen tutup")
    assert midtrans.refunds(payment.order.number) == []  # nothing asked of Midtrans
    refund = payment.refunds.get()
    assert refund.transferred_at is None and refund.reference == ""
    # The buyer is asked for an account, as after a bank transfer.
    page = client.get(order_page(payment)).content.decode()
    assert 'id="refund-account-wanted"' in page
    assert PaymentEvent.objects.filter(payment=payment, event_type="refund").exists()
