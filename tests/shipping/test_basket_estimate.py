"""The basket estimates delivery for a signed-in buyer's last address, else says checkout
computes it."""

import pytest
from django.urls import reverse

from tests.checkout.conftest import fill_basket
from tests.factories import UserFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db


def test_a_signed_in_buyer_sees_the_cheapest_delivery_to_their_last_address(client, products, buyer_village):
    buyer = UserFactory()
    order, _parts = order_with_lines((products[0], 1), user=buyer)
    order.shipping_address.village = buyer_village
    order.shipping_address.save()
    client.force_login(buyer)
    fill_basket(client, (products[0], 1), (products[1], 1))
    page = client.get(reverse("basket:summary")).content.decode()
    assert "Perkiraan ongkos kirim" in page
    assert "Rp\xa040.000" in page  # JNE REG, 1 kg from each producer
    assert str(buyer_village.district.regency) in page


def test_without_a_saved_address_the_basket_says_checkout_computes_it(client, products):
    fill_basket(client, (products[0], 1))
    page = client.get(reverse("basket:summary")).content.decode()
    assert "Dihitung saat checkout" in page and "Perkiraan ongkos kirim" not in page
    client.force_login(UserFactory())  # signed in, never ordered
    page = client.get(reverse("basket:summary")).content.decode()
    assert "Dihitung saat checkout" in page
