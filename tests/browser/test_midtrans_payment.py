"""A buyer on a phone pays two producers by a BNI virtual account and then, on another
order, by QRIS, against the Midtrans double: the page shows the number (with a working copy
button) or the QR code drawn by the shop, the double settles, its signed notification
reaches the live server, and the page says paid."""

import pytest
from playwright.sync_api import Page, expect

from fulfilment.models import SellerOrder
from payment.models import OrderPayment
from tests.browser.test_card_payment import sign_in
from tests.browser.test_every_payment_method import checkout_pay_by
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory, VillageFactory
from tests.factories.shipping import flat_rates
from tests.payment.midtrans_double import midtrans, midtrans_settings  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _order(page: Page, base: str, products, village, method_label: str) -> None:
    checkout_pay_by(page, base, products, village, method_label)
    expect(page.locator("#midtrans-payment")).to_be_visible()


def test_buyer_pays_by_virtual_account_and_by_qris_through_midtrans(
    live_server,
    page: Page,
    context,
    midtrans,  # noqa: F811 - the fixtures imported above
    midtrans_settings,  # noqa: F811
):
    midtrans.notify_url = live_server.url + "/pembayaran/midtrans/notifikasi/"
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    warsini = SellerProfileFactory(name="Dapur Bu Warsini")
    waled = SellerProfileFactory(name="Bordir Waled")
    products = [
        ProductFactory(seller=warsini, title="Kerupuk Kulit Ikan", price=25000),
        ProductFactory(seller=waled, title="Kerudung Bordir", price=125000),
    ]
    village = VillageFactory(name="Sukamaju", is_desmigratif=False)
    flat_rates(sellers=[warsini, waled], village=village)  # JNE REG, Rp 20.000 per kg
    buyer = UserFactory(username="rina", email="rina@contoh.id")
    base = live_server.url
    sign_in(page, base, buyer)

    _order(page, base, products, village, "BNI Virtual Account")
    payment = OrderPayment.objects.select_related("order").get(order__user=buyer)
    va_number = midtrans.transactions[payment.order.number]["va_numbers"][0]["va_number"]
    expect(page.locator("#va-number")).to_have_text(va_number)
    expect(page.locator("#midtrans-expiry")).to_contain_text("WIB")
    copy = page.locator(f"button[data-copy='{va_number}']")
    expect(copy).to_be_visible()
    copy.click()
    expect(copy).to_have_text("Tersalin")
    assert page.evaluate("navigator.clipboard.readText()") == va_number

    midtrans.settle(payment.order.number)  # the buyer's bank pays; Midtrans notifies the shop
    page.reload()
    expect(page.locator("#payment-status")).to_contain_text("Lunas")
    expect(page.locator("#midtrans-payment")).to_have_count(0)
    assert set(SellerOrder.objects.filter(order=payment.order).values_list("status", flat=True)) == {
        SellerOrder.Status.PAID
    }

    _order(page, base, products[:1], village, "QRIS")
    second = OrderPayment.objects.filter(order__user=buyer).exclude(pk=payment.pk).get()
    qr = page.locator("#qr-code svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 150 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    midtrans.settle(second.order.number)
    page.reload()
    expect(page.locator("#payment-status")).to_contain_text("Lunas")
