"""The storefront a buyer of Indonesian marketplaces finds natural (issue #14), as the pages
are served: a header whose search, account, language and basket need no script; product
cards with the full name, where the product is made and what has sold; filters that land on
the results; a product page with a quantity and none of Oscar's internals."""

import re

import pytest
from django.urls import reverse

from tests.factories import ProductFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db

LONG_TITLE = "Kerupuk Kulit Ikan Tenggiri Original Renyah Gurih Khas Indramayu 250 g"


def test_header_works_without_a_script_and_draws_the_basket(client, product):
    html = client.get(reverse("catalogue:index")).content.decode()
    header = html[html.index('<header class="site-header"') : html.index("</header>")]
    assert 'data-toggle="collapse"' not in html  # no menu that only Bootstrap's script opens
    assert 'type="search" name="q"' in header  # the search box itself, not behind a menu
    assert f'href="{reverse("customer:login")}"' in header
    assert 'name="language" value="en"' in header  # the other language, one tap
    basket = header[header.index('class="site-tool header-basket"') :]
    assert basket.index("<svg") < basket.index("</a>")
    assert "\U0001f6d2" not in html  # the cart emoji some phones draw as an empty box
    assert "oscar/css/styles.css" not in html and "bootstrap" not in html


def test_cards_show_the_whole_name_where_it_is_made_and_units_sold(client, seller):
    product = ProductFactory(seller=seller, title=LONG_TITLE, price=25000)
    order_with_lines((product, 3))
    html = client.get(reverse("catalogue:index")).content.decode()
    card = html[html.index('<article class="product_pod">') : html.index("</article>")]
    assert f">{LONG_TITLE}</a></h3>" in card  # Oscar cut it after four words
    assert f"{seller.village.name}, {seller.village.district.regency}" in card
    assert "3 terjual" in card
    # No basket form on a card: 50 cards' quantity inputs all had id="id_quantity".
    assert 'name="quantity"' not in html


def test_filters_open_without_a_script_and_land_on_the_results(client, product):
    html = client.get(reverse("catalogue:index")).content.decode()
    assert 'id="hasil"' in html
    sheet = html[html.index('<details class="filter-sheet"') : html.index("</details>")]
    facet_links = re.findall(r'<a href="([^"]+)" rel="nofollow"', sheet)
    assert facet_links and all(link.endswith("#hasil") for link in facet_links)
    assert '<form method="get" class="listing-controls" action="#hasil">' in html


def test_product_page_has_a_quantity_and_no_oscar_internals(client, product):
    product.upc = "8991234567890"
    product.save()
    html = client.get(product.get_absolute_url()).content.decode()
    form = html[html.index('<form id="add_to_basket_form"') :]
    form = form[: form.index("</form>")]
    assert re.search(r'<input type="number" name="quantity" value="1" min="1"[^>]* max="10"', form)
    assert '<label for="id_quantity">Jumlah</label>' in form
    assert 'class="buy-bar"' in html
    for internal in (product.upc, "Kode UPC", "Tipe produk", "Pajak"):
        assert internal not in html, internal
    maker = html[html.index('class="producer-card"') :]
    assert product.stockrecords.get().partner.seller_profile.village.get_absolute_url() in maker
