"""The bank-transfer page's copy buttons: shown and working with JavaScript, under the shop's
real Content Security Policy; without it, no dead buttons and the text is still there. The
order page after a refund, and the refund account form, fit a 360 px screen."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from marketplace.settings import base as base_settings
from order.tokens import order_status_token
from payment.models import OrderPayment
from payment.services import payment_mark_succeeded, payment_refund
from tests.checkout.conftest import checkout_as_guest, fill_basket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def order_page(products, buyer_village) -> tuple[str, OrderPayment]:
    buyer = Client()
    fill_basket(buyer, (products[0], 1))
    checkout_as_guest(buyer, buyer_village)
    payment = OrderPayment.objects.select_related("order").get()
    args = [payment.order.number, order_status_token(payment.order)]
    return reverse("checkout:order-status", args=args), payment


def test_copy_buttons_put_the_bare_digits_on_the_clipboard(live_server, page: Page, order_page, settings):
    settings.CONTENT_SECURITY_POLICY = base_settings.CONTENT_SECURITY_POLICY
    path, payment = order_page
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    page.goto(live_server.url + path)

    buttons = page.locator(".copy-button")
    expect(buttons).to_have_count(2)
    buttons.first.click()
    expect(buttons.first).to_have_text("Tersalin")
    assert page.evaluate("navigator.clipboard.readText()") == str(int(payment.amount_due))
    buttons.nth(1).click()
    account = settings.BANK_TRANSFER_ACCOUNT["number"].replace("-", "")
    assert page.evaluate("navigator.clipboard.readText()") == account
    assert not errors, errors


def test_without_javascript_the_text_stays_and_no_button_shows(live_server, browser, order_page, settings):
    path, payment = order_page
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()

    page.goto(live_server.url + path)

    expect(page.locator("#account-number")).to_have_text(settings.BANK_TRANSFER_ACCOUNT["number"])
    expect(page.locator("#amount-due")).to_have_text(f"Rp\xa0{int(payment.amount_due):,}".replace(",", "."))
    expect(page.locator(".copy-button").first).to_be_hidden()
    expect(page.locator("#id_receipt_image")).to_be_visible()
    context.close()


def test_a_refunded_order_and_its_refund_account_form_work_at_360_px(live_server, page: Page, order_page):
    path, payment = order_page
    payment_mark_succeeded(payment=payment, reference="M-1")
    payment_refund(payment=payment, amount=payment.amount_due // 2, reason="Satu barang rusak")
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(live_server.url + path)
    expect(page.locator("#refunded-amount")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.locator("#refund-account-wanted a").click()
    page.fill("#id_bank_name", "BRI")
    page.fill("#id_account_number", "0123-45-678901-50-1")
    page.fill("#id_holder_name", "Siti Aminah")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Simpan rekening").click()
    expect(page.locator("#refund-account")).to_contain_text("••••")
