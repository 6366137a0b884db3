"""The buyer's resolution links for one producer's part on the order pages: cancel (or ask to),
open a complaint (until when), or follow the complaint and the cancellation request."""

from django import template
from django.urls import reverse

from complaints.selectors import part_resolution
from fulfilment.models import SellerOrder
from order.tokens import order_status_token

register = template.Library()


@register.inclusion_tag("storefront/includes/seller_order_resolution.html")
def seller_order_resolution(seller_order: SellerOrder) -> dict:
    order = seller_order.order
    args = [order.number, order_status_token(order), seller_order.number]
    resolution = part_resolution(seller_order=seller_order)
    return {
        "resolution": resolution,
        "cancel_url": reverse("orders:cancel", args=args) if resolution.cancel else "",
        "complaint_open_url": reverse("orders:complaint-open", args=args) if resolution.can_complain else "",
        "complaint_url": reverse("orders:complaint", args=args) if resolution.complaint else "",
    }
