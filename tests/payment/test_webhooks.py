"""Webhook deliveries signed by the tests: duplicates, late and out-of-order events, forgeries.

No Stripe server is needed: the payloads carry what Stripe sends, signed with the
endpoint secret the way Stripe signs them (HMAC-SHA256 over "timestamp.body").
"""

import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from fulfilment.models import SellerOrder
from payment.models import OrderPayment, PaymentEvent
from payment.services import payment_cancel, payment_mark_succeeded
from tests.payment.conftest import intent_object, now, place_card_order, post_event
from tests.payment.localstripe import WEBHOOK_SECRET, event_payload, sign

Status = OrderPayment.Status

pytestmark = pytest.mark.django_db


def _producer_mails(payment):
    producers = {so.seller.user.email for so in payment.order.seller_orders.select_related("seller__user")}
    return [message for message in mail.outbox if message.to[0] in producers]


def test_a_forged_or_unsigned_event_is_refused_and_changes_nothing(client, card_payment):
    obj = intent_object(card_payment, status="succeeded")
    assert (
        post_event(client, "evt_forged", "payment_intent.succeeded", obj, secret="whsec_wrong").status_code
        == 400
    )
    unsigned = client.post(
        "/pembayaran/stripe/webhook/",
        data=event_payload("evt_unsigned", "payment_intent.succeeded", obj),
        content_type="application/json",
    )
    assert unsigned.status_code == 400
    stale = event_payload("evt_old", "payment_intent.succeeded", obj)
    replayed = client.post(
        "/pembayaran/stripe/webhook/",
        data=stale,
        content_type="application/json",
        headers={"Stripe-Signature": sign(stale, timestamp=now() - 3600)},
    )
    assert replayed.status_code == 400  # outside Stripe's 5-minute tolerance
    card_payment.refresh_from_db()
    assert card_payment.status == Status.PENDING
    assert not PaymentEvent.objects.exists()


def test_the_webhook_only_accepts_post(client, stripe_keys):
    assert client.get("/pembayaran/stripe/webhook/").status_code == 405


def test_a_duplicate_delivery_is_acknowledged_and_has_no_effect(
    client, card_payment, django_capture_on_commit_callbacks
):
    obj = intent_object(card_payment, status="succeeded")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = post_event(client, "evt_paid", "payment_intent.succeeded", obj)
    with django_capture_on_commit_callbacks(execute=True):
        again = post_event(client, "evt_paid", "payment_intent.succeeded", obj)
    assert (first.status_code, first.content) == (200, b"ok")
    assert (again.status_code, again.content) == (200, b"duplicate")
    card_payment.refresh_from_db()
    assert card_payment.status == Status.SUCCEEDED
    assert PaymentEvent.objects.filter(event_id="evt_paid").count() == 1
    # Each producer heard about the order exactly once.
    assert len(_producer_mails(card_payment)) == 2

    # Stripe may also send the same news as a second event: still one e-mail each.
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, "evt_paid_again", "payment_intent.succeeded", obj).status_code == 200
    assert len(_producer_mails(card_payment)) == 2
    assert PaymentEvent.objects.get(event_id="evt_paid_again").outcome == "already paid"


def test_an_old_failure_arriving_after_success_is_ignored(client, card_payment):
    t = now()
    post_event(
        client,
        "evt_ok",
        "payment_intent.succeeded",
        intent_object(card_payment, status="succeeded"),
        created=t,
    )
    failed = intent_object(
        card_payment, status="requires_payment_method", last_payment_error={"code": "card_declined"}
    )
    response = post_event(client, "evt_late_failure", "payment_intent.payment_failed", failed, created=t - 30)
    assert response.status_code == 200
    card_payment.refresh_from_db()
    assert card_payment.status == Status.SUCCEEDED
    assert set(SellerOrder.objects.values_list("status", flat=True)) == {SellerOrder.Status.PAID}
    assert PaymentEvent.objects.get(event_id="evt_late_failure").outcome.startswith("ignored")


def test_out_of_order_attempts_keep_the_latest_state(client, card_payment):
    t = now()
    action = intent_object(card_payment, status="requires_action")
    failed = intent_object(
        card_payment, status="requires_payment_method", last_payment_error={"code": "card_declined"}
    )
    # The buyer's first card was declined (t-20), the second asks for 3-D Secure (t-10);
    # Stripe delivers them the other way round.
    post_event(client, "evt_action", "payment_intent.requires_action", action, created=t - 10)
    card_payment.refresh_from_db()
    assert card_payment.status == Status.REQUIRES_ACTION
    post_event(client, "evt_declined", "payment_intent.payment_failed", failed, created=t - 20)
    card_payment.refresh_from_db()
    assert card_payment.status == Status.REQUIRES_ACTION
    assert "newer event" in PaymentEvent.objects.get(event_id="evt_declined").outcome

    # 3-D Secure then fails: a newer failure does count, and the buyer may try again.
    post_event(client, "evt_3ds_failed", "payment_intent.payment_failed", failed, created=t)
    card_payment.refresh_from_db()
    assert card_payment.status == Status.FAILED
    post_event(
        client,
        "evt_paid",
        "payment_intent.succeeded",
        intent_object(card_payment, status="succeeded"),
        created=t + 5,
    )
    card_payment.refresh_from_db()
    assert card_payment.status == Status.SUCCEEDED


def test_events_of_a_replaced_intent_are_ignored(client, card_payment):
    old = intent_object(card_payment, status="requires_payment_method", intent_id="pi_replaced")
    post_event(client, "evt_old_failed", "payment_intent.payment_failed", old)
    card_payment.refresh_from_db()
    assert card_payment.status == Status.PENDING
    assert (
        PaymentEvent.objects.get(event_id="evt_old_failed").outcome
        == "ignored: intent replaced by a newer one"
    )


def test_unknown_event_types_are_acknowledged_recorded_and_ignored(client, card_payment):
    response = post_event(client, "evt_customer", "customer.created", {"id": "cus_1", "object": "customer"})
    assert response.status_code == 200
    event = PaymentEvent.objects.get(event_id="evt_customer")
    assert (event.event_type, event.payment, event.outcome) == (
        "customer.created",
        None,
        "ignored: event type not handled",
    )
    card_payment.refresh_from_db()
    assert card_payment.status == Status.PENDING


def test_a_payment_for_the_wrong_amount_does_not_mark_the_order_paid(client, card_payment):
    short = intent_object(card_payment, status="succeeded", amount=100)
    assert post_event(client, "evt_short", "payment_intent.succeeded", short).status_code == 200
    card_payment.refresh_from_db()
    assert card_payment.status == Status.PENDING
    assert PaymentEvent.objects.get(event_id="evt_short").outcome.startswith("FLAG: paid 1.00 idr")


def test_a_card_paid_after_cancellation_is_flagged_for_refund(client, card_payment):
    payment_cancel(payment=card_payment)
    post_event(
        client, "evt_late_paid", "payment_intent.succeeded", intent_object(card_payment, status="succeeded")
    )
    card_payment.refresh_from_db()
    assert card_payment.status == Status.CANCELLED
    assert "refund needed" in PaymentEvent.objects.get(event_id="evt_late_paid").outcome


def test_charge_refunded_does_not_count_our_own_refund_twice(client, card_payment):
    payment_mark_succeeded(payment=card_payment, reference="pi_test_order")
    card_payment.refresh_from_db()
    # As payment_refund leaves it after a Stripe refund of 50.000 made from the dashboard.
    OrderPayment.objects.filter(pk=card_payment.pk).update(
        refunded_amount=Decimal("50000"), status=Status.PARTIALLY_REFUNDED
    )
    charge = {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": "pi_test_order",
        "amount_refunded": 5_000_000,
    }
    post_event(client, "evt_refund", "charge.refunded", charge)
    card_payment.refresh_from_db()
    assert card_payment.refunded_amount == Decimal("50000")
    assert PaymentEvent.objects.get(event_id="evt_refund").outcome == "refund of 50000.00 already recorded"

    # A refund made in Stripe's own dashboard is flagged for staff, not booked blindly.
    charge["amount_refunded"] = 7_500_000
    post_event(client, "evt_refund_elsewhere", "charge.refunded", charge)
    card_payment.refresh_from_db()
    assert card_payment.refunded_amount == Decimal("50000")
    assert PaymentEvent.objects.get(event_id="evt_refund_elsewhere").outcome.startswith("FLAG: 25000.00")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_event_delivered_twice_at_once_is_handled_once(client, products, buyer_village, stripe_keys):
    payment = place_card_order(client, products, buyer_village)
    OrderPayment.objects.filter(pk=payment.pk).update(provider_reference="pi_test_order")
    payment.refresh_from_db()
    payload = event_payload(
        "evt_racing", "payment_intent.succeeded", intent_object(payment, status="succeeded")
    )
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    answers = []

    def deliver():
        from django.test import Client

        barrier.wait()
        try:
            response = Client().post(
                "/pembayaran/stripe/webhook/",
                data=payload,
                content_type="application/json",
                headers={"Stripe-Signature": sign(payload, secret=WEBHOOK_SECRET)},
            )
            answers.append((response.status_code, response.content))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(answers) == [(200, b"duplicate"), (200, b"ok")]
    assert PaymentEvent.objects.filter(event_id="evt_racing").count() == 1
    payment.refresh_from_db()
    assert payment.status == Status.SUCCEEDED
    assert len(_producer_mails(payment)) == 2
