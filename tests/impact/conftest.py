import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.test.factories import OrderFactory, OrderLineFactory

from fulfilment.models import SellerOrder

_numbers = iter(range(1, 10_000))


def make_sale(
    seller, product, *, quantity: int, unit_price: Decimal, status=SellerOrder.Status.DELIVERED, placed=None
):
    """A buyer order with one line of ``product`` from ``seller`` and its SellerOrder."""
    placed = placed or timezone.now()
    n = next(_numbers)
    order = OrderFactory(number=f"PD-UJI-{n}", date_placed=placed)
    total = unit_price * quantity
    OrderLineFactory(
        order=order,
        product=product,
        partner=seller.partner,
        partner_name=seller.partner.name,
        stockrecord=product.stockrecords.first(),
        quantity=quantity,
        line_price_incl_tax=total,
        line_price_excl_tax=total,
        line_price_before_discounts_incl_tax=total,
        line_price_before_discounts_excl_tax=total,
        unit_price_incl_tax=unit_price,
        unit_price_excl_tax=unit_price,
    )
    part = SellerOrder.objects.create(
        order=order,
        seller=seller,
        number=f"PD-UJI-{n}-1",
        status=status,
        lines_total=total,
        units=quantity,
        shipping_charge=Decimal("12000"),
        tracking_number="RESI1" if status in ("shipped", "delivered") else "",
    )
    # Created with its order, as checkout does (seller_orders_create in the placing
    # transaction): the part's own time is the order's.
    SellerOrder.objects.filter(pk=part.pk).update(created_at=placed)
    part.created_at = placed
    return part


def aware(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 12))


@pytest.fixture
def sale():
    return make_sale
