"""Reads of a producer's share of orders, for the seller portal and the staff dashboard."""

from django.db.models import Q, QuerySet

from fulfilment.models import SellerOrder
from sellers.models import SellerProfile


def seller_orders(*, seller: SellerProfile) -> QuerySet:
    """The producer's orders with the buyer's order and address joined (the portal lists both)."""
    return SellerOrder.objects.filter(seller=seller).select_related("order", "order__shipping_address")


def seller_orders_to_ship(*, seller: SellerProfile) -> QuerySet:
    """Paid or packed, or a cash-on-delivery part not yet sent: what the producer still has to send."""
    return seller_orders(seller=seller).filter(
        Q(status__in=[SellerOrder.Status.PAID, SellerOrder.Status.PACKED])
        | Q(status=SellerOrder.Status.AWAITING_PAYMENT, cash_on_delivery=True)
    )


def seller_recent_orders(*, seller: SellerProfile, limit: int = 10) -> QuerySet:
    return (
        SellerOrder.objects.filter(seller=seller)
        .select_related("order")
        .order_by("-created_at", "-id")[:limit]
    )
