"""Paying by card against localstripe, with its own signed webhook deliveries.

The order moves only when localstripe's webhook reaches the live server, so these tests
wait for the delivery (about a second) instead of looking at what confirm returned.
"""

from decimal import Decimal

import pytest
from django.core import mail

from fulfilment.models import SellerOrder
from payment.models import OrderPayment, PaymentEvent
from tests.payment.conftest import card_url, order_page, pay_with_test_card, place_card_order
from tests.payment.localstripe import wait_for

Status = OrderPayment.Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_webhooks(live_server, localstripe, stripe_settings):
    """localstripe delivers its signed events to this test's live server."""
    localstripe.webhook_to(live_server.url + "/pembayaran/stripe/webhook/")
    return live_server


def _status(payment: OrderPayment) -> str:
    payment.refresh_from_db()
    return payment.status


def test_the_payment_page_creates_one_intent_for_the_order(
    client, products, buyer_village, stripe_settings, localstripe, monkeypatch
):
    # Placing the order never calls Stripe: the intent is made when the page is opened.
    with monkeypatch.context() as patch:
        patch.setattr("payment.stripe_api._client", lambda: pytest.fail("Stripe called while placing"))
        payment = place_card_order(client, products, buyer_village)
    assert payment.provider_reference == ""
    assert payment.amount_due == payment.amount == Decimal("215000")  # 2×25.000 + 125.000 + 2×20.000 shipping

    page = client.get(order_page(payment))
    assert page.status_code == 200
    payment.refresh_from_db()
    intent = localstripe.intent(payment.provider_reference)
    assert intent["amount"] == 21_500_000  # rupiah × 100: Stripe's IDR has two decimals
    assert intent["currency"] == "idr"
    assert intent["metadata"] == {"order_number": payment.order.number}
    html = page.content.decode()
    assert 'id="card-payment"' in html
    assert localstripe.url + "/js.stripe.com/v3/" in html  # STRIPE_JS_URL
    assert intent["client_secret"] in html

    client.get(order_page(payment))
    reference = payment.provider_reference
    payment.refresh_from_db()
    assert payment.provider_reference == reference  # reused, not a second intent


@pytest.mark.django_db(transaction=True)
def test_visa_payment_marks_the_order_and_each_producers_part_paid(
    client, products, buyer_village, live_webhooks
):
    payment = place_card_order(client, products, buyer_village)
    client.get(order_page(payment))
    mail.outbox.clear()

    answer = pay_with_test_card(client, payment, "4242424242424242")
    assert answer["intent_status"] == "succeeded"
    assert answer["status"] == Status.PENDING  # confirm itself never marks the order paid

    wait_for(lambda: _status(payment) == Status.SUCCEEDED, message="payment_intent.succeeded delivery")
    assert payment.paid_at is not None
    assert payment.provider_reference.startswith("pi_")
    assert set(payment.order.seller_orders.values_list("status", flat=True)) == {SellerOrder.Status.PAID}
    event = PaymentEvent.objects.get(event_type="payment_intent.succeeded")
    assert (event.provider, event.payment, event.outcome) == ("stripe", payment, "marked paid")
    producers = {seller.user.email for seller in (so.seller for so in payment.order.seller_orders.all())}
    wait_for(lambda: {m.to[0] for m in mail.outbox} >= producers, message="producer e-mails")

    status = client.get(card_url("card-status", payment)).json()
    assert status == {"status": "succeeded", "label": "Lunas", "paid": True}


@pytest.mark.django_db(transaction=True)
def test_declined_card_fails_and_another_card_then_pays(
    client, products, buyer_village, live_webhooks, localstripe
):
    payment = place_card_order(client, products, buyer_village)
    client.get(order_page(payment))
    first_intent = OrderPayment.objects.get(pk=payment.pk).provider_reference

    answer = pay_with_test_card(client, payment, "4000 0000 0000 0341")
    assert answer["intent_status"] == "requires_payment_method"
    assert "declined" in answer["error"]
    wait_for(lambda: _status(payment) == Status.FAILED, message="payment_intent.payment_failed delivery")
    assert set(payment.order.seller_orders.values_list("status", flat=True)) == {
        SellerOrder.Status.AWAITING_PAYMENT
    }
    page = client.get(order_page(payment)).content.decode()
    assert "ditolak" in page

    answer = pay_with_test_card(client, payment, "4242424242424242")
    assert answer["intent_status"] == "succeeded"
    wait_for(lambda: _status(payment) == Status.SUCCEEDED, message="payment after retry")
    # The declined intent was replaced: its late events can no longer touch the order.
    assert payment.provider_reference != first_intent
    assert localstripe.intent(first_intent)["status"] == "canceled"
    assert set(payment.order.seller_orders.values_list("status", flat=True)) == {SellerOrder.Status.PAID}


@pytest.mark.django_db(transaction=True)
def test_three_d_secure_waits_for_the_bank_then_pays(
    client, products, buyer_village, live_webhooks, localstripe
):
    payment = place_card_order(client, products, buyer_village)
    client.get(order_page(payment))

    answer = pay_with_test_card(client, payment, "4000002500003155")
    assert answer["intent_status"] == "requires_action"
    assert answer["client_secret"].startswith(OrderPayment.objects.get(pk=payment.pk).provider_reference)
    page = client.get(order_page(payment)).content.decode()
    assert 'id="card-authenticate"' in page
    assert _status(payment) == Status.PENDING  # not paid while the bank waits

    payment.refresh_from_db()
    localstripe.authenticate(payment.provider_reference, answer["client_secret"])
    wait_for(lambda: _status(payment) == Status.SUCCEEDED, message="payment after 3-D Secure")
    assert set(payment.order.seller_orders.values_list("status", flat=True)) == {SellerOrder.Status.PAID}


def test_a_paid_order_cannot_be_charged_again(client, products, buyer_village, stripe_settings):
    payment = place_card_order(client, products, buyer_village)
    client.get(order_page(payment))
    from payment.services import payment_mark_succeeded

    payment_mark_succeeded(payment=OrderPayment.objects.get(pk=payment.pk), reference="pi_x")
    response = client.post(
        card_url("card-confirm", payment),
        {"test_card": "4242424242424242"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 409


def test_card_pages_need_the_orders_token(client, products, buyer_village, stripe_settings):
    payment = place_card_order(client, products, buyer_village)
    number = payment.order.number
    assert client.get(f"/pembayaran/kartu/{number}/salah/status/").status_code == 404
    assert client.post(f"/pembayaran/kartu/{number}/salah/bayar/", {"test_card": "4242"}).status_code == 404
