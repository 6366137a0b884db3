from decimal import Decimal

import pytest
from django.urls import reverse

from fulfilment.models import SellerOrder
from fulfilment.services import seller_order_ship
from ledger.models import LedgerEntry
from payment.models import OrderPayment
from tests.checkout.conftest import checkout_as_guest, fill_basket

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(client, products, buyer_village):
    fill_basket(client, (products[0], 2), (products[1], 1))
    checkout_as_guest(client, buyer_village)
    return OrderPayment.objects.get()


def test_staff_marks_a_bank_transfer_paid_from_the_dashboard(staff_client, placed):
    url = reverse("payment-dashboard:detail", args=[placed.pk])
    page = staff_client.get(reverse("payment-dashboard:list"), {"q": str(int(placed.amount_due))})
    assert placed.order.number in page.content.decode()
    staff_client.post(url, {"action": "mark_paid", "reference": "MUTASI-0912"})
    placed.refresh_from_db()
    assert placed.status == OrderPayment.Status.SUCCEEDED
    assert placed.provider_reference == "MUTASI-0912"
    assert {so.status for so in SellerOrder.objects.all()} == {SellerOrder.Status.PAID}


def test_refund_of_one_producers_part_reverses_only_their_ledger(staff_client, placed, settings):
    settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.10")
    from payment.services import payment_mark_succeeded

    payment_mark_succeeded(payment=placed)
    url = reverse("payment-dashboard:detail", args=[placed.pk])
    parts = list(SellerOrder.objects.order_by("number"))
    for part in parts:
        seller_order_ship(seller_order=part, courier="JNE", tracking_number=f"R{part.pk}")
        staff_client.post(url, {"action": "deliver", "seller_order": part.number})
    before = {part.seller_id: LedgerEntry.objects.filter(seller=part.seller).balance() for part in parts}
    target, other = parts

    response = staff_client.post(
        url,
        {
            "action": "refund",
            "seller_order": target.number,
            "amount": str(int(target.total) + 1),
            "reason": "x",
        },
    )
    assert response.status_code == 400  # more than that part is worth: nothing happens
    assert "antara Rp 1 dan" in response.content.decode()
    assert LedgerEntry.objects.filter(kind="refund").count() == 0

    staff_client.post(
        url,
        {
            "action": "refund",
            "seller_order": target.number,
            "amount": str(int(target.total)),
            "reason": "rusak",
        },
    )
    target.refresh_from_db()
    assert target.status == SellerOrder.Status.REFUNDED
    assert LedgerEntry.objects.filter(seller=target.seller).balance() == 0
    assert LedgerEntry.objects.filter(seller=other.seller).balance() == before[other.seller_id]
    placed.refresh_from_db()
    assert placed.status == OrderPayment.Status.PARTIALLY_REFUNDED


def test_payments_dashboard_is_for_staff_only(client, placed, seller):
    url = reverse("payment-dashboard:detail", args=[placed.pk])
    assert client.get(url).status_code == 302
    client.force_login(seller.user)
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"action": "mark_paid"}).status_code in (302, 403)
    placed.refresh_from_db()
    assert placed.status == OrderPayment.Status.PENDING
