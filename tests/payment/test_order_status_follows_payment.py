"""An order's status is its payment's: Oscar's dashboard cannot set it apart (issue 14, item 5)."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from fulfilment.models import SellerOrder
from payment.models import OrderPayment
from payment.services import payment_mark_succeeded
from tests.checkout.conftest import checkout_as_guest, fill_basket

pytestmark = pytest.mark.django_db

Status = OrderPayment.Status
Order = get_model("order", "Order")


@pytest.fixture
def placed(products, buyer_village):
    buyer = Client()  # the guest's own browser, apart from staff_client
    fill_basket(buyer, (products[0], 2), (products[1], 1))
    checkout_as_guest(buyer, buyer_village)
    return OrderPayment.objects.select_related("order").get()


def _order_url(payment):
    return reverse("dashboard:order-detail", kwargs={"number": payment.order.number})


def _change_status(staff_client, payment, new_status):
    return staff_client.post(
        _order_url(payment), {"order_action": "change_order_status", "new_status": new_status}
    )


def _allocated(products):
    return [product.stockrecords.get().num_allocated for product in products]


def test_dashboard_paid_goes_through_the_payment_and_tells_the_producers(
    staff_client, placed, django_capture_on_commit_callbacks
):
    response = _change_status(staff_client, placed, "Paid")

    # Routed to the confirmation step that asks for the bank reference; nothing changed yet.
    assert response.status_code == 302
    assert response["Location"] == reverse("payment-dashboard:mark-paid", args=[placed.pk])
    placed.refresh_from_db()
    placed.order.refresh_from_db()
    assert placed.status == Status.PENDING and placed.order.status == "Pending"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(response["Location"], {"reference": "MUTASI-77"})

    placed.refresh_from_db()
    placed.order.refresh_from_db()
    assert placed.status == Status.SUCCEEDED
    assert placed.order.status == "Paid"
    assert {part.status for part in SellerOrder.objects.all()} == {SellerOrder.Status.PAID}
    # Recorded: Oscar's status change, and the payment's own event with who and which reference.
    change = placed.order.status_changes.get()
    assert (change.old_status, change.new_status) == ("Pending", "Paid")
    assert placed.events.get(event_type="paid").payload["reference"] == "MUTASI-77"
    # Each producer heard of it, and the buyer.
    recipients = {address for message in mail.outbox for address in message.to}
    producers = {part.seller.user.email for part in SellerOrder.objects.select_related("seller__user")}
    assert producers <= recipients
    assert "siti@contoh.id" in recipients


def test_dashboard_has_no_free_status_or_line_status_change(staff_client, placed):
    page = staff_client.get(_order_url(placed)).content.decode()
    assert 'id="new_status_select"' not in page  # Oscar's line status select
    assert "<select" not in page.split('id="order-payment-actions"')[1].split("</form>")[0]
    assert reverse("payment-dashboard:mark-paid", args=[placed.pk]) in page

    line = placed.order.lines.first()
    staff_client.post(
        _order_url(placed),
        {
            "line_action": "change_line_statuses",
            "selected_line": [line.pk],
            f"selected_line_qty_{line.pk}": line.quantity,
            "new_status": "Dikirim",
        },
    )
    staff_client.post(
        reverse("dashboard:order-list"),
        {"action": "change_order_statuses", "selected_order": [placed.order.pk], "new_status": "Paid"},
    )
    _change_status(staff_client, placed, "Complete")

    line.refresh_from_db()
    placed.order.refresh_from_db()
    assert line.status == "Menunggu pembayaran"
    assert placed.order.status == "Pending"
    assert not placed.order.status_changes.exists()


def test_dashboard_cancel_cancels_the_payment_the_parts_and_releases_stock(staff_client, placed, products):
    assert _allocated(products) == [2, 1]

    _change_status(staff_client, placed, "Cancelled")

    placed.refresh_from_db()
    placed.order.refresh_from_db()
    assert placed.status == Status.CANCELLED
    assert placed.order.status == "Cancelled"
    assert {part.status for part in SellerOrder.objects.all()} == {SellerOrder.Status.CANCELLED}
    assert _allocated(products) == [0, 0]
    assert placed.events.get(event_type="cancelled").payload["by"] is not None


def test_cancelling_the_payment_of_an_order_set_paid_by_hand_cancels_the_order(staff_client, placed):
    # An order left "Paid" by the old free status form while its payment still waited.
    placed.order.set_status("Paid")

    staff_client.post(reverse("payment-dashboard:detail", args=[placed.pk]), {"action": "cancel"})

    placed.refresh_from_db()
    placed.order.refresh_from_db()
    assert placed.status == Status.CANCELLED
    assert placed.order.status == "Cancelled"


def test_a_paid_order_is_not_cancelled_without_its_refund(staff_client, placed):
    payment_mark_succeeded(payment=placed, reference="X")

    _change_status(staff_client, placed, "Cancelled")

    placed.refresh_from_db()
    placed.order.refresh_from_db()
    assert placed.status == Status.SUCCEEDED and placed.order.status == "Paid"
    assert {part.status for part in SellerOrder.objects.all()} == {SellerOrder.Status.PAID}


def test_partial_refund_is_its_own_status_and_the_order_page_shows_the_refunded_amount(
    staff_client, placed, products
):
    payment_mark_succeeded(payment=placed, reference="X")
    first, second = SellerOrder.objects.order_by("number")
    payment_url = reverse("payment-dashboard:detail", args=[placed.pk])

    staff_client.post(
        payment_url,
        {
            "action": "refund",
            "seller_order": first.number,
            "amount": str(int(first.total)),
            "reason": "rusak",
        },
    )

    placed.refresh_from_db()
    placed.order.refresh_from_db()
    assert placed.status == Status.PARTIALLY_REFUNDED
    assert placed.order.status == "Partially refunded"
    page = staff_client.get(_order_url(placed)).content.decode()
    refunded = f"{int(first.total):,}".replace(",", ".")
    assert refunded in page.split('id="order-refunded-amount"')[1].split("</td>")[0]
    # The refunded part never shipped: its units are back on sale, the other part's are not.
    assert _allocated(products) == [0, 1]

    rest = placed.amount_due - placed.refunded_amount
    staff_client.post(payment_url, {"action": "refund", "amount": str(int(rest)), "reason": "batal"})

    placed.refresh_from_db()
    placed.order.refresh_from_db()
    assert placed.status == Status.REFUNDED and placed.refunded_amount == placed.amount_due
    assert placed.order.status == "Refunded"
    assert _allocated(products) == [0, 0]
    assert [c.new_status for c in placed.order.status_changes.order_by("date_created")] == [
        "Paid",
        "Partially refunded",
        "Refunded",
    ]
    assert placed.refunds.count() == 2
    assert sum(refund.amount for refund in placed.refunds.all()) == placed.amount_due
    assert placed.refunded_amount == Decimal(placed.amount_due)
