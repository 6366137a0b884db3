"""The buyer's double click, the scheduler and a retried task release one part at the same
second: the producer is credited exactly once (row lock plus the unique release entry)."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from ledger.models import LedgerEntry
from ledger.selectors import seller_balances
from ledger.services import ledger_release
from tests.factories import ProductFactory
from tests.factories.orders import order_with_lines

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 4  # each round: two buyer clicks, the scheduler, a retried task, staff


def test_concurrent_releases_credit_the_producer_once(seller, settings):
    settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.10")
    _, (part,) = order_with_lines((ProductFactory(seller=seller, price=40000), 2))
    fulfilment_services.seller_order_ship(seller_order=part, courier="JNE", tracking_number="JNE1")
    fulfilment_services.seller_order_deliver(seller_order=part)
    SellerOrder.objects.filter(pk=part.pk).update(delivered_at=timezone.now() - timedelta(days=3))

    releases = [
        lambda: fulfilment_services.seller_order_confirm_received(
            seller_order=SellerOrder.objects.get(pk=part.pk)
        ),
        lambda: fulfilment_services.seller_order_confirm_received(
            seller_order=SellerOrder.objects.get(pk=part.pk)
        ),
        lambda: fulfilment_services.seller_orders_release_due(),
        lambda: ledger_release(
            seller_order=SellerOrder.objects.get(pk=part.pk), reason="after_delivery", days=2
        ),
        lambda: ledger_release(seller_order=SellerOrder.objects.get(pk=part.pk), reason="complaint"),
    ] * ROUNDS
    start = threading.Barrier(len(releases))
    errors: list[str] = []
    lock = threading.Lock()

    def run(release) -> None:
        close_old_connections()
        try:
            start.wait(timeout=30)
            release()
        except Exception as exc:  # noqa: BLE001 - reported in the assertion below
            with lock:
                errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(release,)) for release in releases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors[:3]
    assert (
        LedgerEntry.objects.filter(seller_order=part, kind="release").count() == 2
    )  # held out, available in
    balances = seller_balances(seller=seller)
    assert (balances.held, balances.available) == (0, Decimal("80000") - Decimal("8000"))
