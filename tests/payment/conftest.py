import time

import pytest
from django.urls import reverse

from order.tokens import order_status_token
from payment.models import OrderPayment
from tests.checkout.conftest import buyer_village, checkout_as_guest, fill_basket, products, two_producers
from tests.payment.localstripe import (
    WEBHOOK_SECRET,
    event_payload,
    localstripe,
    sign,
    stripe_settings,
)

__all__ = ["buyer_village", "localstripe", "products", "stripe_settings", "two_producers"]


@pytest.fixture
def stripe_keys(settings):
    """Stripe configured, without a server: for tests that only post signed events."""
    settings.STRIPE_SECRET_KEY = "sk_test_offline"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_offline"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.PAYMENT_METHODS = ["payment.methods.BankTransfer", "payment.methods.StripeCard"]
    return settings


def place_card_order(client, products, village, *, email="kartu@contoh.id") -> OrderPayment:
    """Two producers' goods in one order, to be paid by card."""
    kerupuk, kerudung = products
    fill_basket(client, (kerupuk, 2), (kerudung, 1))
    response = checkout_as_guest(client, village, email=email, method="stripe_card")
    assert response.status_code == 302, response.content.decode()[:1000]
    return OrderPayment.objects.select_related("order").get(order__guest_email=email)


@pytest.fixture
def card_payment(client, products, buyer_village, stripe_keys) -> OrderPayment:
    payment = place_card_order(client, products, buyer_village)
    # As the payment page would have left it: one intent for the order.
    payment.provider_reference = "pi_test_order"
    payment.save(update_fields=["provider_reference"])
    return payment


def order_page(payment: OrderPayment) -> str:
    return reverse("checkout:order-status", args=[payment.order.number, order_status_token(payment.order)])


def card_url(name: str, payment: OrderPayment) -> str:
    return reverse(f"payment:{name}", args=[payment.order.number, order_status_token(payment.order)])


def pay_with_test_card(client, payment: OrderPayment, number: str) -> dict:
    response = client.post(
        card_url("card-confirm", payment), {"test_card": number}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 200, response.content.decode()[:1000]
    return response.json()


def intent_object(payment: OrderPayment, *, status: str, intent_id: str | None = None, **extra) -> dict:
    """A PaymentIntent as Stripe sends it in an event (only the fields the handlers read)."""
    return {
        "id": intent_id or payment.provider_reference or "pi_test",
        "object": "payment_intent",
        "status": status,
        "amount": int(payment.amount_due * 100),
        "currency": "idr",
        "client_secret": "secret",
        "metadata": {"order_number": payment.order.number},
        **extra,
    }


def post_event(client, event_id, event_type, obj, *, created=None, secret=WEBHOOK_SECRET):
    payload = event_payload(event_id, event_type, obj, created=created)
    return client.post(
        reverse("payment:stripe-webhook"),
        data=payload,
        content_type="application/json",
        headers={"Stripe-Signature": sign(payload, secret=secret)},
    )


def now() -> int:
    return int(time.time())


# --- Midtrans ---------------------------------------------------------------

from tests.payment.midtrans_double import midtrans, midtrans_settings  # noqa: E402, F401

__all__ += ["midtrans", "midtrans_settings"]


def place_midtrans_order(client, products, village, method: str, *, email="va@contoh.id") -> OrderPayment:
    """Two producers' goods (Rp 215.000 with delivery) in one order, to be paid through Midtrans."""
    from tests.checkout.conftest import checkout_as_guest, fill_basket

    client.cookies.clear()
    kerupuk, kerudung = products
    fill_basket(client, (kerupuk, 2), (kerudung, 1))
    response = checkout_as_guest(client, village, email=email, method=method)
    assert response.status_code == 302, response.content.decode()[:1000]
    return OrderPayment.objects.select_related("order").get(order__guest_email=email)


def midtrans_url(name: str, payment: OrderPayment) -> str:
    return reverse(f"payment:{name}", args=[payment.order.number, order_status_token(payment.order)])


@pytest.fixture
def cod_producers(two_producers):
    """Both producers take cash on delivery, up to Rp 500.000 a parcel."""
    from decimal import Decimal

    for seller in two_producers:
        seller.offers_cod = True
        seller.cod_max_order_value = Decimal("500000")
        seller.save()
    return two_producers
