"""Ship-by deadline, its last step: a paid part still not shipped SHIP_BY_GRACE_DAYS after it
was flagged late is cancelled and its money refunded, by the scheduler (``enforce_ship_by``).

Here rather than in fulfilment because the refund is a payment's (payment_refund, through
the payment's own method): fulfilment sits below payment and cannot call it. The refund
moves the part to refunded and puts its units back on sale (fulfilment's seller_order_refund).
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fulfilment import selectors as fulfilment_selectors
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from payment.models import OrderPayment
from payment.services import payment_refund

logger = logging.getLogger(__name__)


def seller_orders_cancel_overdue(*, now=None) -> list[SellerOrder]:
    """Cancel and refund every part past its ship-by moment and grace; safe to repeat."""
    now = now or timezone.now()
    cancelled = []
    for seller_order in fulfilment_selectors.seller_orders_overdue(now=now):
        try:
            if _cancel_overdue(seller_order, now=now):
                cancelled.append(seller_order)
        except ValidationError as error:
            # One refund the payment method refused must not keep the others waiting; the
            # part stays late on the staff list, and the next run tries again.
            logger.warning("ship-by: %s not cancelled: %s", seller_order.number, error)
    return cancelled


@transaction.atomic
def _cancel_overdue(seller_order: SellerOrder, *, now) -> bool:
    # The payment first, then the part: the order payment_refund itself locks them in, so a
    # staff refund of the same order at the same moment waits instead of deadlocking.
    payment = OrderPayment.objects.select_for_update().filter(order_id=seller_order.order_id).first()
    seller_order = SellerOrder.objects.select_for_update().get(pk=seller_order.pk)
    if not fulfilment_selectors.seller_orders_overdue(now=now).filter(pk=seller_order.pk).exists():
        return False  # shipped (or cancelled) while the scheduler was on its way
    reason = _("Dibatalkan otomatis: tidak dikirim sampai %(date)s") % {
        "date": timezone.localtime(seller_order.auto_cancel_at).strftime("%d-%m-%Y %H:%M")
    }
    if payment is not None and payment.is_paid:
        amount = min(seller_order.total - seller_order.refunded_amount, payment.amount_kept)
        if amount > 0:
            payment_refund(payment=payment, amount=amount, reason=reason, seller_order=seller_order)
            seller_order.refresh_from_db()
    if seller_order.can_move_to(SellerOrder.Status.CANCELLED):
        # Nothing was taken up front (cash on delivery), or only part of it could go back:
        # the part is closed all the same and its units go back on sale.
        seller_order = fulfilment_services.seller_order_cancel(seller_order=seller_order, note=reason)
    fulfilment_services.seller_order_cancelled_late(seller_order=seller_order)
    return True
