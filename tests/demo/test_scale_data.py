"""load_demo_data --scale: a shop of the programme's shape, whose ledger is the one the
services would have booked for its orders, so the impact figures made from it are real."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from demo.scale import ScaleLoader, scale_sizes
from fulfilment.models import SellerOrder
from impact.selectors import SOLD_STATUSES, Period, impact_report
from ledger.models import LedgerEntry
from ledger.services import commission_for
from regions.models import Village
from sellers.models import SellerProfile
from tests.factories import VillageFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

Line = get_model("order", "Line")


@pytest.fixture
def loaded(db):
    for _ in range(8):
        VillageFactory(is_desmigratif=False)
    lines = []
    created = ScaleLoader(scale=0.0001, report=lines.append).run()
    return created, lines


def test_the_smallest_scale_has_the_floor_sizes_and_reports_its_rates(loaded):
    created, lines = loaded
    sizes = scale_sizes(0.0001)
    assert sizes == {"villages": 5, "producers": 50, "products": 500, "lines": 5_000}
    assert Village.objects.filter(is_desmigratif=True).count() == 5
    assert SellerProfile.objects.count() == 50
    assert sizes["lines"] <= Line.objects.count() < sizes["lines"] * 1.05
    assert created["order lines"] == Line.objects.count()
    assert any("/s" in line and "order lines" in line for line in lines)
    assert scale_sizes(1) == {"villages": 500, "producers": 10_000, "products": 100_000, "lines": 1_000_000}


def test_the_ledger_is_what_the_services_book_for_each_part(loaded):
    parts = SellerOrder.objects.annotate(
        sale=Sum("ledger_entries__amount", filter=Q(ledger_entries__kind="sale")),
        cut=Sum("ledger_entries__amount", filter=Q(ledger_entries__kind="commission")),
        held=Sum("ledger_entries__amount", filter=Q(ledger_entries__account="held")),
        released=Count("ledger_entries", filter=Q(ledger_entries__kind="release")),
    )
    seen = set()
    for part in parts:
        seen.add(part.status)
        if part.status in ("awaiting_payment", "cancelled"):
            assert part.sale is None
            continue
        assert part.sale == part.lines_total + part.shipping_charge
        assert part.cut == -commission_for(part.lines_total)
        if part.status == "delivered":
            assert (part.released, part.held) == (2, 0)
        elif part.status == "refunded":
            assert part.held == 0 and part.released == 0
        else:
            assert part.held == part.sale + part.cut and part.released == 0
    assert {"delivered", "refunded", "cancelled", "paid"} <= seen
    # Never more paid out than released: every producer's available balance stays positive.
    available = LedgerEntry.objects.filter(account="available").values("seller").annotate(n=Sum("amount"))
    assert LedgerEntry.objects.filter(kind="payout").exists()
    assert all(row["n"] >= 0 for row in available)


def test_the_dashboard_figures_add_up_to_the_scale_shop(loaded):
    today = timezone.localdate()
    period = Period(start=today - dt.timedelta(days=800), end=today)
    report = impact_report(period=period)
    sold = SellerOrder.objects.filter(status__in=SOLD_STATUSES)
    assert report.total.orders == sold.count()
    assert report.total.rupiah == sold.aggregate(n=Sum("lines_total"))["n"]
    income = LedgerEntry.objects.filter(kind__in=("sale", "commission", "refund", "commission_reversal"))
    assert report.total.income == income.aggregate(n=Sum("amount"))["n"] > Decimal("0")
    assert 0 < report.total.cooperatives <= 5
    assert 0 < report.total.active_producers <= report.total.producers


def test_loading_again_changes_nothing(loaded):
    before = Line.objects.count()
    assert ScaleLoader(scale=0.0001, report=lambda line: None).run() == {}
    assert Line.objects.count() == before
