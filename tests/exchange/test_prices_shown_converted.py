"""Every price a buyer abroad reads carries their currency beside the rupiah, with the rate's
date: cards (listing, home, search), product page, basket, each checkout step, the order's
page and e-mail. Cached pages and cards are kept apart per conversion, so an Indonesian
visitor never gets a page built for Hong Kong, nor the other way round."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from exchange.models import ExchangeRate
from tests.checkout.conftest import checkout_to_preview, fill_basket

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
# Rp 25.000 at Rp 2.000 the Hong Kong dollar.
CARD_HKD = "HK$12,50"
HK_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "zh-HK,en;q=0.8"}
ID_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "id-ID,id;q=0.9"}


@pytest.fixture
def hkd_rate(db):
    return ExchangeRate.objects.create(currency="HKD", rate=Decimal("2000"), date=timezone.localdate())


def rate_date_text(rate) -> str:
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
    return f"{rate.date.day} {months[rate.date.month - 1]}"


def hong_kong_client() -> Client:
    """A buyer who chose Hong Kong (session and cookie)."""
    client = Client()
    client.post(reverse("exchange:country-of-work"), {"country": "HK"})
    return client


def test_a_product_card_shows_the_converted_price_with_the_rate_date(product, hkd_rate):
    page = Client().get(reverse("catalogue:index"), **HK_BROWSER).content.decode()
    assert "Rp\xa025.000" in page
    assert f"≈ {CARD_HKD} (kurs {rate_date_text(hkd_rate)})" in page


@pytest.mark.parametrize("where", ["home", "search", "product"])
def test_the_home_page_search_and_product_page_show_it_too(product, hkd_rate, where):
    url = {
        "home": "/",
        "search": reverse("search:search") + "?q=kerupuk",
        "product": product.get_absolute_url(),
    }[where]
    response = Client().get(url, **HK_BROWSER)
    assert "Kerupuk Kulit Ikan Original" in response.content.decode()
    assert CARD_HKD in response.content.decode()


def test_an_indonesian_visitor_sees_rupiah_only(product, hkd_rate):
    page = Client().get(reverse("catalogue:index"), **ID_BROWSER).content.decode()
    assert "Rp\xa025.000" in page
    assert "HK$" not in page and "≈" not in page


def test_a_stale_rate_hides_the_converted_price(product, settings):
    ExchangeRate.objects.create(
        currency="HKD",
        rate=Decimal("2000"),
        date=timezone.localdate() - datetime.timedelta(days=settings.EXCHANGE_RATE_MAX_AGE_DAYS + 1),
    )
    for url in (reverse("catalogue:index"), product.get_absolute_url()):
        page = Client().get(url, **HK_BROWSER).content.decode()
        assert "Rp\xa025.000" in page
        assert "HK$" not in page


@pytest.mark.parametrize("first", ["indonesia", "hong_kong"])
@pytest.mark.parametrize("url_name", ["catalogue", "product", "search"])
def test_cached_pages_are_kept_apart_per_currency(product, hkd_rate, url_name, first):
    """With the page cache and the card cache on: whoever comes first, the other gets their own."""
    url = {
        "catalogue": reverse("catalogue:index"),
        "product": product.get_absolute_url(),
        "search": reverse("search:search") + "?q=kerupuk",
    }[url_name]
    visitors = {"indonesia": ID_BROWSER, "hong_kong": HK_BROWSER}
    order = [first, *(name for name in visitors if name != first)]
    for name in order:  # each builds their own page: the other's is not theirs
        assert Client().get(url, **visitors[name])["X-Page-Cache"] == "miss"
    again = {name: Client().get(url, **visitors[name]) for name in order}
    assert {name: page["X-Page-Cache"] for name, page in again.items()} == dict.fromkeys(order, "hit")
    assert "HK$" not in again["indonesia"].content.decode()
    assert CARD_HKD in again["hong_kong"].content.decode()


def test_cards_are_kept_apart_per_currency_for_visitors_with_a_session(product, hkd_rate):
    """Logged-in or with a basket, pages are not shared, but cards are: Hong Kong first."""
    hong_kong, indonesian = hong_kong_client(), Client()
    fill_basket(indonesian, (product, 1))  # a session: no whole-page cache, cards still cached
    assert CARD_HKD in hong_kong.get(reverse("catalogue:index")).content.decode()
    page = indonesian.get(reverse("catalogue:index"), **ID_BROWSER).content.decode()
    assert "Kerupuk Kulit Ikan Original" in page and "HK$" not in page


def test_a_new_rate_shows_at_once_on_cached_cards(product, hkd_rate):
    client = hong_kong_client()
    assert CARD_HKD in client.get(reverse("catalogue:index")).content.decode()
    ExchangeRate.objects.create(
        currency="HKD", rate=Decimal("2500"), date=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert "HK$10,00" in client.get(reverse("catalogue:index")).content.decode()


def test_the_header_basket_and_basket_page_convert(product, hkd_rate):
    client = hong_kong_client()
    fill_basket(client, (product, 2))
    page = client.get(reverse("basket:summary")).content.decode()
    total = re.search(r'id="basket-total">(.*?)</th>', page, re.S).group(1)
    assert "Rp\xa050.000" in total and "HK$25,00" in total
    assert "HK$25,00" in page.split('class="header-basket__total"')[1][:300]


def test_every_checkout_step_and_the_order_convert(
    products, buyer_village, hkd_rate, django_capture_on_commit_callbacks
):
    client = hong_kong_client()
    fill_basket(client, (products[0], 1))
    checkout_to_preview(client, buyer_village)
    shipping = client.get(reverse("checkout:shipping-method")).content.decode()
    assert "HK$" in shipping.split('class="shipping-service"')[1][:400]  # the courier's charge
    preview = client.get(reverse("checkout:preview")).content.decode()
    total = re.search(r'id="order-total">(.*?)</strong>', preview, re.S).group(1)
    assert "Rp" in total and "HK$" in total
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post(reverse("checkout:preview"))
    order = Order.objects.get()
    assert order.country_of_work == "HK"
    status = client.get(placed["Location"]).content.decode()
    assert status.count("HK$") >= 3  # the line, the delivery, the total
    (confirmation,) = mail.outbox
    assert "HK$" in confirmation.body
    assert "HK$" in confirmation.alternatives[0][0]


def test_an_indonesian_order_and_its_email_show_rupiah_only(
    products, buyer_village, hkd_rate, django_capture_on_commit_callbacks
):
    client = Client(**ID_BROWSER)
    fill_basket(client, (products[0], 1))
    checkout_to_preview(client, buyer_village)
    assert "HK$" not in client.get(reverse("checkout:preview")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("checkout:preview"))
    assert Order.objects.get().country_of_work == "ID"
    assert "HK$" not in mail.outbox[0].body
