"""Stories show on the pages of the producers, products and villages they link to."""

import pytest
from django.template import Context, Template

from cms.models import StoryPage
from tests.cms.conftest import publish
from tests.factories import ProductFactory, SellerProfileFactory

pytestmark = pytest.mark.django_db


def _render_product_tag(product) -> str:
    return Template("{% load cms_tags %}{% stories_for_product product %}").render(
        Context({"product": product})
    )


def test_product_tag_lists_the_stories_that_link_to_the_product(story, product):
    html = _render_product_tag(product)
    assert story.title in html
    assert story.url in html


def test_product_tag_renders_nothing_for_a_product_without_stories(story, seller):
    other = ProductFactory(seller=seller, title="Sirup Mangga")
    assert _render_product_tag(other).strip() == ""


def test_draft_stories_are_not_shown(story_index, product):
    draft = StoryPage(title="Belum terbit", slug="draf", intro="Draf.", live=False)
    draft.products = [product]
    story_index.add_child(instance=draft)
    draft.save_revision()
    assert "Belum terbit" not in _render_product_tag(product)


def test_producer_page_lists_its_stories_and_the_story_links_back(client, story, seller):
    producer_page = client.get(seller.get_absolute_url()).content.decode()
    assert story.title in producer_page
    story_page = client.get(story.url).content.decode()
    assert seller.name in story_page
    assert seller.get_absolute_url() in story_page


def test_story_page_links_to_the_product(client, story, product):
    content = client.get(story.url).content.decode()
    assert product.get_absolute_url() in content


def test_another_producers_page_does_not_list_the_story(client, story):
    other = SellerProfileFactory()
    assert story.title not in client.get(other.get_absolute_url()).content.decode()


def test_shop_village_page_lists_stories_and_links_to_its_village_page(client, story, seller, home):
    from cms.models import VillageIndexPage, VillagePage

    index = publish(home, VillageIndexPage(title="Profil desa", slug="profil-desa"))
    village_page = publish(
        index, VillagePage(title=str(seller.village), slug="sukamaju", village=seller.village)
    )
    content = client.get(seller.village.get_absolute_url()).content.decode()
    assert story.title in content
    assert village_page.url in content


def test_a_story_names_a_suspended_producer_without_linking_to_the_missing_page(client, story, seller):
    from sellers.services import seller_suspend

    assert seller.get_absolute_url() in client.get(story.url).content.decode()
    seller_suspend(seller=seller, reason="Izin P-IRT kedaluwarsa")

    page = client.get(story.url).content.decode()

    assert client.get(seller.get_absolute_url()).status_code == 404
    assert seller.name in page and seller.get_absolute_url() not in page
