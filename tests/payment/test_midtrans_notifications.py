"""Midtrans HTTP notifications: verified, confirmed with a status call, handled once.

The double makes each notification exactly as Midtrans documents it (signed with the
server key); the tests post them through the test client, and one through a live server."""

import json

import pytest
from django.core import mail
from django.urls import reverse

from fulfilment.models import SellerOrder
from payment.models import MidtransCharge, OrderPayment, PaymentEvent
from payment.services import payment_cancel
from tests.payment.conftest import midtrans_url, order_page, place_midtrans_order
from tests.payment.localstripe import wait_for
from tests.payment.midtrans_double import signature

Status = OrderPayment.Status

pytestmark = pytest.mark.django_db

URL = "/pembayaran/midtrans/notifikasi/"


def _post(client, body: bytes):
    return client.post(URL, data=body, content_type="application/json", headers={"User-Agent": "Veritrans"})


@pytest.fixture
def va_payment(client, products, buyer_village, midtrans_settings):
    payment = place_midtrans_order(client, products, buyer_village, "midtrans_bri_va")
    assert client.get(order_page(payment)).status_code == 200  # opens the transaction
    return payment


def _producer_mails(payment):
    producers = {so.seller.user.email for so in payment.order.seller_orders.select_related("seller__user")}
    return [message for message in mail.outbox if message.to[0] in producers]


def _stock(products):
    return [product.stockrecords.get().num_allocated for product in products]


def test_a_settlement_marks_the_order_paid_and_tells_each_producer_once(
    client, va_payment, midtrans, django_capture_on_commit_callbacks
):
    number = va_payment.order.number
    mail.outbox.clear()
    body = midtrans.settle(number)
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client, body)
    with django_capture_on_commit_callbacks(execute=True):
        again = _post(client, body)
    assert (first.status_code, first.content) == (200, b"marked paid")
    assert (again.status_code, again.content) == (200, b"duplicate: already handled")
    va_payment.refresh_from_db()
    assert va_payment.status == Status.SUCCEEDED
    assert set(SellerOrder.objects.values_list("status", flat=True)) == {SellerOrder.Status.PAID}
    assert len(_producer_mails(va_payment)) == 2
    [event] = PaymentEvent.objects.filter(provider="midtrans")
    assert event.payment == va_payment and event.outcome == "marked paid"
    assert event.payload["transaction_status"] == "settlement"
    page = client.get(order_page(va_payment)).content.decode()
    assert "Lunas" in page and 'id="midtrans-payment"' not in page


def test_a_notification_with_a_bad_signature_is_refused_recorded_and_changes_nothing(
    client, va_payment, midtrans
):
    number = va_payment.order.number
    midtrans.settle(number)
    forged = midtrans.notification(number, server_key="SB-Mid-server-someone-else")
    response = _post(client, forged)
    assert response.status_code == 403
    unsigned = json.loads(forged)
    del unsigned["signature_key"]
    assert _post(client, json.dumps(unsigned).encode()).status_code == 400
    assert _post(client, b"{not json").status_code == 400
    assert _post(client, b"[1, 2]").status_code == 400
    assert client.get(URL).status_code == 405
    va_payment.refresh_from_db()
    assert va_payment.status == Status.PENDING
    [refused] = PaymentEvent.objects.filter(provider="midtrans")
    assert refused.event_type == "notification.refused" and refused.outcome.startswith("FLAG: refused")
    assert refused.payment is None
    # The real notification still counts afterwards.
    assert _post(client, midtrans.notification(number)).status_code == 200
    va_payment.refresh_from_db()
    assert va_payment.is_paid


def test_a_signed_settlement_that_midtrans_does_not_confirm_changes_nothing(client, va_payment, midtrans):
    # Signed with the key, yet Midtrans's status call says the buyer has not paid.
    claim = midtrans.notification(va_payment.order.number, status="settlement")
    response = _post(client, claim)
    assert response.status_code == 200
    va_payment.refresh_from_db()
    assert va_payment.status == Status.PENDING
    assert PaymentEvent.objects.get(provider="midtrans").outcome == "pending: waiting for the buyer"


def test_a_late_pending_after_settlement_changes_nothing(client, va_payment, midtrans):
    number = va_payment.order.number
    early_pending = midtrans.notification(number)
    _post(client, midtrans.settle(number))
    response = _post(client, early_pending)
    assert response.status_code == 200
    va_payment.refresh_from_db()
    assert va_payment.status == Status.SUCCEEDED
    assert PaymentEvent.objects.filter(provider="midtrans").count() == 2


def test_expiry_cancels_the_order_and_releases_stock_and_a_settlement_after_it_cannot_undo_it(
    client, va_payment, midtrans, products
):
    assert _stock(products) == [2, 1]
    number = va_payment.order.number
    assert _post(client, midtrans.expire(number)).content == b"cancelled: expire at Midtrans; stock released"
    va_payment.refresh_from_db()
    assert va_payment.status == Status.CANCELLED
    assert _stock(products) == [0, 0]
    assert set(SellerOrder.objects.values_list("status", flat=True)) == {SellerOrder.Status.CANCELLED}
    # A settlement notification arriving after it (out of order, or made up): Midtrans says expire.
    response = _post(client, midtrans.notification(number, status="settlement"))
    assert response.status_code == 200
    va_payment.refresh_from_db()
    assert va_payment.status == Status.CANCELLED
    assert _stock(products) == [0, 0]


def test_money_arriving_after_the_order_was_cancelled_is_flagged_for_a_refund(client, va_payment, midtrans):
    payment_cancel(payment=va_payment)
    response = _post(client, midtrans.settle(va_payment.order.number))
    assert response.status_code == 200
    va_payment.refresh_from_db()
    assert va_payment.status == Status.CANCELLED
    assert PaymentEvent.objects.get(provider="midtrans").outcome.startswith(
        "FLAG: paid after the order was cancelled"
    )


def test_a_denied_payment_may_be_paid_again_with_a_new_transaction(client, va_payment, midtrans):
    number = va_payment.order.number
    assert _post(client, midtrans.deny(number)).status_code == 200
    va_payment.refresh_from_db()
    assert va_payment.status == Status.FAILED
    page = client.get(order_page(va_payment)).content.decode()
    assert "ditolak" in page
    second = midtrans.transactions[f"{number}-2"]
    assert second["va_numbers"][0]["va_number"] in page
    # The old transaction's news no longer moves the payment; the new one's does.
    assert _post(client, midtrans.notification(number)).content == b"duplicate: already handled"
    assert _post(client, midtrans.settle(f"{number}-2")).content == b"marked paid"
    va_payment.refresh_from_db()
    assert va_payment.is_paid and va_payment.provider_reference == f"{number}-2"
    assert list(MidtransCharge.objects.values_list("transaction_status", flat=True)) == ["settlement", "deny"]


def test_a_settlement_of_another_amount_is_flagged_not_paid(client, va_payment, midtrans):
    number = va_payment.order.number
    midtrans.transactions[number]["gross_amount"] = "1000.00"
    response = _post(client, midtrans.settle(number))
    assert response.status_code == 200
    va_payment.refresh_from_db()
    assert va_payment.status == Status.PENDING
    assert PaymentEvent.objects.get(provider="midtrans").outcome.startswith("FLAG: paid 1000.00")


def test_a_notification_for_an_order_the_shop_never_charged_is_recorded_and_ignored(
    client, midtrans_settings
):
    body = {
        "order_id": "bukan-pesanan",
        "status_code": "200",
        "gross_amount": "10000.00",
        "transaction_id": "x-1",
        "transaction_status": "settlement",
    }
    body["signature_key"] = signature("bukan-pesanan", "200", "10000.00")
    response = _post(client, json.dumps(body).encode())
    assert response.status_code == 200
    assert PaymentEvent.objects.get(provider="midtrans").outcome.startswith("ignored")


def test_midtrans_down_during_the_status_call_is_answered_503_for_a_retry(
    client, va_payment, midtrans, settings
):
    body = midtrans.settle(va_payment.order.number)
    settings.MIDTRANS_API_BASE_URL = "http://127.0.0.1:9"
    assert _post(client, body).status_code == 503
    assert not PaymentEvent.objects.filter(provider="midtrans").exists()
    settings.MIDTRANS_API_BASE_URL = midtrans.url
    assert _post(client, body).status_code == 200
    va_payment.refresh_from_db()
    assert va_payment.is_paid


@pytest.mark.django_db(transaction=True)
def test_the_double_delivers_a_signed_notification_to_the_live_shop(
    live_server, client, products, buyer_village, midtrans_settings, midtrans
):
    payment = place_midtrans_order(client, products, buyer_village, "midtrans_qris")
    client.get(order_page(payment))
    midtrans.notify_url = live_server.url + reverse("payment:midtrans-notification")
    midtrans.settle(payment.order.number)
    payment.refresh_from_db()
    assert payment.status == Status.SUCCEEDED
    assert PaymentEvent.objects.get(provider="midtrans").outcome == "marked paid"


@pytest.mark.django_db(transaction=True)
def test_switching_an_e_wallet_to_its_qr_keeps_the_order_open_when_the_cancel_notification_arrives(
    live_server, client, products, buyer_village, midtrans_settings, midtrans
):
    payment = place_midtrans_order(client, products, buyer_village, "midtrans_shopeepay")
    client.get(order_page(payment), headers={"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile"})
    midtrans.notify_url = live_server.url + reverse("payment:midtrans-notification")
    number = payment.order.number
    response = client.post(midtrans_url("midtrans-switch", payment), {"mode": "qr"})
    assert response.status_code == 302
    # Midtrans tells the shop the first transaction was cancelled: it was replaced, not the order.
    wait_for(
        lambda: PaymentEvent.objects.filter(provider="midtrans").exists(), message="the cancel notification"
    )
    payment.refresh_from_db()
    assert payment.status == Status.PENDING
    assert (
        PaymentEvent.objects.get(provider="midtrans").outcome == "ignored: cancel of a replaced transaction"
    )
    midtrans.settle(f"{number}-2")
    payment.refresh_from_db()
    assert payment.is_paid
