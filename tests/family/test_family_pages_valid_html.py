"""The family pages are valid HTML (the Nu Html Checker, as tests/marketplace/test_valid_html.py
runs it) and read in English when the buyer switched: the address step with its family part,
the order page's family panel with a delivery photo, the family's tracking page, the family
basket's page, and the producer's order page with the photo form."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from family import services
from family.models import FamilyBasket
from fulfilment import services as fulfilment_services
from payment.services import payment_mark_succeeded
from tests.checkout.conftest import fill_basket
from tests.family.conftest import order_page
from tests.images import jpeg_with_gps
from tests.marketplace.test_valid_html import vnu_errors

pytestmark = pytest.mark.django_db


def _html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_family_pages_are_valid_html_and_english_for_an_english_reader(family_order, products, tmp_path):
    payment_mark_succeeded(payment=family_order.payment)
    part = family_order.seller_orders.get(seller__name="Dapur Bu Warsini")
    part = fulfilment_services.seller_order_ship(seller_order=part, courier="JNE", tracking_number="JNE1")
    services.delivery_photo_add(seller_order=part, upload=jpeg_with_gps(), by=part.seller.user)
    repeat = services.family_repeat_create(
        delivery=family_order.family_delivery, kind="monthly", day_of_month=5
    )
    basket = FamilyBasket.objects.create(
        repeat=repeat, for_date=repeat.next_date, items=[{"product": products[0].pk, "quantity": 1}]
    )
    pages = {}
    for language in ("id", "en"):
        buyer = Client()
        buyer.cookies["django_language"] = language
        fill_basket(buyer, (products[0], 1))
        buyer.post(reverse("checkout:index"), {"username": "sri@contoh.id", "options": "anonymous"})
        pages[f"address step ({language})"] = _html(buyer, reverse("checkout:shipping-address"))
        pages[f"order page ({language})"] = _html(buyer, order_page(family_order))
        pages[f"tracking page ({language})"] = _html(
            buyer, reverse("family:tracking", args=[family_order.family_delivery.token])
        )
        pages[f"family basket ({language})"] = _html(
            buyer, urlsplit(services.family_basket_link(basket)).path
        )
        producer = Client()
        producer.cookies["django_language"] = language
        producer.force_login(part.seller.user)
        pages[f"portal order ({language})"] = _html(producer, part.get_absolute_url())

    assert vnu_errors(pages, tmp_path) == {}
    english = {name: html for name, html in pages.items() if name.endswith("(en)")}
    assert "Send to family in Indonesia (a gift)" in english["address step (en)"]
    assert "Send by WhatsApp" in english["order page (en)"]
    assert "Parcel for Ibu Sumarni" in english["tracking page (en)"]
    assert "Pay and send" in english["family basket (en)"]
    assert "Upload a delivery photo" in english["portal order (en)"]
    for name, html in english.items():
        for indonesian in ("Kirim ke keluarga", "Kiriman untuk", "Bayar dan kirim", "Foto bukti terima"):
            assert indonesian not in html, (name, indonesian)
