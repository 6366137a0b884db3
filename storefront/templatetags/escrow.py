"""Where each producer's part of an order stands with its money, for the buyer's order pages."""

from datetime import timedelta

from django import template
from django.conf import settings
from django.urls import reverse

from fulfilment.models import SellerOrder
from ledger.selectors import seller_order_escrow
from order.tokens import order_status_token

register = template.Library()


@register.inclusion_tag("storefront/includes/seller_order_escrow.html", takes_context=True)
def seller_order_escrow_status(context, seller_order: SellerOrder) -> dict:
    """The money's state ("Dana ditahan sampai pesanan diterima"…), the auto-release date and,
    while held after shipping, the "Pesanan diterima" button (a link to its confirmation page)."""
    state = seller_order_escrow(seller_order_ids=[seller_order.pk])[seller_order.pk]
    release_on = None
    paused = seller_order.escrow_paused  # a complaint is open: its outcome decides, not the clock
    if (
        not paused
        and state == "held"
        and seller_order.status == SellerOrder.Status.DELIVERED
        and seller_order.delivered_at
    ):
        release_on = seller_order.delivered_at + timedelta(days=settings.ESCROW_RELEASE_DAYS_AFTER_DELIVERY)
    elif (
        not paused
        and state == "held"
        and seller_order.status == SellerOrder.Status.SHIPPED
        and seller_order.shipped_at
    ):
        release_on = seller_order.shipped_at + timedelta(days=settings.ESCROW_RELEASE_DAYS_AFTER_SHIPPING)
    can_confirm = (
        not paused
        and state == "held"
        and seller_order.status
        in (
            SellerOrder.Status.SHIPPED,
            SellerOrder.Status.DELIVERED,
        )
    )
    confirm_url = ""
    if can_confirm:
        order = seller_order.order
        confirm_url = reverse(
            "orders:receipt-confirm", args=[order.number, order_status_token(order), seller_order.number]
        )
    return {
        "seller_order": seller_order,
        "paused": paused,
        "state": state,
        "release_on": release_on,
        "confirm_url": confirm_url,
        # An inclusion tag's template misses the page's context processors: {% price %} needs it.
        "visitor_conversion": context.get("visitor_conversion"),
    }
