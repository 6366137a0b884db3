"""A buyer working abroad is offered card payment (Stripe takes foreign cards); methods that
need an Indonesian bank account, e-wallet or shop counter are hidden unless they ask for
them, with a plain link (no JavaScript needed)."""

import pytest
from django.test import Client
from django.urls import reverse

from checkout.payment_choice import payment_methods_for_visitor
from payment.methods import payment_methods
from tests.checkout.conftest import address_data, fill_basket

pytestmark = pytest.mark.django_db

METHODS = [
    "payment.methods.BankTransfer",
    "payment.methods.StripeCard",
    "payment.midtrans_methods.BcaVirtualAccount",
    "payment.midtrans_methods.GoPay",
]
URL = "/checkout/payment-method/"


@pytest.fixture(autouse=True)
def every_method(settings):
    settings.PAYMENT_METHODS = METHODS


def to_payment_step(client, products, village):
    fill_basket(client, (products[0], 1))
    client.post(reverse("checkout:index"), {"username": "rina@contoh.id", "options": "anonymous"})
    assert client.post(reverse("checkout:shipping-address"), address_data(village)).status_code == 302
    form = client.get(reverse("checkout:shipping-method")).context["form"]
    assert client.post(reverse("checkout:shipping-method"), form.initial).status_code == 302


def offered(response) -> list[str]:
    return list(response.context["form"].methods)


def test_only_card_is_offered_to_a_buyer_in_hong_kong(products, buyer_village):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-HK,en")
    to_payment_step(client, products, buyer_village)
    page = client.get(URL)
    assert offered(page) == ["stripe_card"]
    html = page.content.decode()
    assert "Tampilkan metode pembayaran Indonesia" in html
    assert f'href="{URL}?metode_indonesia=1"' in html
    assert "BCA Virtual Account" not in html and "GoPay" not in html


def test_a_hidden_method_cannot_be_posted_without_asking(products, buyer_village):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-HK,en")
    to_payment_step(client, products, buyer_village)
    response = client.post(URL, {"method": "midtrans_gopay"})
    assert response.status_code == 400
    assert "form" in response.context and response.context["form"].errors


def test_asking_shows_the_indonesian_methods_and_they_can_be_chosen(products, buyer_village):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-HK,en")
    to_payment_step(client, products, buyer_village)
    page = client.get(URL + "?metode_indonesia=1")
    assert offered(page) == [code for code in payment_methods()]
    assert 'name="metode_indonesia" value="1"' in page.content.decode()
    response = client.post(URL, {"method": "midtrans_gopay", "metode_indonesia": "1"})
    assert response.status_code == 302
    # Coming back to the step, the method chosen is still on offer.
    assert "midtrans_gopay" in offered(client.get(URL))


def test_a_buyer_in_indonesia_sees_every_method(products, buyer_village):
    client = Client(HTTP_ACCEPT_LANGUAGE="id-ID,id")
    to_payment_step(client, products, buyer_village)
    page = client.get(URL)
    assert offered(page) == list(payment_methods())
    assert "Tampilkan metode pembayaran Indonesia" not in page.content.decode()


def test_without_card_payment_nothing_is_hidden(settings):
    settings.PAYMENT_METHODS = ["payment.methods.BankTransfer"]
    choice = payment_methods_for_visitor(methods=payment_methods(), from_abroad=True, show_indonesian=False)
    assert list(choice.methods) == ["bank_transfer"] and choice.hidden == 0
