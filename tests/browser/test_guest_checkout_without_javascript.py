"""With JavaScript off, a guest gets from the basket through Oscar's gateway to paying by
bank transfer: the gateway's password box must not stop the "tamu" choice (issue #14)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.regions import village_choose_without_javascript
from tests.factories import ProductFactory, SellerProfileFactory, VillageFactory
from tests.factories.shipping import flat_rates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_guest_checks_out_to_bank_transfer_with_javascript_off(live_server, browser):
    seller = SellerProfileFactory()
    kerupuk = ProductFactory(seller=seller, title="Kerupuk Kulit Ikan", price=25000)
    village = VillageFactory(name="Sukamaju", is_desmigratif=False)
    flat_rates(sellers=[seller], village=village)  # JNE REG, Rp 20.000 per kg
    base = live_server.url
    context = browser.new_context(java_script_enabled=False, locale="id-ID")
    page = context.new_page()

    page.goto(base + kerupuk.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()

    page.goto(base + "/checkout/")
    page.fill("#id_username", "siti@contoh.id")
    page.check("input[value='anonymous']")
    go_on = re.compile("Lanjut|Continue", re.I)
    page.locator("form button[type=submit]").filter(has_text=go_on).first.click()

    expect(page).to_have_url(re.compile("/checkout/shipping-address/"))
    page.fill("#id_name", "Siti Aminah")
    page.fill("#id_phone_number", "0812 9876 5432")
    page.fill("#id_street", "Jl. Melati No. 5")
    village_choose_without_javascript(page, village)
    page.fill("#id_postcode", "45223")
    page.get_by_role("button", name="Lanjut ke pengiriman").click()

    page.get_by_role("button", name="Lanjut ke cara bayar").click()
    page.get_by_label("Transfer bank").check()
    page.get_by_role("button", name="Periksa pesanan").click()
    page.get_by_role("button", name="Buat pesanan").click()
    expect(page.locator("#bank-transfer-instructions")).to_be_visible()
    context.close()
