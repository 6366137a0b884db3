"""A buyer cancels one producer's part.

Before packing it is immediate: a paid part's money goes back (payment_refund, which also
puts the units back on sale), an unpaid one is simply cancelled. Once the producer packed it,
the buyer can only ask: the producer accepts (the same refund) or refuses with a reason.
Each step is a CancellationRequest, a note on Oscar's order, and an e-mail to the other side.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import tasks
from complaints.models import CancellationRequest
from complaints.selectors import CANCEL_BY_REQUEST, CANCEL_NOW
from complaints.services.refunds import part_refund, part_refundable
from core.tasks import enqueue_on_commit
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from payment.selectors import UNPAID
from payment.services import payment_cancel

Status = SellerOrder.Status


def _note(seller_order: SellerOrder, message: str, by=None) -> None:
    order = seller_order.order
    order.notes.create(
        user=by if by is not None and by.is_authenticated else None,
        note_type=order.notes.model.SYSTEM,
        message=message,
    )


def _user(by):
    return by if by is not None and by.is_authenticated else None


def _cancel_part(seller_order: SellerOrder, *, reason: str, by) -> None:
    """Cancel a part now: money back when it was paid, else just cancelled, stock returned."""
    payment = seller_order.order.payment
    if seller_order.status == Status.AWAITING_PAYMENT:
        if payment.status in UNPAID:
            # Nothing was paid and the whole order is one bill: it is cancelled as a whole
            # (the confirmation page says so), as an expired transfer is.
            # by_buyer: a COD order the buyer cancels counts towards the COD limit.
            payment_cancel(payment=payment, reason=reason, by=_user(by), by_buyer=True)
        else:
            # Paid apart from this part (cash on delivery): nothing to refund.
            fulfilment_services.seller_order_cancel(seller_order=seller_order)
        return
    part_refund(seller_order=seller_order, amount=part_refundable(seller_order), reason=reason, by=by)


def _buyer_step(seller_order: SellerOrder, *, status: str, reason: str, by, note: str, **decided):
    """Keep the buyer's step (a request, or a cancellation done), note it, tell the producer."""
    request = CancellationRequest.objects.create(
        seller_order=seller_order, status=status, reason=reason, requested_by=_user(by), **decided
    )
    _note(seller_order, note % {"number": seller_order.number, "reason": reason or "-"}, by)
    enqueue_on_commit(tasks.send_cancellation_step, request.pk, "producer")
    return request


@transaction.atomic
def seller_order_cancel_by_buyer(
    *, seller_order: SellerOrder, reason: str = "", by=None
) -> CancellationRequest:
    """The buyer cancels (before packing) or asks to cancel (packed) one producer's part."""
    seller_order = SellerOrder.objects.select_for_update().select_related("order").get(pk=seller_order.pk)
    reason = reason.strip()[:255]
    if seller_order.status in CANCEL_BY_REQUEST:
        if seller_order.cancellation_requests.filter(status=CancellationRequest.Status.REQUESTED).exists():
            raise ValidationError(_("Permintaan pembatalan Anda sedang menunggu jawaban produsen."))
        return _buyer_step(
            seller_order,
            status=CancellationRequest.Status.REQUESTED,
            reason=reason,
            by=by,
            note=_("Pembeli meminta pembatalan %(number)s: %(reason)s"),
        )
    if seller_order.status not in CANCEL_NOW:
        raise ValidationError(
            _("Pesanan ini sudah dikirim dan tidak bisa dibatalkan; ajukan komplain bila ada masalah.")
        )
    _cancel_part(seller_order, reason=_("Dibatalkan pembeli: %(reason)s") % {"reason": reason or "-"}, by=by)
    return _buyer_step(
        seller_order,
        status=CancellationRequest.Status.ACCEPTED,
        reason=reason,
        by=by,
        note=_("Pembeli membatalkan %(number)s sebelum dikemas: %(reason)s"),
        decided_by=_user(by),
        decided_at=timezone.now(),
    )


@transaction.atomic
def cancellation_request_answer(
    *, request: CancellationRequest, accept: bool, answer: str = "", by=None
) -> CancellationRequest:
    """The producer accepts (the part is cancelled and refunded) or refuses (with a reason)."""
    request = CancellationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != CancellationRequest.Status.REQUESTED:
        raise ValidationError(_("Permintaan pembatalan ini sudah dijawab."))
    seller_order = (
        SellerOrder.objects.select_for_update().select_related("order").get(pk=request.seller_order_id)
    )
    answer = answer.strip()[:255]
    if accept:
        if seller_order.status not in (*CANCEL_NOW, *CANCEL_BY_REQUEST):
            raise ValidationError(_("Pesanan ini sudah dikirim; pembatalan tidak bisa lagi diterima."))
        _cancel_part(
            seller_order,
            reason=_("Pembatalan disetujui produsen: %(reason)s") % {"reason": request.reason or "-"},
            by=by,
        )
        request.status = CancellationRequest.Status.ACCEPTED
        note = _("Produsen menyetujui pembatalan %(number)s")
    else:
        if not answer:
            raise ValidationError({"answer": _("Tulis alasan penolakan untuk pembeli.")})
        request.status = CancellationRequest.Status.REFUSED
        note = _("Produsen menolak pembatalan %(number)s")
    request.answer = answer
    request.decided_by = _user(by)
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "answer", "decided_by", "decided_at"])
    _note(seller_order, f"{note % {'number': seller_order.number}}: {answer or '-'}", by)
    enqueue_on_commit(tasks.send_cancellation_step, request.pk, "buyer")
    return request
