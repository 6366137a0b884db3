"""Reads for the resolution centre's pages: a part's options, the thread, the lists for the
producer's portal and the staff dashboard (joins applied, so a list's queries stay flat)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Case, F, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import deadlines
from complaints.models import CancellationRequest, Complaint
from fulfilment.models import SellerOrder
from ledger.services import ledger_released
from payment.models import OrderPayment
from payment.selectors import UNPAID

# A buyer's cancel is done at once before packing; once PACKED it needs the producer's yes.
CANCEL_NOW = (SellerOrder.Status.AWAITING_PAYMENT, SellerOrder.Status.PAID)
CANCEL_BY_REQUEST = (SellerOrder.Status.PACKED,)


def complaint_refusal(*, seller_order: SellerOrder, reason: str, now=None) -> str:
    """Why this part cannot have a complaint now (empty when it can)."""
    now = now or timezone.now()
    if hasattr(seller_order, "complaint"):
        return _("Pesanan ini sudah punya komplain.")
    if ledger_released(seller_order=seller_order):
        return _("Dana pesanan ini sudah diteruskan ke produsen; komplain tidak bisa diajukan lagi.")
    if seller_order.status == SellerOrder.Status.SHIPPED:
        if reason and reason != Complaint.Reason.NOT_ARRIVED:
            return _("Sebelum barang tiba, komplain hanya untuk barang yang belum sampai.")
        return ""
    if seller_order.status == SellerOrder.Status.DELIVERED and seller_order.delivered_at:
        if now > deadlines.complaint_window_end(seller_order.delivered_at):
            return _("Batas waktu komplain (%(hours)s jam setelah barang tiba) sudah lewat.") % {
                "hours": settings.COMPLAINT_WINDOW_HOURS
            }
        return ""
    return _("Komplain bisa diajukan setelah pesanan dikirim.")


def complaint_can_escalate(complaint: Complaint, *, now=None) -> bool:
    """After an answer, or once a silent producer's deadline passed (to answer, or to ship
    the replacement the buyer accepted)."""
    now = now or timezone.now()
    if complaint.status in (Complaint.Status.OFFERED, Complaint.Status.REJECTED):
        return True
    # A silent producer: no answer, or no replacement shipped, by the deadline.
    return (
        (
            complaint.status == Complaint.Status.OPEN
            or complaint.status == Complaint.Status.REPLACING
            and complaint.replacement_shipped_at is None
        )
        and complaint.deadline is not None
        and complaint.deadline <= now
    )


@dataclass(frozen=True)
class PartResolution:
    """What the buyer may do about one producer's part, for the order page."""

    seller_order: SellerOrder
    cancel: str  # "now", "request" or "" (too late)
    open_request: CancellationRequest | None
    last_request: CancellationRequest | None
    complaint: Complaint | None
    can_complain: bool
    complain_until: object  # datetime or None
    cancels_whole_order: bool


def _order_unpaid(order) -> bool:
    payment = OrderPayment.objects.filter(order=order).only("status").first()
    return payment is not None and payment.status in UNPAID


def part_resolution(*, seller_order: SellerOrder, now=None) -> PartResolution:
    now = now or timezone.now()
    requests = list(seller_order.cancellation_requests.all()[:1])
    last = requests[0] if requests else None
    open_request = last if last and last.status == CancellationRequest.Status.REQUESTED else None
    cancel = ""
    if seller_order.status in CANCEL_NOW:
        cancel = "now"
    elif seller_order.status in CANCEL_BY_REQUEST and open_request is None:
        cancel = "request"
    complaint = Complaint.objects.filter(seller_order=seller_order).first()
    until = None
    if seller_order.status == SellerOrder.Status.DELIVERED and seller_order.delivered_at:
        until = deadlines.complaint_window_end(seller_order.delivered_at)
    return PartResolution(
        seller_order=seller_order,
        cancel=cancel,
        open_request=open_request,
        last_request=last,
        complaint=complaint,
        can_complain=complaint is None
        and not complaint_refusal(seller_order=seller_order, reason="", now=now),
        complain_until=until,
        cancels_whole_order=seller_order.status == SellerOrder.Status.AWAITING_PAYMENT
        and _order_unpaid(seller_order.order),
    )


def complaint_thread(complaint: Complaint) -> list:
    return list(complaint.events.select_related("author"))


def complaint_photos(complaint: Complaint) -> list:
    return list(complaint.photos.all())


def complaint_escalatable(complaint: Complaint, *, now=None) -> bool:
    return complaint_can_escalate(complaint, now=now)


def _complaints() -> QuerySet:
    return Complaint.objects.select_related(
        "seller_order__order", "seller_order__seller__village__district__regency"
    )


def seller_complaints(*, seller) -> QuerySet:
    """A producer's complaints, open first (nearest deadline first), then the closed ones."""
    closed = Case(
        When(status=Complaint.Status.RESOLVED, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return (
        _complaints()
        .filter(seller_order__seller=seller)
        .order_by(closed, F("deadline").asc(nulls_last=True), "-created_at")
    )


def seller_cancellation_requests(*, seller) -> QuerySet:
    return CancellationRequest.objects.filter(
        seller_order__seller=seller, status=CancellationRequest.Status.REQUESTED
    ).select_related("seller_order")


def complaints_for_staff(*, status: str = "open", seller=None, village=None) -> QuerySet:
    """Open complaints (or one status, or all), nearest deadline first; escalated ones
    (no deadline: staff's turn) come first."""
    complaints = _complaints()
    if status == "open":
        complaints = complaints.exclude(status=Complaint.Status.RESOLVED)
    elif status in Complaint.Status.values:
        complaints = complaints.filter(status=status)
    if seller is not None:
        complaints = complaints.filter(seller_order__seller=seller)
    if village is not None:
        complaints = complaints.filter(seller_order__seller__village=village)
    return complaints.order_by(F("deadline").asc(nulls_first=True), "created_at")
