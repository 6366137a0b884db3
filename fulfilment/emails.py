"""E-mails about producers' parts of an order: the new-order notice, the shipping notice."""

from oscar.core.loading import get_model

from core.emails import send_templated_email, send_templated_email_to_users, shop_url
from fulfilment.models import SellerOrder

Order = get_model("order", "Order")


def producer_readers(seller) -> list:
    """Who reads a producer's e-mails: the producer and its cooperative's operators."""
    readers = [seller.user] if seller.user_id else []
    if seller.cooperative_id:
        readers += list(seller.cooperative.operators.exclude(email=""))
    return readers


def send_new_order_to_producers(order_id: int) -> None:
    """Each producer hears only about its own lines of the order."""
    order = Order.objects.get(pk=order_id)
    for seller_order in order.seller_orders.select_related("seller__user"):
        _send_to_producer(seller_order, "fulfilment/emails/new_order_producer")


def _send_to_producer(seller_order: SellerOrder, template: str) -> None:
    """To the producer and the operators of its cooperative (who run members without a phone)."""
    readers = producer_readers(seller_order.seller)
    # Each reader in their own language: a cooperative's operator may read English.
    send_templated_email_to_users(
        template=template,
        context={
            "seller_order": seller_order,
            "lines": list(seller_order.lines()),
            "portal_url": shop_url(seller_order.get_absolute_url()),
        },
        users=readers,
    )


def send_shipping_notice(seller_order: SellerOrder) -> None:
    _send_to_buyer(seller_order, "fulfilment/emails/shipping_notice")


def _send_to_buyer(seller_order: SellerOrder, template: str) -> None:
    """In the language the buyer shopped in."""
    order = seller_order.order
    send_templated_email(
        template=template,
        context={"seller_order": seller_order, "order": order, "lines": list(seller_order.lines())},
        to=[order.email],
        language=getattr(order, "language", None),
    )


def send_ship_by_late(seller_order: SellerOrder) -> None:
    """Past the ship-by moment: ship now, or the part is cancelled at auto_cancel_at."""
    _send_to_producer(seller_order, "fulfilment/emails/ship_by_late_producer")


def send_ship_by_cancelled(seller_order: SellerOrder) -> None:
    """Cancelled for not being shipped: the buyer gets the money back, the producer knows why."""
    _send_to_producer(seller_order, "fulfilment/emails/ship_by_cancelled_producer")
    _send_to_buyer(seller_order, "fulfilment/emails/ship_by_cancelled_buyer")
