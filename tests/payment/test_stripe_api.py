"""The Stripe wrapper: rupiah in and out, optional parameters, translated errors."""

from decimal import Decimal

import pytest

from payment import stripe_api
from payment.methods import payment_methods


def test_rupiah_become_hundredths_and_back():
    assert stripe_api.to_minor(Decimal("215000")) == 21_500_000
    assert stripe_api.to_minor(Decimal("1.005")) == 101
    assert stripe_api.from_minor(21_500_000) == Decimal("215000.00")


def test_optional_intent_parameters_are_sent_only_when_configured(stripe_settings):
    intent = stripe_api.intent_create(amount=Decimal("50000"), order_number="900001", idempotency_key="k1")
    assert (intent.status, intent.amount, intent.order_number) == (
        "requires_payment_method",
        Decimal("50000"),
        "900001",
    )

    # localstripe refuses what real Stripe accepts: the error comes back translated.
    stripe_settings.STRIPE_PAYMENT_INTENT_OPTIONS = {"description": "Pasar Desmigratif {order_number}"}
    with pytest.raises(stripe_api.StripeApiError) as error:
        stripe_api.intent_create(amount=Decimal("50000"), order_number="900002", idempotency_key="k2")
    assert error.value.status == 400
    assert "description" in error.value.message


def test_a_declined_card_is_reported_on_the_intent_not_raised(stripe_settings):
    intent = stripe_api.intent_create(amount=Decimal("50000"), order_number="900003", idempotency_key="k3")
    declined = stripe_api.intent_confirm(
        intent.id, payment_method=stripe_api.test_card_payment_method("4000 0000 0000 0341")
    )
    assert declined.status == "requires_payment_method"
    assert declined.had_failed_attempt
    assert declined.last_error_code == "card_declined"


def test_without_a_secret_key_card_payments_are_off(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENT_METHODS = ["payment.methods.BankTransfer"]
    assert "stripe_card" not in payment_methods()
    with pytest.raises(stripe_api.NotConfigured):
        stripe_api.intent_retrieve("pi_1")


def test_test_cards_are_refused_with_live_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_live_x"
    settings.STRIPE_API_BASE = ""
    with pytest.raises(stripe_api.StripeApiError, match="mode uji"):
        stripe_api.test_card_payment_method("4242424242424242")


def test_webhook_events_are_read_only_with_a_valid_signature(settings):
    from tests.payment.localstripe import event_payload, sign

    settings.STRIPE_WEBHOOK_SECRET = "whsec_a"
    payload = event_payload("evt_1", "payment_intent.succeeded", {"id": "pi_1"}, created=1_700_000_000)
    with pytest.raises(stripe_api.InvalidSignature):
        stripe_api.webhook_event(payload, sign(payload, secret="whsec_b"))
    with pytest.raises(stripe_api.InvalidSignature):
        stripe_api.webhook_event(payload, None)
    event = stripe_api.webhook_event(payload, sign(payload, secret="whsec_a", timestamp=None))
    assert (event.id, event.type, event.object_id, event.created) == (
        "evt_1",
        "payment_intent.succeeded",
        "pi_1",
        1_700_000_000,
    )
