"""Issue 21: after a market day a cooperative updates many products' prices and stock in one
form: one save, each bad cell's error shown beside it, nothing saved when any is bad."""

import re

import pytest
from django.urls import reverse

from fulfilment.services import seller_order_ship
from sellers.models import AuditLogEntry
from tests.factories import ProductFactory
from tests.factories.orders import order_with_lines
from tests.portal.listings_files import cooperative_with_members

pytestmark = pytest.mark.django_db

PAGE = reverse("sellers:portal-stock-prices")


def form_data(response, **cells) -> dict:
    """The form's inputs as the browser sends them; cells maps "title:field" to a new value."""
    formset = response.context["formset"]
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(formset.total_form_count()),
        f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
    }
    for form in formset.forms:
        for field in form:
            value = field.value()
            data[field.html_name] = "" if value is None else str(value)
        for name in ("price", "num_in_stock"):
            key = f"{form.product.title}:{name}"
            if key in cells:
                data[form[name].html_name] = str(cells[key])
    return data


@pytest.fixture
def coop(client):
    operator, members, outsider = cooperative_with_members()
    client.force_login(operator)
    products = [
        ProductFactory(seller=members[0], title="Kerupuk Ikan", price=20000, num_in_stock=10),
        ProductFactory(seller=members[1], title="Sirup Mangga", price=35000, num_in_stock=4),
        ProductFactory(seller=members[2], title="Tas Pandan", price=90000, num_in_stock=2),
    ]
    theirs = ProductFactory(seller=outsider, title="Produk Orang Lain", price=10000, num_in_stock=1)
    return operator, members, products, theirs


def stock_and_price(product):
    record = product.stockrecords.get()
    return int(record.price), record.num_in_stock


def test_the_operator_saves_every_members_price_and_stock_at_once(client, coop):
    operator, _members, (kerupuk, sirup, tas), theirs = coop
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kerupuk Ikan" in html and "Tas Pandan" in html
    assert "Produk Orang Lain" not in html  # not a member's

    data = form_data(
        page, **{"Kerupuk Ikan:num_in_stock": 3, "Sirup Mangga:price": 37500, "Tas Pandan:num_in_stock": 0}
    )
    response = client.post(PAGE, data)

    assert response.status_code == 302
    assert stock_and_price(kerupuk) == (20000, 3)
    assert stock_and_price(sirup) == (37500, 4)
    assert stock_and_price(tas) == (90000, 0)
    assert stock_and_price(theirs) == (10000, 1)
    entries = AuditLogEntry.objects.filter(action="product_update", actor=operator)
    assert entries.count() == 3  # the products that changed, each for its member


def test_one_bad_cell_saves_nothing_and_is_shown_beside_its_input(client, coop):
    _operator, _members, (kerupuk, sirup, tas), _theirs = coop
    data = form_data(client.get(PAGE), **{"Kerupuk Ikan:num_in_stock": 3, "Sirup Mangga:price": 50})
    response = client.post(PAGE, data)

    assert response.status_code == 400
    html = response.content.decode()
    row = re.search(rf'<li class="item stock-row" id="produk-{sirup.pk}">(.*?)</li>', html, re.S).group(1)
    assert "has-error" in row and 'role="alert"' in row
    assert 'value="50"' in row  # what was typed stays in its cell
    assert stock_and_price(kerupuk) == (20000, 10)  # the good cell was not saved either
    assert stock_and_price(sirup) == (35000, 4)


def test_a_stock_that_moved_since_the_page_was_opened_is_not_overwritten(client, coop):
    _operator, _members, (kerupuk, sirup, _tas), _theirs = coop
    data = form_data(client.get(PAGE), **{"Kerupuk Ikan:num_in_stock": 12, "Sirup Mangga:price": 36000})
    _order, (seller_order,) = order_with_lines((kerupuk, 1))
    seller_order_ship(seller_order=seller_order, courier="JNE", tracking_number="JNE0001")

    response = client.post(PAGE, data)

    assert response.status_code == 409
    assert "sekarang 9" in response.content.decode()
    assert stock_and_price(kerupuk) == (20000, 9)
    assert stock_and_price(sirup) == (35000, 4)  # all or nothing
    again = client.post(PAGE, form_data(response))
    assert again.status_code == 302
    assert stock_and_price(sirup) == (36000, 4)


def test_a_producer_sees_and_saves_only_its_own_products(client, coop):
    _operator, _members, (kerupuk, _sirup, _tas), theirs = coop
    owner = theirs.stockrecords.get().partner.seller_profile.user
    client.force_login(owner)
    page = client.get(PAGE)
    assert [form.product for form in page.context["formset"].forms] == [theirs]
    data = form_data(page)
    # A hand-made request naming a member's product in the row of its own is refused.
    data["produk-0-product"] = str(kerupuk.pk)
    data["produk-0-price"] = "1000"
    response = client.post(PAGE, data)
    assert response.status_code == 400
    assert stock_and_price(kerupuk) == (20000, 10)
    assert stock_and_price(theirs) == (10000, 1)


def test_a_made_to_order_product_has_no_stock_cell(client, coop):
    _operator, members, _products, _theirs = coop
    made = ProductFactory(seller=members[0], title="Batik Tulis", price=250000, num_in_stock=None)
    made.made_to_order = True
    made.save()
    page = client.get(PAGE)
    data = form_data(page, **{"Batik Tulis:price": 260000})
    assert client.post(PAGE, data).status_code == 302
    assert stock_and_price(made) == (260000, None)
