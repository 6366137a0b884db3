"""Voucher codes at checkout: a guest's discount reaches the order, and a single-use code
used up in someone else's order meanwhile is let go of with a message, not a 500."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from fulfilment.models import SellerOrder
from tests.checkout.conftest import address_data, checkout_as_guest, fill_basket
from tests.factories import UserFactory, VoucherFactory

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Voucher = get_model("voucher", "Voucher")


def _apply(client, voucher):
    response = client.post(reverse("basket:vouchers-add"), {"code": voucher.code})
    assert response.status_code == 302
    assert voucher in client.get(reverse("basket:summary")).wsgi_request.basket.vouchers.all()


def _buyer_at_preview_with(username, voucher, product, village) -> Client:
    """A signed-in buyer with the product and the voucher in the basket, at the last step."""
    client = Client()
    client.force_login(UserFactory(username=username))
    fill_basket(client, (product, 1))
    _apply(client, voucher)
    client.post(reverse("checkout:shipping-address"), address_data(village))
    client.post(reverse("checkout:shipping-method"), {})
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    return client


def test_a_guest_checks_out_with_a_voucher_and_the_order_has_the_discount(client, products, buyer_village):
    voucher = VoucherFactory()
    kerupuk = products[0]
    fill_basket(client, (kerupuk, 2))  # 2 x Rp25.000
    _apply(client, voucher)

    response = checkout_as_guest(client, buyer_village)

    assert response.status_code == 302, response.content.decode()[:2000]
    order = Order.objects.get()
    assert order.user is None and order.guest_email == "siti@contoh.id"
    assert order.total_discount_incl_tax == Decimal("5000")
    assert order.basket_total_incl_tax == Decimal("45000")
    assert [discount.voucher_code for discount in order.discounts.all()] == [voucher.code]
    assert SellerOrder.objects.get(order=order).lines_total == Decimal("45000")
    voucher.refresh_from_db()
    assert voucher.num_orders == 1
    assert voucher.applications.get().user is None


@pytest.mark.parametrize("url_name", ["basket:summary", "checkout:preview"])
def test_a_single_use_voucher_used_up_elsewhere_is_let_go_of_with_a_message(
    products, buyer_village, url_name
):
    voucher = VoucherFactory(usage=Voucher.SINGLE_USE)
    ani = _buyer_at_preview_with("ani", voucher, products[0], buyer_village)
    # Another buyer uses the code up first.
    _buyer_at_preview_with("budi", voucher, products[0], buyer_village).post(reverse("checkout:preview"))
    assert Order.objects.get(user__username="budi").total_discount_incl_tax == Decimal("2500")

    response = ani.get(reverse(url_name))

    assert response.status_code == 200
    assert f"Kode voucher {voucher.code} dilepas dari keranjang" in response.content.decode()
    assert not response.wsgi_request.basket.vouchers.exists()
    # Ani's order goes through, at the full price.
    assert ani.post(reverse("checkout:preview")).status_code == 302
    order = Order.objects.get(user__username="ani")
    assert order.total_discount_incl_tax == 0
    assert order.basket_total_incl_tax == Decimal("25000")


def test_placing_the_order_with_a_voucher_used_up_a_moment_ago_is_refused_with_a_message(
    products, buyer_village
):
    voucher = VoucherFactory(usage=Voucher.SINGLE_USE)
    ani = _buyer_at_preview_with("ani", voucher, products[0], buyer_village)
    assert ani.get(reverse("checkout:preview")).status_code == 200
    # Used up after Ani's preview: her "Buat pesanan" finds it gone and shows the new total.
    budi = _buyer_at_preview_with("budi", voucher, products[0], buyer_village)
    assert budi.post(reverse("checkout:preview")).status_code == 302

    response = ani.post(reverse("checkout:preview"))

    assert response["Location"] == reverse("checkout:preview")
    assert not Order.objects.filter(user__username="ani").exists()
    page = ani.get(reverse("checkout:preview"))
    assert page.status_code == 200
    assert f"Kode voucher {voucher.code} dilepas dari keranjang" in page.content.decode()
