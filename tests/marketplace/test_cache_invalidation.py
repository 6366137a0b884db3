"""Cached fragments and search results never outlive a change to what they show.

Each test first renders a page (filling the cache), changes the data through the models as
the portal, checkout and Wagtail do, lets the transaction commit (the new generation starts
on commit: core.cache), and renders the page again.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from cms.models import HomePage, StoryIndexPage, StoryPage
from core import cache
from tests.cms.conftest import publish
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    return HomePage.objects.first()


@pytest.fixture
def story_index(home):
    return publish(home, StoryIndexPage(title="Cerita dari desa", slug="cerita", intro="Kisah dari desa."))


@pytest.fixture
def listed(seller):
    category = CategoryFactory(name="Makanan Ringan")
    product = ProductFactory(
        seller=seller, title="Keripik Tempe Sagu", price=Decimal("18000"), num_in_stock=4
    )
    product.categories.set([category])
    return product


TAGS = ("catalogue", "content", "listing", "prices")


def test_a_change_starts_a_new_version_only_after_commit(django_capture_on_commit_callbacks, listed):
    tags = (*TAGS, f"product:{listed.pk}")
    before = cache.versions(tags)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        stockrecord = listed.stockrecords.get()
        stockrecord.price = Decimal("19000")
        stockrecord.save()
    assert cache.versions(tags) == before  # not yet committed
    for callback in callbacks:
        callback()
    after = cache.versions(tags)
    changed = {tag for tag in tags if after[tag] != before[tag]}
    assert changed == {f"product:{listed.pk}", "listing", "prices"}


def test_a_sale_touches_its_product_only(django_capture_on_commit_callbacks, listed):
    other = ProductFactory(seller=listed.stockrecords.get().partner.seller_profile, title="Sirup Mangga")
    tags = (*TAGS, f"product:{listed.pk}", f"product:{other.pk}")
    before = cache.versions(tags)
    with django_capture_on_commit_callbacks(execute=True):
        listed.stockrecords.get().allocate(1)  # what placing an order does to each line's stock
    after = cache.versions(tags)
    assert {tag for tag in tags if after[tag] != before[tag]} == {f"product:{listed.pk}"}
    with django_capture_on_commit_callbacks(execute=True):
        listed.stockrecords.get().allocate(3)  # the last three: sold out, it leaves the in-stock listings
    assert cache.versions(["listing"])["listing"] != after["listing"]


def test_new_price_shows_in_listings_and_search(client, listed, django_capture_on_commit_callbacks):
    for url in (reverse("catalogue:index"), reverse("search:search") + "?q=keripik"):
        assert "Rp\xa018.000" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        stockrecord = listed.stockrecords.get()
        stockrecord.price = Decimal("21000")
        stockrecord.save()
    for url in (reverse("catalogue:index"), reverse("search:search") + "?q=keripik"):
        page = client.get(url).content.decode()
        assert "Rp\xa021.000" in page and "Rp\xa018.000" not in page


def test_sold_out_product_leaves_the_in_stock_filter(client, listed, django_capture_on_commit_callbacks):
    in_stock = reverse("catalogue:index") + "?in_stock=1"
    assert "Keripik Tempe Sagu" in client.get(in_stock).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        stockrecord = listed.stockrecords.get()
        stockrecord.num_in_stock = 0
        stockrecord.save()
    assert "Keripik Tempe Sagu" not in client.get(in_stock).content.decode()


def test_renamed_category_shows_in_the_menu(client, listed, django_capture_on_commit_callbacks):
    category = listed.categories.get()
    assert "Makanan Ringan" in client.get(reverse("catalogue:index")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        category.name = "Camilan Desa"
        category.save()
    page = client.get(reverse("catalogue:index")).content.decode()
    assert "Camilan Desa" in page and "Makanan Ringan" not in page


def test_published_story_shows_on_the_product_page_and_unpublished_leaves_it(
    client,
    listed,
    seller,
    story_index,
    django_capture_on_commit_callbacks,
):
    url = listed.get_absolute_url()
    assert "Dari dapur ke Jakarta" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        story = StoryPage(title="Dari dapur ke Jakarta", slug="dapur", intro="Keripik sampai kota.")
        story.products = [listed]
        story.producers = [seller]
        story = publish(story_index, story)
    assert "Dari dapur ke Jakarta" in client.get(url).content.decode()
    assert "Dari dapur ke Jakarta" in client.get(seller.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert "Dari dapur ke Jakarta" not in client.get(url).content.decode()


def test_home_page_follows_new_producers_and_hero_edits(
    client,
    seller,
    home,
    django_capture_on_commit_callbacks,
):
    assert seller.name in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        seller.name = "Dapur Ibu Kenanga"
        seller.save()
        home.hero_title = "Belanja langsung dari desa"
        home.save_revision().publish()
    page = client.get("/").content.decode()
    assert "Dapur Ibu Kenanga" in page and "Belanja langsung dari desa" in page


def test_product_cards_keep_each_visitors_own_csrf_token(listed):
    """Cards carry add-to-basket forms: they must be rendered per visitor, never cached."""
    from django.test import Client

    tokens = set()
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get("/").content.decode()
        marker = 'name="csrfmiddlewaretoken" value="'
        assert marker in page
        tokens.add(page.split(marker, 1)[1].split('"', 1)[0])
        token = page.split(marker, 1)[1].split('"', 1)[0]
        response = visitor.post(
            reverse("basket:add", kwargs={"pk": listed.pk}), {"quantity": 1, "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
    assert len(tokens) == 2
