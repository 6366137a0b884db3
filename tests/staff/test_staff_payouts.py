"""Program staff record bank transfers to producers and export them."""

import csv
import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from ledger.models import LedgerEntry
from sellers.models import AuditLogEntry
from tests.factories import SellerProfileFactory

pytestmark = pytest.mark.django_db


def _credit(seller, amount):
    return LedgerEntry.objects.create(
        seller=seller, kind=LedgerEntry.Kind.SALE, amount=Decimal(amount), reference="S"
    )


def _pay(client, seller, amount, reference="TRF-20240501-001"):
    return client.post(
        reverse("sellers-dashboard:payout-create", kwargs={"pk": seller.pk}),
        {"payout-amount": amount, "payout-reference": reference},
    )


def _balance(seller):
    return LedgerEntry.objects.filter(seller=seller).balance()


@pytest.fixture
def paid_seller(db):
    seller = SellerProfileFactory(bank_name="BRI", bank_account_name="Siti", bank_account_number="0123456789")
    _credit(seller, 300000)
    return seller


@pytest.mark.parametrize("typed", ["125000", "125.000", "Rp 125.000", "rp125000"])
def test_staff_records_a_payout_and_the_balance_drops_by_it(staff_client, staff_user, paid_seller, typed):
    before = _balance(paid_seller)

    response = _pay(staff_client, paid_seller, typed)

    assert response.status_code == 302
    assert _balance(paid_seller) == before - Decimal("125000") == Decimal("175000")
    payout = LedgerEntry.objects.get(seller=paid_seller, kind=LedgerEntry.Kind.PAYOUT)
    assert (payout.amount, payout.reference, payout.created_by) == (
        Decimal("-125000"),
        "TRF-20240501-001",
        staff_user,
    )
    assert "6789" in payout.memo and "0123456789" not in payout.memo
    audit = AuditLogEntry.objects.get(seller=paid_seller, action="payout_record")
    assert audit.actor == staff_user and audit.object_id == str(payout.pk)
    page = staff_client.get(response["Location"])
    assert "Rp\xa0175.000" in page.content.decode()


def test_several_payouts_add_up_and_the_whole_balance_can_be_paid(staff_client, paid_seller):
    _pay(staff_client, paid_seller, "100000", "A-1")
    _pay(staff_client, paid_seller, "50.000", "A-2")
    _pay(staff_client, paid_seller, "150000", "A-3")

    payouts = LedgerEntry.objects.filter(seller=paid_seller, kind=LedgerEntry.Kind.PAYOUT)
    assert payouts.count() == 3
    assert sum(entry.amount for entry in payouts) == Decimal("-300000")
    assert _balance(paid_seller) == 0


@pytest.mark.parametrize(
    ("amount", "reference", "message"),
    [
        ("300001", "TRF-1", "Pencairan melebihi saldo tersedia produsen (Rp 300.000)."),
        ("0", "TRF-1", "Jumlah pencairan harus lebih dari nol."),
        ("-5000", "TRF-1", "Tulis jumlah dalam Rupiah tanpa sen"),
        ("12,5", "TRF-1", "Tulis jumlah dalam Rupiah tanpa sen"),
        ("1500.5", "TRF-1", "Tulis jumlah dalam Rupiah tanpa sen"),
        ("abc", "TRF-1", "Tulis jumlah dalam Rupiah tanpa sen"),
        ("٥٠٠٠٠", "TRF-1", "Tulis jumlah dalam Rupiah tanpa sen"),  # Decimal() would read 50000
        ("５０.０００", "TRF-1", "Tulis jumlah dalam Rupiah tanpa sen"),
        ("10000", "", "Isi nomor referensi transfer bank."),
        ("10000", "    ", "Isi nomor referensi transfer bank."),
    ],
)
def test_a_bad_payout_is_shown_again_and_records_nothing(
    staff_client, paid_seller, amount, reference, message
):
    response = _pay(staff_client, paid_seller, amount, reference)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["payout_form"].errors
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYOUT).exists()
    assert not AuditLogEntry.objects.exists()
    assert _balance(paid_seller) == Decimal("300000")


def test_a_seller_with_nothing_owed_cannot_be_paid(staff_client):
    seller = SellerProfileFactory()

    response = _pay(staff_client, seller, "1")

    assert response.status_code == 200
    assert "melebihi saldo" in response.content.decode()
    assert not LedgerEntry.objects.exists()


# --- The payouts page and its export --------------------------------------------


def _payout_at(seller, amount, reference, when, user=None):
    _credit(seller, amount)
    # Entries are append-only (the database refuses UPDATE), so they are created at that time.
    with mock.patch("django.utils.timezone.now", return_value=when):
        return LedgerEntry.objects.create(
            seller=seller,
            kind=LedgerEntry.Kind.PAYOUT,
            amount=-Decimal(amount),
            reference=reference,
            created_by=user,
        )


@pytest.fixture
def payouts(db, staff_user):
    tz = timezone.get_current_timezone()
    sri = SellerProfileFactory(name="Abon Bu Sri")
    tono = SellerProfileFactory(name='=HYPERLINK("http://x")')
    return {
        "sri-april": _payout_at(
            sri, 100000, "TRF-A", datetime.datetime(2024, 4, 10, 9, tzinfo=tz), staff_user
        ),
        "sri-may": _payout_at(sri, 200000, "TRF-B", datetime.datetime(2024, 5, 2, 9, tzinfo=tz), staff_user),
        "tono-may": _payout_at(tono, 50000, "TRF-C", datetime.datetime(2024, 5, 20, 9, tzinfo=tz)),
        "sri": sri,
        "tono": tono,
    }


def test_payout_list_shows_all_payouts_with_total(staff_client, payouts):
    response = staff_client.get(reverse("sellers-dashboard:payout-list"))

    assert response.status_code == 200
    assert [entry.reference for entry in response.context["payouts"]] == ["TRF-C", "TRF-B", "TRF-A"]
    content = response.content.decode()
    assert "Rp\xa0350.000" in content
    assert "Rp\xa0200.000" in content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"seller": "sri"}, ["TRF-B", "TRF-A"]),
        ({"date_from": "2024-05-01"}, ["TRF-C", "TRF-B"]),
        ({"date_to": "2024-05-02"}, ["TRF-B", "TRF-A"]),
        ({"seller": "sri", "date_from": "2024-05-01", "date_to": "2024-05-31"}, ["TRF-B"]),
    ],
)
def test_payout_list_and_export_filter_by_seller_and_date(staff_client, payouts, params, expected):
    params = {key: (payouts[value].pk if key == "seller" else value) for key, value in params.items()}

    listed = staff_client.get(reverse("sellers-dashboard:payout-list"), params)
    exported = staff_client.get(reverse("sellers-dashboard:payout-export"), params)

    assert [entry.reference for entry in listed.context["payouts"]] == expected
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert [row[5] for row in rows[1:]] == expected


def test_export_is_a_csv_download_safe_to_open_in_a_spreadsheet(staff_client, payouts):
    response = staff_client.get(reverse("sellers-dashboard:payout-export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="pencairan-')
    header, *rows = csv.reader(io.StringIO(response.content.decode()))
    assert header == [
        "Waktu (WIB)",
        "Produsen",
        "Desa",
        "Kabupaten/kota",
        "Jumlah (Rp)",
        "Referensi",
        "Dicatat oleh",
        "Keterangan",
    ]
    tono = rows[0]
    assert tono[0] == "2024-05-20 09:00"
    assert tono[1] == '\'=HYPERLINK("http://x")'
    assert tono[4] == "50000"
    assert rows[1][1] == "Abon Bu Sri" and rows[1][4] == "200000" and rows[1][6] == "staf"
    assert sum(int(row[4]) for row in rows) == 350000


def test_export_refuses_a_bad_filter(staff_client, payouts):
    response = staff_client.get(
        reverse("sellers-dashboard:payout-export"), {"date_from": "2024-06-01", "date_to": "2024-05-01"}
    )

    assert response.status_code == 400


def test_staff_payout_csv_shows_the_time_in_wib(staff_client, seller):
    # 18:18 UTC on 1 March is 01:18 WIB on 2 March (issue #14: the export showed 18:18).
    _payout_at(seller, 50000, "TRF-1", datetime.datetime(2026, 3, 1, 18, 18, tzinfo=datetime.UTC))

    response = staff_client.get(reverse("sellers-dashboard:payout-export"))
    header, row = csv.reader(io.StringIO(response.content.decode()))

    assert header[0] == "Waktu (WIB)"
    assert (row[0], row[5]) == ("2026-03-02 01:18", "TRF-1")
