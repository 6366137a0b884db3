"""Stripe webhook events, each handled exactly once by the handler its type names.

``stripe_event_process`` records the event (PaymentEvent, unique per provider and event
id) in the same transaction as its effect, so a redelivery finds the row and does
nothing, and a failure rolls both back for Stripe to retry. Handlers move payments only
forwards (OrderPayment.RANK, and the services refuse backwards moves), ignore events for
an intent the order has since replaced, and say what they did in a short outcome that is
stored with the event and shown to staff.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from payment import services
from payment import stripe_api as api
from payment.methods import StripeCard
from payment.models import OrderPayment, PaymentEvent

logger = logging.getLogger(__name__)

PROVIDER = "stripe"
Status = OrderPayment.Status


@dataclass(frozen=True)
class Outcome:
    text: str
    payment: OrderPayment | None = None


@dataclass(frozen=True)
class Processed:
    duplicate: bool
    outcome: str
    # The event's object could not be read (api.MalformedEvent): nothing changed, answer 400.
    refused: bool = False


def _card_payments():
    return OrderPayment.objects.filter(method=StripeCard.code).select_related("order")


def _payment_for_intent(intent: api.Intent) -> OrderPayment | None:
    payments = _card_payments()
    payment = None
    if intent.order_number:
        payment = payments.filter(order__number=intent.order_number).first()
    if payment is None and intent.id:
        payment = payments.filter(provider_reference=intent.id).first()
    return payment


def _stale(event: api.Event, intent: api.Intent, payment: OrderPayment) -> str:
    """Why an event may no longer change this payment (empty when it may)."""
    if payment.provider_reference and payment.provider_reference != intent.id:
        return "ignored: intent replaced by a newer one"
    newer = PaymentEvent.objects.filter(
        provider=PROVIDER,
        payment=payment,
        event_type__startswith="payment_intent.",
        payload__created__gt=event.created,
    )
    if newer.exists():
        return "ignored: a newer event was already handled"
    return ""


def _payment_to_change(event: api.Event) -> tuple[api.Intent, OrderPayment | None, Outcome | None]:
    """The event's intent and payment, and the outcome when the event may not change it."""
    intent = api.intent_from_event(event)
    payment = _payment_for_intent(intent)
    if payment is None:
        return intent, None, Outcome("ignored: no card payment for this intent")
    if reason := _stale(event, intent, payment):
        return intent, payment, Outcome(reason, payment)
    return intent, payment, None


def intent_succeeded(event: api.Event) -> Outcome:
    intent = api.intent_from_event(event)
    payment = _payment_for_intent(intent)
    if payment is None:
        return Outcome("ignored: no card payment for this intent")
    number = payment.order.number
    if intent.currency.lower() != api.CURRENCY or intent.amount != payment.amount_due:
        logger.error("Order %s: intent %s paid %s %s", number, intent.id, intent.amount, intent.currency)
        return Outcome(f"FLAG: paid {intent.amount} {intent.currency}, due {payment.amount_due}", payment)
    earlier = payment.provider_reference
    if payment.is_paid and earlier and earlier != intent.id:
        logger.error("Order %s paid twice (intents %s and %s)", number, earlier, intent.id)
        return Outcome(f"FLAG: already paid by {earlier}; refund {intent.id}", payment)
    if OrderPayment.RANK[Status(payment.status)] >= OrderPayment.RANK[Status.SUCCEEDED] and payment.is_paid:
        return Outcome("already paid", payment)
    try:
        payment = services.payment_mark_succeeded(payment=payment, reference=intent.id)
    except ValidationError:
        logger.error("Order %s was paid by card after it was cancelled", number)
        return Outcome("FLAG: paid after the order was cancelled; refund needed", payment)
    if not payment.is_paid:
        return Outcome(f"ignored: payment is {payment.status}", payment)
    return Outcome("marked paid", payment)


def intent_failed(event: api.Event) -> Outcome:
    intent, payment, refused = _payment_to_change(event)
    if refused is not None:
        return refused
    before = payment.status
    payment = services.payment_mark_failed(payment=payment, reason=intent.last_error)
    if payment.status == before and before != Status.FAILED:
        return Outcome(f"ignored: payment is already {before}", payment)
    return Outcome(f"failed: {intent.last_error_code or intent.last_error or 'declined'}", payment)


def intent_requires_action(event: api.Event) -> Outcome:
    intent, payment, refused = _payment_to_change(event)
    if refused is not None:
        return refused
    before = payment.status
    payment = services.payment_mark_requires_action(payment=payment)
    if payment.status != Status.REQUIRES_ACTION:
        return Outcome(f"ignored: payment is already {before}", payment)
    return Outcome("waiting for 3-D Secure", payment)


def intent_processing(event: api.Event) -> Outcome:
    intent = api.intent_from_event(event)
    return Outcome("processing: waiting for the bank", _payment_for_intent(intent))


def intent_canceled(event: api.Event) -> Outcome:
    intent, payment, refused = _payment_to_change(event)
    if refused is not None:
        return refused
    if payment.status in (Status.PENDING, Status.REQUIRES_ACTION):
        # The buyer may still pay: the payment page makes a new intent.
        services.payment_mark_failed(payment=payment, reason="canceled")
        return Outcome("intent canceled; the buyer can pay again", payment)
    return Outcome(f"ignored: payment is {payment.status}", payment)


def charge_refunded(event: api.Event) -> Outcome:
    """Refunds are made from the dashboard (payment_refund), which records them first.

    This only checks that Stripe's refunded total matches ours; a refund made in Stripe's
    own dashboard is flagged for staff rather than booked twice.
    """
    charge = api.charge_refunds_from_event(event)
    payments = _card_payments()
    payment = payments.filter(provider_reference=charge.intent_id).first() if charge.intent_id else None
    if payment is None:
        return Outcome("ignored: no card payment for this charge")
    # Wait for a refund being recorded right now (payment_refund holds this lock).
    payment = OrderPayment.objects.select_for_update().select_related("order").get(pk=payment.pk)
    refunded = charge.amount_refunded
    if refunded <= payment.refunded_amount:
        return Outcome(f"refund of {refunded} already recorded", payment)
    missing = refunded - payment.refunded_amount
    logger.error("Order %s: Stripe refunded %s more than recorded", payment.order.number, missing)
    return Outcome(f"FLAG: {missing} refunded in Stripe but not recorded here", payment)


HANDLERS: dict[str, Callable[[api.Event], Outcome]] = {
    "payment_intent.succeeded": intent_succeeded,
    "payment_intent.payment_failed": intent_failed,
    "payment_intent.requires_action": intent_requires_action,
    "payment_intent.processing": intent_processing,
    "payment_intent.canceled": intent_canceled,
    "charge.refunded": charge_refunded,
}


def _event_record(event: api.Event, *, outcome: str = "") -> PaymentEvent:
    return PaymentEvent.objects.create(
        provider=PROVIDER,
        event_id=event.id,
        event_type=event.type[:100],
        payload={"created": event.created, "livemode": event.livemode, "object": event.object},
        outcome=outcome[:255],
    )


def stripe_event_process(*, event: api.Event) -> Processed:
    """Handle one verified event exactly once; unknown types are recorded and ignored.

    An event whose object its handler cannot read (api.MalformedEvent) changes nothing: it
    is recorded with why, for staff, logged, and refused. A redelivery of it finds the row
    and is acknowledged as a duplicate, like any event already dealt with."""
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = _event_record(event)
            except IntegrityError:
                return Processed(duplicate=True, outcome="duplicate: already handled")
            handler = HANDLERS.get(event.type)
            outcome = handler(event) if handler else Outcome("ignored: event type not handled")
            record.payment = outcome.payment
            record.outcome = outcome.text[:255]
            record.save(update_fields=["payment", "outcome"])
    except api.MalformedEvent as error:
        text = f"FLAG: refused, malformed: {error.message}"
        try:
            with transaction.atomic():
                _event_record(event, outcome=text)
        except IntegrityError:
            pass  # a redelivery running at the same moment recorded it
        logger.error("Stripe event %s %s refused: %s", event.id, event.type, error.message)
        return Processed(duplicate=False, outcome=text, refused=True)
    logger.info("Stripe event %s %s: %s", event.id, event.type, outcome.text)
    return Processed(duplicate=False, outcome=outcome.text)
