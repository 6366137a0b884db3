"""At 360 px, the narrowest phones the shop's buyers use, no main page scrolls sideways:
the document is no wider than the window. Issue #14 found the portal's menu and the account's
order table wider than the screen.

One walk through the shop: the public pages, a guest's basket and every checkout step, a
buyer's order history and order, and the producer's portal.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.main_pages import PASSWORD, shop_build
from tests.browser.regions import village_choose
from tests.factories import VillageFactory
from tests.factories.shipping import flat_rates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 360
# The width, and the first elements reaching past the window's right edge (what to fix).
OVERFLOW = """() => {
  const classes = (el) => typeof el.className === "string" ? el.className.trim().split(/\\s+/) : [];
  const name = (el) => [el.tagName.toLowerCase() + (el.id ? "#" + el.id : ""), ...classes(el)].join(".");
  const wide = [...document.querySelectorAll("body *")].filter(
    (el) => el.getBoundingClientRect().right > innerWidth + 1 && getComputedStyle(el).position !== "fixed");
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth, widest: wide.slice(0, 5).map(name)};
}"""


def sideways(page: Page, where: str, found: dict) -> None:
    """Note the page when it is wider than the window, with the elements that stick out."""
    measured = page.evaluate(OVERFLOW)
    if measured["scrollWidth"] > measured["innerWidth"]:
        found[where] = measured


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_login-username", email)
    page.fill("#id_login-password", PASSWORD)
    page.locator("button[name=login_submit]").click()
    expect(page.locator("#login_link")).to_have_count(0)


def test_no_main_page_scrolls_sideways_at_360_px(live_server, browser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        shop = shop_build()
    village = VillageFactory(name="Sukamaju", is_desmigratif=False)
    flat_rates(sellers=[shop.seller], village=village)  # a courier reaches the buyer
    base = live_server.url
    found: dict[str, dict] = {}
    context = browser.new_context(viewport={"width": WIDTH, "height": 740}, locale="id-ID")
    page = context.new_page()

    for name, path in shop.public_pages().items():
        page.goto(base + path)
        sideways(page, name, found)

    page.goto(base + shop.product.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    page.goto(base + "/basket/")
    sideways(page, "basket", found)

    page.goto(base + "/checkout/")
    sideways(page, "checkout", found)
    page.fill("#id_username", "siti@contoh.id")
    page.check("input[value='anonymous']")
    page.locator("form button[type=submit]").filter(
        has_text=re.compile("Lanjut|Continue", re.I)
    ).first.click()
    expect(page).to_have_url(re.compile("/checkout/shipping-address/"))
    sideways(page, "checkout address", found)
    page.fill("#id_name", "Siti Aminah")
    page.fill("#id_phone_number", "+6281298765432")
    page.fill("#id_street", "Jl. Melati No. 5")
    village_choose(page, village)
    page.fill("#id_postcode", "45223")
    page.get_by_role("button", name="Lanjut ke pengiriman").click()
    expect(page).to_have_url(re.compile("/checkout/shipping-method/"))
    sideways(page, "checkout delivery", found)
    page.get_by_role("button", name="Lanjut ke cara bayar").click()
    sideways(page, "checkout payment", found)
    page.get_by_label("Transfer bank").check()
    page.get_by_role("button", name="Periksa pesanan").click()
    expect(page.locator("#order-total")).to_be_visible()
    sideways(page, "checkout preview", found)
    page.get_by_role("button", name="Buat pesanan").click()
    expect(page.locator("#bank-transfer-instructions")).to_be_visible()
    sideways(page, "bank transfer", found)
    context.close()

    for user, pages in ((shop.buyer, shop.account_pages()), (shop.seller.user, shop.portal_pages())):
        context = browser.new_context(viewport={"width": WIDTH, "height": 740}, locale="id-ID")
        page = context.new_page()
        log_in(page, base, user.email)
        for name, path in pages.items():
            page.goto(base + path)
            sideways(page, name, found)
        context.close()

    assert not found, f"wider than {WIDTH} px: {found}"
