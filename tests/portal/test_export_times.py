"""The earnings CSV writes times in WIB and say so in the header (issue #14: a sale at 01:18 WIB
showed as 18:18 the day before)."""

import csv
import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

# 18:18 UTC on 1 March is 01:18 WIB on 2 March.
AT_18_18_UTC = datetime.datetime(2026, 3, 1, 18, 18, tzinfo=datetime.UTC)


def _entry_at(seller, kind, amount, when, **extra):
    # Entries are append-only (the database refuses UPDATE), so they are created at that time.
    with mock.patch("django.utils.timezone.now", return_value=when):
        return LedgerEntry.objects.create(seller=seller, kind=kind, amount=Decimal(amount), **extra)


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_earnings_csv_shows_the_time_in_wib(client, seller):
    _entry_at(seller, LedgerEntry.Kind.SALE, 70000, AT_18_18_UTC, reference="S-1")
    client.force_login(seller.user)

    header, row = _rows(client.get(reverse("sellers:portal-earnings-csv")))

    assert header[0] == "Waktu (WIB)"
    assert row[0] == "2026-03-02 01:18"
