"""The service worker in Chromium: once a shop page has been opened, a page that cannot be
fetched shows the shop's offline page, and nothing of a visitor's own (the basket) is ever
kept in its cache."""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CACHED_URLS = """async () => {
  const paths = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const url = new URL(request.url);
      paths.push(url.pathname + url.search);
    }
  }
  return paths;
}"""


def _controlled(page: Page) -> None:
    """Wait until the worker is installed and controls the page (it claims open pages)."""
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=15000
    )


def test_a_page_that_cannot_load_shows_the_offline_page(
    live_server, page: Page, context: BrowserContext, product
):
    page.goto(live_server.url + "/")
    _controlled(page)
    cached = page.evaluate(CACHED_URLS)
    assert "/offline/?lang=id" in cached and "/static/css/pasar.css" in cached

    context.set_offline(True)
    try:
        page.goto(live_server.url + product.get_absolute_url())
        expect(page.locator("h1")).to_have_text("Anda sedang offline")
        assert page.url == live_server.url + product.get_absolute_url()  # "Coba lagi" reloads it
        # In the shop's look: its stylesheets come from the worker's cache.
        assert page.evaluate("getComputedStyle(document.querySelector('.site-brand')).backgroundColor") == (
            "rgb(11, 110, 79)"
        )
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(page, "offline page")
    finally:
        context.set_offline(False)
    page.goto(live_server.url + product.get_absolute_url())
    expect(page.locator("h1")).to_have_text(product.title)


def test_the_basket_is_never_served_from_the_workers_cache(
    live_server, page: Page, context: BrowserContext, product
):
    page.goto(live_server.url + product.get_absolute_url())
    _controlled(page)
    page.locator("#add_to_basket_form button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    page.goto(live_server.url + "/basket/")
    expect(page.get_by_text(product.title).first).to_be_visible()
    page.goto(live_server.url + "/checkout/")

    cached = page.evaluate(CACHED_URLS)
    assert cached, "the worker keeps static files"
    stored_pages = [path for path in cached if not path.startswith(("/static/", "/offline/"))]
    assert stored_pages == []

    context.set_offline(True)
    try:
        page.goto(live_server.url + "/basket/")
        expect(page.locator("h1")).to_have_text("Anda sedang offline")
        expect(page.get_by_text(product.title)).to_have_count(0)
    finally:
        context.set_offline(False)


def test_the_offline_page_follows_the_shops_language(
    live_server, page: Page, context: BrowserContext, product
):
    page.goto(live_server.url + "/")
    _controlled(page)
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    context.set_offline(True)
    try:
        page.goto(live_server.url + product.get_absolute_url())
        expect(page.locator("h1")).to_have_text("You are offline")
        expect(page.locator("html")).to_have_attribute("lang", "en")
    finally:
        context.set_offline(False)
