"""Moving an order's payment through its life, the same way for every method."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import rupiah_digits
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from payment.methods import payment_method, payment_methods
from payment.models import OrderPayment

Status = OrderPayment.Status


def payment_create(*, order, method_code: str) -> OrderPayment:
    method = payment_method(method_code)
    payment = OrderPayment(order=order, method=method.code, amount=order.total_incl_tax)
    payment.amount_due = payment.amount
    method.start(payment=payment)
    payment.save()
    return payment


def _locked(payment: OrderPayment) -> OrderPayment:
    return OrderPayment.objects.select_for_update().get(pk=payment.pk)


@transaction.atomic
def payment_mark_succeeded(*, payment: OrderPayment, reference: str = "", by=None) -> OrderPayment:
    """The money arrived: every producer may now pack and ship. Idempotent."""
    payment = _locked(payment)
    if payment.is_paid or OrderPayment.RANK[Status(payment.status)] > OrderPayment.RANK[Status.SUCCEEDED]:
        return payment
    if payment.status == Status.CANCELLED:
        # Paid after the order was cancelled (a late transfer or webhook): keep the
        # order cancelled and flag it for a refund rather than silently shipping.
        payment.provider_reference = payment.provider_reference or reference
        payment.save(update_fields=["provider_reference", "updated_at"])
        raise ValidationError(_("Pesanan ini sudah dibatalkan; dana perlu dikembalikan."))
    payment.status = Status.SUCCEEDED
    payment.paid_at = timezone.now()
    payment.marked_paid_by = by
    if reference:
        payment.provider_reference = reference
    payment.save()
    fulfilment_services.seller_orders_mark_paid(order=payment.order)
    if "Paid" in payment.order.available_statuses():
        payment.order.set_status("Paid")
    return payment


@transaction.atomic
def payment_mark_failed(*, payment: OrderPayment, reason: str = "") -> OrderPayment:
    """A card was declined: the buyer may try again, so the order stays open."""
    payment = _locked(payment)
    if (
        OrderPayment.RANK[Status(payment.status)] >= OrderPayment.RANK[Status.FAILED]
        and payment.status != Status.REQUIRES_ACTION
    ):
        return payment
    payment.status = Status.FAILED
    payment.save(update_fields=["status", "updated_at"])
    return payment


@transaction.atomic
def payment_mark_requires_action(*, payment: OrderPayment) -> OrderPayment:
    payment = _locked(payment)
    if payment.status in (Status.PENDING, Status.FAILED):
        payment.status = Status.REQUIRES_ACTION
        payment.save(update_fields=["status", "updated_at"])
    return payment


@transaction.atomic
def payment_cancel(*, payment: OrderPayment) -> OrderPayment:
    """Cancel an unpaid order and give its reserved units back to stock."""
    payment = _locked(payment)
    if payment.is_paid or payment.status in (Status.CANCELLED, Status.REFUNDED):
        return payment
    payment.status = Status.CANCELLED
    payment.cancelled_at = timezone.now()
    payment.save(update_fields=["status", "cancelled_at", "updated_at"])
    fulfilment_services.seller_orders_cancel(order=payment.order)
    order = payment.order
    if "Cancelled" in order.available_statuses():
        order.set_status("Cancelled")
    return payment


def bank_transfers_expire(*, now=None) -> list[OrderPayment]:
    """Cancel bank-transfer orders whose deadline passed without payment."""
    now = now or timezone.now()
    expired = OrderPayment.objects.filter(
        method="bank_transfer", status=Status.PENDING, deadline__lt=now
    ).select_related("order")
    return [payment_cancel(payment=payment) for payment in expired]


@transaction.atomic
def payment_refund(
    *, payment: OrderPayment, amount: Decimal, reason: str, seller_order: SellerOrder | None = None, by=None
) -> OrderPayment:
    """Refund the whole order or one producer's part, through the payment's own method."""
    payment = _locked(payment)
    if not payment.is_paid:
        raise ValidationError(_("Hanya pesanan yang sudah dibayar yang bisa dikembalikan dananya."))
    amount = Decimal(amount)
    remaining = payment.amount_due - payment.refunded_amount
    if seller_order is not None:
        remaining = min(remaining, seller_order.total - seller_order.refunded_amount)
    if amount <= 0 or amount > remaining:
        raise ValidationError(
            {
                "amount": _("Jumlah pengembalian harus antara Rp 1 dan %(max)s.")
                % {"max": rupiah_digits(remaining)}
            }
        )
    reference = payment_method(payment.method).refund(payment=payment, amount=amount, reason=reason)
    payment.refunded_amount += amount
    payment.status = (
        Status.REFUNDED if payment.refunded_amount >= payment.amount_due else Status.PARTIALLY_REFUNDED
    )
    payment.save(update_fields=["refunded_amount", "status", "updated_at"])
    targets = [seller_order] if seller_order is not None else list(payment.order.seller_orders.all())
    left = amount
    for target in targets:
        share = min(left, target.total - target.refunded_amount)
        if share <= 0:
            continue
        left -= share
        fulfilment_services.seller_order_refund(
            seller_order=target, amount=share, reference=reference or reason
        )
    return payment


@dataclass(frozen=True)
class Reconciliation:
    order_number: str
    method: str
    status: str
    provider_status: str
    action: str

    @property
    def needs_attention(self) -> bool:
        return self.action.startswith(("FLAG", "ERROR"))


def payments_reconcile(*, paid_within_days: int = 30, now=None) -> list[Reconciliation]:
    """Compare payments with their provider and repair what a lost webhook left behind.

    Open payments (pending, waiting for 3-D Secure, failed) whose provider says paid are
    marked paid. Payments marked paid here (within ``paid_within_days``) that the provider
    does not call paid are flagged, never unpaid automatically.
    """
    now = now or timezone.now()
    methods = {code: method for code, method in payment_methods().items() if method.reconcilable}
    payments = (
        OrderPayment.objects.filter(method__in=list(methods))
        .filter(
            models.Q(status__in=[Status.PENDING, Status.REQUIRES_ACTION, Status.FAILED])
            | models.Q(status=Status.SUCCEEDED, paid_at__gte=now - timedelta(days=paid_within_days))
        )
        .select_related("order")
        .order_by("created_at")
    )
    results = []
    for payment in payments:
        state = methods[payment.method].provider_state(payment=payment)
        if state is None:
            continue
        action = "ok"
        if state.error:
            action = f"ERROR: {state.error}"
        elif state.paid and not payment.is_paid:
            if state.amount is not None and state.amount != payment.amount_due:
                action = f"FLAG: provider took {state.amount}, due {payment.amount_due}; not marked paid"
            else:
                try:
                    payment = payment_mark_succeeded(payment=payment, reference=state.reference)
                    action = "marked paid (its webhook never arrived)"
                except ValidationError:
                    action = "FLAG: paid after the order was cancelled; refund needed"
        elif payment.is_paid and not state.paid:
            action = f"FLAG: paid here but {state.status} at the provider; left as paid, check by hand"
        elif state.closed and not payment.is_paid:
            # Its expiry notification was lost: the same cancellation as a late bank transfer.
            payment = payment_cancel(payment=payment)
            action = f"cancelled: {state.status} at the provider; stock released"
        results.append(
            Reconciliation(
                order_number=payment.order.number,
                method=payment.method,
                status=payment.status,
                provider_status=state.status,
                action=action,
            )
        )
    return results
