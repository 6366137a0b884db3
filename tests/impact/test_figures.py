"""The impact figures add up exactly to the orders and the ledger in the database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from oscar.core.loading import get_model

from fulfilment.models import SellerOrder
from impact.selectors import SOLD_STATUSES, Period, impact_report
from ledger import services as ledger_services
from ledger.models import LedgerEntry
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory, VillageFactory
from tests.impact.conftest import aware, make_sale

pytestmark = pytest.mark.django_db

Line = get_model("order", "Line")
YEAR = Period(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))


@pytest.fixture
def shop(db):
    """Two producers in one village, one in another kabupaten, sales of every status."""
    village = VillageFactory()
    other_village = VillageFactory()
    kerupuk = SellerProfileFactory(village=village)
    sirup = SellerProfileFactory(village=village)
    tenun = SellerProfileFactory(village=other_village)
    SellerProfileFactory(village=village, status="applied")  # not counted
    products = {
        "kerupuk": ProductFactory(seller=kerupuk, price=25000),
        "sirup": ProductFactory(seller=sirup, price=35000),
        "tenun": ProductFactory(seller=tenun, price=450000),
    }
    ProductFactory(seller=kerupuk, price=30000)  # listed, never sold
    delivered = make_sale(
        kerupuk, products["kerupuk"], quantity=3, unit_price=Decimal("25000"), placed=aware(2026, 3, 5)
    )
    make_sale(
        sirup,
        products["sirup"],
        quantity=2,
        unit_price=Decimal("35000"),
        status="paid",
        placed=aware(2026, 4, 1),
    )
    make_sale(
        tenun,
        products["tenun"],
        quantity=1,
        unit_price=Decimal("450000"),
        status="shipped",
        placed=aware(2026, 5, 9),
    )
    make_sale(
        kerupuk,
        products["kerupuk"],
        quantity=9,
        unit_price=Decimal("25000"),
        status="cancelled",
        placed=aware(2026, 5, 9),
    )
    make_sale(sirup, products["sirup"], quantity=4, unit_price=Decimal("35000"), status="awaiting_payment")
    make_sale(
        kerupuk, products["kerupuk"], quantity=1, unit_price=Decimal("25000"), placed=aware(2025, 12, 31)
    )  # last year
    ledger_services.ledger_release(seller_order=delivered, reason="buyer")
    ledger_services.ledger_record_payout(
        seller=kerupuk, amount=Decimal("50000"), reference="TRF-001", created_by=UserFactory(is_staff=True)
    )
    return {"village": village, "other_village": other_village, "sellers": (kerupuk, sirup, tenun)}


def test_totals_equal_the_order_lines_and_the_ledger(shop):
    report = impact_report(period=YEAR)
    counted = SellerOrder.objects.filter(
        status__in=SOLD_STATUSES,
        order__date_placed__gte=YEAR.start_at,
        order__date_placed__lt=YEAR.end_before,
    )
    lines = Line.objects.filter(order__seller_orders__in=counted)
    assert report.total.orders == counted.count() == 3
    assert report.total.units == lines.aggregate(n=Sum("quantity"))["n"] == 6
    assert report.total.rupiah == lines.aggregate(n=Sum("line_price_incl_tax"))["n"] == Decimal("595000")
    assert report.total.rupiah == counted.aggregate(n=Sum("lines_total"))["n"]
    payouts = LedgerEntry.objects.filter(kind="payout").aggregate(n=Sum("amount"))["n"]
    assert report.total.payouts == -payouts == Decimal("50000")
    assert report.total.producers == 3
    assert report.total.products == 4


def test_every_level_adds_up_to_its_parts(shop):
    report = impact_report(period=YEAR)
    for province in report.provinces:
        for name in ("producers", "products", "orders", "units", "rupiah", "payouts"):
            assert getattr(province.figures, name) == sum(getattr(r.figures, name) for r in province.children)
            for regency in province.children:
                assert getattr(regency.figures, name) == sum(
                    getattr(v.figures, name) for v in regency.children
                )
    village_rows = {row.code: row.figures for row in report.rows() if row.level == "desa"}
    village = village_rows[shop["village"].code]
    assert (village.orders, village.units, village.rupiah, village.payouts) == (
        2,
        5,
        Decimal("145000"),
        Decimal("50000"),
    )
    other = village_rows[shop["other_village"].code]
    assert (other.orders, other.units, other.rupiah) == (1, 1, Decimal("450000"))


def test_the_period_selects_orders_by_the_day_they_were_placed_in_jakarta_time(shop):
    march = impact_report(period=Period(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)))
    assert (march.total.orders, march.total.units) == (1, 3)
    last_day = impact_report(period=Period(start=dt.date(2025, 12, 31), end=dt.date(2025, 12, 31)))
    assert last_day.total.orders == 1


def test_refunded_orders_no_longer_count_as_sold(shop):
    seller_order = SellerOrder.objects.get(status="shipped")
    SellerOrder.objects.filter(pk=seller_order.pk).update(status="refunded")
    report = impact_report(period=YEAR)
    assert report.total.orders == 2
    assert report.total.rupiah == Decimal("145000")
