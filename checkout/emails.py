"""The buyer's order confirmation (each producer's new-order notice is fulfilment's)."""

from django.conf import settings
from django.urls import reverse
from oscar.core.loading import get_model

from core.emails import send_templated_email, shop_url
from order.tokens import order_status_token

Order = get_model("order", "Order")


def _status_url(order) -> str:
    return shop_url(reverse("checkout:order-status", args=[order.number, order_status_token(order)]))


def send_order_confirmation(order_id: int) -> None:
    order = Order.objects.select_related("payment").get(pk=order_id)
    send_templated_email(
        template="checkout/emails/order_confirmation",
        context={
            "order": order,
            "payment": order.payment,
            "seller_orders": order.seller_orders.select_related("seller"),
            "lines": order.lines.all(),
            "status_url": _status_url(order),
            "account": settings.BANK_TRANSFER_ACCOUNT,
        },
        to=[order.email],
        language=order.language,
    )
