"""Placing an order rewrites each of its products' search entries once (core.batching), not
once per saved line and once more per stock allocation, and inside the order's transaction:
the entries show the units just sold as soon as the order commits."""

import pytest

from core import batching
from search import services
from search.models import ProductSearchEntry
from tests.checkout.conftest import checkout_as_guest, fill_basket

pytestmark = pytest.mark.django_db


def test_an_order_of_two_producers_reindexes_its_products_once(client, products, buyer_village, monkeypatch):
    kerupuk, kerudung = products
    fill_basket(client, (kerupuk, 2), (kerudung, 1))
    rewrites = []
    rewrite = services.products_index

    def recorded(*, product_ids):
        rewrites.append(set(product_ids))
        rewrite(product_ids=product_ids)

    monkeypatch.setattr(services, "products_index", recorded)
    response = checkout_as_guest(client, buyer_village)
    assert response.status_code == 302
    assert rewrites == [{kerupuk.pk, kerudung.pk}]
    assert ProductSearchEntry.objects.get(product_id=kerupuk.pk).num_sold == 2


def test_a_batch_gathers_its_work_and_outside_one_it_runs_at_once():
    done = []
    batching.run_batched("probe", [1], done.append)
    assert done == [{1}]
    with batching.batched():
        batching.run_batched("probe", [2, 3], done.append)
        with batching.batched():  # an inner batch leaves the work to the outer one
            batching.run_batched("probe", [3, 4], done.append)
        assert done == [{1}]
    assert done == [{1}, {2, 3, 4}]


def test_a_batch_ended_by_an_error_does_nothing():
    done = []
    with pytest.raises(ValueError), batching.batched():
        batching.run_batched("probe", [1], done.append)
        raise ValueError
    assert done == []
