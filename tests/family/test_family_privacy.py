"""A sender's data erased on request: the gift's names and words and the photos of the
family's door go with it; the order keeps its numbers."""

import os

import pytest

from family.models import DeliveryPhoto, FamilyDelivery
from family.services import delivery_photo_add, family_repeat_create
from fulfilment import services as fulfilment_services
from payment.services import payment_mark_succeeded
from privacy.services import personal_data_erase, personal_data_export
from tests.images import jpeg_with_gps

pytestmark = pytest.mark.django_db


def test_erasing_the_sender_erases_the_family_delivery(family_order):
    payment_mark_succeeded(payment=family_order.payment)
    part = family_order.seller_orders.first()
    part = fulfilment_services.seller_order_ship(seller_order=part, courier="JNE", tracking_number="JNE1")
    photo = delivery_photo_add(seller_order=part, upload=jpeg_with_gps(), by=part.seller.user)
    stored = photo.image.path
    repeat = family_repeat_create(delivery=family_order.family_delivery, kind="monthly", day_of_month=5)
    exported = personal_data_export(email="sri@contoh.id")
    assert exported["orders"][0]["family_delivery"]["sender_name"] == "Sri (Hong Kong)"

    report = personal_data_erase(email="sri@contoh.id")

    assert any("family deliveries erased" in line for line in report.lines())
    delivery = FamilyDelivery.objects.get(order=family_order)
    assert (delivery.sender_name, delivery.gift_message) == ("", "")
    assert not DeliveryPhoto.objects.exists()
    assert not os.path.exists(stored)
    repeat.refresh_from_db()
    assert not repeat.is_active
