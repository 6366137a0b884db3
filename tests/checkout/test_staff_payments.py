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
    confirm_url = reverse("payment-dashboard:mark-paid", args=[placed.pk])
    assert confirm_url in staff_client.get(url).content.decode()

    staff_client.post(confirm_url, {"reference": "MUTASI-0912"})

    placed.refresh_from_db()
    assert placed.status == OrderPayment.Status.SUCCEEDED
    assert placed.provider_reference == "MUTASI-0912"
    assert placed.marked_paid_by.username == "staf"
    assert {so.status for so in SellerOrder.objects.all()} == {SellerOrder.Status.PAID}


def test_tandai_lunas_is_not_one_tap_it_asks_for_the_bank_reference(staff_client, placed):
    detail_url = reverse("payment-dashboard:detail", args=[placed.pk])
    confirm_url = reverse("payment-dashboard:mark-paid", args=[placed.pk])

    # The detail page has no form that marks paid, only the way to the confirmation step.
    detail = staff_client.get(detail_url).content.decode()
    assert 'value="mark_paid"' not in detail
    # What the old one-tap button posted changes nothing.
    staff_client.post(detail_url, {"action": "mark_paid"})
    staff_client.post(detail_url, {"action": "mark_paid", "reference": "MUTASI-1"})
    placed.refresh_from_db()
    assert placed.status == OrderPayment.Status.PENDING

    # The confirmation step: a plain form (no JavaScript) naming the amount, reference required.
    page = staff_client.get(confirm_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{int(placed.amount_due):,}".replace(",", ".") in html
    assert 'name="reference"' in html and "required" in html
    refused = staff_client.post(confirm_url, {"reference": "   "})
    assert refused.status_code == 400
    assert "Isi referensi mutasi bank" in refused.content.decode()
    placed.refresh_from_db()
    assert placed.status == OrderPayment.Status.PENDING

    staff_client.post(confirm_url, {"reference": "BRI 0912 3345"})
    placed.refresh_from_db()
    assert placed.status == OrderPayment.Status.SUCCEEDED
    assert placed.provider_reference == "BRI 0912 3345"
    event = placed.events.get(event_type="paid")
    assert event.payload["reference"] == "BRI 0912 3345"
    assert event.payload["by"] == placed.marked_paid_by_id
    # Once paid, the step is gone.
    assert staff_client.get(confirm_url).status_code == 302


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
