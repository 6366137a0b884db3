"""The impact dashboard's XLSX, downloaded as staff download it (the link on the page, in
Chromium): it opens with openpyxl and its totals are the ledger's. The test client's
checks (tests/impact/test_xlsx_export.py) do not see what the browser is given: the link's
query, the headers that make it a download, the file name it is saved under."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from ledger import services as ledger_services
from ledger.models import LedgerEntry
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory
from tests.impact.conftest import make_sale

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"
INCOME_KINDS = ("sale", "commission", "refund", "commission_reversal")


def booked_sale(seller, *, quantity: int, price: int, status: str = "delivered"):
    """A sale booked as the services book it: held when paid, released when received."""
    part = make_sale(
        seller,
        ProductFactory(seller=seller, price=price),
        quantity=quantity,
        unit_price=Decimal(price),
        status=status,
    )
    ledger_services.ledger_hold_sale(seller_order=part)
    if status == "delivered":
        ledger_services.ledger_release(seller_order=part, reason="buyer")
    return part


def test_the_downloaded_xlsx_opens_and_its_totals_are_the_ledgers(live_server, page: Page, tmp_path):
    first, second = SellerProfileFactory(), SellerProfileFactory()
    booked_sale(first, quantity=3, price=25000)
    refunded = booked_sale(second, quantity=1, price=450000, status="shipped")
    ledger_services.ledger_record_refund(seller_order=refunded, amount=Decimal("100000"), reference="RF-1")
    booked_sale(second, quantity=2, price=35000, status="paid")
    staff = UserFactory(username="staf", email="staf@contoh.id", is_staff=True, is_superuser=True)
    ledger_services.ledger_record_payout(
        seller=first, amount=Decimal("50000"), reference="TRF-1", created_by=staff
    )

    page.goto(live_server.url + "/cms/login/")
    page.fill("input[name=username]", "staf")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/cms/$"))
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    page.goto(f"{live_server.url}/cms/dampak/?start={start.isoformat()}&end={today.isoformat()}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh XLSX").click()
    download = download_info.value
    assert download.suggested_filename == f"dampak-desmigratif-{start.isoformat()}-{today.isoformat()}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Provinsi", "Kabupaten", "Desa", "Luar negeri", "Definisi"]
    since = timezone.make_aware(dt.datetime.combine(start, dt.time()))
    ledger = LedgerEntry.objects.filter(created_at__gte=since)
    income = ledger.filter(kind__in=INCOME_KINDS).aggregate(n=Sum("amount"))["n"]
    payouts = -ledger.filter(kind="payout", account="available").aggregate(n=Sum("amount"))["n"]
    # 75,000 + 12,000 shipping less 5 %; 450,000 + 12,000 less 22,500, refunded 100,000 with
    # 5,000 of its commission; 70,000 + 12,000 less 3,500.
    assert income == Decimal("83250") + Decimal("344500") + Decimal("78500")
    for name in ("Provinsi", "Kabupaten", "Desa"):
        rows = [list(row) for row in workbook[name].iter_rows(values_only=True)]
        header, places, total = rows[0], rows[1:-1], rows[-1]
        assert total[0] == "Total"
        column = header.index("Pendapatan produsen")
        assert total[column] == income
        assert sum(row[column] for row in places) == income
        assert total[header.index("Pencairan")] == payouts == 50000
