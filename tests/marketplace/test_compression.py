"""Pages travel gzip-compressed to browsers that accept it; photos are left as they are."""

import gzip

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import ProductFactory
from tests.images import image_file

pytestmark = pytest.mark.django_db

ProductImage = get_model("catalogue", "ProductImage")


def test_listing_html_is_compressed_for_browsers_that_accept_gzip(client, product):
    # A listing of a dozen products, as buyers see it: with one product the page is small
    # enough that Django's random gzip padding (up to 100 bytes, against BREACH) decides.
    for number in range(11):
        ProductFactory(
            seller=product.stockrecords.get().partner.seller_profile, title=f"Keripik Tempe {number}"
        )
    plain = client.get(reverse("catalogue:index"))
    packed = client.get(reverse("catalogue:index"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    body = gzip.decompress(packed.content).decode()
    assert "Kerupuk Kulit Ikan Original" in body
    assert len(packed.content) * 3 < len(plain.content)


def test_uploaded_photos_are_not_compressed_again(client, product):
    image = ProductImage.objects.create(product=product, original=image_file("JPEG", name="kerupuk.jpg"))
    response = client.get(image.original.url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert "Content-Encoding" not in response
