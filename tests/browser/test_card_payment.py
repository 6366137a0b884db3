"""A signed-in buyer pays two producers by card, with 3-D Secure, against localstripe.

localstripe's Stripe.js cannot take a card number in the page, so the buyer picks one of
Stripe's test cards: the server attaches it and confirms, the page opens the (fake) 3-D
Secure box, and the order turns paid only when localstripe's signed webhook reaches the
live server. Each producer then sees their own part of the order, and nobody else does.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from fulfilment.models import SellerOrder
from payment.models import OrderPayment
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory, VillageFactory
from tests.factories.shipping import flat_rates
from tests.payment.localstripe import localstripe, stripe_settings  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"  # tests.factories.UserFactory


def sign_in(page: Page, base: str, user) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_login-username", user.email)
    page.fill("#id_login-password", PASSWORD)
    page.locator("button[name=login_submit]").click()
    expect(page.locator("#id_login-username")).to_have_count(0)


def add_to_basket(page: Page, base: str, product) -> None:
    page.goto(base + product.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()


def fill_address(page: Page, village) -> None:
    page.fill("#id_name", "Rina Marlina")
    page.fill("#id_phone_number", "+6281234500011")
    page.fill("#id_street", "Jl. Kenanga No. 12")
    page.select_option("#id_province", str(village.district.regency.province_id))
    expect(page.locator("#id_regency option").nth(1)).to_be_attached()
    page.select_option("#id_regency", str(village.district.regency_id))
    expect(page.locator("#id_district option").nth(1)).to_be_attached()
    page.select_option("#id_district", str(village.district_id))
    expect(page.locator("#id_village option").nth(1)).to_be_attached()
    page.select_option("#id_village", str(village.pk))
    page.fill("#id_postcode", "45281")


def test_signed_in_buyer_pays_by_card_with_3d_secure(
    live_server,
    page: Page,
    browser,
    localstripe,  # noqa: F811 - the fixture imported above
    stripe_settings,  # noqa: F811
):
    localstripe.webhook_to(live_server.url + "/pembayaran/stripe/webhook/")
    warsini = SellerProfileFactory(name="Dapur Bu Warsini")
    waled = SellerProfileFactory(name="Bordir Waled")
    kerupuk = ProductFactory(seller=warsini, title="Kerupuk Kulit Ikan", price=25000)
    kerudung = ProductFactory(seller=waled, title="Kerudung Bordir", price=125000)
    village = VillageFactory(name="Sukamaju", is_desmigratif=False)
    flat_rates(sellers=[warsini, waled], village=village)  # JNE REG, Rp 20.000 per kg
    buyer = UserFactory(username="rina", email="rina@contoh.id")
    base = live_server.url

    sign_in(page, base, buyer)
    add_to_basket(page, base, kerupuk)
    add_to_basket(page, base, kerudung)
    page.goto(base + "/checkout/")
    expect(page).to_have_url(re.compile("/checkout/shipping-address/"))
    fill_address(page, village)
    page.get_by_role("button", name="Lanjut ke pengiriman").click()
    page.get_by_role("button", name="Lanjut ke cara bayar").click()
    page.get_by_label("Kartu kredit/debit").check()
    page.get_by_role("button", name="Periksa pesanan").click()
    page.get_by_role("button", name="Buat pesanan").click()

    # The order page: the intent exists now, and localstripe's Stripe.js is loaded.
    expect(page.locator("#card-payment")).to_be_visible()
    payment = OrderPayment.objects.select_related("order").get(order__user=buyer)
    assert payment.method == "stripe_card" and payment.provider_reference.startswith("pi_")
    expect(page.locator("#payment-status")).to_contain_text("Menunggu pembayaran")
    assert page.evaluate("typeof window.Stripe") == "function"

    # A card that needs 3-D Secure: the bank's box opens and the buyer approves.
    page.locator("#test-cards button[data-card='4000002500003155']").click()
    page.get_by_role("button", name="Complete authentication").click()

    # Stripe's webhook marks it paid; the page notices and reloads itself.
    expect(page.locator("#payment-status")).to_contain_text("Lunas", timeout=20_000)
    expect(page.locator("#card-payment")).to_have_count(0)
    payment.refresh_from_db()
    assert payment.status == OrderPayment.Status.SUCCEEDED
    parts = {part.seller_id: part for part in SellerOrder.objects.filter(order=payment.order)}
    assert {part.status for part in parts.values()} == {SellerOrder.Status.PAID}

    # Each producer sees their own part and nothing of the other's.
    for seller, other, mine, theirs in (
        (warsini, waled, "Kerupuk Kulit Ikan", "Kerudung Bordir"),
        (waled, warsini, "Kerudung Bordir", "Kerupuk Kulit Ikan"),
    ):
        context = browser.new_context(viewport={"width": 360, "height": 740})
        seller_page = context.new_page()
        sign_in(seller_page, base, seller.user)
        seller_page.goto(base + "/penjual/pesanan/")
        expect(seller_page.locator("body")).to_contain_text(parts[seller.pk].number)
        expect(seller_page.locator("body")).not_to_contain_text(parts[other.pk].number)
        seller_page.locator(".item a").first.click()
        expect(seller_page.locator("table.lines")).to_contain_text(mine)
        expect(seller_page.locator("body")).not_to_contain_text(theirs)
        response = seller_page.goto(base + f"/penjual/pesanan/{parts[other.pk].number}/")
        assert response.status == 404
        context.close()

    # The buyer is no producer: the portal offers to sign up, not anyone's orders.
    response = page.goto(base + f"/penjual/pesanan/{parts[warsini.pk].number}/")
    expect(page).to_have_url(re.compile("/penjual/daftar/"))
    expect(page.locator("body")).not_to_contain_text("Kerupuk Kulit Ikan")
