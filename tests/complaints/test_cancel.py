"""A buyer cancels a producer's part before it is packed (paid: refunded; unpaid: cancelled,
stock back); once packed only the producer can accept the buyer's request."""

import pytest
from django.core import mail
from django.urls import reverse

from complaints.models import CancellationRequest
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from ledger.models import LedgerEntry
from payment.models import OrderPayment, PaymentRefund
from tests.complaints.conftest import parts, ship, token_of
from tests.factories import SellerProfileFactory

pytestmark = pytest.mark.django_db

Status = SellerOrder.Status


def cancel_url(seller_order) -> str:
    order = seller_order.order
    return reverse("orders:cancel", args=[order.number, token_of(order), seller_order.number])


def allocated(product) -> int:
    return product.stockrecords.get().num_allocated or 0


def test_paid_part_cancelled_before_packing_is_refunded_and_its_stock_returns(
    client, paid, products, django_capture_on_commit_callbacks
):
    first, second = parts(paid)
    assert allocated(products[0]) == 2
    page = client.get(reverse("checkout:order-status", args=[paid.number, token_of(paid)])).content.decode()
    assert cancel_url(first) in page and "Batalkan pesanan" in page

    assert "dikembalikan ke cara bayar" in client.get(cancel_url(first)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(first), {"reason": "Salah pilih"})
    # Paid by bank transfer: the buyer now says where the money goes back (the existing form).
    assert response["Location"] == reverse("payment:refund-account", args=[paid.number, token_of(paid)])
    first.refresh_from_db()
    assert first.status == Status.REFUNDED and first.refunded_amount == first.total
    refund = PaymentRefund.objects.get()
    assert (refund.seller_order, refund.amount) == (first, first.total)
    assert OrderPayment.objects.get().status == OrderPayment.Status.PARTIALLY_REFUNDED
    assert allocated(products[0]) == 0 and allocated(products[1]) == 1
    # The refund came out of the held money; nothing was ever available.
    refund_entry = LedgerEntry.objects.get(seller_order=first, kind="refund")
    assert refund_entry.account == "held" and refund_entry.amount == -first.total
    assert CancellationRequest.objects.get().status == CancellationRequest.Status.ACCEPTED
    assert any(
        first.seller.user.email in message.to and first.number in message.subject for message in mail.outbox
    )
    second.refresh_from_db()
    assert second.status == Status.PAID  # the other producer's part goes on


def test_unpaid_order_cancelled_by_the_buyer_returns_its_stock(client, placed, products):
    first, _ = parts(placed)
    assert "seluruh pesanan" in client.get(cancel_url(first)).content.decode()
    response = client.post(cancel_url(first), {"reason": ""})
    assert response.status_code == 302
    assert OrderPayment.objects.get().status == OrderPayment.Status.CANCELLED
    assert set(placed.seller_orders.values_list("status", flat=True)) == {Status.CANCELLED}
    assert allocated(products[0]) == 0 and allocated(products[1]) == 0
    assert not PaymentRefund.objects.exists()


def test_after_packing_the_buyer_only_asks_and_the_producer_accepts(
    client, paid, products, django_capture_on_commit_callbacks
):
    first, _ = parts(paid)
    fulfilment_services.seller_order_pack(seller_order=first)
    assert "Minta pembatalan" in client.get(cancel_url(first)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel_url(first), {"reason": "Tidak jadi"})
    first.refresh_from_db()
    assert first.status == Status.PACKED and not PaymentRefund.objects.exists()  # refused for the buyer alone
    request = CancellationRequest.objects.get(status=CancellationRequest.Status.REQUESTED)
    assert any("Pembeli meminta" in message.body for message in mail.outbox)
    # A second request while the first waits is refused with a message, not a 500.
    response = client.post(cancel_url(first), {"reason": "lagi"}, follow=True)
    assert (
        "Pesanan ini tidak bisa dibatalkan lagi" in response.content.decode() or response.status_code == 200
    )

    answer = reverse("sellers:portal-cancellation-answer", args=[request.pk])
    client.force_login(SellerProfileFactory().user)  # another producer cannot answer it
    assert client.post(answer, {"accept": "1"}).status_code == 404

    client.force_login(first.seller.user)
    assert "Pembeli meminta pembatalan" in client.get(first.get_absolute_url()).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(answer, {"accept": "1", "answer": ""})
    first.refresh_from_db()
    assert first.status == Status.REFUNDED and allocated(products[0]) == 0
    assert PaymentRefund.objects.get().amount == first.total
    assert mail.outbox and mail.outbox[0].to == [paid.email]


def test_producer_refuses_a_request_with_a_reason(client, paid):
    first, _ = parts(paid)
    fulfilment_services.seller_order_pack(seller_order=first)
    client.post(cancel_url(first), {"reason": "Tidak jadi"})
    request = CancellationRequest.objects.get()
    client.force_login(first.seller.user)
    answer = reverse("sellers:portal-cancellation-answer", args=[request.pk])
    response = client.post(answer, {"accept": "0", "answer": ""}, follow=True)
    assert "Tulis alasan penolakan" in response.content.decode()
    client.post(answer, {"accept": "0", "answer": "Sudah diserahkan ke kurir besok pagi"})
    request.refresh_from_db()
    first.refresh_from_db()
    assert request.status == CancellationRequest.Status.REFUSED and first.status == Status.PACKED
    client.logout()
    page = client.get(reverse("checkout:order-status", args=[paid.number, token_of(paid)])).content.decode()
    assert "Ditolak produsen" in page and "Sudah diserahkan ke kurir" in page


def test_a_shipped_part_cannot_be_cancelled(client, paid):
    first, _ = parts(paid)
    ship(first)
    response = client.get(cancel_url(first), follow=True)
    assert "tidak bisa dibatalkan lagi" in response.content.decode()
    response = client.post(cancel_url(first), {"reason": "x"}, follow=True)
    assert "ajukan komplain" in response.content.decode()
    first.refresh_from_db()
    assert first.status == Status.SHIPPED and not PaymentRefund.objects.exists()


def test_a_wrong_link_is_404(client, paid):
    first, _ = parts(paid)
    url = reverse("orders:cancel", args=[paid.number, "salah", first.number])
    assert client.post(url).status_code == 404
