"""Complaints on a producer's part: when they may be opened, the money held meanwhile, the
producer's offers, the buyer's answer, staff's decision, and what the ledger shows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from complaints import services
from complaints.models import Complaint, ComplaintEvent
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from ledger.models import LedgerEntry
from ledger.selectors import seller_balances
from payment.models import PaymentRefund
from tests.complaints.conftest import deliver, parts, ship, token_of, wib
from tests.factories import SellerProfileFactory
from tests.images import jpeg_with_gps

pytestmark = pytest.mark.django_db

Status = Complaint.Status


def complaint_urls(seller_order) -> tuple[str, str]:
    args = [seller_order.order.number, token_of(seller_order.order), seller_order.number]
    return reverse("orders:complaint-open", args=args), reverse("orders:complaint", args=args)


def net(seller_order) -> Decimal:
    return seller_order.total - seller_order.lines_total / 10


def open_complaint(seller_order, reason=Complaint.Reason.DAMAGED, now=None) -> Complaint:
    return services.complaint_open(
        seller_order=seller_order, reason=reason, description="Toplesnya pecah", now=now
    )


def test_buyer_opens_a_complaint_with_a_photo_whose_exif_and_gps_are_gone(
    client, paid, django_capture_on_commit_callbacks
):
    first, _ = parts(paid)
    deliver(first)
    open_url, page_url = complaint_urls(first)
    order_page = client.get(
        reverse("checkout:order-status", args=[paid.number, token_of(paid)])
    ).content.decode()
    assert open_url in order_page and "Ajukan komplain" in order_page

    photo = jpeg_with_gps()
    with Image.open(photo) as original:
        assert original.getexif().get_ifd(0x8825)  # the phone's GPS position is in the upload
    photo.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            open_url, {"reason": "damaged", "description": "Toplesnya pecah", "photos": [photo]}
        )
    assert response.status_code == 302 and response["Location"] == page_url
    complaint = Complaint.objects.get()
    stored = complaint.photos.get()
    assert "foto" not in stored.image.name.rsplit("/", 1)[1]  # never the buyer's file name
    with Image.open(stored.image.path) as cleaned:
        exif = cleaned.getexif()
        assert not exif.get_ifd(0x8825) and 0x010F not in exif  # no GPS, no phone maker
        assert max(cleaned.size) <= 1600
    first.refresh_from_db()
    assert first.escrow_paused
    assert complaint.deadline is not None
    # The producer hears of it; the buyer's page shows the thread and no "Pesanan diterima".
    assert any(first.seller.user.email in message.to for message in mail.outbox)
    page = client.get(page_url).content.decode()
    assert "Toplesnya pecah" in page and "Menunggu jawaban produsen" in page
    order_page = client.get(
        reverse("checkout:order-status", args=[paid.number, token_of(paid)])
    ).content.decode()
    assert "ada komplain terbuka" in order_page and "Lihat komplain" in order_page


def test_a_file_that_is_not_a_photo_gets_a_message(client, paid):
    first, _ = parts(paid)
    deliver(first)
    open_url, _ = complaint_urls(first)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("foto.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(open_url, {"reason": "damaged", "description": "x", "photos": [fake]})
    assert response.status_code == 400 and "bukan foto" in response.content.decode()
    assert not Complaint.objects.exists()


def test_complaints_open_within_the_window_or_for_not_arrived_after_shipping(paid, settings):
    first, second = parts(paid)
    ship(first)
    with pytest.raises(Exception, match="belum sampai"):
        open_complaint(first, reason=Complaint.Reason.DAMAGED)
    assert open_complaint(first, reason=Complaint.Reason.NOT_ARRIVED).status == Status.OPEN
    deliver(second, at=timezone.now() - timedelta(hours=settings.COMPLAINT_WINDOW_HOURS, minutes=1))
    with pytest.raises(Exception, match="sudah lewat"):
        open_complaint(second)
    SellerOrder.objects.filter(pk=second.pk).update(delivered_at=timezone.now() - timedelta(hours=47))
    second.refresh_from_db()
    assert open_complaint(second).status == Status.OPEN


def test_escrow_auto_release_skips_a_part_with_an_open_complaint(paid, settings):
    first, second = parts(paid)
    long_ago = timezone.now() - timedelta(days=settings.ESCROW_RELEASE_DAYS_AFTER_DELIVERY + 1)
    deliver(first, at=timezone.now())
    deliver(second, at=long_ago)
    open_complaint(first)
    SellerOrder.objects.filter(pk=first.pk).update(delivered_at=long_ago)
    released = fulfilment_services.seller_orders_release_due()
    assert [part.pk for part in released] == [second.pk]
    assert seller_balances(seller=first.seller).available == 0
    with pytest.raises(Exception, match="komplain terbuka"):
        fulfilment_services.seller_order_confirm_received(seller_order=first)


def test_partial_refund_accepted_refunds_from_held_money_and_releases_the_rest(
    client, paid, django_capture_on_commit_callbacks
):
    first, _ = parts(paid)
    deliver(first)
    complaint = open_complaint(first)
    client.force_login(first.seller.user)
    answer_url = reverse("sellers:portal-complaint", args=[first.number])
    response = client.post(answer_url, {"answer": "partial_refund", "amount": "", "note": ""})
    assert response.status_code == 400 and "Isi jumlah dalam Rupiah" in response.content.decode()
    response = client.post(
        answer_url, {"answer": "partial_refund", "amount": str(int(first.total)), "note": ""}
    )
    assert response.status_code == 400 and "Pengembalian sebagian antara" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            answer_url, {"answer": "partial_refund", "amount": "20000", "note": "Maaf, satu toples pecah"}
        )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.offer_amount) == (Status.OFFERED, Decimal("20000"))
    assert mail.outbox and mail.outbox[0].to == [paid.email]  # the buyer, in the order's language
    client.logout()

    _, page_url = complaint_urls(first)
    assert "Rp\xa020.000" in client.get(page_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_url, {"action": "accept"})
    # Paid by bank transfer: the buyer is asked where the refund goes (the payment app's form).
    assert response["Location"] == reverse("payment:refund-account", args=[paid.number, token_of(paid)])
    complaint.refresh_from_db()
    first.refresh_from_db()
    assert complaint.status == Status.RESOLVED and complaint.refunded_amount == Decimal("20000")
    assert not first.escrow_paused
    assert PaymentRefund.objects.get().amount == Decimal("20000")
    entries = {entry.kind + ":" + entry.account: entry.amount for entry in first.ledger_entries.all()}
    assert entries["refund:held"] == Decimal("-20000")  # out of the held money
    assert entries["commission_reversal:held"] == Decimal("2000")
    rest = net(first) - Decimal("20000") + Decimal("2000")
    assert entries["release:held"] == -rest and entries["release:available"] == rest
    balances = seller_balances(seller=first.seller)
    assert (balances.held, balances.available) == (0, rest)
    release = first.ledger_entries.get(kind="release", account="available")
    assert release.reference == LedgerEntry.ReleaseReason.COMPLAINT_SETTLED
    kinds = list(complaint.events.values_list("kind", flat=True))
    assert kinds == ["opened", "offered", "accepted", "refunded", "released"]


def test_producer_silent_past_two_working_days_goes_to_staff_on_its_own(paid):
    first, _ = parts(paid)
    friday = wib(2026, 12, 4, 15, 0)
    deliver(first, at=friday - timedelta(hours=1))
    complaint = open_complaint(first, now=friday)
    assert complaint.deadline == friday + timedelta(days=4)  # Tuesday 15:00: the weekend is skipped
    assert services.complaints_enforce_deadlines(now=friday + timedelta(days=3, hours=23)) == []
    moved = services.complaints_enforce_deadlines(now=complaint.deadline)
    assert [(c.pk, what) for c, what in moved] == [(complaint.pk, "escalated")]
    complaint.refresh_from_db()
    assert complaint.status == Status.ESCALATED and complaint.deadline is None
    assert complaint.events.last().kind == ComplaintEvent.Kind.AUTO_ESCALATED
    assert services.complaints_enforce_deadlines(now=complaint.created_at + timedelta(days=30)) == []


def test_buyer_may_escalate_once_a_silent_producers_deadline_passed(paid):
    first, _ = parts(paid)
    deliver(first)
    complaint = open_complaint(first)
    with pytest.raises(Exception, match="setelah produsen menjawab"):
        services.complaint_escalate(complaint=complaint)
    Complaint.objects.filter(pk=complaint.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    assert services.complaint_escalate(complaint=complaint).status == Status.ESCALATED


def test_buyer_silent_after_an_offer_accepts_it_on_its_own(paid, settings):
    first, _ = parts(paid)
    deliver(first)
    complaint = open_complaint(first)
    offered_at = timezone.now()
    complaint = services.complaint_offer(complaint=complaint, offer="full_refund", now=offered_at)
    assert complaint.offer_amount == first.total
    assert complaint.deadline == offered_at + timedelta(hours=settings.COMPLAINT_BUYER_RESPONSE_HOURS)
    assert services.complaints_enforce_deadlines(now=complaint.deadline - timedelta(minutes=1)) == []
    call_command("enforce_complaint_deadlines")  # the scheduler's job: not due yet, nothing moves
    complaint.refresh_from_db()
    assert complaint.status == Status.OFFERED
    services.complaints_enforce_deadlines(now=complaint.deadline)
    complaint.refresh_from_db()
    first.refresh_from_db()
    assert complaint.status == Status.RESOLVED
    assert complaint.events.filter(kind=ComplaintEvent.Kind.AUTO_ACCEPTED).exists()
    assert first.status == SellerOrder.Status.REFUNDED
    assert (
        seller_balances(seller=first.seller).held == 0 and seller_balances(seller=first.seller).available == 0
    )


def test_buyer_silent_after_a_rejection_closes_it_and_the_producer_is_paid(paid):
    first, _ = parts(paid)
    deliver(first)
    complaint = open_complaint(first)
    with pytest.raises(Exception, match="alasan penolakan"):
        services.complaint_reject(complaint=complaint, reason=" ")
    complaint = services.complaint_reject(complaint=complaint, reason="Foto menunjukkan barang utuh")
    services.complaints_enforce_deadlines(now=complaint.deadline + timedelta(seconds=1))
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED and not PaymentRefund.objects.exists()
    assert seller_balances(seller=first.seller).available == net(first)


def test_escalated_complaint_decided_by_staff_with_return_shipping_on_the_producer(
    client, staff_browser, paid, django_capture_on_commit_callbacks
):
    first, _ = parts(paid)
    deliver(first)
    complaint = open_complaint(first, reason=Complaint.Reason.WRONG_ITEM)
    services.complaint_offer(
        complaint=complaint, offer="exchange", return_courier="JNE", return_tracking_number="RETUR123"
    )
    _, page_url = complaint_urls(first)
    client.post(page_url, {"action": "escalate", "text": "Saya mau uang kembali"})
    complaint.refresh_from_db()
    assert complaint.status == Status.ESCALATED

    listing = staff_browser.get(reverse("complaints-dashboard:list")).content.decode()
    assert first.number in listing and "giliran staf" in listing
    decide = reverse("complaints-dashboard:detail", args=[complaint.pk])
    too_much = {
        "refund_amount": str(int(first.total)),
        "return_shipping_payer": "producer",
        "return_shipping_amount": "15000",
        "note": "Barang salah kirim",
    }
    response = staff_browser.post(decide, too_much)
    assert response.status_code == 400 and "paling banyak" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_browser.post(decide, {**too_much, "refund_amount": "30000"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED and complaint.refunded_amount == Decimal("45000")
    assert complaint.return_shipping_payer == "producer"
    assert PaymentRefund.objects.get().amount == Decimal("45000")  # the refund and the return postage
    release = first.ledger_entries.get(kind="release", account="available")
    assert release.reference == LedgerEntry.ReleaseReason.COMPLAINT  # issue 16's staff release
    assert release.created_by.is_staff
    recipients = {address for message in mail.outbox for address in message.to}
    assert paid.email in recipients and first.seller.user.email in recipients  # both sides told


def test_each_producer_sees_only_their_complaints_and_staff_filter_by_producer_and_village(
    client, staff_browser, paid
):
    first, second = parts(paid)
    deliver(first)
    deliver(second)
    open_complaint(first)
    open_complaint(second, reason=Complaint.Reason.MISSING_ITEMS)
    client.force_login(first.seller.user)
    listing = client.get(reverse("sellers:portal-complaints")).content.decode()
    assert first.number in listing and second.number not in listing
    assert client.get(reverse("sellers:portal-complaint", args=[second.number])).status_code == 404
    assert (
        client.post(
            reverse("sellers:portal-complaint", args=[second.number]), {"answer": "reject", "note": "x"}
        ).status_code
        == 404
    )
    client.force_login(SellerProfileFactory().user)
    assert client.get(reverse("sellers:portal-complaint", args=[first.number])).status_code == 404

    url = reverse("complaints-dashboard:list")
    by_seller = staff_browser.get(url, {"seller": second.seller.pk}).content.decode()
    assert second.number in by_seller and first.number not in by_seller
    by_village = staff_browser.get(url, {"village": first.seller.village.pk}).content.decode()
    assert first.number in by_village and second.number not in by_village
    assert client.get(url).status_code in (302, 403)  # not staff


def test_complaint_e_mails_reach_an_english_buyer_in_english(paid, django_capture_on_commit_callbacks):
    first, _ = parts(paid)
    paid.language = "en"
    paid.save(update_fields=["language"])
    deliver(first)
    complaint = open_complaint(first)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_reject(complaint=complaint, reason="Barang utuh")
    (message,) = mail.outbox
    assert message.to == [paid.email]
    assert "Complaint" in message.subject and "Komplain" not in message.subject


def test_receive_buttons_refuse_a_part_with_an_open_complaint(client, paid):
    first, _ = parts(paid)
    ship(first)
    open_complaint(first, reason=Complaint.Reason.NOT_ARRIVED)
    order_page = reverse("checkout:order-status", args=[paid.number, token_of(paid)])
    response = client.post(order_page, {"seller_order": first.number}, follow=True)
    assert "komplain terbuka" in response.content.decode()
    receipt = reverse("orders:receipt-confirm", args=[paid.number, token_of(paid), first.number])
    response = client.post(receipt, follow=True)
    assert "komplain terbuka" in response.content.decode()
    assert seller_balances(seller=first.seller).available == 0
