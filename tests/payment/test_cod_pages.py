"""The pages cash on delivery adds are valid HTML (the Nu Html Checker, as the main pages):
the payment step saying why COD is not offered, the buyer's COD order, the producer's COD
order with its two forms. Staff's page of blocked buyers is shown, in Oscar's dashboard
layout (whose own menu the checker faults, as on every dashboard page, so it is not checked)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.marketplace.test_valid_html import vnu_errors
from tests.payment import test_cash_on_delivery as cod

pytestmark = pytest.mark.django_db


def test_cod_pages_have_no_html_errors(client, products, buyer_village, cod_producers, tmp_path):
    pages = {}
    payment = cod.place_cod_order(client, products, buyer_village)
    pages["buyer's COD order"] = client.get(reverse("checkout:thank-you"), follow=True).content.decode()
    first, second = cod._parts(payment)
    producer = cod._producer(first.seller)
    cod._ship(producer, first)
    pages["producer's COD order"] = producer.get(
        reverse("sellers:portal-order", args=[first.number])
    ).content.decode()
    cod._cod(producer, first, action="refused")
    other = cod._producer(second.seller)
    cod._ship(other, second)
    cod._cod(other, second, action="refused")
    # Two refusals: the next checkout with this phone says why COD is not offered.
    buyer = Client()
    cod._to_payment_step(buyer, products, buyer_village, email="lagi@contoh.id")
    pages["payment step without COD"] = buyer.get(cod.PAYMENT_PAGE).content.decode()
    assert 'id="not-offered-cod"' in pages["payment step without COD"]
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    blocks = staff.get("/dashboard/cod-diblokir/").content.decode()
    assert 'class="card mb-3 cod-block"' in blocks
    errors = vnu_errors(pages, tmp_path)
    assert not errors, "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in sorted(errors.items())
    )
