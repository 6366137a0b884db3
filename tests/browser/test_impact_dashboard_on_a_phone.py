"""The impact dashboard reads on a 360 px phone: the chart's text is shown at a readable
size, the page does not scroll sideways, and the wide table scrolls inside its own box with
every column reachable; the pillars' headings, the five columns from abroad and the
definitions fit too."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.factories import ProductFactory, SellerProfileFactory, UserFactory
from tests.impact.conftest import make_sale

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-uji-123"


def test_the_impact_dashboard_fits_a_phone(live_server, page: Page):
    for n in range(6):  # rows enough for a chart and a table taller than the screen
        seller = SellerProfileFactory()
        make_sale(
            seller, ProductFactory(seller=seller, price=25000), quantity=n + 1, unit_price=Decimal(25000)
        )
    UserFactory(username="staf", email="staf@contoh.id", password=PASSWORD, is_staff=True, is_superuser=True)

    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(live_server.url + "/cms/login/")
    page.fill("input[name=username]", "staf")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/cms/$"))
    page.goto(live_server.url + "/cms/dampak/")

    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    # The SVG's text as drawn on screen, not its font-size attribute: a chart drawn wide and
    # scaled down to the phone showed its labels at 5 px.
    smallest_text = page.evaluate(
        "Math.min(...[...document.querySelectorAll('.impact-chart text')]"
        ".map(t => t.getBoundingClientRect().height))"
    )
    assert smallest_text >= 12, smallest_text
    table_box = page.locator(".impact-table-scroll")
    widths = table_box.evaluate("e => [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right]")
    scroll_width, client_width, right = widths
    assert scroll_width > client_width  # it scrolls inside itself …
    assert right <= 360  # … within the screen
    # The last column can be scrolled into view inside the box.
    table_box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    last_header = page.locator(".impact-table thead th").last
    assert last_header.evaluate("th => th.getBoundingClientRect().right") <= 360 + 1
    # The pillars' headings span their figures and scroll with them.
    pillars = page.locator(".impact-table thead .impact-pillars th")
    assert pillars.count() >= 2
    assert pillars.last.evaluate("th => th.getBoundingClientRect().right") <= 360 + 1
    # Orders from abroad: five columns that fit the phone without scrolling.
    abroad = page.locator(".impact-abroad-scroll")
    abroad.scroll_into_view_if_needed()
    assert abroad.evaluate("e => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= 360")
    # What each figure means: text that wraps within the screen.
    definitions = page.locator(".impact-definitions")
    definitions.scroll_into_view_if_needed()
    assert definitions.evaluate(
        "e => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= 360"
    )
    # Both downloads are within reach.
    for name in ("Unduh XLSX", "Unduh CSV"):
        link = page.get_by_role("link", name=name)
        assert link.evaluate("a => a.getBoundingClientRect().right") <= 360
