"""50 buyers race for the last units: the row locks must let exactly the stock through."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

from checkout.services import order_place
from tests.factories import ProductFactory, VillageFactory
from tests.factories.shipping import flat_rates

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Basket = get_model("basket", "Basket")
Line = get_model("order", "Line")

BUYERS = 50
STOCK = 3


def test_fifty_concurrent_checkouts_never_oversell_the_last_units():
    product = ProductFactory(title="Kain Songket Sambas", price=Decimal("850000"), num_in_stock=STOCK)
    village = VillageFactory()
    flat_rates(sellers=[product.stockrecords.get().partner.seller_profile], village=village)
    baskets = []
    for _ in range(BUYERS):
        basket = Basket.objects.create()
        basket.strategy = Selector().strategy()
        basket.add_product(product, 1)  # every basket was filled while units looked available
        baskets.append(basket.pk)

    start = threading.Barrier(BUYERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def buy(basket_id: int, n: int) -> None:
        close_old_connections()
        try:
            basket = Basket.objects.get(pk=basket_id)
            basket.strategy = Selector().strategy()
            start.wait(timeout=30)
            order_place(
                basket=basket,
                user=None,
                email=f"pembeli{n}@contoh.id",
                address={
                    "first_name": f"Pembeli {n}",
                    "line1": "Jl. Mawar 1",
                    "line4": "Sambas",
                    "postcode": "79462",
                },
                village=village,
                shipping_choices={},
                payment_method_code="bank_transfer",
            )
            result = "sold"
        except ValidationError:
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=buy, args=(pk, n)) for n, pk in enumerate(baskets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    errors = [outcome for outcome in outcomes if outcome.startswith("error")]
    assert not errors, errors[:3]
    assert outcomes.count("sold") == STOCK
    assert outcomes.count("refused") == BUYERS - STOCK
    sold_units = sum(Line.objects.filter(product=product).values_list("quantity", flat=True))
    stock = product.stockrecords.get()
    assert sold_units == STOCK == stock.num_allocated
    assert stock.num_in_stock - stock.num_allocated == 0
