"""A producer's part of an order moves only along its allowed statuses, through the services."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fulfilment.models import SellerOrder
from fulfilment.services import (
    seller_order_cancel,
    seller_order_deliver,
    seller_order_mark_paid,
    seller_order_pack,
    seller_order_refund,
    seller_order_ship,
)
from ledger.models import LedgerEntry
from tests.factories import ProductFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db

Status = SellerOrder.Status


def _ship(seller_order):
    return seller_order_ship(seller_order=seller_order, courier="JNE", tracking_number="JNE0001")


def _refund_all(seller_order):
    seller_order.refresh_from_db()
    return seller_order_refund(
        seller_order=seller_order, amount=seller_order.total - seller_order.refunded_amount, reference="re_1"
    )


# The service that moves a part to each status.
MOVE_TO = {
    Status.PAID: lambda seller_order: seller_order_mark_paid(seller_order=seller_order),
    Status.PACKED: lambda seller_order: seller_order_pack(seller_order=seller_order),
    Status.SHIPPED: _ship,
    Status.DELIVERED: lambda seller_order: seller_order_deliver(seller_order=seller_order),
    Status.CANCELLED: lambda seller_order: seller_order_cancel(seller_order=seller_order),
    Status.REFUNDED: _refund_all,
}

# How a new part reaches each status, through the same services.
ROUTE = {
    Status.AWAITING_PAYMENT: [],
    Status.PAID: [Status.PAID],
    Status.PACKED: [Status.PAID, Status.PACKED],
    Status.SHIPPED: [Status.PAID, Status.SHIPPED],
    Status.DELIVERED: [Status.PAID, Status.SHIPPED, Status.DELIVERED],
    Status.CANCELLED: [Status.CANCELLED],
    Status.REFUNDED: [Status.PAID, Status.REFUNDED],
}

ALLOWED = [
    (Status.AWAITING_PAYMENT, Status.PAID),
    (Status.AWAITING_PAYMENT, Status.CANCELLED),
    (Status.PAID, Status.PACKED),
    (Status.PAID, Status.SHIPPED),
    (Status.PAID, Status.CANCELLED),
    (Status.PAID, Status.REFUNDED),
    (Status.PACKED, Status.SHIPPED),
    (Status.PACKED, Status.CANCELLED),
    (Status.PACKED, Status.REFUNDED),
    (Status.SHIPPED, Status.DELIVERED),
    (Status.SHIPPED, Status.REFUNDED),
    (Status.DELIVERED, Status.REFUNDED),
]

# Moves the services refuse with an error (marking paid, delivering again and refunding
# are answered without one: see the tests further down).
REFUSED = [
    (Status.AWAITING_PAYMENT, Status.PACKED),
    (Status.AWAITING_PAYMENT, Status.SHIPPED),
    (Status.AWAITING_PAYMENT, Status.DELIVERED),
    (Status.PAID, Status.DELIVERED),
    (Status.PACKED, Status.PACKED),
    (Status.PACKED, Status.DELIVERED),
    (Status.SHIPPED, Status.PACKED),
    (Status.SHIPPED, Status.SHIPPED),
    (Status.SHIPPED, Status.CANCELLED),
    (Status.DELIVERED, Status.PACKED),
    (Status.DELIVERED, Status.SHIPPED),
    (Status.DELIVERED, Status.CANCELLED),
    (Status.CANCELLED, Status.PACKED),
    (Status.CANCELLED, Status.SHIPPED),
    (Status.CANCELLED, Status.DELIVERED),
    (Status.CANCELLED, Status.CANCELLED),
    (Status.REFUNDED, Status.PACKED),
    (Status.REFUNDED, Status.SHIPPED),
    (Status.REFUNDED, Status.DELIVERED),
    (Status.REFUNDED, Status.CANCELLED),
]

STAMPS = {
    Status.PAID: "paid_at",
    Status.PACKED: "packed_at",
    Status.SHIPPED: "shipped_at",
    Status.DELIVERED: "delivered_at",
    Status.CANCELLED: "cancelled_at",
}


@pytest.fixture
def commission(settings):
    settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.10")


def seller_order_in(status, seller) -> SellerOrder:
    _, (seller_order,) = order_with_lines((ProductFactory(seller=seller, price=50000), 2), status_paid=False)
    for step in ROUTE[status]:
        seller_order = MOVE_TO[step](seller_order)
    seller_order.refresh_from_db()
    assert seller_order.status == status
    return seller_order


@pytest.mark.parametrize(("current", "wanted"), ALLOWED)
def test_an_allowed_move_is_recorded(seller, commission, current, wanted):
    seller_order = seller_order_in(current, seller)

    MOVE_TO[wanted](seller_order)

    seller_order.refresh_from_db()
    assert seller_order.status == wanted
    if wanted in STAMPS:
        assert getattr(seller_order, STAMPS[wanted]) is not None
        # Oscar's lines show the same state in its dashboard.
        assert {line.status for line in seller_order.lines()} == {str(wanted.label)}


@pytest.mark.parametrize(("current", "wanted"), REFUSED)
def test_a_forbidden_move_is_refused(seller, commission, current, wanted):
    seller_order = seller_order_in(current, seller)

    expected = f"berstatus {Status(current).label} tidak bisa diubah menjadi {Status(wanted).label}"
    with pytest.raises(ValidationError, match=expected):
        MOVE_TO[wanted](seller_order)

    seller_order.refresh_from_db()
    assert seller_order.status == current


def test_shipping_needs_a_courier_and_a_tracking_number(seller):
    seller_order = seller_order_in(Status.PAID, seller)
    with pytest.raises(ValidationError) as refused:
        seller_order_ship(seller_order=seller_order, courier=" ", tracking_number="")
    assert set(refused.value.error_dict) == {"courier", "tracking_number"}
    seller_order.refresh_from_db()
    assert seller_order.status == Status.PAID


def test_marking_a_part_paid_again_changes_nothing(seller):
    seller_order = seller_order_in(Status.PACKED, seller)
    paid_at = seller_order.paid_at

    seller_order_mark_paid(seller_order=seller_order)

    seller_order.refresh_from_db()
    assert (seller_order.status, seller_order.paid_at) == (Status.PACKED, paid_at)


def test_payment_holds_the_money_exactly_once_and_delivery_releases_nothing(seller, commission):
    seller_order = seller_order_in(Status.SHIPPED, seller)
    seller_order_mark_paid(seller_order=seller_order)  # a repeated payment notification

    seller_order_deliver(seller_order=seller_order)
    seller_order_deliver(seller_order=seller_order)

    entries = LedgerEntry.objects.filter(seller_order=seller_order)
    assert sorted(entries.values_list("kind", "account", "amount")) == [
        (LedgerEntry.Kind.COMMISSION, LedgerEntry.Account.HELD, Decimal("-10000")),
        (LedgerEntry.Kind.SALE, LedgerEntry.Account.HELD, Decimal("100000")),
    ]


@pytest.mark.parametrize("current", [Status.AWAITING_PAYMENT, Status.CANCELLED])
def test_an_unpaid_part_books_nothing(seller, commission, current):
    seller_order_in(current, seller)
    assert not LedgerEntry.objects.exists()


def test_a_partial_refund_keeps_the_status_and_reverses_its_share(seller, commission):
    seller_order = seller_order_in(Status.DELIVERED, seller)

    seller_order_refund(seller_order=seller_order, amount=Decimal("50000"), reference="re_2")

    seller_order.refresh_from_db()
    assert (seller_order.status, seller_order.refunded_amount) == (Status.DELIVERED, Decimal("50000"))
    assert LedgerEntry.objects.filter(seller=seller).balance() == Decimal("45000")


def test_a_full_refund_after_delivery_clears_the_producers_balance(seller, commission):
    seller_order = seller_order_in(Status.DELIVERED, seller)

    _refund_all(seller_order)

    seller_order.refresh_from_db()
    assert seller_order.status == Status.REFUNDED
    assert LedgerEntry.objects.filter(seller=seller).balance() == 0


def test_money_back_for_a_cancelled_part_leaves_it_cancelled(seller):
    seller_order = seller_order_in(Status.CANCELLED, seller)

    _refund_all(seller_order)

    seller_order.refresh_from_db()
    assert seller_order.status == Status.CANCELLED
    assert seller_order.refunded_amount == seller_order.total
    assert not LedgerEntry.objects.exists()


def test_each_part_holds_its_producers_units():
    # The impact report adds units up from the parts (SellerOrder.units), not the lines.
    kerupuk, sirup = ProductFactory(price=Decimal("20000")), ProductFactory(price=Decimal("15000"))
    rengginang = ProductFactory(
        price=Decimal("12000"), seller=kerupuk.stockrecords.first().partner.seller_profile
    )
    _order, parts = order_with_lines((kerupuk, 2), (sirup, 3), (rengginang, 4))
    units = {part.seller_id: part.units for part in parts}
    assert units == {
        kerupuk.stockrecords.first().partner.seller_profile.pk: 6,
        sirup.stockrecords.first().partner.seller_profile.pk: 3,
    }
