"""Money back for one producer's part, always through the payment's own refund service.

payment.services.payment_refund sends it by the payment's method (a card at once; a bank
transfer to the account the buyer then gives) and books it in the producer's ledger, from
the held money first (ledger_record_refund).
"""

from decimal import Decimal

from fulfilment.models import SellerOrder
from payment.services import payment_refund


def part_refundable(seller_order: SellerOrder) -> Decimal:
    """What of the part's goods and delivery has not gone back yet."""
    return seller_order.total - seller_order.refunded_amount


def part_refund(*, seller_order: SellerOrder, amount: Decimal, reason: str, by=None) -> None:
    payment_refund(
        payment=seller_order.order.payment,
        amount=amount,
        reason=reason,
        seller_order=seller_order,
        by=by if by is not None and by.is_authenticated else None,
    )
