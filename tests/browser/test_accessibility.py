"""axe-core (WCAG 2.2 A and AA) on the buyer's main pages, on a phone-sized screen: no serious
or critical violation.

Violations already reported and not fixed yet are listed in KNOWN, per page; those tests are
xfail(strict=True) for exactly those rules (tests/browser/axe.py), so a new violation still
fails, and fixing a known one makes the test fail until its entry here is removed.
"""

import pytest
from playwright.sync_api import Page, expect

from catalog import services as catalog_services
from demo.images import product_picture
from tests.browser.axe import KnownViolation, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Page -> {rule: where axe finds it}: violations reported but not fixed yet (none now).
# Fixed so far: contrast of Bootstrap's breadcrumb and Oscar's #28a745 greens (stock, prices,
# buttons), the hero link and Oscar's checkout steps (static/css/pasar.css); links in text
# underlined; labels for the basket's quantity and the checkout gateway's password
# (marketplace/templates/oscar/basket/partials/basket_content.html, oscar/checkout/gateway.html).
KNOWN: dict[str, dict[str, str]] = {}


def known(where: str):
    """The xfail mark for a page's known violations (none: no mark)."""
    rules = KNOWN.get(where, {})
    if not rules:
        return lambda test: test
    reason = "; ".join(f"{rule}: {detail}" for rule, detail in rules.items())
    return pytest.mark.xfail(strict=True, raises=KnownViolation, reason=f"axe on {where}: {reason}")


def check(page: Page, where: str) -> None:
    assert_accessible(page, where, known=set(KNOWN.get(where, {})))


@pytest.fixture
def pictured(products):
    """The two checkout products, each with a photo, as producers list them."""
    for product in products:
        catalog_services.product_image_add(
            product=product,
            filename="foto.jpg",
            content=product_picture(product.title, "food", size=400),
            caption=product.title,
        )
    return products


@pytest.fixture
def basket_page(live_server, page: Page, pictured):
    page.goto(live_server.url + pictured[0].get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    return page


@known("home")
def test_home_page(live_server, page: Page, pictured):
    page.goto(live_server.url + "/")
    check(page, "home")


@known("catalogue")
def test_product_list(live_server, page: Page, pictured):
    page.goto(live_server.url + "/catalogue/")
    expect(page.get_by_text(pictured[0].title).first).to_be_visible()
    check(page, "catalogue")


@known("product")
def test_product_page(live_server, page: Page, pictured):
    page.goto(live_server.url + pictured[0].get_absolute_url())
    expect(page.locator("h1")).to_have_text(pictured[0].title)
    check(page, "product")


@known("basket")
def test_basket_with_an_item(live_server, basket_page: Page, pictured):
    basket_page.goto(live_server.url + "/basket/")
    expect(basket_page.get_by_text(pictured[0].title).first).to_be_visible()
    check(basket_page, "basket")


@known("checkout")
def test_first_checkout_page(live_server, basket_page: Page):
    basket_page.goto(live_server.url + "/checkout/")
    expect(basket_page.locator("#id_username")).to_be_visible()
    check(basket_page, "checkout")


@known("village")
def test_village_page(live_server, page: Page, pictured, two_producers):
    page.goto(live_server.url + two_producers[0].village.get_absolute_url())
    expect(page.locator("h1")).to_contain_text(two_producers[0].village.name)
    check(page, "village")


@known("producer")
def test_producer_page(live_server, page: Page, pictured, two_producers):
    page.goto(live_server.url + two_producers[0].get_absolute_url())
    expect(page.locator("h1")).to_contain_text(two_producers[0].name)
    check(page, "producer")


# --- The shop's own pages, the address step and the offline page (issue 14) ----------


def _fits_a_small_phone(page: Page, where: str) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{where} scrolls sideways"
    )


@pytest.fixture
def privacy_page(db):
    from wagtail.models import Locale
    from wagtail.rich_text import RichText

    from cms.models import HomePage, ShopInfoPage
    from demo.cms_shop_pages import PRIVACY

    home = HomePage.objects.get(locale=Locale.get_default())
    page = ShopInfoPage(
        title=PRIVACY["title"],
        slug=PRIVACY["slug"],
        purpose=PRIVACY["purpose"],
        intro=PRIVACY["intro"],
        body=[(kind, RichText(value)) for kind, value in PRIVACY["body"]],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@known("shop-page")
def test_shop_information_page(live_server, page: Page, privacy_page):
    page.goto(live_server.url + privacy_page.url)
    expect(page.locator("h1")).to_have_text(privacy_page.title)
    check(page, "shop-page")
    _fits_a_small_phone(page, "shop-page")


@known("checkout-address")
def test_checkout_address_step(live_server, basket_page: Page, privacy_page):
    basket_page.goto(live_server.url + "/checkout/")
    basket_page.fill("#id_username", "siti@contoh.id")
    basket_page.check("input[value='anonymous']")
    basket_page.locator("form button[type=submit]").filter(has_text="Lanjut").first.click()
    expect(basket_page.locator("#id_postcode")).to_be_visible()
    check(basket_page, "checkout-address")
    _fits_a_small_phone(basket_page, "checkout-address")


@known("offline")
def test_offline_page(live_server, page: Page):
    page.goto(live_server.url + "/offline/")
    expect(page.locator("h1")).to_have_text("Anda sedang offline")
    check(page, "offline")
    _fits_a_small_phone(page, "offline")
