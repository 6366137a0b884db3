"""Delivery offers for each producer's parcel, and loading the couriers' tariff tables."""

import csv
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.digits import is_plain_number
from regions.models import Province, Regency
from sellers.models import SellerProfile
from shipping.models import CourierRate, CourierService
from shipping.providers import rates_provider
from shipping.weights import Parcel

PICKUP = "pickup"


@dataclass(frozen=True)
class ShippingQuote:
    """One way a producer's parcel can reach the buyer: a courier service, or pickup."""

    seller_id: int
    key: str  # the form's value: "service-<id>" or PICKUP
    label: str
    charge: Decimal
    dispatch_days: int
    service_id: int | None = None
    billed_weight_kg: int = 0
    days_min: int = 0
    days_max: int = 0

    @property
    def arrival_min(self) -> int:
        """Days until the parcel arrives at the earliest: processing, then the courier."""
        return self.dispatch_days + self.days_min

    @property
    def arrival_max(self) -> int:
        return self.dispatch_days + self.days_max

    @property
    def arrival_dates(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        return today + datetime.timedelta(days=self.arrival_min), today + datetime.timedelta(
            days=self.arrival_max
        )

    @property
    def is_pickup(self) -> bool:
        return self.key == PICKUP


@dataclass(frozen=True)
class ProducerParcel:
    seller: SellerProfile
    parcel: Parcel
    dispatch_days: int


def shipping_quotes(
    *, parcels: list[ProducerParcel], destination: Regency | None
) -> dict[int, list[ShippingQuote]]:
    """Each producer's offers by seller id: the courier services that reach the buyer's
    kabupaten, cheapest first, then pickup where the producer offers it."""
    offers = (
        rates_provider().quotes(
            parcels={item.seller.pk: item.parcel for item in parcels}, destination=destination
        )
        if destination is not None
        else {}
    )
    result = {}
    for item in parcels:
        quotes = [
            ShippingQuote(
                seller_id=item.seller.pk,
                key=f"service-{offer.service_id}",
                label=offer.name,
                charge=offer.charge,
                dispatch_days=item.dispatch_days,
                service_id=offer.service_id,
                billed_weight_kg=offer.billed_weight_kg,
                days_min=offer.days_min,
                days_max=offer.days_max,
            )
            for offer in offers.get(item.seller.pk, [])
            if item.seller.offers_local_delivery or not offer.is_own_delivery
        ]
        if item.seller.offers_pickup:
            quotes.append(
                ShippingQuote(
                    seller_id=item.seller.pk,
                    key=PICKUP,
                    label=_("Ambil sendiri: %(note)s")
                    % {"note": item.seller.pickup_note or item.seller.village},
                    charge=Decimal("0"),
                    dispatch_days=item.dispatch_days,
                )
            )
        result[item.seller.pk] = quotes
    return result


# --- Tariff import ------------------------------------------------------------

BATCH_SIZE = 1000
CSV_COLUMNS = (
    "courier",
    "service",
    "origin_regency",
    "destination_province",
    "destination_regency",
    "first_kg",
    "next_kg",
    "days_min",
    "days_max",
)


@dataclass
class RatesImport:
    """What an import did, or, when ``errors`` is not empty, why it wrote nothing."""

    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


class _Lookups:
    """Services and regions read once per import, not once per row."""

    def __init__(self):
        self.services = {
            (service.courier.code, service.code): service
            for service in CourierService.objects.select_related("courier")
        }
        self.provinces = set(Province.objects.values_list("code", flat=True))
        self.regencies = dict(Regency.objects.values_list("code", "province_id"))


def _row_errors(row: dict, lookups: _Lookups) -> tuple[dict | None, list[str]]:
    errors = []
    values: dict = {}
    service = lookups.services.get(((row.get("courier") or "").strip(), (row.get("service") or "").strip()))
    if service is None:
        errors.append(
            _("layanan %(courier)s/%(service)s tidak dikenal")
            % {"courier": row.get("courier") or "", "service": row.get("service") or ""}
        )
    origin = (row.get("origin_regency") or "").strip()
    if origin not in lookups.regencies:
        errors.append(_("kabupaten asal %(code)s tidak dikenal") % {"code": origin})
    province = (row.get("destination_province") or "").strip()
    if province not in lookups.provinces:
        errors.append(_("provinsi tujuan %(code)s tidak dikenal") % {"code": province})
    regency = (row.get("destination_regency") or "").strip() or None
    if regency is not None and lookups.regencies.get(regency) != province:
        errors.append(
            _("kabupaten tujuan %(code)s bukan bagian provinsi %(province)s")
            % {"code": regency, "province": province}
        )
    for column in ("first_kg", "next_kg"):
        try:
            values[column] = Decimal((row.get(column) or "").strip().replace(".", ""))
            if values[column] < 0 or values[column] != values[column].to_integral_value():
                raise InvalidOperation
        except InvalidOperation:
            errors.append(_("%(column)s harus angka Rupiah bulat, mis. 10000") % {"column": column})
    for column in ("days_min", "days_max"):
        text = (row.get(column) or "").strip()
        values[column] = int(text) if is_plain_number(text) and int(text) <= 60 else None
        if values[column] is None:
            errors.append(_("%(column)s harus angka hari 0-60") % {"column": column})
    if not errors and values["days_min"] > values["days_max"]:
        errors.append(_("days_min lebih besar dari days_max"))
    if errors:
        return None, errors
    return {
        "service": service,
        "origin_id": origin,
        "destination_province_id": province,
        "destination_regency_id": regency,
        "first_kg_price": values["first_kg"],
        "next_kg_price": values["next_kg"],
        "days_min": values["days_min"],
        "days_max": values["days_max"],
    }, []


def _rows(lines: Iterable[str]) -> Iterator[tuple[int, dict]]:
    reader = csv.DictReader(lines)
    missing = [column for column in CSV_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(_("Kolom tidak ada: %(columns)s") % {"columns": ", ".join(missing)})
    for row in reader:
        yield reader.line_num, row


@transaction.atomic
def courier_rates_import(*, lines: Iterable[str], progress=None) -> RatesImport:
    """Load a tariff CSV (columns ``CSV_COLUMNS``), all or nothing: every bad row is
    reported with its line number and, when there is one, no row is written.

    A row for a route already in the table replaces its prices and days; routes the file
    does not name are kept."""
    result = RatesImport()
    lookups = _Lookups()
    valid = []
    try:
        for line_number, row in _rows(lines):
            values, errors = _row_errors(row, lookups)
            result.errors += [
                _("baris %(line)s: %(error)s") % {"line": line_number, "error": e} for e in errors
            ]
            if values is not None:
                valid.append(values)
    except ValueError as error:
        result.errors.append(str(error))
    if result.errors:
        return result
    _store(valid, result, progress)
    return result


ROUTE = ("service_id", "origin_id", "destination_province_id", "destination_regency_id")
PRICES = ("first_kg_price", "next_kg_price", "days_min", "days_max")


def _store(valid: list[dict], result: RatesImport, progress) -> None:
    """Insert new routes and update known ones in batches: a table is thousands of rows."""
    existing = {
        tuple(getattr(rate, name) for name in ROUTE): rate
        for rate in CourierRate.objects.filter(service_id__in={values["service"].pk for values in valid})
    }
    by_route = {}
    for values in valid:  # a later row for the same route wins, as in the file
        by_route[(values["service"].pk, *(values[name] for name in ROUTE[1:]))] = values
    new, changed = [], []
    for route, values in by_route.items():
        rate = existing.get(route)
        if rate is None:
            new.append(
                CourierRate(**dict(zip(ROUTE, route, strict=True)), **{name: values[name] for name in PRICES})
            )
        else:
            for name in PRICES:
                setattr(rate, name, values[name])
            changed.append(rate)
    for start in range(0, len(new), BATCH_SIZE):
        CourierRate.objects.bulk_create(new[start : start + BATCH_SIZE])
        _report(progress, start + len(new[start : start + BATCH_SIZE]), len(by_route))
    for start in range(0, len(changed), BATCH_SIZE):
        CourierRate.objects.bulk_update(changed[start : start + BATCH_SIZE], PRICES)
        _report(progress, len(new) + start + len(changed[start : start + BATCH_SIZE]), len(by_route))
    result.created, result.updated = len(new), len(changed)


def _report(progress, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
