"""The checkout's address step takes the buyer's number as they write it and the order keeps
it in E.164, the form couriers' systems and WhatsApp links take (issue #14)."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.checkout.conftest import address_data, checkout_as_guest, fill_basket

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


@pytest.mark.parametrize("written", ["081298765432", "+62 812-9876-5432", "62 812.9876.5432"])
def test_guest_order_keeps_the_phone_number_in_e164(client, products, buyer_village, written):
    fill_basket(client, (products[0], 1))

    response = checkout_as_guest(client, buyer_village, address={"phone_number": written})

    assert response.status_code == 302
    assert str(Order.objects.get().shipping_address.phone_number) == "+6281298765432"


def test_prefix_typed_twice_is_stored_as_the_number_meant(client, products, buyer_village):
    # "+62" then "0812…", as buyers did when the box came prefilled with "+62".
    fill_basket(client, (products[0], 1))
    checkout_as_guest(client, buyer_village, address={"phone_number": "+620812-9876-5432"})
    assert str(Order.objects.get().shipping_address.phone_number) == "+6281298765432"


@pytest.mark.parametrize(
    ("written", "message"),
    [("+1 202 555 0143", "nomor Indonesia"), ("٠٨١٢٩٨٧٦٥٤٣٢", "angka biasa"), ("0812", "tidak valid")],
)
def test_address_step_refuses_a_number_that_is_not_indonesian(
    client, products, buyer_village, written, message
):
    fill_basket(client, (products[0], 1))
    client.post(reverse("checkout:index"), {"username": "a@contoh.id", "options": "anonymous"})

    response = client.post(
        reverse("checkout:shipping-address"), address_data(buyer_village, phone_number=written)
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Order.objects.exists()
