"""A family order placed through the real checkout (test client), with the shared shop
fixtures (two producers, a buyer's desa with courier rates)."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from order.tokens import order_status_token
from tests.checkout.conftest import address_data, fill_basket
from tests.conftest import buyer_village, products, two_producers  # noqa: F401 - fixtures

Order = get_model("order", "Order")

FAMILY = {
    "family-send_to_family": "on",
    "family-sender_name": "Sri (Hong Kong)",
    "family-gift_message": "Selamat ulang tahun, Bu. Semoga sehat selalu.",
    "family-notify_family": "on",
}


def checkout_for_family(client, village, *, email="sri@contoh.id", family=None, method="bank_transfer"):
    """Every checkout step as a guest, the address being the family's, then "Buat pesanan"."""
    client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    data = {**address_data(village, name="Ibu Sumarni", phone_number="0812 2233 4455"), **(family or FAMILY)}
    response = client.post(reverse("checkout:shipping-address"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    form = client.get(reverse("checkout:shipping-method")).context["form"]
    assert client.post(reverse("checkout:shipping-method"), dict(form.initial)).status_code == 302
    assert client.post(reverse("checkout:payment-method"), {"method": method}).status_code == 302
    return client.post(reverse("checkout:preview"))


def order_page(order) -> str:
    return reverse("checkout:order-status", args=[order.number, order_status_token(order)])


@pytest.fixture
def family_order(client, products, buyer_village, django_capture_on_commit_callbacks):  # noqa: F811
    kerupuk, kerudung = products
    fill_basket(client, (kerupuk, 2), (kerudung, 1))
    with django_capture_on_commit_callbacks(execute=True):
        response = checkout_for_family(client, buyer_village)
    assert response.status_code == 302
    return Order.objects.get(guest_email="sri@contoh.id")
