"""The payments dashboard shows, for every order, the method, the gateway's reference and
the state: bank transfer, Midtrans (its order id) and cash on delivery (the parcels paid)."""

import re

import pytest
from django.test import Client

from payment.models import OrderPayment
from tests.factories import UserFactory
from tests.payment.conftest import order_page, place_midtrans_order
from tests.payment.test_cash_on_delivery import _cod, _parts, _producer, _ship, place_cod_order

pytestmark = pytest.mark.django_db


def _row(page: str, number: str) -> str:
    match = re.search(rf"<tr><td><a [^>]*>{number}</a>.*?</tr>", page, re.S)
    assert match, f"no row for {number}"
    return match.group(0)


def test_every_order_shows_its_method_reference_and_state(
    client, products, buyer_village, midtrans, midtrans_settings, cod_producers
):
    midtrans_settings.PAYMENT_METHODS = [*midtrans_settings.PAYMENT_METHODS, "payment.cod.CashOnDelivery"]
    qris = place_midtrans_order(client, products, buyer_village, "midtrans_qris", email="qris@contoh.id")
    client.get(order_page(qris))
    client.post(
        "/pembayaran/midtrans/notifikasi/",
        data=midtrans.settle(qris.order.number),
        content_type="application/json",
    )
    client.cookies.clear()
    cod = place_cod_order(client, products, buyer_village, email="tunai@contoh.id")
    for part in _parts(cod):
        producer = _producer(part.seller)
        _ship(producer, part)
        _cod(producer, part, action="cash")
    client.cookies.clear()
    open_cod = place_cod_order(client, products, buyer_village, email="belum@contoh.id")

    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    page = staff.get("/dashboard/pembayaran/").content.decode()
    row = _row(page, qris.order.number)
    assert "QRIS" in row and f">{qris.order.number}</td>" in row and "Lunas" in row
    cod.refresh_from_db()
    row = _row(page, cod.order.number)
    assert "Bayar di tempat (COD)" in row and cod.provider_reference in row and "Lunas" in row
    row = _row(page, open_cod.order.number)
    assert "Bayar di tempat (COD)" in row and "Menunggu pembayaran" in row
    # Filtered by method (every configured one is a choice) and found by its reference.
    page = staff.get("/dashboard/pembayaran/", {"method": "cod"}).content.decode()
    assert cod.order.number in page and qris.order.number not in page
    page = staff.get(
        "/dashboard/pembayaran/", {"q": qris.provider_reference or qris.order.number}
    ).content.decode()
    assert qris.order.number in page
    # The payment's page says which parcels were paid in cash, and when.
    detail = staff.get(f"/dashboard/pembayaran/{open_cod.pk}/").content.decode()
    assert detail.count("tunai belum diterima") == 2
    assert OrderPayment.objects.get(pk=qris.pk).provider_reference == qris.order.number
