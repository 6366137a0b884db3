from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from exchange.bi_csv import RateFileError, rate_rows_read
from exchange.models import ExchangeRate

__all__ = ["RateChange", "RateFileError", "exchange_rates_import"]

BI_SOURCE = "Kurs Transaksi BI"


@dataclass(frozen=True)
class RateChange:
    currency: str
    date: object
    old_rate: Decimal | None  # None: no rate for that day before
    new_rate: Decimal


@transaction.atomic
def exchange_rates_import(*, text: str, source: str = BI_SOURCE) -> list[RateChange]:
    """Store the rates of a Bank Indonesia file; returns what changed (nothing when the same
    file comes again). A file with any bad row raises RateFileError before anything is written."""
    rows = rate_rows_read(text)
    existing = {
        (rate.currency, rate.date): rate
        for rate in ExchangeRate.objects.select_for_update().filter(
            currency__in={row.currency for row in rows}, date__in={row.date for row in rows}
        )
    }
    changes = []
    for row in sorted(rows, key=lambda row: (row.currency, row.date)):
        stored = existing.get((row.currency, row.date))
        if stored is None:
            ExchangeRate.objects.create(currency=row.currency, date=row.date, rate=row.rate, source=source)
        elif stored.rate != row.rate or stored.source != source:
            ExchangeRate.objects.filter(pk=stored.pk).update(rate=row.rate, source=source)
        else:
            continue
        changes.append(RateChange(row.currency, row.date, stored.rate if stored else None, row.rate))
    return changes
