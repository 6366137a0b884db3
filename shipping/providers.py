"""Where delivery prices come from: one interface, the tariff table behind it today.

A live rates API (Biteship, KiriminAja) would be one more ``RatesProvider`` subclass,
named in the ``SHIPPING_RATES_PROVIDER`` setting; checkout only sees ``ServiceQuote``s.
"""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string

from regions.models import Regency
from shipping.models import CourierRate
from shipping.weights import Parcel, billed_weight_kg


@dataclass(frozen=True)
class ServiceQuote:
    service_id: int
    name: str  # "JNE REG"
    billed_weight_kg: int
    charge: Decimal
    days_min: int
    days_max: int
    # The producer's own delivery: offered only by producers who deliver themselves.
    is_own_delivery: bool = False


class RatesProvider(ABC):
    @abstractmethod
    def quotes(self, *, parcels: Mapping[int, Parcel], destination: Regency) -> dict[int, list[ServiceQuote]]:
        """The services reaching ``destination`` for each parcel (keyed as given), cheapest first."""


class TariffTableProvider(RatesProvider):
    """The imported tariff rows (shipping.models.CourierRate), all parcels in one query.

    A row for the destination kabupaten wins over its province's fallback row."""

    def quotes(self, *, parcels: Mapping[int, Parcel], destination: Regency) -> dict[int, list[ServiceQuote]]:
        origins = {parcel.origin_regency_code for parcel in parcels.values()}
        rows = (
            CourierRate.objects.filter(
                origin_id__in=origins,
                destination_province_id=destination.province_id,
                service__is_active=True,
                service__courier__is_active=True,
            )
            .filter(Q(destination_regency_id=destination.pk) | Q(destination_regency__isnull=True))
            .select_related("service__courier")
        )
        best: dict[tuple[str, int], CourierRate] = {}
        for row in rows:
            key = (row.origin_id, row.service_id)
            if key not in best or row.destination_regency_id is not None:
                best[key] = row
        result = {}
        for parcel_key, parcel in parcels.items():
            offers = [
                _priced(row, parcel)
                for (origin, _), row in best.items()
                if origin == parcel.origin_regency_code
            ]
            result[parcel_key] = sorted(offers, key=lambda quote: (quote.charge, quote.days_max, quote.name))
        return result


def _priced(row: CourierRate, parcel: Parcel) -> ServiceQuote:
    courier = row.service.courier
    kilograms = billed_weight_kg(
        parcel=parcel, divisor=courier.volumetric_divisor, tolerance_grams=courier.rounding_tolerance_grams
    )
    return ServiceQuote(
        service_id=row.service_id,
        name=str(row.service),
        billed_weight_kg=kilograms,
        charge=row.first_kg_price + row.next_kg_price * (kilograms - 1),
        days_min=row.days_min,
        days_max=row.days_max,
        is_own_delivery=courier.kind == courier.Kind.OWN_DELIVERY,
    )


@cache
def _provider_class(path: str) -> type[RatesProvider]:
    return import_string(path)


def rates_provider() -> RatesProvider:
    return _provider_class(settings.SHIPPING_RATES_PROVIDER)()
