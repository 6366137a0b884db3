"""Kirim ke keluarga at checkout: the address is the family's, the gift's details are kept
with the order, and the buyer gets the family's message (WhatsApp link, SMS text)."""

import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.urls import reverse

from family import selectors
from family.models import FamilyDelivery
from tests.checkout.conftest import address_data, checkout_as_guest, fill_basket
from tests.family.conftest import FAMILY, order_page

pytestmark = pytest.mark.django_db


def test_a_family_order_keeps_the_recipient_sender_and_message(family_order):
    delivery = FamilyDelivery.objects.get(order=family_order)
    assert (delivery.sender_name, delivery.notify_family) == ("Sri (Hong Kong)", True)
    assert delivery.gift_message == "Selamat ulang tahun, Bu. Semoga sehat selalu."
    assert len(delivery.token) >= 20
    address = family_order.shipping_address
    assert address.first_name == "Ibu Sumarni"
    assert address.phone_number == "+6281222334455"  # typed as 0812 2233 4455, kept in E.164


def test_the_order_page_and_confirmation_give_the_whatsapp_link_and_sms_text(client, family_order):
    delivery = family_order.family_delivery
    page = client.get(order_page(family_order)).content.decode()
    link = "https://wa.me/6281222334455?text="
    assert link in page
    text = unquote(page.split(link, 1)[1].split('"', 1)[0])
    assert "Halo Ibu Sumarni, ada kiriman dari Sri (Hong Kong)" in text
    assert "Selamat ulang tahun, Bu." in text
    tracking = reverse("family:tracking", args=[delivery.token])
    assert tracking in text and tracking in page
    assert 'id="family-message"' in page  # the plain text to copy, for SMS

    confirmation = mail.outbox[-1]
    assert confirmation.to == ["sri@contoh.id"]
    assert "Halo Ibu Sumarni" in confirmation.body and tracking in confirmation.body
    assert "https://wa.me/6281222334455?text=" in confirmation.alternatives[0][0]


def test_an_ordinary_order_is_not_a_family_order(client, products, buyer_village):
    kerupuk, _kerudung = products
    fill_basket(client, (kerupuk, 1))
    checkout_as_guest(client, buyer_village)
    order = selectors.Order.objects.get()
    assert selectors.family_delivery_for_order(order=order) is None
    assert selectors.gift_for_order(order=order) == selectors.SlipGift()
    assert 'id="family-delivery"' not in client.get(order_page(order)).content.decode()


def test_the_packing_slip_and_impact_selectors(family_order, client, products, buyer_village):
    assert selectors.gift_for_order(order=family_order) == selectors.SlipGift(
        sender_name="Sri (Hong Kong)",
        message="Selamat ulang tahun, Bu. Semoga sehat selalu.",
        hide_prices=True,
    )
    assert list(selectors.orders_sent_to_families()) == [family_order]


def test_sending_to_the_family_needs_the_senders_name(client, products, buyer_village):
    kerupuk, _kerudung = products
    fill_basket(client, (kerupuk, 1))
    client.post(reverse("checkout:index"), {"username": "sri@contoh.id", "options": "anonymous"})
    response = client.post(
        reverse("checkout:shipping-address"),
        {**address_data(buyer_village), **FAMILY, "family-sender_name": " "},
    )
    assert response.status_code == 400
    assert "Tulis nama pengirim" in response.content.decode()


def test_the_region_refresh_keeps_what_was_typed_for_the_family(client, products, buyer_village):
    kerupuk, _kerudung = products
    fill_basket(client, (kerupuk, 1))
    client.post(reverse("checkout:index"), {"username": "sri@contoh.id", "options": "anonymous"})
    data = {**address_data(buyer_village), **FAMILY, "_pilih_wilayah": "1"}
    del data["family-notify_family"]
    page = client.post(reverse("checkout:shipping-address"), data).content.decode()
    assert "Selamat ulang tahun, Bu." in page and 'value="Sri (Hong Kong)"' in page
    assert re.search(r'<input type="checkbox" name="family-send_to_family"[^>]* checked>', page)
    assert not re.search(r'<input type="checkbox" name="family-notify_family"[^>]* checked>', page)


def test_a_surprise_is_said_so_and_the_preview_shows_the_gift(client, products, buyer_village):
    kerupuk, _kerudung = products
    fill_basket(client, (kerupuk, 1))
    family = {key: value for key, value in FAMILY.items() if key != "family-notify_family"}
    client.post(reverse("checkout:index"), {"username": "sri@contoh.id", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), {**address_data(buyer_village), **family})
    form = client.get(reverse("checkout:shipping-method")).context["form"]
    client.post(reverse("checkout:shipping-method"), dict(form.initial))
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    preview = client.get(reverse("checkout:preview")).content.decode()
    assert "Sri (Hong Kong)" in preview and "Kejutan" in preview
    client.post(reverse("checkout:preview"))
    order = selectors.Order.objects.get()
    assert order.family_delivery.notify_family is False
    assert "setelah paket tiba" in client.get(order_page(order)).content.decode()
