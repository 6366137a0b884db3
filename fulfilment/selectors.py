"""Reads of a producer's share of orders, for the seller portal and the staff dashboard."""

from django.db.models import QuerySet

from fulfilment.models import SellerOrder
from sellers.models import SellerProfile


def seller_orders(*, seller: SellerProfile) -> QuerySet:
    """The producer's orders with the buyer's order and address joined (the portal lists both)."""
    return SellerOrder.objects.filter(seller=seller).select_related("order", "order__shipping_address")


def seller_orders_to_ship(*, seller: SellerProfile) -> QuerySet:
    """Paid or packed: what the producer still has to send."""
    return seller_orders(seller=seller).filter(
        status__in=[SellerOrder.Status.PAID, SellerOrder.Status.PACKED]
    )


def seller_recent_orders(*, seller: SellerProfile, limit: int = 10) -> QuerySet:
    return (
        SellerOrder.objects.filter(seller=seller)
        .select_related("order")
        .order_by("-created_at", "-id")[:limit]
    )
