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
        readers = producer_readers(seller_order.seller)
        # Each reader in their own language: a cooperative's operator may read English.
        send_templated_email_to_users(
            template="fulfilment/emails/new_order_producer",
            context={
                "seller_order": seller_order,
                "lines": list(seller_order.lines()),
                "portal_url": shop_url(seller_order.get_absolute_url()),
            },
            users=readers,
        )


def send_shipping_notice(seller_order: SellerOrder) -> None:
    order = seller_order.order
    send_templated_email(
        template="fulfilment/emails/shipping_notice",
        context={"seller_order": seller_order, "order": order, "lines": list(seller_order.lines())},
        to=[order.email],
        language=getattr(order, "language", None),
    )
