"""The shop's own pages (how to buy, terms, privacy, contact) are Wagtail pages, linked from
every footer and the checkout wherever editors put them; selling and training are one tap
away from the shop and the portal."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.rich_text import RichText

from cms.models import CourseIndexPage, ShopInfoPage
from tests.checkout.conftest import address_data, fill_basket
from tests.cms.conftest import publish

pytestmark = pytest.mark.django_db


def _shop_page(home, purpose, title, slug):
    return publish(
        home,
        ShopInfoPage(
            title=title,
            slug=slug,
            purpose=purpose,
            intro=f"Ringkasan {title}.",
            body=[("paragraph", RichText(f"<h2>Bagian</h2><p>Isi {title}.</p>"))],
        ),
    )


@pytest.fixture
def shop_pages(home):
    return {
        "how-to-buy": _shop_page(home, "how-to-buy", "Cara belanja", "cara-belanja"),
        "terms": _shop_page(home, "terms", "Syarat dan ketentuan", "syarat"),
        "privacy": _shop_page(home, "privacy", "Kebijakan privasi", "privasi"),
        "contact": _shop_page(home, "contact", "Kontak", "kontak"),
    }


def test_a_shop_page_shows_its_intro_body_and_date(client, shop_pages):
    page = client.get(shop_pages["privacy"].url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "<h1" in content and "Kebijakan privasi" in content
    assert "Ringkasan Kebijakan privasi." in content and "Isi Kebijakan privasi." in content
    assert "Terakhir diperbarui" in content


def test_every_footer_links_the_shop_pages_and_selling_here(client, shop_pages, product):
    for url in ("/", reverse("catalogue:index"), product.get_absolute_url(), reverse("basket:summary")):
        content = client.get(url).content.decode()
        for page in shop_pages.values():
            assert f'<a href="{page.url}">{page.title}</a>' in content, (url, page.title)
        assert f'href="{reverse("sellers:apply")}"' in content and "Jual di Pasar Desmigratif" in content


def test_the_footer_follows_a_page_renamed_by_an_editor(
    client, shop_pages, django_capture_on_commit_callbacks
):
    assert "Kontak" in client.get("/").content.decode()
    page = shop_pages["contact"]
    page.title = "Hubungi kami"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert f'<a href="{page.url}">Hubungi kami</a>' in client.get("/").content.decode()


def test_without_shop_pages_the_footer_still_offers_selling(client):
    content = client.get("/").content.decode()
    assert "Jual di Pasar Desmigratif" in content


def test_one_page_per_purpose_and_language(home, shop_pages):
    second = ShopInfoPage(title="Syarat baru", slug="syarat-baru", purpose="terms", intro="Lagi.")
    with pytest.raises(ValidationError) as refused:
        home.add_child(instance=second)
    assert "purpose" in refused.value.message_dict


def test_the_checkout_preview_links_the_terms_and_privacy(client, shop_pages, products, buyer_village):
    fill_basket(client, (products[0], 1))
    client.post(reverse("checkout:index"), {"username": "tamu@contoh.id", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), address_data(buyer_village))
    page = client.get(reverse("checkout:shipping-method"))
    client.post(
        reverse("checkout:shipping-method"), {field.name: "delivery" for field in page.context["form"]}
    )
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    content = client.get(reverse("checkout:preview")).content.decode()
    assert f'<a href="{shop_pages["terms"].url}">syarat dan ketentuan</a>' in content
    assert f'href="{shop_pages["privacy"].url}"' in content
    assert 'aria-describedby="order-terms"' in content


def test_the_home_page_invites_producers_to_sell(client):
    content = client.get("/").content.decode()
    assert "Daftar sebagai produsen" in content and f'href="{reverse("sellers:apply")}"' in content


def test_the_portal_links_the_training(client, home, seller):
    index = publish(home, CourseIndexPage(title="Pelatihan produsen", slug="pelatihan"))
    client.force_login(seller.user)
    content = client.get(reverse("sellers:portal")).content.decode()
    assert f'href="{index.url}">Pelatihan produsen</a>' in content
    assert "Belajar berjualan" in content
