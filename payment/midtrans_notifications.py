"""Midtrans HTTP notifications, each handled once, and only as Midtrans's status call confirms.

A notification is trusted for nothing but "look again": its signature_key is checked
(payment.midtrans_api.notification_read), then GET /v2/<order_id>/status says where the
transaction stands, and that answer moves the payment. Each notification is recorded
(PaymentEvent, provider "midtrans", keyed by transaction id and the status it announced)
in the same transaction as its effect, so a repeated one finds the row and does nothing.
Because the effect follows Midtrans's current status, late and out-of-order notifications
(pending after settlement, settlement after expire) cannot move a payment backwards, and
the services refuse backward moves anyway (OrderPayment.RANK).
"""

import hashlib
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from payment import midtrans_api as api
from payment import services
from payment.models import MidtransCharge, OrderPayment, PaymentEvent

logger = logging.getLogger(__name__)

PROVIDER = "midtrans"
Status = OrderPayment.Status
OPEN = (Status.PENDING, Status.REQUIRES_ACTION, Status.FAILED)


@dataclass(frozen=True)
class Handled:
    status: int  # the HTTP status to answer Midtrans with
    outcome: str
    duplicate: bool = False


@dataclass(frozen=True)
class Outcome:
    text: str
    payment: OrderPayment | None = None


def _paid(charge: MidtransCharge, found: api.Transaction) -> Outcome:
    payment = charge.payment
    number = payment.order.number
    if found.gross_amount != payment.amount_due:
        logger.error(
            "Order %s: Midtrans %s paid %s, due %s",
            number,
            found.order_id,
            found.gross_amount,
            payment.amount_due,
        )
        return Outcome(f"FLAG: paid {found.gross_amount}, due {payment.amount_due}; not marked paid", payment)
    if payment.is_paid or payment.status == Status.REFUNDED:
        if payment.provider_reference and payment.provider_reference != found.order_id:
            logger.error(
                "Order %s paid twice (%s and %s)", number, payment.provider_reference, found.order_id
            )
            return Outcome(
                f"FLAG: already paid by {payment.provider_reference}; refund {found.order_id}", payment
            )
        return Outcome("already paid", payment)
    try:
        payment = services.payment_mark_succeeded(payment=payment, reference=found.order_id)
    except ValidationError:
        logger.error("Order %s was paid through Midtrans after it was cancelled", number)
        return Outcome("FLAG: paid after the order was cancelled; refund needed", payment)
    return Outcome("marked paid", payment)


def _closed(charge: MidtransCharge, found: api.Transaction, *, current: bool) -> Outcome:
    payment = charge.payment
    if not current:
        return Outcome(f"ignored: {found.transaction_status} of a replaced transaction", payment)
    if payment.status not in OPEN:
        return Outcome(f"ignored: payment is {payment.status}", payment)
    if found.transaction_status == "deny":
        services.payment_mark_failed(payment=payment, reason="deny")
        return Outcome("failed: denied; the buyer may pay again", payment)
    services.payment_cancel(payment=payment)
    return Outcome(f"cancelled: {found.transaction_status} at Midtrans; stock released", payment)


def _effect(charge: MidtransCharge, found: api.Transaction) -> Outcome:
    current = MidtransCharge.objects.filter(payment=charge.payment).order_by("-attempt").first() == charge
    if charge.transaction_status != found.transaction_status:
        charge.transaction_status = found.transaction_status
        charge.save(update_fields=["transaction_status", "updated_at"])
    status = found.transaction_status
    if found.paid:
        return _paid(charge, found)
    if status in ("expire", "cancel", "deny", "failure"):
        return _closed(charge, found, current=current)
    if status == "pending":
        return Outcome("pending: waiting for the buyer", charge.payment)
    if status in ("refund", "partial_refund"):
        if charge.payment.refunded_amount > 0:
            return Outcome(f"{status}: refund recorded here", charge.payment)
        return Outcome(f"FLAG: {status} at Midtrans but no refund recorded here", charge.payment)
    return Outcome(f"ignored: status {status or 'missing'} not handled", charge.payment)


def _refused(body: bytes, error: api.MidtransApiError) -> None:
    """A forged or unsigned notification: recorded for staff under its body's hash, never
    under the id it claims (that would block the real notification)."""
    digest = hashlib.sha256(body).hexdigest()[:40]
    try:
        with transaction.atomic():
            PaymentEvent.objects.get_or_create(
                provider=PROVIDER,
                event_id=f"refused:{digest}",
                defaults={
                    "event_type": "notification.refused",
                    "outcome": f"FLAG: refused, {error.message}"[:255],
                },
            )
    except IntegrityError:
        pass  # the same forgery recorded a moment ago


def midtrans_notification_process(*, body: bytes) -> Handled:
    try:
        notification = api.notification_read(body)
    except api.InvalidSignature as error:
        logger.warning("Refused a Midtrans notification: %s", error.message)
        _refused(body, error)
        return Handled(status=403, outcome="refused: invalid signature")
    except api.MalformedNotification as error:
        logger.error("Refused a malformed Midtrans notification: %s", error.message)
        return Handled(status=400, outcome=f"refused: {error.message}")
    told = notification.transaction
    try:
        found = api.status(told.order_id)
    except api.TransactionNotFound:
        found = None
    except api.MidtransApiError as error:
        # Midtrans retries a 503 (four times): nothing is recorded, so the retry counts.
        logger.error("Midtrans status of %s unavailable: %s", told.order_id, error.message)
        return Handled(status=503, outcome=f"error: status call failed: {error.message}")
    event_id = f"{told.transaction_id}:{told.transaction_status}"[:255]
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = PaymentEvent.objects.create(
                        provider=PROVIDER,
                        event_id=event_id,
                        event_type=f"notification.{told.transaction_status}"[:100],
                        payload=notification.payload,
                    )
            except IntegrityError:
                return Handled(status=200, outcome="duplicate: already handled", duplicate=True)
            outcome = _outcome(told, found)
            record.payment = outcome.payment
            record.outcome = outcome.text[:255]
            record.save(update_fields=["payment", "outcome"])
    except api.MalformedNotification as error:  # a status answer we cannot read
        logger.error("Midtrans status of %s unreadable: %s", told.order_id, error.message)
        return Handled(status=503, outcome=f"error: {error.message}")
    logger.info("Midtrans notification %s %s: %s", told.order_id, told.transaction_status, outcome.text)
    return Handled(status=200, outcome=outcome.text)


def _outcome(told: api.Transaction, found: api.Transaction | None) -> Outcome:
    charge = MidtransCharge.objects.filter(order_id=told.order_id).first()
    if charge is None:
        return Outcome("ignored: no Midtrans transaction of this shop under this order id")
    # Wait for a buyer switching to a new transaction right now (it holds this lock), so
    # which transaction is current is read after that switch.
    charge.payment = (
        OrderPayment.objects.select_for_update().select_related("order").get(pk=charge.payment_id)
    )
    if found is None or found.order_id != told.order_id:
        return Outcome("FLAG: Midtrans does not know this transaction; nothing changed", charge.payment)
    return _effect(charge, found)
