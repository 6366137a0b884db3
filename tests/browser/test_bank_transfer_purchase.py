"""A guest buys from two producers and pays by bank transfer; each producer then sees
only their own part of the order in the portal."""

import re

import pytest
from playwright.sync_api import Page, expect

from payment.models import OrderPayment
from payment.services import payment_mark_succeeded
from tests.browser.regions import village_choose
from tests.factories import ProductFactory, SellerProfileFactory, VillageFactory
from tests.factories.shipping import flat_rates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_to_basket(page: Page, base: str, product) -> None:
    page.goto(base + product.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()


def test_guest_buys_from_two_producers_with_a_bank_transfer(live_server, page: Page, browser):
    warsini = SellerProfileFactory(name="Dapur Bu Warsini")
    waled = SellerProfileFactory(name="Bordir Waled")
    kerupuk = ProductFactory(seller=warsini, title="Kerupuk Kulit Ikan", price=25000)
    kerudung = ProductFactory(seller=waled, title="Kerudung Bordir", price=125000)
    village = VillageFactory(name="Sukamaju", is_desmigratif=False)
    flat_rates(sellers=[warsini, waled], village=village)  # JNE REG, Rp 20.000 per kg
    base = live_server.url

    add_to_basket(page, base, kerupuk)
    add_to_basket(page, base, kerudung)
    page.goto(base + "/checkout/")
    page.fill("#id_username", "siti@contoh.id")
    page.check("input[value='anonymous']")
    page.locator("form#login_form button[type=submit], form button[type=submit]").filter(
        has_text=re.compile("Lanjut|Continue|Lanjutkan", re.I)
    ).first.click()

    expect(page).to_have_url(re.compile("/checkout/shipping-address/"))
    page.fill("#id_name", "Siti Aminah")
    page.fill("#id_phone_number", "+6281298765432")
    page.fill("#id_street", "Jl. Melati No. 5")
    village_choose(page, village)  # the selects fill in place from the region data (JavaScript)
    page.fill("#id_postcode", "45223")
    page.get_by_role("button", name="Lanjut ke pengiriman").click()

    expect(page.get_by_text("Dapur Bu Warsini")).to_be_visible()
    expect(page.get_by_text("Bordir Waled")).to_be_visible()
    page.get_by_role("button", name="Lanjut ke cara bayar").click()
    page.get_by_label("Transfer bank").check()
    page.get_by_role("button", name="Periksa pesanan").click()
    expect(page.locator("#order-total")).to_contain_text("Rp\xa0190.000")  # goods + Rp 20.000 delivery each
    page.get_by_role("button", name="Buat pesanan").click()

    expect(page.locator("#bank-transfer-instructions")).to_be_visible()
    payment = OrderPayment.objects.get()
    expect(page.locator("#amount-due")).to_have_text(f"Rp\xa0{int(payment.amount_due):,}".replace(",", "."))
    expect(page.locator(".seller-order")).to_have_count(2)

    payment_mark_succeeded(payment=payment, reference="MUTASI-1")
    page.reload()
    expect(page.locator("#payment-status")).to_contain_text("Lunas")

    # Each producer sees their own part and nothing of the other's.
    for seller, mine, theirs in (
        (warsini, "Kerupuk Kulit Ikan", "Kerudung Bordir"),
        (waled, "Kerudung Bordir", "Kerupuk Kulit Ikan"),
    ):
        context = browser.new_context(viewport={"width": 360, "height": 740})
        seller_page = context.new_page()
        seller_page.goto(base + "/accounts/login/")
        seller_page.fill("#id_login-username", seller.user.email)
        seller_page.fill("#id_login-password", "rahasia-uji-123")
        seller_page.locator("button[name=login_submit]").click()
        seller_page.goto(base + "/penjual/pesanan/")
        seller_page.locator(".item a").first.click()
        expect(seller_page.locator("table.lines")).to_contain_text(mine)
        expect(seller_page.locator("body")).not_to_contain_text(theirs)
        context.close()
