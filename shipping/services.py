"""Shipping cost for each producer's part of a basket: rate table by destination province."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from regions.models import Province
from sellers.models import SellerProfile
from shipping.models import ShippingRate

DELIVERY = "delivery"
PICKUP = "pickup"


@dataclass(frozen=True)
class ShippingQuote:
    seller_id: int
    method: str  # DELIVERY or PICKUP
    label: str
    charge: Decimal
    dispatch_days: int


def shipping_rate_for(*, seller: SellerProfile, province: Province | None) -> Decimal:
    """Most specific rate wins: producer+province, producer, program+province, program."""
    return shipping_rates_for(sellers=[seller], province=province)[seller.pk]


def shipping_rates_for(*, sellers: list[SellerProfile], province: Province | None) -> dict[int, Decimal]:
    """shipping_rate_for() for several producers in one query."""
    rates = ShippingRate.objects.filter(Q(seller__in=sellers) | Q(seller__isnull=True)).filter(
        Q(province=province) | Q(province__isnull=True)
    )
    best: dict[int | None, tuple[int, Decimal]] = {}
    for rate in rates:
        specificity = (rate.seller_id is not None) * 2 + (rate.province_id is not None)
        if rate.seller_id not in best or specificity > best[rate.seller_id][0]:
            best[rate.seller_id] = (specificity, rate.price)
    default = best.get(None, (0, Decimal(str(settings.MARKETPLACE_DEFAULT_SHIPPING_RATE))))[1]
    return {seller.pk: best[seller.pk][1] if seller.pk in best else default for seller in sellers}


def shipping_quotes(
    *, seller: SellerProfile, province: Province | None, dispatch_days: int, rate: Decimal | None = None
) -> list[ShippingQuote]:
    quotes = [
        ShippingQuote(
            seller_id=seller.pk,
            method=DELIVERY,
            label=_("Kirim ke alamat"),
            charge=rate if rate is not None else shipping_rate_for(seller=seller, province=province),
            dispatch_days=dispatch_days,
        )
    ]
    if seller.offers_pickup:
        quotes.append(
            ShippingQuote(
                seller_id=seller.pk,
                method=PICKUP,
                label=_("Ambil sendiri: %(note)s") % {"note": seller.pickup_note or seller.village},
                charge=Decimal("0"),
                dispatch_days=dispatch_days,
            )
        )
    return quotes
