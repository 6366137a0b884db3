"""Staff download the impact figures as XLSX: a workbook that opens, one sheet per level,
the orders from abroad and what each figure means, its totals those of the ledger and of
the CSV."""

import csv
import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Locale

from cms.models import CourseCompletion, CourseIndexPage, CoursePage, HomePage
from impact.definitions import COUNTRY_FIGURES, NOT_RECORDED, VILLAGE_FIGURES
from ledger import services as ledger_services
from ledger.models import LedgerEntry
from tests.cms.conftest import publish
from tests.factories import (
    CooperativeFactory,
    ProductFactory,
    SellerProfileFactory,
    UserFactory,
    VillageFactory,
)
from tests.impact.conftest import make_sale

pytestmark = pytest.mark.django_db

URL = "/cms/dampak/"
PERIOD = {"start": "2026-01-01", "end": "2026-12-31"}
INCOME_KINDS = ("sale", "commission", "refund", "commission_reversal")


def booked_sale(seller, *, quantity, price, status="delivered", placed=None, country="ID"):
    """A sale booked in the ledger as the services book it: held when paid, released when received."""
    part = make_sale(
        seller,
        ProductFactory(seller=seller, price=price),
        quantity=quantity,
        unit_price=Decimal(price),
        status=status,
        placed=placed,
    )
    part.order.country_of_work = country
    part.order.save(update_fields=["country_of_work"])
    if status != "awaiting_payment":
        ledger_services.ledger_hold_sale(seller_order=part)
    if status == "delivered":
        ledger_services.ledger_release(seller_order=part, reason="buyer")
    return part


@pytest.fixture
def course(db):
    home = HomePage.objects.get(locale=Locale.get_default())
    index = publish(home, CourseIndexPage(title="Pelatihan", slug="pelatihan"))
    page = CoursePage(title="Kemasan", slug="kemasan", topic="packaging", intro="Label.", badge_name="Rapi")
    return publish(index, page)


@pytest.fixture
def shop(course):
    cooperative = CooperativeFactory()
    village, other = cooperative.village, VillageFactory()
    member = SellerProfileFactory(village=village, cooperative=cooperative, user=UserFactory())
    alone = SellerProfileFactory(village=other)
    SellerProfileFactory(village=other)  # approved, sold nothing
    booked_sale(member, quantity=3, price=25000, country="HK")
    refunded = booked_sale(alone, quantity=1, price=450000, status="shipped")
    ledger_services.ledger_record_refund(seller_order=refunded, amount=Decimal("100000"), reference="RF-1")
    booked_sale(alone, quantity=2, price=35000, status="paid", country="TW")
    booked_sale(alone, quantity=5, price=10000, status="awaiting_payment")
    ledger_services.ledger_record_payout(
        seller=member, amount=Decimal("50000"), reference="TRF-1", created_by=UserFactory(is_staff=True)
    )
    CourseCompletion.objects.create(user=member.user, course=course, course_key=course.translation_key)
    return {"member": member, "alone": alone, "cooperative": cooperative}


def download(client, export):
    response = client.get(URL, {**PERIOD, "format": export})
    assert response.status_code == 200
    return response


def sheet_rows(workbook, name):
    return [list(row) for row in workbook[name].iter_rows(values_only=True)]


def test_the_xlsx_opens_with_a_sheet_per_level_and_its_totals_are_the_ledgers(staff_client, shop):
    response = download(staff_client, "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="dampak-desmigratif-2026-01-01-2026-12-31.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Provinsi", "Kabupaten", "Desa", "Luar negeri", "Definisi"]

    start = timezone.make_aware(dt.datetime(2026, 1, 1))
    end = timezone.make_aware(dt.datetime(2027, 1, 1))
    ledger = LedgerEntry.objects.filter(created_at__gte=start, created_at__lt=end)
    income = ledger.filter(kind__in=INCOME_KINDS).aggregate(n=Sum("amount"))["n"]
    # 75,000 + 12,000 shipping less 5 % commission; 450,000 + 12,000 less 22,500, refunded
    # 100,000 with 5,000 of its commission; 70,000 + 12,000 less 3,500.
    assert income == Decimal("83250") + Decimal("344500") + Decimal("78500")

    csv_rows = list(csv.DictReader(io.StringIO(download(staff_client, "csv").content.decode())))
    csv_total = csv_rows[-1]
    assert csv_total["tingkat"] == "total"
    for name in ("Provinsi", "Kabupaten", "Desa"):
        rows = sheet_rows(workbook, name)
        header, places, total = rows[0], rows[1:-1], rows[-1]
        assert header[:2] == ["Kode", "Nama"]
        assert total[0] == "Total"
        column = header.index("Pendapatan produsen")
        assert total[column] == income == Decimal(csv_total["pendapatan_produsen"])
        assert sum(row[column] for row in places) == income
        for figure in VILLAGE_FIGURES:
            value = total[header.index(str(figure.label))]
            assert str(value) == csv_total[figure.column], figure.key
        payouts = header.index("Pencairan")
        assert total[payouts] == 50000
    villages = {row[0]: row for row in sheet_rows(workbook, "Desa")[1:-1]}
    header = sheet_rows(workbook, "Desa")[0]
    member_village = villages[shop["member"].village.code]
    assert member_village[header.index("Provinsi")] == shop["member"].village.district.regency.province.name
    assert member_village[header.index("Koperasi aktif")] == 1
    assert member_village[header.index("Keluarga terjangkau")] == 1
    assert member_village[header.index("Pelatihan tamat")] == 1
    assert member_village[header.index("Produsen mendapat lencana")] == 1
    other = villages[shop["alone"].village.code]
    assert other[header.index("Produsen disetujui")] == 2
    assert other[header.index("Produsen aktif")] == 1
    assert other[header.index("Pesanan")] == 2  # the awaiting payment one not yet
    assert workbook["Desa"]["A2"].value is not None


def test_the_xlsx_counts_buyers_abroad_by_country_of_work(staff_client, shop):
    workbook = load_workbook(io.BytesIO(download(staff_client, "xlsx").content))
    rows = sheet_rows(workbook, "Luar negeri")
    assert rows[0] == ["Negara kerja", *(str(figure.label) for figure in COUNTRY_FIGURES)]
    by_country = {row[0]: row for row in rows[1:]}
    assert by_country["Hong Kong"][1:4] == [1, 1, 75000]
    assert by_country["Dari luar negeri"][1:3] == [2, 2]


def test_the_definitions_sheet_says_what_each_figure_means_and_when_it_was_made(staff_client, shop):
    before = timezone.now().astimezone(zoneinfo.ZoneInfo("Asia/Jakarta")).replace(tzinfo=None, microsecond=0)
    workbook = load_workbook(io.BytesIO(download(staff_client, "xlsx").content))
    rows = sheet_rows(workbook, "Definisi")
    # "Pesanan" is a village figure and a country one, each with its own meaning.
    texts = {(row[1], row[2]) for row in rows if len(row) > 2 and row[1]}
    for figure in (*VILLAGE_FIGURES, *COUNTRY_FIGURES):
        assert (str(figure.label), str(figure.definition)) in texts
    everything = " ".join(str(cell) for row in rows for cell in row if cell)
    for text in NOT_RECORDED.values():
        assert str(text) in everything
    made = next(row[1] for row in rows if row[0] == "Dibuat (WIB)")
    # Jakarta's clock, not UTC's: seven hours ahead.
    assert before - dt.timedelta(seconds=1) <= made <= before + dt.timedelta(minutes=1)
    period = next(row for row in rows if row[0] == "Periode (WIB)")
    assert [value.date() for value in period[1:3]] == [dt.date(2026, 1, 1), dt.date(2026, 12, 31)]


def test_the_xlsx_is_indonesian_whatever_the_readers_language(staff_client, shop):
    staff_client.cookies["django_language"] = "en"
    workbook = load_workbook(io.BytesIO(download(staff_client, "xlsx").content))
    assert sheet_rows(workbook, "Desa")[0][:2] == ["Kode", "Nama"]


def test_non_staff_cannot_download_the_xlsx(client, shop):
    client.force_login(UserFactory())
    assert client.get(URL, {**PERIOD, "format": "xlsx"}).status_code in (302, 403)
