"""A buyer on a phone pays a two-producer basket by each Midtrans method against the loopback
double (its notification reaching the live server), and another by cash on delivery: each
producer ships it unpaid from the portal, records the cash, and sees it in the earnings.

Card payment against localstripe is tests/browser/test_card_payment.py (the same basket).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from fulfilment.models import SellerOrder
from payment.models import OrderPayment
from tests.browser.test_card_payment import add_to_basket, fill_address, sign_in
from tests.browser.test_phone_width import sideways
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory, VillageFactory
from tests.factories.shipping import flat_rates
from tests.payment.midtrans_double import midtrans, midtrans_settings  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shop(*, cod: bool = False):
    warsini = SellerProfileFactory(name="Dapur Bu Warsini", offers_cod=cod)
    waled = SellerProfileFactory(name="Bordir Waled", offers_cod=cod)
    products = [
        ProductFactory(seller=warsini, title="Kerupuk Kulit Ikan", price=25000),
        ProductFactory(seller=waled, title="Kerudung Bordir", price=125000),
    ]
    village = VillageFactory(name="Sukamaju", is_desmigratif=False)
    flat_rates(sellers=[warsini, waled], village=village)  # JNE REG, Rp 20.000 per kg
    return (warsini, waled), products, village


def checkout_pay_by(page: Page, base: str, products, village, method_label: str) -> None:
    """Basket, address, the cheapest couriers, the method, "Buat pesanan": on to the order's page."""
    for product in products:
        add_to_basket(page, base, product)
    page.goto(base + "/checkout/")
    expect(page).to_have_url(re.compile("/checkout/shipping-address/"))
    fill_address(page, village)
    page.get_by_role("button", name="Lanjut ke pengiriman").click()
    page.get_by_role("button", name="Lanjut ke cara bayar").click()
    page.get_by_label(method_label, exact=True).check()
    page.get_by_role("button", name="Periksa pesanan").click()
    page.get_by_role("button", name="Buat pesanan").click()
    expect(page.locator("#payment-status")).to_be_visible()


def _va(transaction: dict) -> str:
    return transaction.get("permata_va_number") or transaction["va_numbers"][0]["va_number"]


# The method's label at checkout, where its page shows what to pay to, and that value.
MIDTRANS_METHODS = [
    ("BCA Virtual Account", "#va-number", _va),
    ("BNI Virtual Account", "#va-number", _va),
    ("BRI Virtual Account", "#va-number", _va),
    ("Permata Virtual Account", "#va-number", _va),
    ("CIMB Niaga Virtual Account", "#va-number", _va),
    ("Mandiri Bill Payment", "#bill-key", lambda transaction: transaction["bill_key"]),
    # A phone's browser here is headless Chromium's desktop agent: e-wallets show QRIS.
    ("QRIS", "#qr-code svg", None),
    ("GoPay", "#qr-code svg", None),
    ("ShopeePay", "#qr-code svg", None),
    ("Indomaret", "#payment-code", lambda transaction: transaction["payment_code"]),
    ("Alfamart / Alfamidi / Dan+Dan", "#payment-code", lambda transaction: transaction["payment_code"]),
]


@pytest.mark.parametrize(
    ("label", "selector", "expected"), MIDTRANS_METHODS, ids=[m[0] for m in MIDTRANS_METHODS]
)
def test_two_producer_basket_paid_by_each_midtrans_method(
    live_server,
    page: Page,
    midtrans,  # noqa: F811 - the fixtures imported above
    midtrans_settings,  # noqa: F811
    label,
    selector,
    expected,
):
    midtrans.notify_url = live_server.url + "/pembayaran/midtrans/notifikasi/"
    _sellers, products, village = _shop()
    buyer = UserFactory(username="rina", email="rina@contoh.id")
    base = live_server.url
    sign_in(page, base, buyer)
    checkout_pay_by(page, base, products, village, label)
    expect(page.locator("#midtrans-payment")).to_be_visible()
    payment = OrderPayment.objects.select_related("order").get(order__user=buyer)
    transaction = midtrans.transactions[payment.order.number]
    assert transaction["gross_amount"] == "190000.00"  # 25.000 + 125.000 + 2 × 20.000
    shown = page.locator(selector)
    expect(shown).to_be_visible()
    if expected is not None:
        expect(shown).to_have_text(expected(transaction))

    midtrans.settle(payment.order.number)  # the bank, wallet or cashier pays; Midtrans notifies
    page.reload()
    expect(page.locator("#payment-status")).to_contain_text("Lunas")
    expect(page.locator("#midtrans-payment")).to_have_count(0)
    assert set(SellerOrder.objects.filter(order=payment.order).values_list("status", flat=True)) == {
        SellerOrder.Status.PAID
    }


def test_two_producer_basket_paid_cash_on_delivery(live_server, page: Page, browser):
    (warsini, waled), products, village = _shop(cod=True)
    buyer = UserFactory(username="rina", email="rina@contoh.id")
    base = live_server.url
    sign_in(page, base, buyer)
    page.set_viewport_size({"width": 360, "height": 800})  # the narrowest phones
    wide = {}
    checkout_pay_by(page, base, products, village, "Bayar di tempat (COD)")
    expect(page.locator("#cod-instructions")).to_contain_text("Rp\xa0145.000")
    sideways(page, "buyer's COD order", wide)
    payment = OrderPayment.objects.select_related("order").get(order__user=buyer)
    order_url = page.url

    for seller, amount in ((warsini, "Rp\xa045.000"), (waled, "Rp\xa0145.000")):
        part = SellerOrder.objects.get(order=payment.order, seller=seller)
        # The portal's COD steps are plain forms: the producer's phone needs no JavaScript.
        context = browser.new_context(
            viewport={"width": 360, "height": 800}, locale="id-ID", java_script_enabled=False
        )
        producer = context.new_page()
        sign_in(producer, base, seller.user)
        producer.goto(base + f"/penjual/pesanan/{part.number}/")
        expect(producer.locator("#cod-state")).to_contain_text(amount)
        sideways(producer, f"portal COD order {part.number}", wide)
        # Shipped before it is paid.
        # The buyer chose the courier at checkout: the portal asks only for its waybill, which
        # must look like one of that courier's (shipping.Courier waybill lengths).
        if producer.locator("#id_courier").count():
            producer.fill("#id_courier", "JNE")
        producer.fill("#id_tracking_number", f"JNE{part.pk:010d}")
        producer.get_by_role("button", name="Tandai sudah dikirim").click()
        expect(producer.locator(".status")).to_contain_text("Dikirim")
        producer.locator("#cod-cash").click()
        expect(producer.locator("#cod-state")).to_contain_text("tercatat diterima")
        producer.goto(base + "/penjual/pendapatan/")
        expect(producer.get_by_text("Tunai COD diterima produsen").first).to_be_visible()
        expect(producer.get_by_text(amount).first).to_be_visible()
        context.close()

    page.goto(order_url)
    expect(page.locator("#payment-status")).to_contain_text("Lunas")
    expect(page.locator("#cod-instructions")).to_have_count(0)
    assert not wide, wide
