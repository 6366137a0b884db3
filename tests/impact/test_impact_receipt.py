"""Every order page and the confirmation e-mails say which producers in which villages the
order paid and how much reached them after commission, as their ledgers booked it."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from checkout.emails import send_order_confirmation
from fulfilment.services import seller_order_refund
from ledger.models import LedgerEntry
from order.tokens import order_status_token
from payment.emails import send_payment_received
from payment.services import payment_create
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory, VillageFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(settings):
    settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.05")
    kenanga, kuripan = VillageFactory(name="Kenanga"), VillageFactory(name="Kuripan")
    warsini = SellerProfileFactory(name="Dapur Bu Warsini", village=kenanga)
    sari = SellerProfileFactory(name="Kerupuk Bu Sari", village=kenanga)
    waled = SellerProfileFactory(name="Bordir Waled", village=kuripan)
    order, _parts = order_with_lines(
        (ProductFactory(seller=warsini, price=25000), 2),
        (ProductFactory(seller=sari, price=50000), 1),
        (ProductFactory(seller=waled, price=100000), 1),
    )
    payment_create(order=order, method_code="bank_transfer")
    return order


def ledger_credit(order) -> Decimal:
    return LedgerEntry.objects.filter(seller_order__order=order).aggregate(total=Sum("amount"))["total"]


def status_page(order) -> str:
    url = reverse("checkout:order-status", args=[order.number, order_status_token(order)])
    return Client().get(url).content.decode()


def receipt_text(page: str) -> str:
    """The receipt as a reader sees it: its text without the markup."""
    section = page.split('id="impact-receipt"', 1)[1].split("</section>", 1)[0]
    # Spaces, not NBSPs: "Rp\xa0190.000" stays one word.
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", section.split(">", 1)[1])).strip()


def test_the_order_page_says_what_reached_which_families_in_which_villages(paid_order):
    page = status_page(paid_order)
    credit = ledger_credit(paid_order)
    assert credit == Decimal("200000") - Decimal("10000")  # goods less 5 % commission, free shipping
    assert f'data-amount="{credit:.0f}"' in page
    text = receipt_text(page)
    assert "Rp\xa0190.000 untuk 3 keluarga produsen di Desa Kenanga dan Desa Kuripan" in text
    assert "Bordir Waled (Desa Kuripan): Rp\xa095.000" in text


def test_the_amount_is_the_ledgers_not_the_prices(paid_order):
    """A refund booked in the ledger shows on the receipt: it is read, not recomputed."""
    part = paid_order.seller_orders.get(seller__name="Bordir Waled")
    seller_order_refund(seller_order=part, amount=Decimal("100000"), reference="re_uji")
    page = status_page(paid_order)
    assert ledger_credit(paid_order) == Decimal("95000")
    text = receipt_text(page)
    assert "Rp\xa095.000 untuk 2 keluarga produsen di Desa Kenanga." in text
    assert "Bordir Waled" not in text


def test_an_unpaid_order_has_no_receipt_yet():
    seller = SellerProfileFactory()
    order, _ = order_with_lines((ProductFactory(seller=seller, price=25000), 1), status_paid=False)
    payment_create(order=order, method_code="bank_transfer")
    assert 'id="impact-receipt"' not in status_page(order)


def test_the_e_mails_carry_the_receipt(paid_order):
    send_order_confirmation(paid_order.pk)
    send_payment_received(paid_order.payment.pk)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Rp\xa0190.000 untuk 3 keluarga produsen di Desa Kenanga dan Desa Kuripan" in message.body
        assert "Desa Kuripan" in message.alternatives[0][0]


def test_the_account_order_page_carries_it(paid_order):
    buyer = UserFactory()
    type(paid_order).objects.filter(pk=paid_order.pk).update(user=buyer)
    client = Client()
    client.force_login(buyer)
    page = client.get(reverse("customer:order", args=[paid_order.number])).content.decode()
    assert "untuk 3 keluarga produsen di Desa Kenanga dan Desa Kuripan" in page
