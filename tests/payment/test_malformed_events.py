"""Correctly signed webhook bodies that are not events as Stripe documents them: answered
400 and logged (recorded for staff when the event has a usable id), never a 500 that Stripe
would retry for days. On PostgreSQL, whose jsonb refuses a NUL."""

import json

import pytest

from payment.models import OrderPayment, PaymentEvent
from tests.payment.conftest import intent_object, now
from tests.payment.localstripe import sign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

WEBHOOK = "/pembayaran/stripe/webhook/"


def _deliver(client, body: bytes):
    client.raise_request_exception = False
    return client.post(
        WEBHOOK, data=body, content_type="application/json", headers={"Stripe-Signature": sign(body)}
    )


def _event(event_type: str, obj, **envelope) -> bytes:
    event = {
        "id": "evt_bad",
        "object": "event",
        "type": event_type,
        "created": now(),
        "data": {"object": obj},
    }
    return json.dumps({**event, **envelope}).encode()


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"[1, 2, 3]", id="not-an-object"),
        pytest.param(b'"evt"', id="a-string"),
        pytest.param(
            lambda p: _event("payment_intent.succeeded", intent_object(p, status="x"), id=None), id="no-id"
        ),
        pytest.param(lambda p: _event("payment_intent.succeeded", {}, created="kemarin"), id="created-text"),
        pytest.param(lambda p: _event("payment_intent.succeeded", "pi_1"), id="object-a-string"),
        pytest.param(lambda p: _event("payment_intent.succeeded", {}, data=[1]), id="data-a-list"),
        pytest.param(
            lambda p: _event(
                "payment_intent.succeeded", {**intent_object(p, status="succeeded"), "x": "a\x00b"}
            ),
            id="nul-in-a-string",
        ),
    ],
)
def test_a_signed_event_that_cannot_be_read_is_answered_400_and_logged(client, card_payment, caplog, body):
    body = body(card_payment) if callable(body) else body

    response = _deliver(client, body)

    assert response.status_code == 400
    assert "Refused a signed Stripe webhook" in caplog.text
    card_payment.refresh_from_db()
    assert card_payment.status == OrderPayment.Status.PENDING


@pytest.mark.parametrize(
    ("event_type", "obj"),
    [
        ("payment_intent.succeeded", lambda p: {**intent_object(p, status="succeeded"), "id": None}),
        (
            "payment_intent.succeeded",
            lambda p: {k: v for k, v in intent_object(p, status="x").items() if k != "id"},
        ),
        ("payment_intent.succeeded", lambda p: intent_object(p, status="succeeded", amount="banyak")),
        (
            "payment_intent.payment_failed",
            lambda p: intent_object(p, status="x", last_payment_error="ditolak"),
        ),
        ("payment_intent.canceled", lambda p: intent_object(p, status="canceled", metadata=["x"])),
        (
            "charge.refunded",
            lambda p: {"id": "ch_1", "payment_intent": "pi_test_order", "amount_refunded": "x"},
        ),
        ("charge.refunded", lambda p: {"id": "ch_1", "payment_intent": ["pi_test_order"]}),
    ],
)
def test_a_signed_event_whose_object_cannot_be_read_is_answered_400_and_recorded(
    client, card_payment, caplog, event_type, obj
):
    response = _deliver(client, _event(event_type, obj(card_payment)))

    assert response.status_code == 400
    record = PaymentEvent.objects.get(event_id="evt_bad")
    assert record.outcome.startswith("FLAG: refused, malformed")
    assert record.payment is None
    assert "evt_bad" in caplog.text
    card_payment.refresh_from_db()
    assert card_payment.status == OrderPayment.Status.PENDING
