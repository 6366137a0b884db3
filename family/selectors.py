"""Reads about family deliveries for pages, the packing slip and the impact dashboard."""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class SlipGift:
    """What the packing slip (fulfilment.documents) prints of a gift."""

    sender_name: str = ""
    message: str = ""
    hide_prices: bool = False


def gift_for_order(*, order) -> SlipGift:
    """A parcel for the family carries who sent it, their message and no prices; any other
    parcel, nothing of a gift."""
    delivery = family_delivery_for_order(order=order)
    if delivery is None:
        return SlipGift()
    return SlipGift(sender_name=delivery.sender_name, message=delivery.gift_message, hide_prices=True)


# The address step offers a few earlier recipients, not a whole history.
EARLIER_RECIPIENTS_LIMIT = 5


def family_recipients_earlier(*, user, limit: int = EARLIER_RECIPIENTS_LIMIT) -> list[FamilyDelivery]:
    """A signed-in buyer's earlier family recipients, newest first, each address once (the
    newest gift to it, whose sender's name the next one starts from)."""
    if not user.is_authenticated:
        return []
    deliveries = (
        FamilyDelivery.objects.filter(order__user=user, order__shipping_address__village__isnull=False)
        .select_related("order__shipping_address__village")
        .order_by("-created_at", "-pk")[: limit * 10]
    )
    recipients, seen = [], set()
    for delivery in deliveries:
        key = delivery.order.shipping_address.generate_hash()
        if key not in seen:
            seen.add(key)
            recipients.append(delivery)
    return recipients[:limit]


def family_recipient_earlier(*, user, delivery_id) -> FamilyDelivery | None:
    """One of the buyer's own earlier family deliveries (another buyer's is not found)."""
    if not user.is_authenticated or not str(delivery_id).isdigit():
        return None
    return (
        FamilyDelivery.objects.filter(order__user=user, pk=int(delivery_id))
        .select_related("order__shipping_address__village")
        .first()
    )


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
