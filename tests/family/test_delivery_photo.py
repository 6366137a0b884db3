"""Proof of delivery: the producer of a family order's part uploads a photo of it handed over;
it is cleaned as product photos are (no EXIF, no GPS), the part turns delivered, the sender
is e-mailed in their language and sees it on the order page, the family on theirs."""

import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from PIL import Image

from core.emails import user_language
from family.models import DeliveryPhoto
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from payment.services import payment_mark_succeeded
from sellers.models import AuditLogEntry
from tests.checkout.conftest import checkout_as_guest, fill_basket
from tests.factories import UserFactory
from tests.family.conftest import checkout_for_family, order_page
from tests.images import image_file, jpeg_with_gps

pytestmark = pytest.mark.django_db


def _shipped(order, seller_name: str) -> SellerOrder:
    payment_mark_succeeded(payment=order.payment)
    part = order.seller_orders.get(seller__name=seller_name)
    return fulfilment_services.seller_order_ship(seller_order=part, courier="JNE", tracking_number="JNE001")


def _upload(client: Client, part: SellerOrder, upload):
    return client.post(reverse("sellers:portal-order-delivery-photo", args=[part.number]), {"photo": upload})


def test_the_producer_uploads_a_delivery_photo_cleaned_of_exif_and_gps(
    family_order, django_capture_on_commit_callbacks
):
    part = _shipped(family_order, "Dapur Bu Warsini")
    producer = Client()
    producer.force_login(part.seller.user)
    assert "foto-diterima" in producer.get(part.get_absolute_url()).content.decode()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(producer, part, jpeg_with_gps())
    assert response.status_code == 302

    part.refresh_from_db()
    assert part.status == SellerOrder.Status.DELIVERED and part.delivered_at is not None
    photo = DeliveryPhoto.objects.get(seller_order=part)
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()  # no Make, no GPSInfo
        assert max(image.size) == 1600  # the product photos' pixel cap
    assert AuditLogEntry.objects.filter(action="order_delivery_photo", seller=part.seller).exists()

    # The sender (a guest: the order's language) is told, with the photo's link.
    notice = mail.outbox[-1]
    token = family_order.family_delivery.token
    photo_url = reverse("family:photo", args=[token, part.number])
    assert notice.to == ["sri@contoh.id"] and "Ibu Sumarni" in notice.subject
    assert photo_url in notice.body

    # The photo is on the sender's order page and the family's page, and served by its link.
    assert photo_url in Client().get(order_page(family_order)).content.decode()
    assert photo_url in Client().get(reverse("family:tracking", args=[token])).content.decode()
    served = Client().get(photo_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(served.streaming_content))) as image:
        assert not image.getexif()


def test_another_producer_cannot_upload_to_a_part_not_theirs(family_order):
    part = _shipped(family_order, "Dapur Bu Warsini")
    other = family_order.seller_orders.get(seller__name="Bordir Waled").seller
    intruder = Client()
    intruder.force_login(other.user)
    assert _upload(intruder, part, jpeg_with_gps()).status_code == 404
    assert not DeliveryPhoto.objects.exists()
    part.refresh_from_db()
    assert part.status == SellerOrder.Status.SHIPPED


def test_a_photo_before_shipping_or_not_an_image_is_refused_with_a_message(family_order):
    payment_mark_succeeded(payment=family_order.payment)
    part = family_order.seller_orders.get(seller__name="Dapur Bu Warsini")
    producer = Client()
    producer.force_login(part.seller.user)
    response = _upload(producer, part, jpeg_with_gps())
    assert response.status_code == 302
    assert "setelah pesanan dikirim" in producer.get(response["Location"]).content.decode()

    part = fulfilment_services.seller_order_ship(seller_order=part, courier="JNE", tracking_number="JNE001")
    fake = image_file("PNG", name="bukan.png")
    fake.file = io.BytesIO(b"not an image at all")
    fake.size = len(b"not an image at all")
    response = _upload(producer, part, fake)
    assert response.status_code == 400 and "bukan foto" in response.content.decode()
    assert not DeliveryPhoto.objects.exists()


def test_an_ordinary_order_takes_no_delivery_photo(client, products, buyer_village):
    kerupuk, _kerudung = products
    fill_basket(client, (kerupuk, 1))
    checkout_as_guest(client, buyer_village)
    order = SellerOrder.objects.get().order
    part = _shipped(order, "Dapur Bu Warsini")
    producer = Client()
    producer.force_login(part.seller.user)
    assert "foto-diterima" not in producer.get(part.get_absolute_url()).content.decode()
    assert _upload(producer, part, jpeg_with_gps()).status_code == 404
    assert not DeliveryPhoto.objects.exists()


def test_a_signed_in_sender_reads_the_notice_in_their_language(
    client, products, buyer_village, django_capture_on_commit_callbacks
):
    buyer = UserFactory(email="sri@contoh.hk")
    client.force_login(buyer)
    client.post(reverse("set_language"), {"language": "en"})  # the switcher: kept on her profile
    kerupuk, _kerudung = products
    fill_basket(client, (kerupuk, 1))
    checkout_for_family(client, buyer_village)
    assert user_language(buyer) == "en"
    order = SellerOrder.objects.get().order
    part = _shipped(order, "Dapur Bu Warsini")
    producer = Client()
    producer.force_login(part.seller.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _upload(producer, part, jpeg_with_gps())
    assert mail.outbox[-1].to == ["sri@contoh.hk"]
    assert mail.outbox[-1].subject == "The parcel has reached Ibu Sumarni"
