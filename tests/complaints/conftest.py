"""A guest's paid order of two producers, as checkout makes it, and helpers to move its parts."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from checkout.views import order_status_url
from core.times import JAKARTA
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from payment.models import OrderPayment
from payment.services import payment_mark_succeeded
from tests.checkout.conftest import checkout_as_guest, fill_basket


@pytest.fixture
def placed(client, products, buyer_village, settings):
    """Unpaid: 2 × Rp 25.000 from the first producer, 1 × Rp 125.000 from the second,
    Rp 20.000 delivery each, 10 % commission."""
    settings.MARKETPLACE_COMMISSION_RATE = Decimal("0.10")
    fill_basket(client, (products[0], 2), (products[1], 1))
    checkout_as_guest(client, buyer_village)
    return OrderPayment.objects.get().order


@pytest.fixture
def paid(placed):
    return payment_mark_succeeded(payment=placed.payment, reference="MUTASI-1").order


@pytest.fixture
def staff_browser(staff_user):
    """Staff in a client of their own, beside the buyer's and the producer's."""
    staff = Client()
    staff.force_login(staff_user)
    return staff


def parts(order) -> tuple[SellerOrder, SellerOrder]:
    first, second = order.seller_orders.order_by("number")
    return first, second


def token_of(order) -> str:
    return order_status_url(order).rstrip("/").rsplit("/", 1)[1]


def ship(seller_order: SellerOrder) -> SellerOrder:
    return fulfilment_services.seller_order_ship(
        seller_order=seller_order, courier="JNE", tracking_number=f"JNE{seller_order.pk}"
    )


def deliver(seller_order: SellerOrder, at: datetime | None = None) -> SellerOrder:
    seller_order = fulfilment_services.seller_order_deliver(seller_order=ship(seller_order))
    if at is not None:
        SellerOrder.objects.filter(pk=seller_order.pk).update(delivered_at=at)
        seller_order.refresh_from_db()
    return seller_order


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=JAKARTA)


def now() -> datetime:
    return timezone.now()
