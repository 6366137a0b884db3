""" "Buat pesanan" sent more than once places one order, and every copy lands on its page
(issue 15, item 10a): no 500 from Oscar's "Sudah ada pesanan dengan nomor …"."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from order.tokens import order_status_token
from tests.checkout.conftest import checkout_to_preview, fill_basket

Order = get_model("order", "Order")

CLICKS = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_place_order_posts_make_one_order_and_all_land_on_it(client, products, buyer_village):
    kerupuk, _kerudung = products
    fill_basket(client, (kerupuk, 2))
    checkout_to_preview(client, buyer_village)

    start = threading.Barrier(CLICKS)
    answers: list = []
    lock = threading.Lock()

    def click() -> None:
        close_old_connections()
        tab = Client()
        tab.cookies = client.cookies  # the same browser: one session, one basket
        try:
            start.wait(timeout=30)
            response = tab.post(reverse("checkout:preview"))
            answer = (response.status_code, response.get("Location", ""))
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            answer = ("error", repr(exc))
        finally:
            connection.close()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=click) for _ in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    (order,) = Order.objects.all()
    order_page = reverse("checkout:order-status", args=[order.number, order_status_token(order)])
    assert answers == [(302, order_page)] * CLICKS
    assert order.lines.get().quantity == 2
    assert kerupuk.stockrecords.get().num_allocated == 2


@pytest.mark.django_db
def test_place_order_sent_again_after_it_was_placed_shows_the_order(client, products, buyer_village):
    kerupuk, _kerudung = products
    fill_basket(client, (kerupuk, 1))
    checkout_to_preview(client, buyer_village)
    first = client.post(reverse("checkout:preview"))
    assert first.status_code == 302

    again = client.post(reverse("checkout:preview"), follow=True)

    (order,) = Order.objects.all()
    assert again.redirect_chain[-1][0] == first["Location"]
    assert again.status_code == 200
    assert order.number in again.content.decode()
