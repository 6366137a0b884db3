"""Ship-by deadline: a paid part not shipped within its processing days + 2 is flagged to its
producer (portal, e-mail) and staff (dashboard list); SHIP_BY_GRACE_DAYS later the scheduler
cancels and refunds it, its units back on sale, buyer and producer told in their language.
Time moves by passing ``now=``."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from fulfilment.services import seller_orders_flag_late
from payment.models import OrderPayment, PaymentRefund
from payment.ship_by import seller_orders_cancel_overdue

pytestmark = pytest.mark.django_db

Status = SellerOrder.Status
StockRecord = get_model("partner", "StockRecord")


def _allocated(part) -> int:
    line = part.lines().get()
    return StockRecord.objects.get(pk=line.stockrecord_id).num_allocated


def test_a_part_is_late_only_after_its_processing_days_plus_two(
    only_kerupuk_open, django_capture_on_commit_callbacks
):
    kerupuk_part = only_kerupuk_open
    ship_by = kerupuk_part.paid_at + timedelta(days=kerupuk_part.dispatch_days + 2)
    assert kerupuk_part.ship_by == ship_by

    assert seller_orders_flag_late(now=ship_by - timedelta(minutes=1)) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        flagged = seller_orders_flag_late(now=ship_by + timedelta(minutes=1))

    assert [part.pk for part in flagged] == [kerupuk_part.pk]
    kerupuk_part.refresh_from_db()
    assert kerupuk_part.late_flagged_at is not None
    assert kerupuk_part.status == Status.PAID  # flagged, not yet cancelled
    (notice,) = [message for message in mail.outbox if kerupuk_part.number in message.subject]
    assert notice.to == [kerupuk_part.seller.user.email]
    assert "belum dikirim" in notice.subject
    assert reverse("sellers:portal-order", args=[kerupuk_part.number]) in notice.body
    # The scheduler runs again: nobody is told twice.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert seller_orders_flag_late(now=ship_by + timedelta(hours=1)) == []
    assert mail.outbox == []


def test_a_shipped_part_is_never_late(only_kerupuk_open):
    kerupuk_part = only_kerupuk_open
    fulfilment_services.seller_order_hand_over(seller_order=kerupuk_part, tracking_number="CGK1A2345678901")

    later = timezone.now() + timedelta(days=30)
    assert seller_orders_flag_late(now=later) == []
    assert seller_orders_cancel_overdue(now=later) == []


def test_late_parts_are_listed_for_the_producer_and_for_staff(client, staff_client, kerupuk_part):
    SellerOrder.objects.filter(pk=kerupuk_part.pk).update(paid_at=timezone.now() - timedelta(days=10))
    seller_orders_flag_late()

    staff_page = staff_client.get(reverse("sellers-dashboard:late-orders")).content.decode()
    assert kerupuk_part.number in staff_page and "Dapur Bu Warsini" in staff_page
    other = kerupuk_part.order.seller_orders.exclude(pk=kerupuk_part.pk).get()
    assert other.number not in staff_page  # paid today: not late

    client.force_login(kerupuk_part.seller.user)
    portal = client.get(reverse("sellers:portal-orders")).content.decode()
    assert "Lewat batas kirim" in portal and kerupuk_part.number in portal
    detail = client.get(kerupuk_part.get_absolute_url()).content.decode()
    assert "Sudah lewat batas kirim" in detail


def test_after_the_grace_period_the_part_is_cancelled_refunded_and_its_stock_returned(
    only_kerupuk_open, settings, django_capture_on_commit_callbacks
):
    kerupuk_part = only_kerupuk_open
    settings.SHIP_BY_GRACE_DAYS = 3
    order = kerupuk_part.order
    order.language = "en"
    order.save(update_fields=["language"])
    assert _allocated(kerupuk_part) == 2
    ship_by = kerupuk_part.ship_by
    seller_orders_flag_late(now=ship_by + timedelta(hours=1))

    assert seller_orders_cancel_overdue(now=ship_by + timedelta(days=3) - timedelta(minutes=1)) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = seller_orders_cancel_overdue(now=ship_by + timedelta(days=3, minutes=1))

    assert [part.pk for part in cancelled] == [kerupuk_part.pk]
    kerupuk_part.refresh_from_db()
    assert kerupuk_part.status == Status.REFUNDED
    assert kerupuk_part.refunded_amount == kerupuk_part.total
    assert _allocated(kerupuk_part) == 0  # the two packs are on sale again
    refund = PaymentRefund.objects.get(seller_order=kerupuk_part)
    assert refund.amount == kerupuk_part.total and "tidak dikirim" in refund.reason
    payment = OrderPayment.objects.get(order=order)
    assert payment.status == OrderPayment.Status.PARTIALLY_REFUNDED  # the other part goes on
    assert order.seller_orders.exclude(pk=kerupuk_part.pk).get().status == Status.SHIPPED
    # The buyer shopped in English; the producer reads Indonesian.
    to_buyer = [message.subject for message in mail.outbox if message.to == [order.email]]
    assert f"Order {order.number} from Dapur Bu Warsini cancelled, money refunded" in to_buyer
    to_producer = [
        message.subject for message in mail.outbox if message.to == [kerupuk_part.seller.user.email]
    ]
    assert f"Pesanan {kerupuk_part.number} dibatalkan: tidak dikirim tepat waktu" in to_producer
    assert kerupuk_part.events.filter(note__contains="dibatalkan otomatis").exists()
    # The scheduler again: nothing twice.
    assert seller_orders_cancel_overdue(now=ship_by + timedelta(days=10)) == []
    assert PaymentRefund.objects.filter(seller_order=kerupuk_part).count() == 1


def test_the_scheduler_command_flags_and_cancels(kerupuk_part, settings):
    settings.SHIP_BY_GRACE_DAYS = 2
    SellerOrder.objects.filter(pk=kerupuk_part.pk).update(paid_at=timezone.now() - timedelta(days=30))

    call_command("enforce_ship_by")

    kerupuk_part.refresh_from_db()
    assert kerupuk_part.late_flagged_at is not None
    assert kerupuk_part.status == Status.REFUNDED
