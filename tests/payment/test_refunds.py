"""Refunds of card payments go through Stripe (localstripe here); the producers' ledger follows."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from fulfilment.models import SellerOrder
from fulfilment.services import seller_order_deliver, seller_order_ship
from ledger.models import LedgerEntry
from payment.models import OrderPayment
from payment.services import payment_mark_succeeded, payment_refund
from tests.payment.conftest import order_page, pay_with_test_card, place_card_order

Status = OrderPayment.Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_and_delivered(products, buyer_village, stripe_settings):
    stripe_settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.10")
    client = Client()  # the buyer's own browser, apart from staff_client
    payment = place_card_order(client, products, buyer_village)
    client.get(order_page(payment))
    assert pay_with_test_card(client, payment, "4242424242424242")["intent_status"] == "succeeded"
    payment.refresh_from_db()
    payment_mark_succeeded(payment=payment, reference=payment.provider_reference)
    for part in SellerOrder.objects.all():
        seller_order_ship(seller_order=part, courier="JNE", tracking_number=f"JNE{part.pk}")
        seller_order_deliver(seller_order=part)
    payment.refresh_from_db()
    return payment


def _stripe_refunds(localstripe, payment):
    listing = localstripe.request("GET", f"/v1/refunds?payment_intent={payment.provider_reference}")
    return sorted(refund["amount"] for refund in listing["data"])


def test_one_producers_part_is_refunded_through_stripe_and_only_their_ledger_moves(
    staff_client, paid_and_delivered, localstripe
):
    payment = paid_and_delivered
    target, other = SellerOrder.objects.order_by("number")
    before_other = LedgerEntry.objects.filter(seller=other.seller).balance()

    response = staff_client.post(
        reverse("payment-dashboard:detail", args=[payment.pk]),
        {
            "action": "refund",
            "seller_order": target.number,
            "amount": str(int(target.total)),
            "reason": "rusak",
        },
    )
    assert response.status_code == 302

    assert _stripe_refunds(localstripe, payment) == [int(target.total) * 100]
    refund_entry = LedgerEntry.objects.get(seller=target.seller, kind=LedgerEntry.Kind.REFUND)
    assert refund_entry.reference.startswith("re_")
    assert LedgerEntry.objects.filter(seller=target.seller).balance() == 0
    assert LedgerEntry.objects.filter(seller=other.seller).balance() == before_other
    target.refresh_from_db()
    assert target.status == SellerOrder.Status.REFUNDED
    payment.refresh_from_db()
    assert payment.status == Status.PARTIALLY_REFUNDED
    assert payment.refunded_amount == target.total


def test_a_full_refund_goes_back_to_the_card_and_clears_both_ledgers(paid_and_delivered, localstripe):
    payment = paid_and_delivered

    payment_refund(payment=payment, amount=payment.amount_due, reason="pesanan dibatalkan pembeli")

    assert _stripe_refunds(localstripe, payment) == [int(payment.amount_due) * 100]
    intent = localstripe.intent(payment.provider_reference)
    assert intent["latest_charge"]["amount_refunded"] == int(payment.amount_due) * 100
    payment.refresh_from_db()
    assert payment.status == Status.REFUNDED
    page = Client().get(order_page(payment)).content.decode()
    assert "Dikembalikan" in page and 'id="card-payment"' not in page  # nothing left to pay
    for part in SellerOrder.objects.all():
        assert part.status == SellerOrder.Status.REFUNDED
        assert LedgerEntry.objects.filter(seller=part.seller).balance() == 0


def test_a_refund_stripe_refuses_changes_nothing_here(paid_and_delivered):
    payment = paid_and_delivered
    OrderPayment.objects.filter(pk=payment.pk).update(provider_reference="pi_does_not_exist")
    payment.refresh_from_db()

    with pytest.raises(ValidationError, match="Stripe menolak"):
        payment_refund(payment=payment, amount=Decimal("10000"), reason="x")

    payment.refresh_from_db()
    assert payment.refunded_amount == 0
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUND).exists()
