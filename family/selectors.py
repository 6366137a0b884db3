"""Reads about family deliveries for pages, the packing slip and the impact dashboard."""

from django.db.models import Prefetch, QuerySet
from oscar.core.loading import get_model

from family.models import FamilyDelivery, FamilyRepeat
from fulfilment.models import SellerOrder

Order = get_model("order", "Order")


def family_delivery_for_order(*, order) -> FamilyDelivery | None:
    try:
        return order.family_delivery
    except FamilyDelivery.DoesNotExist:
        return None


def gift_for_order(*, order) -> tuple[str, bool]:
    """(gift message, hide prices) for the packing slip (fulfilment.documents): a parcel for
    the family carries the sender's message and no prices; any other parcel, ("", False)."""
    delivery = family_delivery_for_order(order=order)
    if delivery is None:
        return "", False
    return delivery.gift_message, True


def orders_sent_to_families() -> QuerySet:
    """Every order sent to a family, for the impact dashboard ("sent to families" by country
    of work): filter it further (paid, period) as its other figures are."""
    return Order.objects.filter(family_delivery__isnull=False)


def family_delivery_by_token(*, token: str) -> FamilyDelivery | None:
    """The family's tracking page: the order's parts with their producers and delivery photos."""
    parts = SellerOrder.objects.select_related("seller__village", "delivery_photo").order_by("seller__name")
    return (
        FamilyDelivery.objects.select_related("order__shipping_address__village")
        .prefetch_related(Prefetch("order__seller_orders", queryset=parts), "order__lines")
        .filter(token=token)
        .first()
    )


def family_repeats(*, delivery: FamilyDelivery) -> QuerySet:
    return FamilyRepeat.objects.filter(source=delivery, is_active=True).order_by("next_date")
