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


@dataclass(frozen=True)
class Conversion:
    """How one visitor's prices show beside the rupiah: their currency and its fresh rate, or
    no rate (a buyer at home, or a rate too old to use: then only the rupiah shows)."""

    currency: str
    rate: Decimal | None = None
    rate_date: datetime.date | None = None

    @property
    def cache_key(self) -> str:
        """What a cached page or fragment showing prices is keyed on: the same for every
        visitor who sees the same converted prices, empty for all who see rupiah only (so an
        Indonesian visitor and one whose rate is stale share one entry)."""
        return f"{self.currency}:{self.rate_date.isoformat()}:{self.rate}" if self.rate else ""

    def convert(self, amount_idr) -> ConvertedPrice | None:
        if self.rate is None or amount_idr is None:
            return None
        places = Decimal(1).scaleb(-CURRENCIES[self.currency].decimals)
        amount = (Decimal(amount_idr) / self.rate).quantize(places, rounding=ROUND_HALF_UP)
        return ConvertedPrice(currency=self.currency, amount=amount, rate_date=self.rate_date)


def conversion_for(*, currency: str) -> Conversion:
    """The conversion of a currency as of today: one query, none for the rupiah."""
    if currency not in CURRENCIES or currency == IDR.code:
        return Conversion(currency=IDR.code)
    rate = rate_current(currency=currency)
    if rate is None or rate_is_stale(rate=rate):
        return Conversion(currency=currency)
    return Conversion(currency=currency, rate=rate.rate, rate_date=rate.date)


def price_convert(*, currency: str, amount_idr) -> ConvertedPrice | None:
    """A rupiah amount in a foreign currency with the date of the rate used, or None when
    there is no fresh rate: a converted price is hidden rather than wrong."""
    if amount_idr is None:
        return None
    return conversion_for(currency=currency).convert(amount_idr)


def idr_to(*, currency: str, amount) -> Decimal | None:
    """Rupiah -> the currency, rounded as that currency is written; None without a fresh rate."""
    converted = price_convert(currency=currency, amount_idr=amount)
    return converted.amount if converted else None
