"""A signed-in buyer sends to the family without typing the address again: a saved address
("Kirim ke keluarga di alamat ini") or the family an earlier gift went to ("Kirim ke keluarga
ini") fills the address step in, official regions and all, with "Kirim ke keluarga" ticked.
Plain form posts: it works without JavaScript."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from address.services import address_columns, user_address_fill
from family.models import FamilyDelivery
from tests.checkout.conftest import fill_basket
from tests.factories import UserFactory
from tests.family.conftest import FAMILY

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
ADDRESS_STEP = reverse("checkout:shipping-address")


@pytest.fixture
def buyer(client):
    user = UserFactory(email="sri@contoh.hk", first_name="Sri", last_name="Wahyuni")
    client.force_login(user)
    return user


def saved_address(user, village) -> UserAddress:
    address = UserAddress(user=user)
    columns = address_columns(
        name="Ibu Sumarni",
        street="Dusun Krajan RT 01/RW 02",
        village=village,
        postcode="56373",
        phone_number="+6281222334455",
    )
    user_address_fill(address=address, columns=columns, village=village)
    address.save()
    return address


def the_form_as_filled(response) -> dict:
    """What the address step's inputs hold, read from the page as the browser posts it."""
    form, family = response.context["form"], response.context["family_form"]
    data = {name: form[name].value() for name in form.fields}
    data.update({f"family-{name}": family[name].value() for name in family.fields})
    return {name: value for name, value in data.items() if value not in (None, False, "")}


def finish_checkout(client, data: dict):
    data = {**data, **{key: "on" for key, value in data.items() if value is True}}
    assert client.post(ADDRESS_STEP, data).status_code == 302
    form = client.get(reverse("checkout:shipping-method")).context["form"]
    assert client.post(reverse("checkout:shipping-method"), dict(form.initial)).status_code == 302
    assert client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"}).status_code == 302
    assert client.post(reverse("checkout:preview")).status_code == 302
    return Order.objects.latest("id")


def test_a_saved_address_becomes_the_familys_with_its_official_regions(
    client, buyer, products, buyer_village
):
    address = saved_address(buyer, buyer_village)
    fill_basket(client, (products[0], 1))
    page = client.get(ADDRESS_STEP).content.decode()
    assert f'name="family_recipient" value="alamat-{address.pk}"' in page

    response = client.post(ADDRESS_STEP, {"family_recipient": f"alamat-{address.pk}"})

    assert response.status_code == 200
    filled = the_form_as_filled(response)
    district = buyer_village.district
    assert filled == {
        "name": "Ibu Sumarni",
        "phone_number": "+6281222334455",
        "street": "Dusun Krajan RT 01/RW 02",
        "province": district.regency.province_id,
        "regency": district.regency_id,
        "district": district.pk,
        "village": buyer_village.pk,
        "postcode": "56373",
        "family-send_to_family": True,
        "family-sender_name": "Sri Wahyuni",  # no gift before: the buyer's own name
        "family-notify_family": True,
    }
    html = response.content.decode()
    for level in ("province", "regency", "district", "village"):  # the official choosers
        assert f'<select name="{level}"' in html
    assert f'<option value="{buyer_village.pk}" selected>' in html

    order = finish_checkout(client, {**filled, "family-gift_message": "Untuk Ibu"})
    delivery = FamilyDelivery.objects.get(order=order)
    assert (delivery.sender_name, delivery.gift_message) == ("Sri Wahyuni", "Untuk Ibu")
    assert order.shipping_address.village == buyer_village


def test_an_earlier_family_recipient_is_offered_again_with_the_senders_name(
    client, buyer, products, buyer_village
):
    address = saved_address(buyer, buyer_village)
    fill_basket(client, (products[0], 1))
    surprise = {**FAMILY, "family-notify_family": ""}
    picked = client.post(ADDRESS_STEP, {"family_recipient": f"alamat-{address.pk}"})
    first = finish_checkout(client, {**the_form_as_filled(picked), **surprise})
    earlier = FamilyDelivery.objects.get(order=first)

    fill_basket(client, (products[1], 1))
    page = client.get(ADDRESS_STEP).content.decode()
    assert 'id="family-recipients-earlier"' in page and "Ibu Sumarni" in page
    response = client.post(ADDRESS_STEP, {"family_recipient": f"keluarga-{earlier.pk}"})

    filled = the_form_as_filled(response)
    assert filled["name"] == "Ibu Sumarni" and filled["village"] == buyer_village.pk
    assert filled["family-sender_name"] == "Sri (Hong Kong)"
    assert "family-gift_message" not in filled  # a new message for a new gift
    assert "family-notify_family" not in filled  # a surprise again, as last time
    second = finish_checkout(client, {**filled, "family-gift_message": "Selamat Lebaran"})
    assert FamilyDelivery.objects.get(order=second).gift_message == "Selamat Lebaran"
    assert second.shipping_address.generate_hash() == first.shipping_address.generate_hash()


def test_another_buyers_recipient_cannot_be_picked(client, buyer, products, buyer_village):
    someone = UserFactory(email="lain@contoh.id")
    theirs = saved_address(someone, buyer_village)
    fill_basket(client, (products[0], 1))
    for value in (f"alamat-{theirs.pk}", "keluarga-999999", "keluarga-x", "lain"):
        response = client.post(ADDRESS_STEP, {"family_recipient": value})
        assert response.status_code == 302 and response["Location"] == ADDRESS_STEP
    assert "Ibu Sumarni" not in client.get(ADDRESS_STEP).content.decode()
