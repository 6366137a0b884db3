"""A worker in Hong Kong shops from the villages: a zh-HK/en browser in Asia/Hong_Kong sees
HK$ beside every rupiah price with the rate's date (cards, product, basket, each checkout
step, the order), is offered card payment and not the methods that need an Indonesian bank
account or e-wallet (unless they ask), and pays by card against localstripe. With a stale
rate the converted prices are gone, the rupiah stay."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from playwright.sync_api import Page, expect

from exchange.models import ExchangeRate
from ledger.models import LedgerEntry
from payment.models import OrderPayment
from tests.browser.regions import village_choose
from tests.factories import ProductFactory, SellerProfileFactory, VillageFactory
from tests.factories.shipping import flat_rates
from tests.payment.localstripe import localstripe, stripe_settings  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The shop speaks Indonesian until the visitor picks English, whatever the browser's languages.
CONVERTED = re.compile(r"≈ HK\$\d+,\d\d \(kurs \d{1,2} [A-Z][a-z]{2}\)")


@pytest.fixture
def hong_kong(browser):
    context = browser.new_context(
        locale="zh-HK",
        timezone_id="Asia/Hong_Kong",
        extra_http_headers={"Accept-Language": "zh-HK,zh;q=0.9,en;q=0.8"},
        viewport={"width": 390, "height": 844},
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def shop(db):
    warsini = SellerProfileFactory(name="Dapur Bu Warsini", village=VillageFactory(name="Kuripan"))
    village = VillageFactory(name="Sukamaju", is_desmigratif=False)
    flat_rates(sellers=[warsini], village=village)
    product = ProductFactory(seller=warsini, title="Kerupuk Kulit Ikan", price=25000, num_in_stock=5)
    return product, village


def rate(days_old: int) -> ExchangeRate:
    date = timezone.localdate() - datetime.timedelta(days=days_old)
    return ExchangeRate.objects.create(currency="HKD", rate=Decimal("2000"), date=date)


def converted_in(page: Page, selector: str) -> str:
    text = page.locator(selector).first.inner_text()
    assert CONVERTED.search(text), text
    return text


def test_a_buyer_in_hong_kong_sees_hk_dollars_and_pays_by_card(
    live_server,
    hong_kong: Page,
    shop,
    localstripe,  # noqa: F811 - the fixture imported above
    stripe_settings,  # noqa: F811
    settings,
):
    localstripe.webhook_to(live_server.url + "/pembayaran/stripe/webhook/")
    settings.PAYMENT_METHODS = [
        "payment.methods.BankTransfer",
        "payment.methods.StripeCard",
        "payment.midtrans_methods.GoPay",
    ]
    product, village = shop
    rate(days_old=1)
    page, base = hong_kong, live_server.url

    page.goto(base + "/catalogue/")
    card = converted_in(page, ".product_pod .price_color")
    assert "Rp\xa025.000" in card and "HK$12,50" in card
    page.goto(base + product.get_absolute_url())
    assert "HK$12,50" in converted_in(page, ".product-price")
    page.locator("#add_to_basket_form button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()

    page.goto(base + "/basket/")
    assert "HK$12,50" in converted_in(page, "#basket-total")

    page.goto(base + "/checkout/")
    page.fill("#id_username", "rina@contoh.id")
    page.check("input[value='anonymous']")  # as a guest
    page.locator("form button[type=submit]").filter(
        has_text=re.compile("Lanjut|Continue", re.I)
    ).first.click()
    expect(page).to_have_url(re.compile("/checkout/shipping-address/"))
    page.fill("#id_name", "Siti Aminah")
    page.fill("#id_phone_number", "0812 9876 5432")  # the family's number, in Indonesia
    page.fill("#id_street", "Jl. Melati No. 5")
    village_choose(page, village)
    page.fill("#id_postcode", "45223")
    page.get_by_role("button", name="Lanjut ke pengiriman").click()
    converted_in(page, ".shipping-option")
    page.get_by_role("button", name="Lanjut ke cara bayar").click()

    # Card only; the Indonesian methods a click away, by a plain link.
    methods = page.locator("input[name=method]")
    expect(methods).to_have_count(1)
    expect(page.get_by_label("Kartu kredit/debit")).to_be_visible()
    expect(page.get_by_text("GoPay")).to_have_count(0)
    expect(page.locator("#indonesian-methods a")).to_be_visible()
    page.fill("#id_buyer_phone", "5123 4567")  # the buyer's Hong Kong number
    page.get_by_label("Kartu kredit/debit").check()
    page.get_by_role("button", name="Periksa pesanan").click()

    assert "HK$" in converted_in(page, "#order-total")
    page.get_by_role("button", name="Buat pesanan").click()
    expect(page.locator("#card-payment")).to_be_visible()
    converted_in(page, "#payment-status")
    payment = OrderPayment.objects.select_related("order").get()
    assert payment.order.country_of_work == "HK"
    assert payment.order.buyer_phone == "+85251234567"
    assert payment.amount_due == Decimal(payment.amount_due).to_integral()  # paid in rupiah

    page.locator("#test-cards button[data-card='4242424242424242']").click()
    expect(page.locator("#payment-status")).to_contain_text("Lunas", timeout=20_000)
    # Paid: the impact receipt, in HK$ too.
    expect(page.locator("#impact-receipt")).to_contain_text("Desa Kuripan")
    credited = LedgerEntry.objects.filter(seller_order__order=payment.order).aggregate(total=Sum("amount"))
    shown = page.locator("#impact-receipt [data-amount]").get_attribute("data-amount")
    assert Decimal(shown) == credited["total"] > 0
    assert CONVERTED.search(page.locator("#impact-receipt").inner_text())


def test_a_stale_rate_shows_rupiah_only(live_server, hong_kong: Page, shop):
    product, _village = shop
    rate(days_old=30)
    page = hong_kong
    for path in ("/catalogue/", product.get_absolute_url()):
        page.goto(live_server.url + path)
        body = page.locator("main").inner_text()
        assert "Rp\xa025.000" in body and "HK$" not in body
