"""A search with more matches than are counted exactly (search/backends/database/sampling.py)
reads, on a 360 px phone without JavaScript, "Ditemukan sekitar …" and "±" before each facet
count, and the page still fits the screen."""

import os
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from search.services import search_index_rebuild
from tests.browser.test_phone_width import OVERFLOW
from tests.factories import CategoryFactory, ProductFactory, SellerProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_estimated_counts_say_so_on_a_phone(live_server, browser, settings):
    settings.SEARCH_EXACT_COUNT_LIMIT = 20
    settings.SEARCH_SAMPLE_SIZE = 20
    category = CategoryFactory(name="Makanan Olahan")
    seller = SellerProfileFactory(name="Kerupuk Kenanga")
    for n in range(60):
        ProductFactory(
            title=f"Kerupuk Kulit Ikan {n}",
            seller=seller,
            categories__category=category,
            price=Decimal(25_000),
        )
    search_index_rebuild()
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + "/search/?q=kerupuk")
    expect(page.get_by_text("Ditemukan sekitar")).to_be_visible()
    _screenshot(page, "estimated-search-360.png")
    page.locator("#saring summary").click()  # the filter sheet opens without JavaScript
    expect(page.locator(".search-facet .badge").first).to_contain_text("±")
    measured = page.evaluate(OVERFLOW)
    assert measured["scrollWidth"] <= measured["innerWidth"], measured
    _screenshot(page, "estimated-search-filters-360.png")
    context.close()


def _screenshot(page, name: str) -> None:
    """For a person to look at: SCREENSHOT_DIR=… pytest tests/browser/test_estimated_search.py."""
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], name))
