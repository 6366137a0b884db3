"""Reads of a producer's share of orders, for the seller portal and the staff dashboard."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, Q, QuerySet, Value
from django.utils import timezone

from fulfilment.models import SHIP_BY_EXTRA_DAYS, SellerOrder
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


def _with_ship_by(orders: QuerySet) -> QuerySet:
    """Each part's ship-by moment (paid + processing days + SHIP_BY_EXTRA_DAYS), in the query."""
    days = ExpressionWrapper(
        (F("dispatch_days") + SHIP_BY_EXTRA_DAYS) * Value(timedelta(days=1)), output_field=DurationField()
    )
    return orders.annotate(ship_by_at=ExpressionWrapper(F("paid_at") + days, output_field=DateTimeField()))


def seller_orders_late(*, now: datetime | None = None, seller: SellerProfile | None = None) -> QuerySet:
    """Paid or packed parts past their ship-by moment, the most overdue first."""
    orders = SellerOrder.objects.filter(
        status__in=[SellerOrder.Status.PAID, SellerOrder.Status.PACKED], paid_at__isnull=False
    )
    if seller is not None:
        orders = orders.filter(seller=seller)
    return (
        _with_ship_by(orders)
        .filter(ship_by_at__lt=now or timezone.now())
        .select_related("order", "seller", "seller__village")
        .order_by("ship_by_at", "pk")
    )


def seller_orders_overdue(*, now: datetime | None = None) -> QuerySet:
    """Late parts whose grace (SHIP_BY_GRACE_DAYS) is over too: the scheduler cancels them."""
    grace = timedelta(days=settings.SHIP_BY_GRACE_DAYS)
    return seller_orders_late(now=(now or timezone.now()) - grace)
