import json
import re

import pytest

from tests.factories import ProductClassFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_product_page_shows_maker_village_permits_and_structured_data(client, seller):
    food = ProductClassFactory(name="Makanan olahan", is_food=True)
    product = ProductFactory(
        seller=seller,
        product_class=food,
        title="Kerupuk Kulit Ikan <Pedas>",
        price=27000,
        pirt_number="206321201012325",
        halal_number="ID32110000123450124",
        net_weight_grams=250,
        shelf_life_days=180,
        processing_days=2,
    )
    content = client.get(product.get_absolute_url()).content.decode()
    assert seller.name in content and seller.get_absolute_url() in content
    assert seller.village.get_absolute_url() in content
    for text in ("206321201012325", "ID32110000123450124", "250 g", "180 hari", "Dikirim dalam 2 hari"):
        assert text in content
    assert "https://wa.me/?text=" in content
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1)
    assert "<Pedas>" not in raw  # escaped inside the script element
    data = json.loads(raw)
    assert data["@type"] == "Product" and data["name"] == "Kerupuk Kulit Ikan <Pedas>"
    assert data["offers"] == {
        "@type": "Offer",
        "price": "27000",
        "priceCurrency": "IDR",
        "availability": "https://schema.org/InStock",
        "url": data["url"],
        "seller": {"@type": "Organization", "name": seller.name},
    }


def test_made_to_order_product_says_so(client, seller):
    product = ProductFactory(seller=seller, made_to_order=True, processing_days=10, num_in_stock=None)
    content = client.get(product.get_absolute_url()).content.decode()
    assert "Dibuat sesuai pesanan, siap dikirim dalam 10 hari" in content


def test_product_cards_use_lazy_webp_renditions_with_srcset(client, seller):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from catalog.services import product_image_add

    product = ProductFactory(seller=seller, title="Tas Anyaman")
    buffer = io.BytesIO()
    Image.new("RGB", (800, 800), (120, 80, 40)).save(buffer, "JPEG")
    product_image_add(
        product=product, filename="tas.jpg", content=SimpleUploadedFile("t.jpg", buffer.getvalue()).read()
    )
    content = client.get("/catalogue/").content.decode()
    card = content[content.index('class="product_pod"') :]
    img = card[card.index("<img") : card.index(">", card.index("<img"))]
    assert 'loading="lazy"' in img
    assert ".webp" in img and " 2x" in img
    assert 'height="155"' in img
