from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from fulfilment.services import seller_order_deliver, seller_order_mark_paid, seller_order_ship
from ledger.models import LedgerEntry
from ledger.services import ledger_balance, ledger_record_payout, ledger_record_refund, ledger_release
from tests.factories import ProductFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(seller, settings):
    settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.10")
    _, (seller_order,) = order_with_lines((ProductFactory(seller=seller, price=50000), 2), status_paid=False)
    seller_order.shipping_charge = Decimal("12000")
    seller_order.save()
    seller_order_mark_paid(seller_order=seller_order)
    seller_order_ship(seller_order=seller_order, courier="J&T", tracking_number="JT001")
    seller_order_deliver(seller_order=seller_order)
    # The buyer has the goods: the held money becomes available (tests/ledger/test_escrow.py).
    ledger_release(seller_order=seller_order, reason="buyer")
    return seller_order


def test_payment_books_goods_and_shipping_and_debits_commission_on_goods(delivered, seller):
    assert ledger_balance(seller=seller) == Decimal("112000") - Decimal("10000")


def test_entries_are_immutable_in_python(delivered):
    entry = LedgerEntry.objects.first()
    entry.amount = Decimal("1")
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        LedgerEntry.objects.update(amount=Decimal("1"))
    with pytest.raises(ValidationError):
        LedgerEntry.objects.all().delete()


@pytest.mark.postgres
def test_entries_are_immutable_in_the_database(delivered):
    entry = LedgerEntry.objects.first()
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_ledgerentry SET amount = 1 WHERE id = %s", [entry.pk])
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == entry.amount


def test_sign_must_match_kind(seller):
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(seller=seller, kind="sale", amount=Decimal("-5"))


def test_full_refund_reverses_sale_and_commission(delivered, seller):
    ledger_record_refund(seller_order=delivered, amount=Decimal("112000"), reference="re_1")
    assert ledger_balance(seller=seller) == 0


def test_partial_refund_reverses_commission_in_proportion(delivered, seller):
    ledger_record_refund(seller_order=delivered, amount=Decimal("50000"), reference="re_2")
    # 102,000 − 50,000 refunded + 5,000 commission back
    assert ledger_balance(seller=seller) == Decimal("57000")


def test_refund_before_payment_touches_no_ledger(seller):
    _, (seller_order,) = order_with_lines((ProductFactory(seller=seller), 1), status_paid=False)
    assert ledger_record_refund(seller_order=seller_order, amount=Decimal("25000"), reference="re_3") == []
    assert not LedgerEntry.objects.exists()


def test_payout_cannot_exceed_the_balance_and_needs_a_reference(delivered, seller, staff_user):
    with pytest.raises(ValidationError, match="melebihi saldo"):
        ledger_record_payout(
            seller=seller, amount=Decimal("200000"), reference="TRF-1", created_by=staff_user
        )
    with pytest.raises(ValidationError):
        ledger_record_payout(seller=seller, amount=Decimal("1000"), reference=" ", created_by=staff_user)
    ledger_record_payout(seller=seller, amount=Decimal("102000"), reference="TRF-2", created_by=staff_user)
    assert ledger_balance(seller=seller) == 0
    assert LedgerEntry.objects.filter(kind="payout").get().reference == "TRF-2"
