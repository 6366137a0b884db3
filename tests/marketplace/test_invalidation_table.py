"""Each row of the README's table of what a change touches (marketplace/invalidation.py): the
tags whose version a change renews when its transaction commits, and no others."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from oscar.core.loading import get_model
from oscar.test.factories import ConditionalOfferFactory, ProductImageFactory

from core import cache
from tests.cms.conftest import publish
from tests.factories import CategoryFactory, CooperativeFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

Notification = get_model("communication", "Notification")
GLOBAL = ("catalogue", "content", "listing", "prices", "permissions")


@pytest.fixture
def two_products(seller):
    return (
        ProductFactory(seller=seller, title="Kerupuk Kulit Ikan", price=Decimal("25000"), num_in_stock=5),
        ProductFactory(seller=seller, title="Sirup Mangga", price=Decimal("30000"), num_in_stock=5),
    )


def _touched(callbacks_fixture, change, *extra_tags) -> set[str]:
    tags = (*GLOBAL, *extra_tags)
    before = cache.versions(tags)
    with callbacks_fixture(execute=True):
        change()
    after = cache.versions(tags)
    return {tag for tag in tags if after[tag] != before[tag]}


def _products(*products) -> tuple[str, ...]:
    return tuple(f"product:{product.pk}" for product in products)


def test_a_sale_touches_its_product(django_capture_on_commit_callbacks, two_products):
    sold, other = two_products
    touched = _touched(
        django_capture_on_commit_callbacks,
        lambda: sold.stockrecords.get().allocate(1),
        *_products(sold, other),
    )
    assert touched == {f"product:{sold.pk}"}


@pytest.mark.parametrize("change", ["price", "sold out", "back in stock"])
def test_price_and_availability_touch_the_listing_and_prices(
    django_capture_on_commit_callbacks, two_products, change
):
    product, other = two_products
    stockrecord = product.stockrecords.get()
    if change == "back in stock":
        stockrecord.num_in_stock = 0
        stockrecord.save()

    def apply():
        record = product.stockrecords.get()
        if change == "price":
            record.price = Decimal("27500")
        else:
            record.num_in_stock = 0 if change == "sold out" else 8
        record.save()

    touched = _touched(django_capture_on_commit_callbacks, apply, *_products(product, other))
    assert touched == {f"product:{product.pk}", "listing", "prices"}


@pytest.mark.parametrize("part", ["product", "photo", "category"])
def test_a_product_and_its_parts_touch_it_and_the_listing(
    django_capture_on_commit_callbacks, two_products, part
):
    product, other = two_products

    def apply():
        if part == "product":
            product.title = "Kerupuk Kulit Ikan Pedas"
            product.save()
        elif part == "photo":
            ProductImageFactory(product=product)
        else:
            product.categories.add(CategoryFactory(name="Oleh-oleh"))

    touched = _touched(django_capture_on_commit_callbacks, apply, *_products(product, other))
    # A new category also changes the category menu, which every page shows.
    assert touched - {"catalogue"} == {f"product:{product.pk}", "listing"}


def test_a_producer_touches_each_of_their_products_and_the_listing(
    django_capture_on_commit_callbacks, two_products, seller
):
    elsewhere = ProductFactory(title="Kopi Robusta")

    def apply():
        seller.name = "Dapur Ibu Kenanga"
        seller.save()

    touched = _touched(django_capture_on_commit_callbacks, apply, *_products(*two_products, elsewhere))
    assert touched == {*_products(*two_products), "listing"}


@pytest.mark.parametrize("kind", ["category", "village", "cooperative"])
def test_structure_touches_the_catalogue_and_the_listing(django_capture_on_commit_callbacks, seller, kind):
    def apply():
        if kind == "category":
            CategoryFactory(name="Kerajinan Bambu")
        elif kind == "village":
            seller.village.name = "Kenanga Baru"
            seller.village.save()
        else:
            CooperativeFactory(village=seller.village)

    assert _touched(django_capture_on_commit_callbacks, apply) == {"catalogue", "listing"}


def test_an_offer_touches_the_catalogue_and_prices(django_capture_on_commit_callbacks):
    assert _touched(django_capture_on_commit_callbacks, ConditionalOfferFactory) == {"catalogue", "prices"}


def test_a_wagtail_page_touches_the_content(django_capture_on_commit_callbacks):
    from cms.models import HomePage, StoryIndexPage

    home = HomePage.objects.first()
    touched = _touched(
        django_capture_on_commit_callbacks,
        lambda: publish(home, StoryIndexPage(title="Cerita dari desa", slug="cerita", intro="Kisah.")),
    )
    assert touched == {"content"}


def test_a_visitors_notification_and_groups_touch_only_them(django_capture_on_commit_callbacks):
    buyer, someone = UserFactory(username="ani"), UserFactory(username="budi")
    owners = (cache.owner_tag(f"user-{buyer.pk}"), cache.owner_tag(f"user-{someone.pk}"))
    notify = lambda: Notification.objects.create(recipient=buyer, subject="Pesanan dikirim")  # noqa: E731
    assert _touched(django_capture_on_commit_callbacks, notify, *owners) == {owners[0]}
    group = Group.objects.create(name="Pembeli grosir")
    assert _touched(django_capture_on_commit_callbacks, lambda: buyer.groups.add(group), *owners) == {
        owners[0]
    }


def test_a_saved_user_touches_only_them(django_capture_on_commit_callbacks):
    buyer, someone = UserFactory(username="ani"), UserFactory(username="budi")
    owners = (cache.owner_tag(f"user-{buyer.pk}"), cache.owner_tag(f"user-{someone.pk}"))

    def rename():
        buyer.first_name = "Ani"
        buyer.save()

    assert _touched(django_capture_on_commit_callbacks, rename, *owners) == {owners[0]}
    assert _touched(django_capture_on_commit_callbacks, buyer.delete, *owners) == {owners[0]}


def test_a_groups_permissions_touch_everyones(django_capture_on_commit_callbacks):
    group = Group.objects.create(name="Staf pembayaran")
    permission = Permission.objects.first()
    assert _touched(django_capture_on_commit_callbacks, lambda: group.permissions.add(permission)) == {
        "permissions"
    }
