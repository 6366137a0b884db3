"""A logged-in buyer's delivery address goes into their address book (Oscar's UserAddress,
with the desa) and the next checkout offers it again: "Kirim ke alamat ini", a plain form."""

import re

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from address.services import country_indonesia
from tests.checkout.conftest import address_data, fill_basket
from tests.factories import UserFactory, VillageFactory

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")


def _finish_checkout(client):
    form = client.get(reverse("checkout:shipping-method")).context["form"]
    choices = {name: form.initial[name] for name in form.fields}  # the cheapest courier, preselected
    assert client.post(reverse("checkout:shipping-method"), choices).status_code == 302
    assert client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"}).status_code == 302
    response = client.post(reverse("checkout:preview"))
    assert response.status_code == 302
    return Order.objects.latest("id")


@pytest.fixture
def buyer(client):
    user = UserFactory(email="ani@contoh.id")
    client.force_login(user)
    return user


def test_a_logged_in_buyers_delivery_address_is_saved_to_their_address_book(
    client, buyer, products, buyer_village
):
    fill_basket(client, (products[0], 1))
    response = client.post(reverse("checkout:shipping-address"), address_data(buyer_village))
    assert response.status_code == 302
    _finish_checkout(client)

    saved = UserAddress.objects.get(user=buyer)
    assert saved.village == buyer_village
    assert (saved.first_name, saved.last_name) == ("Siti Aminah", "")
    assert saved.line1 == "Jl. Melati No. 5 RT 02/RW 03"
    assert str(saved.phone_number) == "+6281298765432"
    assert saved.postcode == "45223"
    assert saved.num_orders_as_shipping_address == 1


def test_the_next_checkout_offers_the_saved_address_and_delivers_there(
    client, buyer, products, buyer_village
):
    fill_basket(client, (products[0], 1))
    client.post(reverse("checkout:shipping-address"), address_data(buyer_village))
    _finish_checkout(client)
    saved = UserAddress.objects.get(user=buyer)

    fill_basket(client, (products[1], 1))
    page = client.get(reverse("checkout:shipping-address")).content.decode()
    assert "Kirim ke alamat ini" in page
    assert f'name="saved_address" value="{saved.pk}"' in page
    assert "Jl. Melati No. 5 RT 02/RW 03" in page

    response = client.post(reverse("checkout:shipping-address"), {"saved_address": saved.pk})
    assert response.status_code == 302 and response["Location"] == reverse("checkout:shipping-method")
    order = _finish_checkout(client)

    assert order.shipping_address.village == buyer_village
    assert order.shipping_address.first_name == "Siti Aminah"
    assert str(order.shipping_address.phone_number) == "+6281298765432"
    saved.refresh_from_db()
    assert saved.num_orders_as_shipping_address == 2  # the same address, not a second entry
    assert UserAddress.objects.filter(user=buyer).count() == 1


def test_another_buyers_saved_address_cannot_be_chosen(client, buyer, products, buyer_village):
    someone = UserFactory(email="budi@contoh.id")
    theirs = UserAddress.objects.create(
        user=someone,
        first_name="Budi",
        line1="Jl. Mawar 1",
        village=buyer_village,
        country=country_indonesia(),
    )
    fill_basket(client, (products[0], 1))
    page = client.get(reverse("checkout:shipping-address")).content.decode()
    assert "Jl. Mawar 1" not in page

    response = client.post(reverse("checkout:shipping-address"), {"saved_address": theirs.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("checkout:shipping-address")
    assert "tidak ada di buku alamat Anda" in response.content.decode()
    assert client.get(reverse("checkout:shipping-method")).status_code == 302  # still no address


def test_a_guest_order_saves_no_address_and_guests_see_none(client, products, buyer_village):
    UserAddress.objects.create(
        user=UserFactory(),
        first_name="Budi",
        line1="Jl. Mawar 1",
        village=buyer_village,
        country=country_indonesia(),
    )
    fill_basket(client, (products[0], 1))
    client.post(reverse("checkout:index"), {"username": "tamu@contoh.id", "options": "anonymous"})
    page = client.get(reverse("checkout:shipping-address")).content.decode()
    assert "Kirim ke alamat ini" not in page
    client.post(reverse("checkout:shipping-address"), address_data(buyer_village))
    _finish_checkout(client)
    assert UserAddress.objects.count() == 1


def _attributes(page: str, name: str) -> str:
    match = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', page)
    assert match, name
    return match.group(0)


def test_every_address_field_says_what_it_holds_and_which_keyboard_it_needs(client, products):
    fill_basket(client, (products[0], 1))
    client.post(reverse("checkout:index"), {"username": "tamu@contoh.id", "options": "anonymous"})
    page = client.get(reverse("checkout:shipping-address")).content.decode()
    expected = {
        "name": 'autocomplete="name"',
        "phone_number": 'autocomplete="tel"',
        "street": 'autocomplete="address-line1"',
        "province": 'autocomplete="address-level1"',
        "regency": 'autocomplete="address-level2"',
        "district": 'autocomplete="address-level3"',
        "village": 'autocomplete="address-level4"',
        "postcode": 'autocomplete="postal-code"',
        "notes": 'autocomplete="off"',
    }
    for name, autocomplete in expected.items():
        tag = _attributes(page, name)
        assert autocomplete in tag, tag
        assert "form-control" in tag, tag  # Bootstrap's full width
    assert 'type="tel"' in _attributes(page, "phone_number")
    assert 'inputmode="tel"' in _attributes(page, "phone_number")
    assert 'inputmode="numeric"' in _attributes(page, "postcode")


def test_the_gateways_email_box_autofills_and_shows_the_email_keyboard(client, products):
    fill_basket(client, (products[0], 1))
    page = client.get(reverse("checkout:index")).content.decode()
    email = _attributes(page, "username")
    assert 'autocomplete="email"' in email and 'inputmode="email"' in email
    assert 'autocomplete="current-password"' in _attributes(page, "password")


# --- The address book's own pages (Oscar's customer views, our form) --------------


def test_an_address_added_in_the_address_book_uses_the_regions_and_is_offered_at_checkout(
    client, buyer, products, buyer_village
):
    url = reverse("customer:address-create")
    page = client.get(url).content.decode()
    assert 'name="province"' in page and 'name="last_name"' not in page and 'name="country"' not in page

    # Without JavaScript the "Pilih" button fills the next level: not a save, no error shown.
    data = address_data(buyer_village)
    step = client.post(url, {**data, "district": "", "village": "", "_pilih_wilayah": "1"})
    assert step.status_code == 200
    assert f'<option value="{buyer_village.district_id}"' in step.content.decode()
    assert "invalid-feedback" not in step.content.decode()
    assert not UserAddress.objects.exists()

    response = client.post(url, data)
    assert response.status_code == 302
    saved = UserAddress.objects.get(user=buyer)
    assert saved.village == buyer_village and saved.last_name == "" and saved.country_id == "ID"
    assert saved.line3 == str(buyer_village.district.regency)

    again = client.post(url, data)
    assert again.status_code == 200
    assert "sudah ada di buku alamat Anda" in again.content.decode()

    fill_basket(client, (products[0], 1))
    assert f'value="{saved.pk}"' in client.get(reverse("checkout:shipping-address")).content.decode()


def test_editing_an_address_moves_it_to_another_desa(client, buyer, buyer_village):
    create = client.post(reverse("customer:address-create"), address_data(buyer_village))
    assert create.status_code == 302
    saved = UserAddress.objects.get(user=buyer)
    elsewhere = VillageFactory(name="Cibeureum", district=buyer_village.district)

    url = reverse("customer:address-detail", kwargs={"pk": saved.pk})
    page = client.get(url).content.decode()
    assert 'value="Jl. Melati No. 5 RT 02/RW 03"' in page
    assert client.post(url, address_data(elsewhere, street="Jl. Kenanga 9")).status_code == 302
    saved.refresh_from_db()
    assert (saved.village, saved.line1) == (elsewhere, "Jl. Kenanga 9")
    assert "Cibeureum" in saved.line2


def test_the_address_book_lists_addresses_with_plain_links(client, buyer, buyer_village):
    client.post(reverse("customer:address-create"), address_data(buyer_village))
    saved = UserAddress.objects.get(user=buyer)
    content = client.get(reverse("customer:address-list")).content.decode()
    assert "Jl. Melati No. 5 RT 02/RW 03" in content and "Siti Aminah" in content
    assert f'href="{reverse("customer:address-detail", kwargs={"pk": saved.pk})}"' in content
    assert f'href="{reverse("customer:address-delete", kwargs={"pk": saved.pk})}"' in content
    # Not Oscar's drop-down, which needs JavaScript (and changes defaults on a GET).
    assert "default_for_billing" not in content and "default_for_shipping" not in content
