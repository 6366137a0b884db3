"""Moving an order's payment through its life, the same way for every method.

The payment is the one source of truth for the order's status: each change here moves
Oscar's Order.status along (ORDER_STATUS, recorded by Oscar as an OrderStatusChange),
records what happened and who did it (a PaymentEvent), and tells the buyer by e-mail.
Nothing else sets an order's status (staff.orders routes the dashboard's status form here).
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import rupiah_digits
from core.tasks import enqueue_on_commit
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from payment import tasks
from payment.methods import payment_method, payment_methods
from payment.models import (
    CodStrike,
    OrderPayment,
    PaymentEvent,
    PaymentRefund,
    RefundBankAccount,
    TransferReceipt,
)
from payment.selectors import COD, UNPAID, refund_account_open
from sellers.images import image_clean

Status = OrderPayment.Status

# Oscar's order status for each payment status (OSCAR_ORDER_STATUS_PIPELINE lists the same).
ORDER_STATUS = {
    Status.PENDING: "Pending",
    Status.REQUIRES_ACTION: "Pending",
    Status.FAILED: "Pending",
    Status.SUCCEEDED: "Paid",
    Status.CANCELLED: "Cancelled",
    Status.PARTIALLY_REFUNDED: "Partially refunded",
    Status.REFUNDED: "Refunded",
}
# Events this module records itself (the providers' own events carry theirs).
SHOP_PROVIDER = "pasar"
# A COD part in the courier's hands or at the buyer's: refused there, never cancelled.
COD_SENT = (SellerOrder.Status.SHIPPED, SellerOrder.Status.DELIVERED)


def _order_status_follow(payment: OrderPayment) -> None:
    """Move Oscar's order status to the payment's, recording the change as Oscar does.

    Not through Order.set_status's pipeline check: an order whose status drifted before
    this rule (set by hand in the dashboard) is brought back to the truth, not refused.
    """
    order = payment.order
    wanted = ORDER_STATUS[Status(payment.status)]
    if order.status == wanted:
        return
    old = order.status
    order.status = wanted
    order.save(update_fields=["status"])
    order.status_changes.create(old_status=old, new_status=wanted)


def _record(payment: OrderPayment, event_type: str, outcome: str, *, by=None, **payload) -> PaymentEvent:
    """Note a change made in the shop (by staff, the buyer or the scheduler) on the payment."""
    return PaymentEvent.objects.create(
        provider=SHOP_PROVIDER,
        event_id=uuid.uuid4().hex,
        event_type=event_type,
        payment=payment,
        outcome=outcome[:255],
        payload={**payload, "by": by.pk if by is not None else None},
    )


def payment_create(*, order, method_code: str) -> OrderPayment:
    method = payment_method(method_code)
    payment = OrderPayment(order=order, method=method.code, amount=order.total_incl_tax)
    payment.amount_due = payment.amount
    method.start(payment=payment)
    payment.save()
    method.placed(payment=payment)
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
    _order_status_follow(payment)
    _record(payment, "paid", f"marked paid, reference {reference or '-'}", by=by, reference=reference)
    enqueue_on_commit(tasks.send_payment_received, payment.pk)
    return payment


@transaction.atomic
def bank_transfer_mark_paid(*, payment: OrderPayment, reference: str, by) -> OrderPayment:
    """Staff found the transfer on the bank statement: its reference is required."""
    reference = reference.strip()
    if payment.method != "bank_transfer":
        raise ValidationError(_("Pembayaran kartu dikonfirmasi oleh Stripe, bukan oleh staf."))
    if not reference:
        raise ValidationError({"reference": _("Isi referensi mutasi bank dari rekening koran.")})
    return payment_mark_succeeded(payment=payment, reference=reference, by=by)


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
def payment_cancel(
    *, payment: OrderPayment, reason: str = "", by=None, by_buyer: bool = False
) -> OrderPayment:
    """Cancel an unpaid order and give its reserved units back to stock.

    A paid order is not cancelled here: its money goes back first (payment_refund). A
    cash-on-delivery order is cancelled only before a parcel left (then it is refused at
    the door, payment.cod_services); the buyer's own cancellation (``by_buyer``, or ``by``
    the order's account) counts towards the COD limit (cod_strike_record).
    """
    payment = _locked(payment)
    if payment.status in (Status.CANCELLED, Status.REFUNDED):
        return payment
    if payment.is_paid:
        raise ValidationError(_("Pesanan ini sudah dibayar: kembalikan dananya untuk membatalkannya."))
    if payment.method == COD and payment.order.seller_orders.filter(status__in=COD_SENT).exists():
        raise ValidationError(
            _("Paket COD pesanan ini sudah dikirim; bila pembeli menolaknya, produsen mencatatnya.")
        )
    if payment.method == COD and (by_buyer or (by is not None and by.pk == payment.order.user_id)):
        cod_strike_record(payment=payment, kind=CodStrike.Kind.CANCELLED, by=by, note=reason)
    payment.status = Status.CANCELLED
    payment.cancelled_at = timezone.now()
    payment.save(update_fields=["status", "cancelled_at", "updated_at"])
    fulfilment_services.seller_orders_cancel(order=payment.order)
    _order_status_follow(payment)
    _record(payment, "cancelled", f"cancelled: {reason or '-'}", by=by, reason=reason)
    enqueue_on_commit(tasks.send_order_cancelled, payment.pk)
    return payment


@transaction.atomic
def payments_release(*, payments, by, reason: str) -> list[OrderPayment]:
    """Staff cancel a buyer's or an address's unpaid orders (a hoard): their units go back
    on sale, and each order keeps a note of who released it and why."""
    released = []
    for payment in payments:
        payment = _locked(payment)
        if payment.status not in UNPAID:
            continue  # paid or cancelled in the meantime: nothing to release
        payment = payment_cancel(payment=payment)
        payment.order.notes.create(
            user=by,
            note_type=payment.order.notes.model.SYSTEM,
            message=_("Dilepas oleh staf (pesanan belum dibayar): %(reason)s") % {"reason": reason},
        )
        released.append(payment)
    return released


def bank_transfers_expire(*, now=None) -> list[OrderPayment]:
    """Cancel bank-transfer orders whose deadline passed without payment."""
    now = now or timezone.now()
    expired = OrderPayment.objects.filter(
        method="bank_transfer", status=Status.PENDING, deadline__lt=now
    ).select_related("order")
    return [payment_cancel(payment=payment, reason=_("Batas waktu pembayaran lewat.")) for payment in expired]


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
    # A cancelled part (a COD parcel refused at the door) was never paid: nothing of it goes back.
    parts = list(payment.order.seller_orders.all())
    never_paid = sum(
        (part.total for part in parts if part.status == SellerOrder.Status.CANCELLED), Decimal("0")
    )
    parts = [part for part in parts if part.status != SellerOrder.Status.CANCELLED]
    remaining -= never_paid
    if seller_order is not None:
        remaining = min(remaining, seller_order.total - seller_order.refunded_amount)
        if seller_order.status == SellerOrder.Status.CANCELLED:
            remaining = Decimal("0")
    if amount <= 0 or amount > remaining:
        raise ValidationError(
            {
                "amount": _("Jumlah pengembalian harus antara Rp 1 dan %(max)s.")
                % {"max": rupiah_digits(remaining)}
            }
        )
    method = payment_method(payment.method)
    reference = method.refund(payment=payment, amount=amount, reason=reason)
    refund = PaymentRefund.objects.create(
        payment=payment,
        seller_order=seller_order,
        amount=amount,
        reason=reason,
        reference=reference if method.refunds_itself else "",
        transferred_at=timezone.now() if method.refunds_itself else None,
        created_by=by,
    )
    payment.refunded_amount += amount
    payment.status = (
        Status.REFUNDED if payment.refunded_amount >= payment.amount_due else Status.PARTIALLY_REFUNDED
    )
    payment.save(update_fields=["refunded_amount", "status", "updated_at"])
    _order_status_follow(payment)
    _record(payment, "refund", f"refund {amount}: {reason}", by=by, refund=refund.pk, amount=str(amount))
    enqueue_on_commit(tasks.send_refund_notice, refund.pk)
    targets = [seller_order] if seller_order is not None else parts
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


def cod_strike_record(*, payment: OrderPayment, kind: str, by=None, seller_order=None, note: str = ""):
    """A COD order cancelled, or a COD parcel refused, by its buyer: one strike towards the
    COD limit, on the buyer's account and the delivery address's phone (E.164)."""
    order = payment.order
    address = order.shipping_address
    phone = getattr(address.phone_number, "as_e164", "") if address and address.phone_number else ""
    strike = CodStrike.objects.create(
        kind=kind,
        user_id=order.user_id,
        phone=phone or "",
        payment=payment,
        seller_order=seller_order,
        note=note[:255],
        recorded_by=by if by is not None and by.is_authenticated else None,
    )
    _record(payment, "cod_strike", f"COD {kind}: {note or '-'}", by=by, strike=strike.pk)
    return strike


@transaction.atomic
def refund_transfer_record(*, refund: PaymentRefund, reference: str, by) -> PaymentRefund:
    """Staff sent a bank-transfer refund to the buyer's account: note the transfer's reference."""
    reference = reference.strip()
    if not reference:
        raise ValidationError({"reference": _("Isi referensi transfer balik.")})
    refund = PaymentRefund.objects.select_for_update().select_related("payment").get(pk=refund.pk)
    if refund.transferred_at is not None:
        raise ValidationError(_("Pengembalian dana ini sudah dicatat terkirim."))
    refund.reference = reference
    refund.transferred_at = timezone.now()
    refund.save(update_fields=["reference", "transferred_at"])
    _record(
        refund.payment,
        "refund_transferred",
        f"refund {refund.amount} sent, reference {reference}",
        by=by,
        refund=refund.pk,
        reference=reference,
    )
    enqueue_on_commit(tasks.send_refund_notice, refund.pk)
    return refund


@transaction.atomic
def refund_account_save(
    *, payment: OrderPayment, bank_name: str, account_number: str, holder_name: str
) -> RefundBankAccount:
    """The buyer says which account a bank-transfer refund goes to (digits only, see the form)."""
    payment = _locked(payment)
    if not refund_account_open(payment):
        raise ValidationError(_("Pesanan ini tidak menunggu pengembalian dana ke rekening."))
    account, _created = RefundBankAccount.objects.update_or_create(
        payment=payment,
        defaults={"bank_name": bank_name, "account_number": account_number, "holder_name": holder_name},
    )
    _record(payment, "refund_account", f"refund account given: {bank_name}")
    return account


# A buyer may send a few photos (a blurred one, then a better one), not fill the storage.
MAX_TRANSFER_RECEIPTS = 5


@transaction.atomic
def transfer_receipt_add(*, payment: OrderPayment, upload) -> TransferReceipt:
    """Keep a photo of the buyer's transfer slip for staff, re-encoded like every upload."""
    payment = _locked(payment)
    if payment.method != "bank_transfer" or payment.status != Status.PENDING:
        raise ValidationError(_("Pesanan ini tidak menunggu transfer bank."))
    if payment.receipts.count() >= MAX_TRANSFER_RECEIPTS:
        raise ValidationError(
            _("Sudah ada %(count)s foto bukti transfer untuk pesanan ini.") % {"count": MAX_TRANSFER_RECEIPTS}
        )
    clean = image_clean(upload)
    receipt = TransferReceipt(payment=payment)
    receipt.image.save(f"bukti.{clean.extension}", ContentFile(clean.content), save=False)
    receipt.save()
    _record(payment, "transfer_receipt", "transfer receipt photo uploaded", receipt=receipt.pk)
    return receipt


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
