"""Producers and cooperative operators sign in to look after their orders: without a page to
return to they land in the portal, everyone else where Oscar sends them."""

import pytest
from django.urls import reverse

from tests.factories import SellerProfileFactory, UserFactory
from tests.factories.sellers import CooperativeFactory

PASSWORD = "rahasia-uji-123"


def _sign_in(client, user, next_url=""):
    url = reverse("customer:login") + (f"?next={next_url}" if next_url else "")
    return client.post(
        url,
        {
            "login-username": user.email,
            "login-password": PASSWORD,
            "login-redirect_url": next_url,
            "login_submit": "1",
        },
    )


@pytest.mark.django_db
def test_a_producer_lands_in_the_portal(client):
    seller = SellerProfileFactory()
    response = _sign_in(client, seller.user)
    assert response.status_code == 302
    assert response["Location"] == reverse("sellers:portal")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_a_cooperative_operator_lands_in_the_portal(client):
    cooperative = CooperativeFactory()
    SellerProfileFactory(user=None, cooperative=cooperative)
    operator = UserFactory(username="operator-koperasi")
    cooperative.operators.add(operator)
    response = _sign_in(client, operator)
    assert response["Location"] == reverse("sellers:portal")


@pytest.mark.django_db
def test_a_buyer_lands_on_the_home_page_and_a_producer_with_next_goes_there(client):
    buyer = UserFactory(username="pembeli")
    assert _sign_in(client, buyer)["Location"] == "/"
    client.logout()
    seller = SellerProfileFactory()
    assert _sign_in(client, seller.user, next_url="/basket/")["Location"] == "/basket/"
