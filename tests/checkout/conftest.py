from django.urls import reverse


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


def checkout_as_guest(client, village, **steps):
    checkout_to_preview(client, village, **steps)
    return client.post(reverse("checkout:preview"))


def checkout_to_preview(
    client, village, *, email="siti@contoh.id", shipping=None, method="bank_transfer", address=None
):
    """Every checkout step up to the preview, as a guest; "Buat pesanan" is left to the caller."""
    client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    response = client.post(reverse("checkout:shipping-address"), address_data(village, **(address or {})))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(reverse("checkout:shipping-method"))
    form = page.context["form"]
    # What the buyer did not pick stays as preselected: the cheapest courier.
    choices = {name: (shipping or {}).get(name, form.initial[name]) for name in form.fields}
    assert client.post(reverse("checkout:shipping-method"), choices).status_code == 302
    assert client.post(reverse("checkout:payment-method"), {"method": method}).status_code == 302


# The shared checkout fixtures live in tests/conftest.py; re-exported for modules that
# import them from here.
from tests.conftest import buyer_village, products, two_producers  # noqa: E402, F401
