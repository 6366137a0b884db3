import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone

from exchange.countries import CURRENCIES, IDR
from exchange.models import ExchangeRate


@dataclass(frozen=True)
class ConvertedPrice:
    currency: str
    amount: Decimal  # rounded as the currency is written
    rate_date: datetime.date


def rate_current(*, currency: str) -> ExchangeRate | None:
    """The newest rate of a currency, stale or not (None when there never was one)."""
    return ExchangeRate.objects.filter(currency=currency).order_by("-date").first()


def rate_is_stale(*, rate: ExchangeRate, today: datetime.date | None = None) -> bool:
    """Older than EXCHANGE_RATE_MAX_AGE_DAYS: too old to show a price converted with it."""
    today = today or timezone.localdate()
    return (today - rate.date).days > settings.EXCHANGE_RATE_MAX_AGE_DAYS


def price_convert(*, currency: str, amount_idr) -> ConvertedPrice | None:
    """A rupiah amount in a foreign currency with the date of the rate used, or None when
    there is no fresh rate: a converted price is hidden rather than wrong."""
    if currency not in CURRENCIES or currency == IDR.code or amount_idr is None:
        return None
    rate = rate_current(currency=currency)
    if rate is None or rate_is_stale(rate=rate):
        return None
    places = Decimal(1).scaleb(-CURRENCIES[currency].decimals)
    amount = (Decimal(amount_idr) / rate.rate).quantize(places, rounding=ROUND_HALF_UP)
    return ConvertedPrice(currency=currency, amount=amount, rate_date=rate.date)


def idr_to(*, currency: str, amount) -> Decimal | None:
    """Rupiah -> the currency, rounded as that currency is written; None without a fresh rate."""
    converted = price_convert(currency=currency, amount_idr=amount)
    return converted.amount if converted else None
