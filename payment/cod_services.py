"""Cash on delivery after placement: the cash received, a parcel refused, a block lifted.

Each producer's parcel is paid on its own, when the producer (or the cooperative's operator
acting for it) records the cash in the portal. The order's payment is settled once no
parcel is still out: paid when at least one was paid, cancelled when every one was refused.
Every step is recorded on the payment (PaymentEvent) with who did it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from payment.models import CodStrike, OrderPayment
from payment.selectors import COD
from payment.services import _order_status_follow, _record, cod_strike_record, payment_cancel

Status = OrderPayment.Status


def _cod_payment(seller_order: SellerOrder) -> OrderPayment:
    payment = (
        OrderPayment.objects.select_for_update().select_related("order").get(order=seller_order.order_id)
    )
    if payment.method != COD or not seller_order.cash_on_delivery:
        raise ValidationError(_("Pesanan ini tidak dibayar di tempat (COD)."))
    return payment


@transaction.atomic
def cod_cash_record(*, seller_order: SellerOrder, by) -> OrderPayment:
    """The producer received the parcel's cash (from the buyer, or the courier's COD
    remittance): the part is delivered and paid, the ledger books the cash as held by the
    producer with the commission owed (ledger.services.ledger_record_cod_cash)."""
    payment = _cod_payment(seller_order)
    seller_order = fulfilment_services.seller_order_cod_paid(seller_order=seller_order)
    _record(
        payment,
        "cod_cash",
        f"COD {seller_order.number}: cash {seller_order.total} received",
        by=by,
        seller_order=seller_order.number,
        amount=str(seller_order.total),
    )
    return _cod_settle(payment)


@transaction.atomic
def cod_parcel_refuse(*, seller_order: SellerOrder, by, restock: bool, note: str = "") -> OrderPayment:
    """ "Paket ditolak / tidak dibayar": the parcel comes back unpaid. The part is cancelled,
    its units are on sale again when ``restock`` (the goods came back fit to sell), and the
    buyer gets a strike towards the COD limit."""
    payment = _cod_payment(seller_order)
    seller_order = fulfilment_services.seller_order_cod_refuse(seller_order=seller_order, restock=restock)
    cod_strike_record(
        payment=payment, kind=CodStrike.Kind.REFUSED, by=by, seller_order=seller_order, note=note
    )
    _record(
        payment,
        "cod_refused",
        f"COD {seller_order.number}: refused{', restocked' if restock else ''}: {note or '-'}",
        by=by,
        seller_order=seller_order.number,
        restock=restock,
    )
    return _cod_settle(payment)


def _cod_settle(payment: OrderPayment) -> OrderPayment:
    """Once no parcel is still out, the order's payment follows its parcels."""
    parts = list(payment.order.seller_orders.order_by("number"))
    if any(part.paid_at is None and part.status != SellerOrder.Status.CANCELLED for part in parts):
        return payment
    paid = [part for part in parts if part.paid_at is not None]
    if not paid:
        return payment_cancel(payment=payment, reason=_("Semua paket COD ditolak pembeli."))
    if payment.status != Status.PENDING:
        return payment
    payment.status = Status.SUCCEEDED
    payment.paid_at = timezone.now()
    # The parcels whose cash came in, for the payments dashboard's reference column.
    payment.provider_reference = "COD " + ", ".join(part.number for part in paid)
    payment.save(update_fields=["status", "paid_at", "provider_reference", "updated_at"])
    _order_status_follow(payment)
    # No "payment received" e-mail: the buyer handed the cash over themselves.
    _record(payment, "paid", f"paid in cash on delivery: {payment.provider_reference}")
    return payment


@transaction.atomic
def cod_block_lift(*, kind: str, key: str, by, reason: str) -> int:
    """Staff give COD back to an account ("user", its id) or a phone number: the strikes that
    block it are marked lifted (kept, with who and why). Returns how many were lifted."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tulis alasan mencabut blokir COD.")})
    strikes = CodStrike.objects.select_for_update().filter(lifted_at__isnull=True)
    if kind == "user" and key.isdigit():
        strikes = strikes.filter(user_id=int(key))
    elif kind == "phone" and key:
        strikes = strikes.filter(phone=key)
    else:
        raise ValidationError(_("Pilih akun atau nomor telepon yang diblokir."))
    return strikes.update(lifted_at=timezone.now(), lifted_by=by, lift_reason=reason[:255])
