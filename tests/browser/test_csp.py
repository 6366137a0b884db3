"""The Content Security Policy holds in a real browser: the shop's pages load and work in
Chromium without a single violation (console errors or securitypolicyviolation events)."""

import re

import pytest
from playwright.sync_api import Page, expect

from marketplace.settings import base as base_settings
from search import queries
from tests.factories import ProductFactory, SellerProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched(page: Page, settings):
    """The page under the shop's real policy, with every console error and violation collected."""
    # Test settings add 'unsafe-eval' for Playwright's string predicates; not here.
    settings.CONTENT_SECURITY_POLICY = base_settings.CONTENT_SECURITY_POLICY
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(LISTEN)

    def check(where: str) -> None:
        violations = page.evaluate("window.__cspViolations || []")
        assert not violations, f"{where}: {violations}"
        csp_errors = [text for text in errors if "Content Security Policy" in text or "Refused to" in text]
        assert not csp_errors, f"{where}: {csp_errors}"
        assert not errors, f"{where}: console errors {errors}"

    page.check_csp = check
    return page


def test_shop_pages_pass_the_policy(live_server, watched: Page):
    seller = SellerProfileFactory(name="Dapur Bu Warsini")
    product = ProductFactory(seller=seller, title="Kerupuk Kulit Ikan", price=25000)
    base = live_server.url
    page = watched

    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.check_csp("home")

    page.goto(base + product.get_absolute_url())
    # Oscar's inline start-up script needs the nonce (a refusal would be a violation).
    assert page.evaluate("typeof window.oscar") == "object"
    page.locator("#add_to_basket_form button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    page.check_csp("product page")

    page.locator(".header-basket").click()
    expect(page).to_have_url(re.compile("/basket/$"))
    expect(page.get_by_text(product.title).first).to_be_visible()
    page.check_csp("basket")

    page.goto(base + "/checkout/")
    page.fill("#id_username", "siti@contoh.id")
    page.check("input[value='anonymous']")
    page.locator("form button[type=submit]").filter(
        has_text=re.compile("Lanjut|Continue", re.I)
    ).first.click()
    expect(page).to_have_url(re.compile("/checkout/shipping-address/"))
    # regions.js fills the next select in place.
    page.select_option("#id_province", index=1)
    page.check_csp("checkout address")


def test_seller_portal_passes_the_policy(live_server, watched: Page):
    seller = SellerProfileFactory(name="Bordir Waled")
    page = watched
    page.goto(live_server.url + "/penjual/daftar/")
    page.check_csp("seller sign-up")

    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login-username", seller.user.email)
    page.fill("#id_login-password", "rahasia-uji-123")
    page.locator("button[name=login_submit]").click()
    page.goto(live_server.url + "/penjual/produk/")
    expect(page.locator("h1")).to_be_visible()
    page.check_csp("seller portal")


def test_sort_select_submits_without_an_inline_handler(live_server, watched: Page, products):
    """The listing's sort order changes from static/js/search.js, not an onchange attribute."""
    page = watched
    page.goto(live_server.url + "/catalogue/")
    select = page.locator("select[name=sort_by]")
    expect(select).to_be_visible()
    assert select.get_attribute("onchange") is None
    page.check_csp("product list")

    select.select_option(queries.SORT_PRICE_ASC)
    expect(page).to_have_url(re.compile(r"/catalogue/\?(.*&)?sort_by=price-asc"))
    expect(page.locator("select[name=sort_by]")).to_have_value(queries.SORT_PRICE_ASC)
    expect(page.locator(".product_pod h3").first).to_contain_text(products[0].title)
    page.check_csp("sorted product list")


def test_a_page_from_the_cache_arrives_whole_and_works(live_server, watched: Page):
    """The cached listing is sent as gzip assembled around each visitor's token and nonce
    (marketplace.packed_pages): Chromium must decode it whole, run its scripts under the
    nonce, and accept a form with the token (the header's language switch)."""
    seller = SellerProfileFactory(name="Dapur Bu Warsini")
    for number in range(14):
        ProductFactory(seller=seller, title=f"Kerupuk Kulit Ikan {number}", price=25000 + number * 1000)
    url = live_server.url + "/catalogue/"
    page = watched
    assert page.goto(url).headers.get("x-page-cache") == "miss"
    page.context.clear_cookies()
    response = page.goto(url)
    assert response.headers.get("x-page-cache") == "hit"
    assert response.headers.get("content-encoding") == "gzip"
    expect(page.locator("article.product_pod")).to_have_count(14)
    assert page.evaluate("typeof window.oscar") == "object"
    page.check_csp("listing from the cache")
    page.locator(".language-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.check_csp("switched language from the cached listing")
