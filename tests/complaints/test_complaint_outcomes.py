"""The ledger follows the outcomes that are not a refund: an accepted "send the missing items"
or exchange keeps the part's money held until the replacement arrives (or its time passes),
and return shipping staff put on the program is booked as the program's cost, outside the
producer's balance."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from complaints import services
from complaints.models import Complaint, ComplaintEvent
from ledger.models import LedgerEntry, ProgramCost
from ledger.selectors import seller_balances
from payment.models import PaymentRefund
from tests.complaints.conftest import deliver, parts
from tests.complaints.test_complaints import complaint_urls, net, open_complaint

pytestmark = pytest.mark.django_db

Status = Complaint.Status
Kind = ComplaintEvent.Kind


def accepted_replacement(paid, offer="send_missing", now=None):
    first, _ = parts(paid)
    deliver(first)
    complaint = open_complaint(first, reason=Complaint.Reason.MISSING_ITEMS)
    extra = {"return_courier": "JNE", "return_tracking_number": "RETUR123"} if offer == "exchange" else {}
    complaint = services.complaint_offer(complaint=complaint, offer=offer, **extra)
    return first, services.complaint_accept(complaint=complaint, now=now)


@pytest.mark.parametrize("offer", ["send_missing", "exchange"])
def test_an_accepted_replacement_keeps_the_money_held_until_it_arrives(
    client, paid, offer, settings, django_capture_on_commit_callbacks
):
    accepted_at = timezone.now()
    first, complaint = accepted_replacement(paid, offer, now=accepted_at)
    assert complaint.status == Status.REPLACING
    assert complaint.deadline == accepted_at + timedelta(days=settings.COMPLAINT_REPLACEMENT_DAYS)
    first.refresh_from_db()
    assert first.escrow_paused
    assert not first.ledger_entries.filter(kind=LedgerEntry.Kind.RELEASE).exists()
    assert seller_balances(seller=first.seller).available == 0  # still held: the buyer has nothing yet

    # The producer records the replacement's waybill in the portal; the buyer is e-mailed it.
    client.force_login(first.seller.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sellers:portal-complaint", args=[first.number]),
            {"action": "replacement_ship", "courier": "JNE", "tracking_number": "jne 0112 2334 45"},
        )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.replacement_tracking_number == "JNE011223344 5".replace(" ", "")
    assert [message.to for message in mail.outbox] == [[paid.email]]
    assert "JNE0112233445" in mail.outbox[0].body
    assert complaint.status == Status.REPLACING and seller_balances(seller=first.seller).available == 0
    client.logout()

    # The buyer says it arrived: the money is released, and the thread says so.
    _, page_url = complaint_urls(first)
    assert "JNE0112233445" in client.get(page_url).content.decode()
    client.post(page_url, {"action": "replacement_received"})
    complaint.refresh_from_db()
    first.refresh_from_db()
    assert complaint.status == Status.RESOLVED and not first.escrow_paused
    assert seller_balances(seller=first.seller) == seller_balances(seller=first.seller).__class__(
        held=Decimal(0), available=net(first), paid_out=Decimal(0)
    )
    release = first.ledger_entries.get(kind="release", account="available")
    assert release.reference == LedgerEntry.ReleaseReason.COMPLAINT_SETTLED
    assert list(complaint.events.values_list("kind", flat=True)) == [
        "opened",
        "offered",
        "accepted",
        "replacement_shipped",
        "replacement_received",
        "released",
    ]


def test_a_shipped_replacement_nobody_reports_counts_as_arrived_after_its_days(paid):
    first, complaint = accepted_replacement(paid)
    shipped_at = timezone.now()
    complaint = services.complaint_replacement_ship(
        complaint=complaint, courier="SiCepat", tracking_number="004455667788", now=shipped_at
    )
    due = complaint.deadline
    assert services.complaints_enforce_deadlines(now=due - timedelta(minutes=1)) == []
    assert seller_balances(seller=first.seller).available == 0
    moved = services.complaints_enforce_deadlines(now=due)
    assert [(c.pk, what) for c, what in moved] == [(complaint.pk, "released")]
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED
    assert complaint.events.filter(kind=Kind.AUTO_REPLACEMENT_RECEIVED).exists()
    assert seller_balances(seller=first.seller).available == net(first)
    assert services.complaints_enforce_deadlines(now=due + timedelta(days=30)) == []


def test_a_replacement_never_shipped_goes_to_staff_with_the_money_still_held(paid):
    first, complaint = accepted_replacement(paid)
    with pytest.raises(Exception, match="belum dicatat dikirim"):
        services.complaint_replacement_receive(complaint=complaint, role="buyer")
    moved = services.complaints_enforce_deadlines(now=complaint.deadline)
    assert [(c.pk, what) for c, what in moved] == [(complaint.pk, "escalated")]
    complaint.refresh_from_db()
    first.refresh_from_db()
    assert complaint.status == Status.ESCALATED and first.escrow_paused
    assert seller_balances(seller=first.seller).available == 0


def test_return_shipping_the_program_bears_is_the_programs_cost_not_the_producers(
    paid, staff_browser, staff_user
):
    first, _ = parts(paid)
    deliver(first)
    complaint = open_complaint(first, reason=Complaint.Reason.WRONG_ITEM)
    before = list(LedgerEntry.objects.filter(seller=first.seller).values_list("kind", "account", "amount"))
    decide = reverse("complaints-dashboard:detail", args=[complaint.pk])
    response = staff_browser.post(
        decide,
        {
            "refund_amount": "0",
            "return_shipping_payer": "program",
            "return_shipping_amount": "18000",
            "note": "Salah kirim dari gudang koperasi",
        },
    )
    assert response.status_code == 302
    cost = ProgramCost.objects.get()
    assert (cost.kind, cost.amount, cost.seller_order, cost.created_by) == (
        ProgramCost.Kind.RETURN_SHIPPING,
        Decimal("18000"),
        first,
        staff_user,
    )
    assert not PaymentRefund.objects.exists()  # the buyer paid no return postage to get back
    # The producer's ledger holds only the sale and its release: the program's cost is not theirs.
    after = list(LedgerEntry.objects.filter(seller=first.seller).values_list("kind", "account", "amount"))
    assert [row for row in after if row not in before] == [
        ("release", "held", -net(first)),
        ("release", "available", net(first)),
    ]
    assert seller_balances(seller=first.seller).available == net(first)
    complaint.refresh_from_db()
    assert complaint.events.filter(kind=Kind.PROGRAM_COST, amount=Decimal("18000")).exists()
    page = staff_browser.get(decide).content.decode()
    assert 'id="program-costs"' in page and "Rp\xa018.000" in page.split('id="program-costs"')[1]
    # Booked once: a retried decision cannot book it twice.
    with pytest.raises(Exception, match="Selesai"):
        services.complaint_decide(
            complaint=complaint,
            refund_amount=0,
            return_shipping_payer="program",
            return_shipping_amount=18000,
            note="lagi",
            by=staff_user,
        )
    assert ProgramCost.objects.count() == 1
