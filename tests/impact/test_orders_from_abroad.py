"""The impact dashboard counts orders from abroad by the country of work each order kept
when it was placed, and "sent to families" from the family orders it is handed (a hook the
Kirim ke keluarga feature fills), never guessed from addresses."""

import re
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from fulfilment.models import SellerOrder
from impact.selectors import Period, abroad_figures
from tests.factories import ProductFactory
from tests.impact.conftest import make_sale

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
URL = "/cms/dampak/"


def sale_from(country, seller, product, *, quantity=1, status=SellerOrder.Status.DELIVERED):
    seller_order = make_sale(seller, product, quantity=quantity, unit_price=Decimal("25000"), status=status)
    Order.objects.filter(pk=seller_order.order_id).update(country_of_work=country)
    return seller_order.order


@pytest.fixture
def orders(seller):
    product = ProductFactory(seller=seller, price=25000)
    return {
        "hk1": sale_from("HK", seller, product, quantity=2),
        "hk2": sale_from("HK", seller, product),
        "tw": sale_from("TW", seller, product, quantity=4),
        "home": sale_from("ID", seller, product, quantity=9),
        "unpaid": sale_from("HK", seller, product, status=SellerOrder.Status.AWAITING_PAYMENT),
    }


def by_country(rows):
    return {(row.country.code if row.country else "total"): row for row in rows}


def test_orders_from_abroad_per_country_of_work(orders):
    rows = by_country(abroad_figures(period=Period.this_year()))
    assert (rows["HK"].orders, rows["HK"].rupiah) == (2, Decimal("75000"))
    assert (rows["TW"].orders, rows["TW"].rupiah) == (1, Decimal("100000"))
    assert rows["JP"].orders == 0
    assert "ID" not in rows  # orders from home are not "from abroad"
    assert (rows["total"].orders, rows["total"].rupiah) == (3, Decimal("175000"))
    assert rows["total"].family_orders is None  # none handed to it


def test_sent_to_families_counts_the_family_orders_it_is_given(orders):
    family = Order.objects.filter(pk__in=[orders["hk1"].pk, orders["home"].pk, orders["unpaid"].pk])
    rows = by_country(abroad_figures(period=Period.this_year(), family=family))
    assert rows["HK"].family_orders == 1  # the unpaid one does not count, nor the one from home
    assert rows["TW"].family_orders == 0
    assert rows["total"].family_orders == 1


def test_the_dashboard_shows_them_with_the_families_count(staff_client, orders):
    page = staff_client.get(URL).content.decode()
    hong_kong = re.search(r'<tr data-country="HK">(.*?)</tr>', page, re.S).group(1)
    assert "Hong Kong" in hong_kong and "<td>2</td>" in hong_kong and "75.000" in hong_kong
    total = re.search(r'data-country="total">(.*?)</tr>', page, re.S).group(1)
    assert "<td>3</td>" in total and "175.000" in total
    # Kirim ke keluarga records family orders (family.selectors): none among these.
    assert 'id="family-orders-unknown"' not in page
    assert total.strip().endswith("<td>0</td>")


def test_the_wired_hook_fills_the_column(staff_client, orders, monkeypatch):
    monkeypatch.setattr("impact.views.family_orders", lambda: Order.objects.filter(pk=orders["tw"].pk))
    page = staff_client.get(URL).content.decode()
    taiwan = re.search(r'<tr data-country="TW">(.*?)</tr>', page, re.S).group(1)
    assert taiwan.strip().endswith("<td>1</td>")
    assert 'id="family-orders-unknown"' not in page
