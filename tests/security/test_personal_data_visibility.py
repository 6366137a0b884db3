"""Addresses, phone numbers and bank accounts are shown only to the people who need them."""

import pytest
from django.urls import reverse

from order.tokens import order_status_token
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db

BUYER_PHONE = "+6281298765432"  # tests.factories.orders.shipping_address
BUYER_STREET = "Jl. Melati No. 5"


@pytest.fixture
def seller_with_bank(db):
    return SellerProfileFactory(
        whatsapp="+6281234500011",
        bank_name="BRI",
        bank_account_name="Warsini",
        bank_account_number="0123456789012",
    )


def test_public_pages_never_show_a_producers_whatsapp_or_bank_account(client, seller_with_bank):
    product = ProductFactory(seller=seller_with_bank, title="Kerupuk Udang")
    for url in (seller_with_bank.get_absolute_url(), product.get_absolute_url(), reverse("sellers:list")):
        html = client.get(url).content.decode()
        assert "+6281234500011" not in html, url
        assert "0123456789012" not in html, url
        assert "Warsini" not in html, url


def test_staff_see_the_bank_account_masked(staff_client, seller_with_bank):
    html = staff_client.get(
        reverse("sellers-dashboard:seller-detail", args=[seller_with_bank.pk])
    ).content.decode()
    assert "0123456789012" not in html
    assert "9012" in html


def test_a_producer_sees_the_buyers_address_of_their_own_orders_only(client, seller_with_bank):
    other = SellerProfileFactory()
    order, (seller_order,) = order_with_lines((ProductFactory(seller=seller_with_bank), 1))

    client.force_login(other.user)
    response = client.get(reverse("sellers:portal-order", args=[seller_order.number]))
    assert response.status_code == 404
    assert BUYER_PHONE not in client.get(reverse("sellers:portal-orders")).content.decode()

    client.force_login(seller_with_bank.user)
    html = client.get(reverse("sellers:portal-order", args=[seller_order.number])).content.decode()
    assert BUYER_PHONE in html  # needed to deliver


def test_order_page_needs_its_secret_link(client, product):
    order, _ = order_with_lines((product, 1))
    from payment.services import payment_create

    payment_create(order=order, method_code="bank_transfer")
    wrong = client.get(
        reverse("checkout:order-status", args=[order.number, "0" * len(order_status_token(order))])
    )
    assert wrong.status_code == 404

    right = client.get(reverse("checkout:order-status", args=[order.number, order_status_token(order)]))
    assert right.status_code == 200


def test_buyers_see_only_their_own_orders(client, product):
    owner, stranger = UserFactory(), UserFactory()
    order, _ = order_with_lines((product, 1), user=owner)

    client.force_login(stranger)
    assert client.get(reverse("customer:order", args=[order.number])).status_code == 404
    assert BUYER_STREET not in client.get(reverse("customer:order-list")).content.decode()
