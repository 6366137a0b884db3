"""A producer's product form opened before a shipment cannot put the shipped units back
(issue 15, item 10b): 5 in stock → one shipped → 4 → saving the old form must not say 5."""

import pytest
from django.urls import reverse

from fulfilment.services import seller_order_ship
from tests.factories import CategoryFactory, ProductFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db


def _form_data(response, **changes) -> dict:
    """The edit form's fields with the values it shows, as the browser would send them."""
    form = response.context["form"]
    data = {}
    for field in form:
        value = field.value()
        if isinstance(value, bool):
            if value:
                data[field.name] = "on"
        elif value is not None:
            data[field.name] = str(value)
    return {**data, **changes}


@pytest.fixture
def product(seller):
    product = ProductFactory(seller=seller, title="Tas Anyaman", num_in_stock=5)
    product.categories.add(CategoryFactory(name="Kerajinan"))
    return product


def _ship_one(product):
    _order, (seller_order,) = order_with_lines((product, 1))
    seller_order_ship(seller_order=seller_order, courier="JNE", tracking_number="JNE0001")
    assert product.stockrecords.get().num_in_stock == 4


def test_saving_a_form_opened_before_a_shipment_keeps_the_shipped_units_off(client, seller, product):
    client.force_login(seller.user)
    edit = reverse("sellers:portal-product-edit", args=[product.pk])
    stale = _form_data(client.get(edit), price="30000")
    assert stale["num_in_stock"] == "5"
    assert stale["stock_seen"] == "5"

    _ship_one(product)
    response = client.post(edit, stale)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Stok berubah sejak formulir ini dibuka" in page
    assert "sekarang 4" in page
    stockrecord = product.stockrecords.get()
    assert stockrecord.num_in_stock == 4  # not 5 again
    assert stockrecord.price != 30000  # nothing of the stale form was saved
    # The form shown again starts from today's stock: saving it now works.
    fresh = _form_data(response, price="30000")
    assert fresh["num_in_stock"] == fresh["stock_seen"] == "4"
    assert client.post(edit, fresh).status_code == 302
    assert product.stockrecords.get().num_in_stock == 4
    assert product.stockrecords.get().price == 30000


def test_a_restock_typed_on_a_fresh_form_is_saved(client, seller, product):
    client.force_login(seller.user)
    edit = reverse("sellers:portal-product-edit", args=[product.pk])
    _ship_one(product)

    form = _form_data(client.get(edit), num_in_stock="20")

    assert client.post(edit, form).status_code == 302
    assert product.stockrecords.get().num_in_stock == 20
