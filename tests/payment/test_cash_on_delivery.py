"""Cash on delivery: offered only where it can be used (and said why when not), placed
unpaid, shipped unpaid, paid when each producer records the cash (the ledger books the cash
as the producer's and the commission as owed), refused parcels back on the shelf."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fulfilment.models import SellerOrder
from fulfilment.services import seller_order_ship, seller_orders_release_due
from ledger.models import LedgerEntry
from ledger.selectors import seller_balances
from payment.models import CodStrike, OrderPayment
from payment.selectors import cod_amount_due, payments_unpaid
from payment.services import payment_cancel, payment_refund
from tests.checkout.conftest import address_data, checkout_to_preview, fill_basket
from tests.factories import UserFactory
from tests.fulfilment.pdfs import pdf_text

pytestmark = pytest.mark.django_db

PAYMENT_PAGE = "/checkout/payment-method/"


def _to_payment_step(client, products, village, *, email="cod@contoh.id", phone="+6281298765432"):
    kerupuk, kerudung = products
    fill_basket(client, (kerupuk, 2), (kerudung, 1))
    client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    assert (
        client.post(
            reverse("checkout:shipping-address"), address_data(village, phone_number=phone)
        ).status_code
        == 302
    )
    page = client.get(reverse("checkout:shipping-method"))
    form = page.context["form"]
    assert client.post(reverse("checkout:shipping-method"), dict(form.initial)).status_code == 302


def place_cod_order(client, products, village, *, email="cod@contoh.id", phone="+6281298765432"):
    """Two producers' parts, Rp 70.000 (Bu Warsini) and Rp 145.000 (Bordir Waled), by COD."""
    _to_payment_step(client, products, village, email=email, phone=phone)
    assert client.post(PAYMENT_PAGE, {"method": "cod"}).status_code == 302
    response = client.post(reverse("checkout:preview"))
    assert response.status_code == 302, response.content.decode()[:1000]
    placed = Q(order__guest_email=email) | Q(order__user__email=email)
    return OrderPayment.objects.select_related("order").filter(placed).order_by("-pk").first()


def _parts(payment) -> list[SellerOrder]:
    return list(payment.order.seller_orders.select_related("seller__user").order_by("number"))


def _producer(seller) -> Client:
    producer = Client()
    producer.force_login(seller.user)
    return producer


def _cod(producer: Client, part: SellerOrder, **data):
    return producer.post(reverse("sellers:portal-order-cod", args=[part.number]), data)


def _ship(producer: Client, part: SellerOrder):
    response = producer.post(
        reverse("sellers:portal-order", args=[part.number]),
        {"action": "ship", "courier": "JNE", "tracking_number": f"JNE{part.pk:08d}"},
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == SellerOrder.Status.SHIPPED, part.status


def test_cod_is_not_offered_while_a_producer_does_not_take_it_and_the_page_says_why(
    client, products, buyer_village, two_producers
):
    warsini, waled = two_producers
    warsini.offers_cod = True
    warsini.save()
    _to_payment_step(client, products, buyer_village)
    page = client.get(PAYMENT_PAGE).content.decode()
    assert 'value="cod"' not in page
    assert 'id="not-offered-cod"' in page and "Bordir Waled belum menerima COD" in page
    # Posting it anyway is refused, in the page's own look.
    response = client.post(PAYMENT_PAGE, {"method": "cod"})
    assert response.status_code == 400


def test_cod_is_not_offered_for_a_parcel_above_its_producers_maximum(
    client, products, buyer_village, cod_producers
):
    waled = cod_producers[1]
    waled.cod_max_order_value = Decimal("100000")  # the kerudung's parcel is Rp 145.000
    waled.save()
    _to_payment_step(client, products, buyer_village)
    page = client.get(PAYMENT_PAGE).content.decode()
    assert 'value="cod"' not in page
    assert "paket dari Bordir Waled (Rp 145.000) melebihi batas COD produsen itu, Rp 100.000" in page


def test_cod_order_is_shipped_unpaid_and_paid_part_by_part_as_each_producer_records_the_cash(
    client, products, buyer_village, cod_producers, django_capture_on_commit_callbacks, settings
):
    settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.05")
    with django_capture_on_commit_callbacks(execute=True):
        payment = place_cod_order(client, products, buyer_village)
    assert payment.method == "cod" and payment.status == OrderPayment.Status.PENDING
    assert payment.deadline is None and payment not in payments_unpaid()
    warsini_part, waled_part = _parts(payment)
    assert warsini_part.cash_on_delivery and warsini_part.status == SellerOrder.Status.AWAITING_PAYMENT
    # The producers hear of it now, to ship it unpaid.
    notices = [message for message in mail.outbox if "COD" in message.body]
    assert {tuple(message.to) for message in notices} == {
        (warsini_part.seller.user.email,),
        (waled_part.seller.user.email,),
    }
    page = client.get(reverse("checkout:thank-you"), follow=True).content.decode()
    assert 'id="cod-instructions"' in page and "Rp\xa0145.000" in page
    assert cod_amount_due(seller_order=warsini_part) == Decimal("70000")

    warsini = _producer(warsini_part.seller)
    portal_page = warsini.get(reverse("sellers:portal-order", args=[warsini_part.number])).content.decode()
    assert 'id="cod-state"' in portal_page and "Rp\xa070.000" in portal_page
    # Cash cannot be recorded for a parcel that has not left.
    _cod(warsini, warsini_part, action="cash")
    warsini_part.refresh_from_db()
    assert warsini_part.paid_at is None
    _ship(warsini, warsini_part)
    assert _cod(warsini, warsini_part, action="cash").status_code == 302
    warsini_part.refresh_from_db()
    assert warsini_part.status == SellerOrder.Status.DELIVERED and warsini_part.paid_at is not None
    assert cod_amount_due(seller_order=warsini_part) is None
    entries = {
        entry.kind: (entry.account, entry.amount)
        for entry in LedgerEntry.objects.filter(seller_order=warsini_part)
    }
    assert entries == {
        "sale": ("available", Decimal("70000")),
        "cod_cash": ("available", Decimal("-70000")),
        "commission": ("available", Decimal("-2500")),
    }
    balances = seller_balances(seller=warsini_part.seller)
    assert balances.held == 0 and balances.available == Decimal("-2500")  # commission owed
    # Recording it again books nothing twice.
    _cod(warsini, warsini_part, action="cash")
    assert LedgerEntry.objects.filter(seller_order=warsini_part).count() == 3
    payment.refresh_from_db()
    assert payment.status == OrderPayment.Status.PENDING  # Bordir Waled's parcel is still out

    waled = _producer(waled_part.seller)
    _ship(waled, waled_part)
    _cod(waled, waled_part, action="cash")
    payment.refresh_from_db()
    assert payment.status == OrderPayment.Status.SUCCEEDED
    assert payment.order.status == "Paid"
    assert payment.provider_reference == f"COD {warsini_part.number}, {waled_part.number}"
    assert set(payment.events.values_list("event_type", flat=True)) >= {"cod_cash", "paid"}
    # Nothing is ever held, so the escrow release has nothing to do with COD parts.
    assert seller_orders_release_due(now=timezone.now() + timedelta(days=30)) == []


def test_a_refused_parcel_comes_back_to_the_shelf_and_counts_against_the_buyer(
    client, products, buyer_village, cod_producers
):
    kerupuk, kerudung = products
    payment = place_cod_order(client, products, buyer_village)
    warsini_part, waled_part = _parts(payment)
    waled = _producer(waled_part.seller)
    _ship(waled, waled_part)
    stock = kerudung.stockrecords.get()
    assert stock.num_in_stock == 2  # shipped: the unit left the shelf
    _cod(waled, waled_part, action="refused", restock="on", note="Pembeli tidak di rumah")
    waled_part.refresh_from_db()
    stock.refresh_from_db()
    assert waled_part.status == SellerOrder.Status.CANCELLED
    assert stock.num_in_stock == 3 and stock.num_allocated == 0
    strike = CodStrike.objects.get()
    assert strike.kind == "refused" and strike.phone == "+6281298765432"
    assert strike.seller_order == waled_part and strike.recorded_by == waled_part.seller.user
    assert not LedgerEntry.objects.filter(seller_order=waled_part).exists()
    # The other parcel is paid: the order is paid, and only that part can be refunded.
    warsini = _producer(warsini_part.seller)
    _ship(warsini, warsini_part)
    _cod(warsini, warsini_part, action="cash")
    payment.refresh_from_db()
    assert payment.status == OrderPayment.Status.SUCCEEDED
    with pytest.raises(Exception, match="Rp 1 dan 70.000"):
        payment_refund(payment=payment, amount=Decimal("215000"), reason="Salah kirim")
    payment_refund(payment=payment, amount=Decimal("70000"), reason="Barang rusak")
    refund = LedgerEntry.objects.get(seller_order=warsini_part, kind="refund")
    assert refund.account == "available" and refund.amount == Decimal("-70000")
    payment.refresh_from_db()
    assert payment.refunds.get().transferred_at is None  # staff transfer it by hand


def test_every_parcel_refused_cancels_the_order_and_a_spoilt_parcel_is_not_restocked(
    client, products, buyer_village, cod_producers
):
    kerupuk, _kerudung = products
    payment = place_cod_order(client, products, buyer_village)
    for part in _parts(payment):
        producer = _producer(part.seller)
        _ship(producer, part)
        _cod(producer, part, action="refused")  # the box left unticked: not fit to sell
    assert kerupuk.stockrecords.get().num_in_stock == 8
    payment.refresh_from_db()
    assert payment.status == OrderPayment.Status.CANCELLED and payment.order.status == "Cancelled"
    assert CodStrike.objects.count() == 2


def test_a_buyer_cancelling_a_cod_order_gets_a_strike_but_not_after_it_was_sent(
    client, products, buyer_village, cod_producers
):
    buyer = UserFactory(email="pembeli@contoh.id")
    client.force_login(buyer)
    kerupuk, kerudung = products
    fill_basket(client, (kerupuk, 1))
    checkout_to_preview(client, buyer_village, method="cod")
    client.post(reverse("checkout:preview"))
    payment = OrderPayment.objects.get(order__user=buyer)
    payment_cancel(payment=payment, reason="Berubah pikiran", by=buyer)
    strike = CodStrike.objects.get()
    assert strike.kind == "cancelled" and strike.user == buyer

    fill_basket(client, (kerupuk, 1))
    checkout_to_preview(client, buyer_village, method="cod")
    client.post(reverse("checkout:preview"))
    second = OrderPayment.objects.filter(order__user=buyer).exclude(pk=payment.pk).get()
    part = second.order.seller_orders.get()
    seller_order_ship(seller_order=part, courier="JNE", tracking_number="JNE1")
    with pytest.raises(Exception, match="sudah dikirim"):
        payment_cancel(payment=second, by=buyer)
    # Staff cancelling an order is not the buyer's doing: no strike.
    assert CodStrike.objects.count() == 1


def test_producer_sets_cod_and_its_maximum_in_the_portal(client, two_producers):
    seller = two_producers[0]
    producer = _producer(seller)
    page = producer.get(reverse("sellers:portal-profile"))
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        whatsapp="+6281234567890", offers_cod="on", cod_max_order_value="750000", bank_account_number=""
    )
    data.pop("offers_local_delivery", None)
    response = producer.post(reverse("sellers:portal-profile"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    seller.refresh_from_db()
    assert seller.offers_cod and seller.cod_max_order_value == Decimal("750000")
    data["cod_max_order_value"] = "500"
    response = producer.post(reverse("sellers:portal-profile"), data)
    assert response.status_code == 400


def test_the_label_of_an_unpaid_cod_parcel_prints_the_amount_the_courier_collects(
    client, products, buyer_village, cod_producers
):
    """A COD parcel is packed and shipped before it is paid: its label can be printed then,
    and says what the courier must collect (the labels and COD branches, wired together)."""
    payment = place_cod_order(client, products, buyer_village)
    warsini_part, _waled_part = _parts(payment)
    warsini = _producer(warsini_part.seller)

    label = warsini.get(reverse("sellers:portal-order-label", args=[warsini_part.number]))

    assert label.status_code == 200 and label["Content-Type"] == "application/pdf"
    text = pdf_text(label.content)
    assert "COD - BAYAR DI TEMPAT" in text and "Rp 70.000" in text.replace("\xa0", " ")
