"""Order e-mails: the buyer's confirmation, and each producer's own new-order notice."""

from django.conf import settings
from django.urls import reverse
from oscar.core.loading import get_model

from core.emails import send_templated_email
from order.tokens import order_status_token

Order = get_model("order", "Order")


def _status_url(order) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("checkout:order-status", args=[order.number, order_status_token(order)])


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


def send_new_order_to_producers(order_id: int) -> None:
    """Each producer hears only about its own lines of the order."""
    order = Order.objects.get(pk=order_id)
    for seller_order in order.seller_orders.select_related("seller__user"):
        seller = seller_order.seller
        recipients = [seller.user.email] if seller.user_id else []
        if seller.cooperative_id:
            recipients += list(seller.cooperative.operators.exclude(email="").values_list("email", flat=True))
        send_templated_email(
            template="checkout/emails/new_order_producer",
            context={
                "seller_order": seller_order,
                "lines": list(seller_order.lines()),
                "portal_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + seller_order.get_absolute_url(),
            },
            to=recipients,
            language=settings.LANGUAGE_CODE,
        )
