"""Each Midtrans method end to end through the test client and the loopback double:
choose it at checkout, open the order page (one charge), see what to pay with, the amount
and the deadline in WIB; hidden without keys."""

import os
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from payment import midtrans_api
from payment.midtrans_methods import BcaVirtualAccount
from payment.models import MidtransCharge, OrderPayment
from tests.checkout.conftest import address_data, fill_basket
from tests.payment.conftest import midtrans_url, order_page, place_midtrans_order

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PHONE = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"


def _open(client, payment, agent=DESKTOP):
    response = client.get(order_page(payment), headers={"User-Agent": agent})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("code", "bank", "field"),
    [
        ("midtrans_bca_va", "bca", "va_numbers"),
        ("midtrans_bni_va", "bni", "va_numbers"),
        ("midtrans_bri_va", "bri", "va_numbers"),
        ("midtrans_cimb_va", "cimb", "va_numbers"),
        ("midtrans_permata_va", "permata", "permata_va_number"),
    ],
)
def test_a_virtual_account_is_opened_once_and_shown_with_amount_copy_and_deadline(
    client, products, buyer_village, midtrans_settings, midtrans, code, bank, field
):
    payment = place_midtrans_order(client, products, buyer_village, code)
    assert midtrans.charges() == []  # nothing is charged while the order is placed
    page = _open(client, payment)
    again = _open(client, payment)

    [charge_body] = midtrans.charges()
    assert charge_body["payment_type"] == "bank_transfer"
    assert charge_body["bank_transfer"] == {"bank": bank}
    assert charge_body["transaction_details"] == {"order_id": payment.order.number, "gross_amount": 215000}
    transaction = midtrans.transactions[payment.order.number]
    va_number = (
        transaction["permata_va_number"]
        if field == "permata_va_number"
        else transaction["va_numbers"][0]["va_number"]
    )
    for html in (page, again):
        assert va_number in html
        assert f'data-copy="{va_number}"' in html
        assert "Rp\xa0215.000" in html
        assert 'data-copy="215000"' in html
    payment.refresh_from_db()
    deadline = timezone.localtime(payment.deadline)
    assert f"{deadline:%H:%M} WIB" in page
    assert payment.provider_reference == payment.order.number
    assert MidtransCharge.objects.get(payment=payment).transaction_status == "pending"


def test_mandiri_bill_shows_biller_code_and_bill_key(
    client, products, buyer_village, midtrans_settings, midtrans
):
    payment = place_midtrans_order(client, products, buyer_village, "midtrans_mandiri_bill")
    page = _open(client, payment)
    [body] = midtrans.charges()
    assert body["payment_type"] == "echannel"
    transaction = midtrans.transactions[payment.order.number]
    assert transaction["biller_code"] in page
    assert f'data-copy="{transaction["bill_key"]}"' in page
    assert "Multipayment" in page


def test_qris_is_drawn_here_from_the_qr_string(client, products, buyer_village, midtrans_settings, midtrans):
    payment = place_midtrans_order(client, products, buyer_village, "midtrans_qris")
    page = _open(client, payment, agent=PHONE)
    [body] = midtrans.charges()
    assert body["payment_type"] == "qris"
    assert "<svg" in page and 'id="qr-code"' in page
    assert midtrans.url not in page
    assert "Rp\xa0215.000" in page


@pytest.mark.parametrize(
    ("code", "app_type", "acquirer"),
    [("midtrans_gopay", "gopay", "gopay"), ("midtrans_shopeepay", "shopeepay", "airpay shopee")],
)
def test_an_e_wallet_opens_its_app_on_a_phone_and_shows_a_qr_on_a_computer(
    client, products, buyer_village, midtrans_settings, midtrans, code, app_type, acquirer
):
    on_phone = place_midtrans_order(client, products, buyer_village, code, email="hp@contoh.id")
    page = _open(client, on_phone, agent=PHONE)
    deeplink = next(
        action["url"]
        for action in midtrans.transactions[on_phone.order.number]["actions"]
        if action["name"] == "deeplink-redirect"
    )
    assert f'href="{deeplink}"' in page
    assert 'id="ewallet-switch"' in page  # the visible way to the QR code
    assert midtrans.charges()[-1]["payment_type"] == app_type

    on_desktop = place_midtrans_order(client, products, buyer_village, code, email="pc@contoh.id")
    page = _open(client, on_desktop, agent=DESKTOP)
    assert midtrans.charges()[-1]["payment_type"] == "qris"
    assert midtrans.charges()[-1]["qris"] == {"acquirer": acquirer}
    assert "<svg" in page
    assert 'id="ewallet-deeplink"' not in page


def test_switching_from_the_app_to_the_qr_cancels_the_first_transaction(
    client, products, buyer_village, midtrans_settings, midtrans
):
    payment = place_midtrans_order(client, products, buyer_village, "midtrans_gopay")
    _open(client, payment, agent=PHONE)
    response = client.post(midtrans_url("midtrans-switch", payment), {"mode": "qr"})
    assert response.status_code == 302
    page = _open(client, payment, agent=PHONE)
    number = payment.order.number
    assert midtrans.transactions[number]["transaction_status"] == "cancel"
    assert midtrans.transactions[f"{number}-2"]["payment_type"] == "qris"
    assert "<svg" in page
    payment.refresh_from_db()
    assert payment.provider_reference == f"{number}-2"
    assert payment.status == OrderPayment.Status.PENDING


@pytest.mark.parametrize(
    ("code", "store"), [("midtrans_indomaret", "indomaret"), ("midtrans_alfamart", "alfamart")]
)
def test_retail_outlets_show_a_payment_code(
    client, products, buyer_village, midtrans_settings, midtrans, code, store
):
    payment = place_midtrans_order(client, products, buyer_village, code)
    page = _open(client, payment)
    [body] = midtrans.charges()
    assert body["cstore"]["store"] == store
    payment_code = midtrans.transactions[payment.order.number]["payment_code"]
    assert f'data-copy="{payment_code}"' in page


def test_the_charge_is_balanced_and_expires_with_the_order(
    client, products, buyer_village, midtrans_settings, midtrans
):
    payment = place_midtrans_order(client, products, buyer_village, "midtrans_bni_va")
    _open(client, payment)
    [body] = midtrans.charges()
    assert sum(item["price"] * item["quantity"] for item in body["item_details"]) == 215000
    assert {item["id"] for item in body["item_details"]} == set(
        payment.order.seller_orders.values_list("number", flat=True)
    )
    assert body["custom_expiry"]["unit"] == "minute"
    assert body["custom_expiry"]["expiry_duration"] == 24 * 60
    charge = MidtransCharge.objects.get(payment=payment)
    payment.refresh_from_db()
    assert abs(charge.expires_at - payment.deadline) < timedelta(seconds=2)


def _configured_methods(**environment) -> list[str]:
    """PAYMENT_METHODS as the settings compute them from this environment (a fresh process)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MIDTRANS_")}
    env.update(environment, DJANGO_SETTINGS_MODULE="marketplace.settings.local")
    script = (
        "import django; django.setup(); from django.conf import settings; print(*settings.PAYMENT_METHODS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.split()


def test_midtrans_methods_are_offered_only_with_a_server_key(
    client, products, buyer_village, midtrans_settings
):
    assert not any("midtrans" in path for path in _configured_methods())
    with_key = _configured_methods(
        MIDTRANS_SERVER_KEY="SB-Mid-server-x", MIDTRANS_CLIENT_KEY="SB-Mid-client-x"
    )
    assert with_key[:2] == ["payment.methods.BankTransfer", "payment.cod.CashOnDelivery"]
    assert with_key[2:] == midtrans_settings.MIDTRANS_METHODS
    # ... and the checkout lists what the settings offer.
    fill_basket(client, (products[0], 1))
    client.post("/checkout/", {"username": "tanpa@contoh.id", "options": "anonymous"})
    client.post("/checkout/shipping-address/", address_data(buyer_village))
    page = client.get("/checkout/payment-method/").content.decode()
    assert "BNI Virtual Account" in page and "Indomaret" in page
    midtrans_settings.PAYMENT_METHODS = ["payment.methods.BankTransfer"]
    page = client.get("/checkout/payment-method/").content.decode()
    assert "Virtual Account" not in page and "QRIS" not in page


def test_midtrans_unreachable_is_said_in_the_shops_look(client, products, buyer_village, midtrans_settings):
    payment = place_midtrans_order(client, products, buyer_village, "midtrans_bca_va")
    midtrans_settings.MIDTRANS_API_BASE_URL = "http://127.0.0.1:9"
    page = _open(client, payment)
    assert 'id="midtrans-unavailable"' in page


def test_a_transaction_midtrans_already_has_is_taken_over_not_charged_twice(
    client, products, buyer_village, midtrans_settings, midtrans
):
    # Opened by a request whose own database write was rolled back: Midtrans answers 406.
    payment = place_midtrans_order(client, products, buyer_village, "midtrans_bri_va")
    midtrans_api.charge(
        order_id=payment.order.number,
        amount=payment.amount_due,
        payment={"payment_type": "bank_transfer", "bank_transfer": {"bank": "bri"}},
        items=[{"id": "semua", "name": "Pesanan", "price": payment.amount_due, "quantity": 1}],
        customer={"email": "va@contoh.id"},
        order_time=payment.created_at,
        expiry_minutes=60,
    )
    page = _open(client, payment)
    va_number = midtrans.transactions[payment.order.number]["va_numbers"][0]["va_number"]
    assert va_number in page
    assert len(midtrans.transactions) == 1
    assert MidtransCharge.objects.get(payment=payment).order_id == payment.order.number


def test_amounts_go_to_midtrans_as_whole_rupiah():
    with pytest.raises(ValueError):
        midtrans_api.whole_rupiah(Decimal("25000.50"))
    assert midtrans_api.whole_rupiah(Decimal("25000.00")) == 25000
    payment = OrderPayment(amount=Decimal("25000.50"), amount_due=Decimal("25000.50"))
    BcaVirtualAccount().start(payment=payment)
    assert payment.amount_due == Decimal("25001")
