"""E-mails about one producer's part of an order."""

from core.emails import send_templated_email
from fulfilment.models import SellerOrder


def send_shipping_notice(seller_order: SellerOrder) -> None:
    order = seller_order.order
    send_templated_email(
        template="fulfilment/emails/shipping_notice",
        context={"seller_order": seller_order, "order": order, "lines": list(seller_order.lines())},
        to=[order.email],
        language=getattr(order, "language", None),
    )
