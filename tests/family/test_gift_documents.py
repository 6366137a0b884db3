"""A parcel for the family: its packing slip prints the sender's message and no prices, and
the impact dashboard counts it as sent to a family (the family, labels and abroad branches,
wired together)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from payment.services import payment_mark_succeeded
from tests.checkout.conftest import fill_basket
from tests.family.conftest import FAMILY, checkout_for_family
from tests.fulfilment.pdfs import pdf_text

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


def _slip(order, seller_name: str) -> str:
    part = order.seller_orders.get(seller__name=seller_name)
    producer = Client()
    producer.force_login(part.seller.user)
    response = producer.get(reverse("sellers:portal-order-slip", args=[part.number]))
    assert response.status_code == 200
    return " ".join(pdf_text(response.content).split())


def test_the_family_parcels_slip_has_the_gift_message_and_no_prices(family_order):
    payment_mark_succeeded(payment=family_order.payment)
    seller_name = family_order.seller_orders.first().seller.name

    text = _slip(family_order, seller_name)

    assert "Selamat ulang tahun, Bu." in text
    assert "Kiriman dari Sri (Hong Kong)" in text
    assert "Rp" not in text


def test_an_ordinary_parcels_slip_keeps_its_prices(client, products, buyer_village):
    fill_basket(client, (products[0], 2))
    ordinary = {key: value for key, value in FAMILY.items() if key != "family-send_to_family"}
    checkout_for_family(client, buyer_village, family=ordinary)
    order = Order.objects.get(guest_email="sri@contoh.id")
    payment_mark_succeeded(payment=order.payment)

    text = _slip(order, order.seller_orders.get().seller.name)

    assert "Rp" in text and "Selamat ulang tahun" not in text


def test_the_impact_dashboard_counts_orders_sent_to_families(family_order, staff_user):
    family_order.country_of_work = "HK"
    family_order.save(update_fields=["country_of_work"])
    payment_mark_succeeded(payment=family_order.payment)

    staff = Client()
    staff.force_login(staff_user)
    page = staff.get("/cms/dampak/").content.decode()

    assert 'id="family-orders-unknown"' not in page
    hong_kong = re.search(r'<tr data-country="HK">(.*?)</tr>', page, re.S).group(1)
    assert hong_kong.strip().endswith("<td>1</td>")
