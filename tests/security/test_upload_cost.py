"""What one producer's uploads may cost the shop (issue 15, item 6): photos above 24 MP are
refused from their header before decoding, one request re-encodes a bounded number of pixels,
one producer adds a bounded number of photos a day, and producers still applying upload none.
Real files made by Pillow: big in pixels, small on disk."""

import pytest
from django.urls import reverse

from sellers.models import SellerProfile
from tests.factories import ProductFactory, SellerProfileFactory
from tests.images import image_file

pytestmark = pytest.mark.django_db


def _photos_url(product):
    return reverse("sellers:portal-product-photos", args=[product.pk])


@pytest.fixture
def producer(client, seller):
    client.force_login(seller.user)
    return ProductFactory(seller=seller)


@pytest.mark.parametrize(("size", "megapixels"), [((6000, 4500), 27), ((8000, 5000), 40)])
def test_a_photo_above_24_megapixels_is_refused_before_it_is_decoded(client, producer, size, megapixels):
    upload = image_file("PNG", size=size, name="lebar.png")
    assert upload.size < 1024 * 1024  # small on disk: only its pixels are large

    response = client.post(_photos_url(producer), {"photos": [upload]})

    assert response.status_code == 400
    page = response.content.decode()
    assert f"lebar.png: Foto terlalu besar ({megapixels} megapiksel); maksimal 24 megapiksel." in page
    assert producer.images.count() == 0


def test_a_24_megapixel_phone_photo_is_kept_and_resized(client, producer):
    response = client.post(_photos_url(producer), {"photos": [image_file("JPEG", size=(6000, 4000))]})

    assert response.status_code == 302
    (image,) = producer.images.all()
    assert max(image.original.width, image.original.height) == 1600


def test_one_request_re_encodes_a_bounded_number_of_pixels(client, producer, settings):
    settings.PHOTO_MAX_PIXELS_PER_REQUEST = 1_000_000
    photos = [image_file("PNG", size=(800, 600), name=f"foto{n}.png") for n in range(3)]

    response = client.post(_photos_url(producer), {"photos": photos})

    assert response.status_code == 400
    page = response.content.decode()
    assert "foto2.png: Terlalu banyak foto besar sekaligus; unggah foto ini lagi." in page
    assert producer.images.count() == 2


def test_a_producer_adds_a_bounded_number_of_photos_a_day(client, producer, settings):
    settings.PHOTO_UPLOADS_PER_DAY = 3
    assert client.post(_photos_url(producer), {"photos": [image_file(), image_file()]}).status_code == 302
    # Deleting photos gives no more uploads: the day's count is the audit log's.
    first = producer.images.first()
    client.post(reverse("sellers:portal-product-photo-delete", args=[producer.pk, first.pk]))

    response = client.post(_photos_url(producer), {"photos": [image_file(), image_file(name="lagi.png")]})

    assert response.status_code == 400
    assert "lagi.png: Batas 3 foto sehari tercapai; unggah lagi besok." in response.content.decode()
    assert producer.images.count() == 2


def test_a_producer_still_applying_uploads_no_product_photos(client):
    applicant = SellerProfileFactory(status=SellerProfile.Status.APPLIED)
    product = ProductFactory(seller=applicant)
    client.force_login(applicant.user)

    page = client.get(_photos_url(product))
    response = client.post(_photos_url(product), {"photos": [image_file()]})

    assert page.status_code == 200
    assert 'type="file"' not in page.content.decode()
    assert "setelah pendaftaran Anda disetujui" in page.content.decode()
    assert response.status_code == 403
    assert "setelah pendaftaran Anda disetujui" in response.content.decode()
    assert product.images.count() == 0
