"""SQL queries per page stay within budget, and do not grow with the catalogue or the orders.

Each page is fetched once to warm what a running shop has warm (thumbnails, the site, content
types), then counted on the second request: first with 100 products and orders, then again
after growing to 10,000 of each. The product page must not write on a GET either (its view
count goes to the cache and is flushed by a background task).
"""

import io
import itertools
import re
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from cms.models import HomeFeaturedProduct, HomePage
from search import services as search_services
from tests.checkout.conftest import address_data, fill_basket
from tests.factories import CategoryFactory, ProductClassFactory, SellerProfileFactory, UserFactory
from tests.factories.bulk import orders_bulk_copy, products_bulk_create
from tests.factories.orders import order_with_lines
from tests.factories.shipping import courier_rate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

BUDGETS = {
    "home": 8,
    "catalogue": 10,
    "category": 10,
    "village": 10,
    "producer": 10,
    "search": 10,
    "product": 10,
    "basket": 12,
    "checkout: address": 14,
    "checkout: shipping": 14,
    "checkout: payment": 14,
    "checkout: preview": 16,
    "portal: orders": 12,
    "impact dashboard": 16,
}
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# The test wraps each request in a savepoint (ATOMIC_REQUESTS inside the test's transaction);
# in production that is BEGIN/COMMIT, which Django does not log as queries either.
TRANSACTION_CONTROL = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b")


@dataclass
class Shop:
    sellers: list
    category: object
    product_class: object
    image_path: str
    products: list = field(default_factory=list)
    order: object = None
    seller_orders: list = field(default_factory=list)
    order_count: int = 0

    def grow_to(self, count: int) -> None:
        more = products_bulk_create(
            count=count - len(self.products),
            sellers=self.sellers,
            category=self.category,
            product_class=self.product_class,
            image_path=self.image_path,
        )
        search_services.products_index(product_ids=[p.pk for p in more])
        self.products += more
        orders_bulk_copy(order=self.order, seller_orders=self.seller_orders, count=count - self.order_count)
        self.order_count = count


def _jpeg_path() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 120, 40)).save(buffer, "JPEG")
    return default_storage.save("images/products/bulk.jpg", ContentFile(buffer.getvalue()))


@pytest.fixture
def shop(db):
    sellers = [SellerProfileFactory() for _ in range(5)]
    shop = Shop(
        sellers=sellers,
        category=CategoryFactory(name="Makanan Olahan"),
        product_class=ProductClassFactory(name="Makanan", is_food=True),
        image_path=_jpeg_path(),
    )
    shop.products = products_bulk_create(
        count=100,
        sellers=sellers,
        category=shop.category,
        product_class=shop.product_class,
        image_path=shop.image_path,
    )
    search_services.products_index(product_ids=[p.pk for p in shop.products])
    home = HomePage.objects.first()
    for product in shop.products[:8]:
        HomeFeaturedProduct.objects.create(page=home, product=product)
    shop.order, shop.seller_orders = order_with_lines((shop.products[0], 1), (shop.products[1], 2))
    orders_bulk_copy(order=shop.order, seller_orders=shop.seller_orders, count=99)
    shop.order_count = 100
    return shop


_fresh = itertools.count()


def _count(client, url: str, *, then: str = "") -> tuple[int, list[str]]:
    client.get(url)  # warm
    # Anonymous visitors get whole pages from the cache (marketplace.cache.anonymous_page);
    # a new query string makes the page itself be built, with the fragments still warm.
    then = then or url
    then += ("&" if "?" in then else "?") + f"hitung={next(_fresh)}"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(then)
    assert response.get("X-Page-Cache") != "hit"
    assert response.status_code == 200, (url, response.status_code)
    statements = [q["sql"] for q in queries.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])]
    return len(statements), statements


def _measure(shop: Shop, client_factory, *, new_search: str) -> dict[str, tuple[int, list[str]]]:
    seller = shop.sellers[0]
    product = shop.products[3]
    figures = {}
    anonymous = client_factory()
    figures["home"] = _count(anonymous, "/")
    figures["catalogue"] = _count(anonymous, reverse("catalogue:index"))
    figures["category"] = _count(anonymous, shop.category.get_absolute_url())
    figures["village"] = _count(anonymous, seller.village.get_absolute_url())
    figures["producer"] = _count(anonymous, seller.get_absolute_url())
    # Searches vary: counted on a query the shop has not answered before (cards warm).
    search = reverse("search:search")
    figures["search"] = _count(anonymous, search + "?q=keripik+pedas", then=search + "?q=" + new_search)
    figures["product"] = _count(anonymous, product.get_absolute_url())

    buyer = client_factory()
    fill_basket(buyer, (shop.products[0], 1), (shop.products[1], 1))
    figures["basket"] = _count(buyer, reverse("basket:summary"))
    buyer.post(reverse("checkout:index"), {"username": "siti@contoh.id", "options": "anonymous"})
    figures["checkout: address"] = _count(buyer, reverse("checkout:shipping-address"))
    buyer.post(reverse("checkout:shipping-address"), address_data(seller.village))
    figures["checkout: shipping"] = _count(buyer, reverse("checkout:shipping-method"))
    choices = buyer.get(reverse("checkout:shipping-method")).context["form"].initial
    buyer.post(reverse("checkout:shipping-method"), choices)
    figures["checkout: payment"] = _count(buyer, reverse("checkout:payment-method"))
    buyer.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    figures["checkout: preview"] = _count(buyer, reverse("checkout:preview"))

    producer = client_factory()
    producer.force_login(seller.user)
    figures["portal: orders"] = _count(producer, reverse("sellers:portal-orders"))

    staff = client_factory()
    staff.force_login(UserFactory(username="staf-dampak", is_staff=True, is_superuser=True))
    figures["impact dashboard"] = _count(staff, reverse("impact:dashboard"))
    return figures


def _report(figures) -> str:
    return "\n".join(
        f"  {page:<20} {count:>3} (budget {BUDGETS[page]})" for page, (count, _) in figures.items()
    )


def test_pages_stay_within_their_query_budgets_at_100_and_10000_rows(shop):
    # The buyer lives in the first producer's desa (_measure): every producer reaches it by a
    # kabupaten row and its province's fallback, which the provider reads in one query.
    destination = shop.sellers[0].village.district.regency
    for seller in shop.sellers:
        origin = seller.village.district.regency
        courier_rate(origin=origin, province=destination.province, regency=destination, first_kg=9000)
        courier_rate(origin=origin, province=destination.province, first_kg=15000)
    # Page 2 of a new query: neither its results nor its product cards are cached yet.
    small = _measure(shop, Client, new_search="singkong+pedas&page=2")
    shop.grow_to(10_000)
    large = _measure(shop, Client, new_search="keripik+singkong&page=2")
    print("100 products/orders:\n" + _report(small) + "\n10,000 products/orders:\n" + _report(large))

    over = [
        f"{page} at {size}: {count} > {BUDGETS[page]}\n    " + "\n    ".join(sql[:200] for sql in queries)
        for size, figures in (("100", small), ("10,000", large))
        for page, (count, queries) in figures.items()
        if count > BUDGETS[page]
    ]
    assert not over, "\n".join(over)
    grown = [
        f"{page}: {small[page][0]} → {large[page][0]}" for page in BUDGETS if large[page][0] > small[page][0]
    ]
    assert not grown, "queries grew with the data: " + ", ".join(grown)


def test_product_page_does_not_write_on_get(client, shop):
    url = shop.products[5].get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"])]
    assert not writes, writes
