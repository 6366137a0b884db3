"""Escrow: a paid part's money is held until the buyer has the goods, then available to pay out."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from checkout.views import order_status_url
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from ledger.models import LedgerEntry
from ledger.selectors import seller_balances
from payment.models import OrderPayment
from payment.services import payment_mark_succeeded, payment_refund
from tests.checkout.conftest import address_data, checkout_as_guest, fill_basket
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = SellerOrder.Status


@pytest.fixture
def paid(client, products, buyer_village, settings):
    """A guest's paid order of two producers: 2 × Rp 25.000 and 1 × Rp 125.000, free shipping."""
    settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.10")
    fill_basket(client, (products[0], 2), (products[1], 1))
    checkout_as_guest(client, buyer_village)
    payment = payment_mark_succeeded(payment=OrderPayment.objects.get())
    return payment.order


def parts(order) -> tuple[SellerOrder, SellerOrder]:
    first, second = order.seller_orders.order_by("number")
    return first, second


def ship(seller_order: SellerOrder) -> SellerOrder:
    return fulfilment_services.seller_order_ship(
        seller_order=seller_order, courier="JNE", tracking_number=f"JNE{seller_order.pk}"
    )


def confirm_url(seller_order: SellerOrder) -> str:
    token = order_status_url(seller_order.order).rstrip("/").rsplit("/", 1)[1]
    return reverse("orders:receipt-confirm", args=[seller_order.order.number, token, seller_order.number])


def rp(amount) -> str:
    return "Rp\xa0" + f"{Decimal(amount):,.0f}".replace(",", ".")


def net(seller_order: SellerOrder) -> Decimal:
    """Goods and shipping, less the 10 % commission on the goods."""
    return seller_order.total - seller_order.lines_total / 10


def test_payment_holds_the_money_and_nothing_is_payable(paid):
    first, second = parts(paid)
    held = seller_balances(seller=first.seller)
    assert (held.held, held.available, held.paid_out) == (net(first), 0, 0)
    assert set(first.ledger_entries.values_list("account", flat=True)) == {"held"}
    ship(first)
    fulfilment_services.seller_order_deliver(seller_order=first)  # the parcel arrived: still held
    assert seller_balances(seller=first.seller).available == 0


def test_buyer_confirms_receipt_on_the_guest_page_after_a_confirmation(client, paid):
    first, second = parts(paid)
    ship(first)
    page = client.get(order_status_url(paid)).content.decode()
    assert page.count("Dana ditahan sampai pesanan diterima") == 2
    assert confirm_url(first) in page and confirm_url(second) not in page  # only the shipped part

    confirmation = client.get(confirm_url(first))
    assert confirmation.status_code == 200
    assert "tidak bisa ditarik kembali" in confirmation.content.decode()
    assert seller_balances(seller=first.seller).available == 0  # a GET releases nothing

    response = client.post(confirm_url(first))
    assert response.status_code == 302 and response["Location"] == order_status_url(paid)
    client.post(confirm_url(first))  # a double click: credited once
    first.refresh_from_db()
    assert first.status == Status.DELIVERED
    balances = seller_balances(seller=first.seller)
    assert (balances.held, balances.available) == (0, net(first))
    assert (
        LedgerEntry.objects.filter(seller_order=first, kind="release").count() == 2
    )  # out of held, into available
    page = client.get(order_status_url(paid)).content.decode()
    assert "dana sudah diteruskan ke produsen" in page
    assert seller_balances(seller=second.seller).available == 0


def test_receipt_of_an_unshipped_part_or_with_a_wrong_link_is_refused(client, paid):
    first, _ = parts(paid)
    response = client.post(confirm_url(first), follow=True)
    assert "belum dikirim" in response.content.decode()
    assert seller_balances(seller=first.seller).available == 0
    wrong = reverse("orders:receipt-confirm", args=[paid.number, "salah", first.number])
    assert client.post(wrong).status_code == 404


def test_account_order_page_shows_each_part_and_the_button(client, products, buyer_village):
    buyer = UserFactory(username="sari")
    client.force_login(buyer)
    fill_basket(client, (products[0], 1), (products[1], 1))
    client.post(reverse("checkout:shipping-address"), address_data(buyer_village))
    client.post(reverse("checkout:shipping-method"), {})
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    client.post(reverse("checkout:preview"))
    payment = payment_mark_succeeded(payment=OrderPayment.objects.get(order__user=buyer))
    first, _ = parts(payment.order)
    ship(first)
    page = client.get(reverse("customer:order", args=[payment.order.number])).content.decode()
    assert page.count("Dana ditahan sampai pesanan diterima") == 2
    assert confirm_url(first) in page
    client.post(confirm_url(first))
    release = LedgerEntry.objects.get(seller_order=first, kind="release", account="available")
    assert (release.reference, release.created_by) == ("buyer", buyer)


def test_auto_release_after_delivery_and_after_shipping(paid, products, client, buyer_village):
    delivered_long_ago, shipped_long_ago = parts(paid)
    fill_basket(client, (products[0], 1), (products[1], 1))
    checkout_as_guest(client, buyer_village, email="kedua@contoh.id")
    recent = payment_mark_succeeded(payment=OrderPayment.objects.get(order__guest_email="kedua@contoh.id"))
    delivered_recently, shipped_recently = parts(recent.order)
    for seller_order in (delivered_long_ago, shipped_long_ago, delivered_recently, shipped_recently):
        ship(seller_order)
    for seller_order in (delivered_long_ago, delivered_recently):
        fulfilment_services.seller_order_deliver(seller_order=seller_order)
    now = timezone.now()
    SellerOrder.objects.filter(pk=delivered_long_ago.pk).update(delivered_at=now - timedelta(days=2, hours=1))
    SellerOrder.objects.filter(pk=delivered_recently.pk).update(delivered_at=now - timedelta(days=1))
    SellerOrder.objects.filter(pk=shipped_long_ago.pk).update(shipped_at=now - timedelta(days=7, hours=1))
    SellerOrder.objects.filter(pk=shipped_recently.pk).update(shipped_at=now - timedelta(days=6))

    call_command("release_escrow")
    call_command("release_escrow")  # the scheduler again: nothing twice

    released = dict(
        LedgerEntry.objects.filter(kind="release", account="available").values_list(
            "seller_order", "reference"
        )
    )
    assert released == {delivered_long_ago.pk: "after_delivery", shipped_long_ago.pk: "after_shipping"}
    shipped_long_ago.refresh_from_db()
    assert shipped_long_ago.status == Status.DELIVERED  # counted as received
    page = client.get(order_status_url(recent.order)).content.decode()
    assert "diteruskan otomatis ke produsen pada" in page


def test_refund_takes_the_held_money_first(paid, staff_client):
    first, second = parts(paid)
    ship(second)
    fulfilment_services.seller_order_confirm_received(seller_order=second)
    available_before = seller_balances(seller=second.seller).available
    payment_refund(payment=paid.payment, amount=Decimal("25000"), reason="satu rusak", seller_order=first)
    held = seller_balances(seller=first.seller)
    # 25.000 back to the buyer out of what is held, and half the 5.000 commission returned.
    assert (held.held, held.available) == (net(first) - 25000 + 2500, 0)
    # Released already: the refund comes out of the available balance (10 % commission back).
    payment_refund(payment=paid.payment, amount=Decimal("10000"), reason="ongkos", seller_order=second)
    assert seller_balances(seller=second.seller).available == available_before - 10000 + 1000
    ship(first)
    fulfilment_services.seller_order_confirm_received(seller_order=first)
    assert seller_balances(seller=first.seller).available == net(first) - 22500


def test_full_refund_while_held_leaves_nothing_to_release(paid):
    first, _ = parts(paid)
    payment_refund(payment=paid.payment, amount=first.total, reason="batal", seller_order=first)
    assert seller_balances(seller=first.seller).held == 0
    assert fulfilment_services.seller_orders_release_due(now=timezone.now() + timedelta(days=30)) == []


def test_staff_pay_out_only_available_money(paid, staff_client):
    first, second = parts(paid)
    url = reverse("sellers-dashboard:payout-create", kwargs={"pk": first.seller.pk})
    response = staff_client.post(url, {"payout-amount": "1000", "payout-reference": "TRF-1"})
    assert "melebihi saldo tersedia" in response.content.decode()
    assert not LedgerEntry.objects.filter(kind="payout").exists()
    ship(first)
    fulfilment_services.seller_order_confirm_received(seller_order=first)
    page = staff_client.get(reverse("sellers-dashboard:seller-detail", kwargs={"pk": first.seller.pk}))
    assert f'id="seller-available">{rp(net(first))}<' in page.content.decode()
    staff_client.post(url, {"payout-amount": f"{net(first) + 1:.0f}", "payout-reference": "TRF-2"})
    staff_client.post(url, {"payout-amount": f"{net(first):.0f}", "payout-reference": "TRF-3"})
    assert seller_balances(seller=first.seller).paid_out == net(first)


def test_producer_earnings_show_held_available_and_paid_out(client, paid, staff_user):
    from ledger.services import ledger_record_payout

    first, _ = parts(paid)
    other = SellerOrder.objects.exclude(seller=first.seller).get()
    client.force_login(first.seller.user)
    page = client.get(reverse("sellers:portal-earnings")).content.decode()
    assert f'id="balance-held"><strong>{rp(net(first))}<' in page
    assert f'id="balance-available" class="balance"><strong>{rp(0)}<' in page
    ship(first)
    fulfilment_services.seller_order_confirm_received(seller_order=first)
    ledger_record_payout(
        seller=first.seller, amount=Decimal("40000"), reference="TRF-9", created_by=staff_user
    )
    page = client.get(reverse("sellers:portal-earnings")).content.decode()
    assert f'id="balance-held"><strong>{rp(0)}<' in page
    assert f'id="balance-available" class="balance"><strong>{rp(net(first) - 40000)}<' in page
    assert f'id="balance-paid-out"><strong>{rp(40000)}<' in page
    assert other.number not in page


def test_a_complaint_decided_for_the_producer_releases_the_money(paid, staff_user):
    first, _ = parts(paid)
    ship(first)
    fulfilment_services.seller_order_release_for_complaint(seller_order=first, by=staff_user)
    fulfilment_services.seller_order_confirm_received(seller_order=first)  # the buyer too: once
    assert seller_balances(seller=first.seller).available == net(first)
    assert LedgerEntry.objects.get(kind="release", account="available").reference == "complaint"
