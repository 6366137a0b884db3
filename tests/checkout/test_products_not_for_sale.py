"""A product the shop no longer shows cannot be bought: not by posting its id to the basket,
not by checking out a basket that held it before it was hidden."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.services import seller_product_set_public
from checkout.services import order_place
from partner.strategy import Selector
from sellers.models import SellerProfile
from sellers.services import seller_suspend
from tests.checkout.conftest import address_data, fill_basket

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


def _withdraw(product):
    seller = product.stockrecords.get().partner.seller_profile
    seller_product_set_public(seller=seller, actor=seller.user, product=product, is_public=False)


def _basket_page(client):
    return client.get(reverse("basket:summary"))


def test_a_withdrawn_product_cannot_be_added_by_posting_its_id(client, product):
    _withdraw(product)
    assert client.get(product.get_absolute_url()).status_code == 404

    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    assert response.status_code == 302
    page = _basket_page(client)
    assert "Produk ini sudah tidak dijual" in page.content.decode()
    assert page.wsgi_request.basket.num_lines == 0


@pytest.mark.parametrize("status", [SellerProfile.Status.APPLIED, SellerProfile.Status.SUSPENDED])
def test_a_product_of_a_producer_not_approved_cannot_be_added(client, product, seller, status):
    if status == SellerProfile.Status.SUSPENDED:
        seller_suspend(seller=seller, reason="Dokumen P-IRT kedaluwarsa")
    else:
        SellerProfile.objects.filter(pk=seller.pk).update(status=status)

    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    assert response.status_code == 302
    page = _basket_page(client)
    assert "Produsen sedang tidak menerima pesanan" in page.content.decode()
    assert page.wsgi_request.basket.num_lines == 0


def _to_preview(client, village):
    client.post(reverse("checkout:index"), {"username": "siti@contoh.id", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), address_data(village))
    client.post(reverse("checkout:shipping-method"), {})
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    assert client.get(reverse("checkout:preview")).status_code == 200


def test_a_basket_whose_product_was_withdrawn_cannot_check_out_until_the_line_is_removed(
    client, products, buyer_village
):
    kerupuk, kerudung = products
    fill_basket(client, (kerupuk, 1), (kerudung, 1))
    _to_preview(client, buyer_village)
    _withdraw(kerudung)

    # Every step sends the buyer back to the basket, naming the line.
    for step in ("checkout:shipping-address", "checkout:shipping-method", "checkout:preview"):
        response = client.get(reverse(step))
        assert response["Location"] == reverse("basket:summary"), step
    placing = client.post(reverse("checkout:preview"))
    assert placing["Location"] == reverse("basket:summary")
    assert not Order.objects.exists()

    page = _basket_page(client)
    content = page.content.decode()
    assert "Kerudung Bordir sudah tidak dijual. Hapus dari keranjang untuk melanjutkan." in content

    # The basket page offers to remove it (Oscar's line formset); then checkout goes on.
    formset = page.context["formset"]
    data = {f"{formset.prefix}-{name}": value for name, value in formset.management_form.initial.items()}
    for form in formset:
        data[f"{form.prefix}-id"] = form.instance.pk
        data[f"{form.prefix}-quantity"] = form.instance.quantity
        if form.instance.product_id == kerudung.pk:
            data[f"{form.prefix}-DELETE"] = "on"
    assert client.post(reverse("basket:summary"), data).status_code == 302
    assert client.get(reverse("checkout:preview")).status_code == 200
    assert client.post(reverse("checkout:preview")).status_code == 302
    assert [line.product_id for line in Order.objects.get().lines.all()] == [kerupuk.pk]


def test_placing_the_order_is_refused_when_the_product_was_withdrawn_meanwhile(products, buyer_village):
    """order_place's own check, under its row locks: the product was hidden after the
    checkout pages last looked."""
    kerupuk = products[0]
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(kerupuk, 1)
    _withdraw(kerupuk)

    with pytest.raises(ValidationError, match="sedang tidak dijual"):
        order_place(
            basket=basket,
            user=None,
            email="siti@contoh.id",
            address={"first_name": "Siti", "line1": "Jl. Melati 5", "postcode": "45223"},
            village=buyer_village,
            shipping_choices={},
            payment_method_code="bank_transfer",
        )
    assert not Order.objects.exists()
