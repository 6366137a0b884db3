"""Oscar's checkout gateway works without JavaScript (issue #14): the password box is not
``required`` in the HTML, so "tamu" can be sent, and the server still asks for the password
when the buyer says they have an account."""

import re

import pytest
from django.urls import reverse

from tests.checkout.conftest import fill_basket

pytestmark = pytest.mark.django_db


def test_gateway_password_box_is_not_required_in_the_html(client, product):
    fill_basket(client, (product, 1))

    page = client.get(reverse("checkout:index")).content.decode()

    password_input = re.search(r'<input[^>]*name="password"[^>]*>', page).group(0)
    assert "required" not in password_input


def test_returning_customer_without_a_password_is_asked_for_it(client, product):
    fill_basket(client, (product, 1))

    response = client.post(
        reverse("checkout:index"), {"username": "a@contoh.id", "options": "existing", "password": ""}
    )

    assert response.status_code == 200
    assert "password" in response.context["form"].errors


def test_guest_goes_on_without_a_password(client, product):
    fill_basket(client, (product, 1))

    response = client.post(reverse("checkout:index"), {"username": "a@contoh.id", "options": "anonymous"})

    assert response.status_code == 302
    assert response["Location"].endswith(reverse("checkout:shipping-address"))
