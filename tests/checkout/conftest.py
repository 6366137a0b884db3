import pytest
from django.urls import reverse

from tests.factories import ProductFactory, SellerProfileFactory, VillageFactory


@pytest.fixture
def two_producers(db):
    first = SellerProfileFactory(name="Dapur Bu Warsini")
    second = SellerProfileFactory(name="Bordir Waled", offers_pickup=True, pickup_note="Balai desa Waled")
    return first, second


@pytest.fixture
def buyer_village(db):
    return VillageFactory(name="Sukamaju", is_desmigratif=False)


def fill_basket(client, *items):
    for product, quantity in items:
        response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
        assert response.status_code == 302


def address_data(village, **overrides):
    data = {
        "name": "Siti Aminah",
        "phone_number": "+6281298765432",
        "street": "Jl. Melati No. 5 RT 02/RW 03",
        "province": village.district.regency.province_id,
        "regency": village.district.regency_id,
        "district": village.district_id,
        "village": village.pk,
        "postcode": "45223",
    }
    data.update(overrides)
    return data


def checkout_as_guest(client, village, *, email="siti@contoh.id", shipping=None, method="bank_transfer"):
    client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    response = client.post(reverse("checkout:shipping-address"), address_data(village))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(reverse("checkout:shipping-method"))
    choices = {}
    for field in page.context["form"]:
        choices[field.name] = (shipping or {}).get(field.name, "delivery")
    assert client.post(reverse("checkout:shipping-method"), choices).status_code == 302
    assert client.post(reverse("checkout:payment-method"), {"method": method}).status_code == 302
    return client.post(reverse("checkout:preview"))


@pytest.fixture
def products(two_producers):
    first, second = two_producers
    return (
        ProductFactory(seller=first, title="Kerupuk Kulit Ikan", price=25000, num_in_stock=10),
        ProductFactory(seller=second, title="Kerudung Bordir", price=125000, num_in_stock=3),
    )
