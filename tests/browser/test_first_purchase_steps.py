import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_buyer_goes_from_home_to_basket_and_sees_the_total_in_rupiah(live_server, page: Page, seller):
    product = ProductFactory(seller=seller, title="Kerupuk Kulit Ikan Original 250 g", price=25000)
    ProductFactory(seller=seller, title="Sirup Mangga Gedong Gincu", price=35000)

    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_role("link", name=product.title).first.click()
    expect(page).to_have_url(re.compile(re.escape(product.get_absolute_url())))
    expect(page.locator("h1")).to_have_text(product.title)

    page.get_by_role("button", name="Masukkan ke keranjang").click()
    page.goto(live_server.url + "/basket/")
    expect(page.get_by_text(product.title).first).to_be_visible()
    expect(page.locator("#basket_totals")).to_contain_text("Rp\xa025.000")
