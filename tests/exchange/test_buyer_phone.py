"""The buyer's own phone may be any country's, read by default as a number of their country
of work; the recipient's, in Indonesia, stays Indonesian."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from core.phones import phone_normalize_international
from tests.checkout.conftest import address_data, checkout_to_preview, fill_basket

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
URL = "/checkout/payment-method/"


@pytest.mark.parametrize(
    "written, region, expected",
    [
        ("5123 4567", "HK", "+85251234567"),
        ("0912 345 678", "TW", "+886912345678"),
        ("012-345 6789", "MY", "+60123456789"),
        ("+62 812-3456-7890", "HK", "+6281234567890"),  # an Indonesian number from abroad
        ("010-1234-5678", "KR", "+821012345678"),
    ],
)
def test_a_number_without_country_code_belongs_to_the_country_of_work(written, region, expected):
    assert phone_normalize_international(written, region=region) == expected


@pytest.mark.parametrize("written", ["123", "+852 1", "٠٨١٢٣٤٥٦٧٨٩", "5123 4567 <b>"])
def test_a_bad_number_gets_a_clear_message(written):
    with pytest.raises(ValidationError):
        phone_normalize_international(written, region="HK")


def to_payment_step(client, products, village):
    fill_basket(client, (products[0], 1))
    client.post(reverse("checkout:index"), {"username": "rina@contoh.id", "options": "anonymous"})
    assert client.post(reverse("checkout:shipping-address"), address_data(village)).status_code == 302
    form = client.get(reverse("checkout:shipping-method")).context["form"]
    client.post(reverse("checkout:shipping-method"), form.initial)


def test_a_buyer_in_hong_kong_gives_a_local_number_kept_on_the_order(products, buyer_village):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-HK,en")
    to_payment_step(client, products, buyer_village)
    page = client.get(URL).content.decode()
    assert 'placeholder="+852' in page  # the example is a Hong Kong number
    response = client.post(
        URL, {"method": "bank_transfer", "metode_indonesia": "1", "buyer_phone": "5123 4567"}
    )
    assert response.status_code == 302
    client.post(reverse("checkout:preview"))
    order = Order.objects.get()
    assert order.buyer_phone == "+85251234567"
    assert order.shipping_address.phone_number.as_e164 == "+6281298765432"


def test_a_bad_buyer_number_is_shown_again_with_the_message(products, buyer_village):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-HK,en")
    to_payment_step(client, products, buyer_village)
    response = client.post(URL, {"method": "bank_transfer", "metode_indonesia": "1", "buyer_phone": "12"})
    assert response.status_code == 400
    assert "Tulis nomor HP Anda dengan kode negaranya" in response.content.decode()


def test_the_recipient_in_indonesia_still_needs_an_indonesian_number(products, buyer_village):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-HK,en")
    fill_basket(client, (products[0], 1))
    client.post(reverse("checkout:index"), {"username": "rina@contoh.id", "options": "anonymous"})
    response = client.post(
        reverse("checkout:shipping-address"), address_data(buyer_village, phone_number="+852 5123 4567")
    )
    assert response.status_code == 400
    assert "Gunakan nomor Indonesia" in response.content.decode()


def test_the_phone_is_optional(products, buyer_village):
    client = Client()
    fill_basket(client, (products[0], 1))
    checkout_to_preview(client, buyer_village)
    client.post(reverse("checkout:preview"))
    assert Order.objects.get().buyer_phone == ""
