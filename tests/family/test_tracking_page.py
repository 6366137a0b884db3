"""The family's tracking page: no login, no prices; each producer's part with its status, and
the courier and resi once shipped."""

import pytest
from django.test import Client
from django.urls import reverse

from fulfilment import services as fulfilment_services
from payment.services import payment_mark_succeeded

pytestmark = pytest.mark.django_db


def test_the_family_follows_each_part_without_login_or_prices(family_order):
    payment_mark_succeeded(payment=family_order.payment)
    warsini = family_order.seller_orders.get(seller__name="Dapur Bu Warsini")
    fulfilment_services.seller_order_ship(
        seller_order=warsini, courier="JNE", tracking_number="JNE0012345678"
    )
    url = reverse("family:tracking", args=[family_order.family_delivery.token])

    response = Client().get(url)  # the family: nobody signed in, no session
    assert response.status_code == 200
    page = response.content.decode()
    assert "Paket untuk Ibu Sumarni" in page and "Kiriman dari Sri (Hong Kong)" in page
    assert "Selamat ulang tahun, Bu." in page
    assert "2 × Kerupuk Kulit Ikan" in page.replace("&times;", "×")
    assert "JNE0012345678" in page and "Dikirim" in page
    assert "Dibayar, siap diproses" in page  # the other producer's part
    content = page.split('id="family-gift"', 1)[1].split("</main>", 1)[0]
    assert "Rp" not in content  # no price, no total, no shipping charge
    assert "Jl. Melati" not in page  # the street stays off a page anyone with the link can open
    assert 'name="robots" content="noindex, nofollow"' in page


def test_a_wrong_token_finds_nothing(client, family_order):
    assert client.get(reverse("family:tracking", args=["bukan-token"])).status_code == 404
    token = family_order.family_delivery.token
    assert client.get(reverse("family:photo", args=[token, "TIDAK-ADA"])).status_code == 404
