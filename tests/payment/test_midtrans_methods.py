"""Each Midtrans method end to end through the test client and the loopback double:
choose it at checkout, open the order page (one charge), see what to pay with, the amount
and the deadline in WIB; hidden without keys."""

from datetime import timedelta

import pytest
from django.utils import timezone

from payment.models import MidtransCharge, OrderPayment
from tests.payment.conftest import order_page, place_midtrans_order

pytestmark = pytest.mark.django_db

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
    from tests.payment.conftest import midtrans_url

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


def test_midtrans_methods_are_not_offered_without_keys(client, products, buyer_village, settings):
    settings.MIDTRANS_SERVER_KEY = ""
    from tests.checkout.conftest import fill_basket

    fill_basket(client, (products[0], 1))
    client.post("/checkout/", {"username": "tanpa@contoh.id", "options": "anonymous"})
    page = client.get("/checkout/payment-method/")
    assert b"Virtual Account" not in page.content
    assert b"QRIS" not in page.content


def test_midtrans_unreachable_is_said_in_the_shops_look(client, products, buyer_village, midtrans_settings):
    payment = place_midtrans_order(client, products, buyer_village, "midtrans_bca_va")
    midtrans_settings.MIDTRANS_API_BASE_URL = "http://127.0.0.1:9"
    page = _open(client, payment)
    assert 'id="midtrans-unavailable"' in page
