"""Complaints on one producer's part, from opening to the money's outcome.

OPEN (the producer answers within COMPLAINT_PRODUCER_WORKING_DAYS) → OFFERED or REJECTED (the
buyer accepts, or escalates, within COMPLAINT_BUYER_RESPONSE_HOURS) → ESCALATED (staff decide)
→ RESOLVED. Silence moves it (complaints_enforce_deadlines, from the scheduler): a silent
producer's complaint goes to staff; a silent buyer's offer or rejection counts as accepted.

While open the part's escrow is paused. The outcome is settled in one place (_settle): a
refund through payment_refund (from the held money first), then the rest released to the
producer (seller_order_release_for_complaint), once. An accepted "send the missing items" or
exchange keeps the money held (REPLACING) until the replacement arrives: the producer records
its shipment, then its arrival is reported (or COMPLAINT_REPLACEMENT_DAYS pass) and the money
is released; a producer who never ships it by then leaves the decision to staff. Return
shipping staff put on the program is booked as the program's cost (ledger_record_program_cost).
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import deadlines, tasks
from complaints.models import Complaint, ComplaintEvent, ComplaintPhoto
from complaints.selectors import complaint_can_escalate, complaint_refusal
from complaints.services.refunds import part_refund, part_refundable
from core.money import rupiah_digits
from core.tasks import enqueue_on_commit
from fulfilment import services as fulfilment_services
from fulfilment.models import SellerOrder
from ledger.models import LedgerEntry, ProgramCost
from ledger.services import ledger_record_program_cost
from sellers.images import image_clean

Status = Complaint.Status
Kind = ComplaintEvent.Kind
Role = ComplaintEvent.Role
MAX_PHOTOS = 5


def _user(by):
    return by if by is not None and by.is_authenticated else None


def _event(complaint: Complaint, kind: str, role: str, *, by=None, text: str = "", amount=None, notify=True):
    event = ComplaintEvent.objects.create(
        complaint=complaint, kind=kind, role=role, author=_user(by), text=text[:2000], amount=amount
    )
    if notify:
        enqueue_on_commit(tasks.send_complaint_step, event.pk)
    return event


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().select_related("seller_order__order").get(pk=complaint.pk)


def _require(complaint: Complaint, *statuses: str) -> None:
    if complaint.status not in statuses:
        raise ValidationError(
            _("Komplain ini berstatus %(status)s; langkah itu tidak bisa dilakukan sekarang.")
            % {"status": complaint.get_status_display()}
        )


@transaction.atomic
def complaint_open(
    *, seller_order: SellerOrder, reason: str, description: str, photos=(), by=None, now=None
) -> Complaint:
    """The buyer complains about a part: its money stays held until the complaint ends."""
    now = now or timezone.now()
    seller_order = SellerOrder.objects.select_for_update().get(pk=seller_order.pk)
    if reason not in Complaint.Reason.values:
        raise ValidationError({"reason": _("Pilih alasan komplain.")})
    refusal = complaint_refusal(seller_order=seller_order, reason=reason, now=now)
    if refusal:
        raise ValidationError(refusal)
    description = description.strip()
    if not description:
        raise ValidationError({"description": _("Ceritakan masalahnya.")})
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("Paling banyak %(n)s foto.") % {"n": MAX_PHOTOS}})
    cleaned = []
    for upload in photos:
        try:
            cleaned.append(image_clean(upload))  # re-encoded: no EXIF, no GPS of the buyer's home
        except ValidationError as error:
            raise ValidationError({"photos": f"{upload.name}: {' '.join(error.messages)}"}) from error
    complaint = Complaint.objects.create(
        seller_order=seller_order,
        reason=reason,
        description=description,
        deadline=deadlines.producer_deadline(now),
        opened_by=_user(by),
    )
    for clean in cleaned:
        photo = ComplaintPhoto(complaint=complaint)
        photo.image.save(f"foto.{clean.extension}", ContentFile(clean.content), save=False)
        photo.save()
    fulfilment_services.seller_order_escrow_pause(seller_order=seller_order, paused=True)
    _event(complaint, Kind.OPENED, Role.BUYER, by=by, text=description)
    return complaint


@transaction.atomic
def complaint_message(*, complaint: Complaint, role: str, text: str, by=None) -> ComplaintEvent:
    """A word from one side to the other on the thread (the other side is e-mailed)."""
    complaint = _locked(complaint)
    if not complaint.is_open:
        raise ValidationError(_("Komplain ini sudah selesai."))
    if not text.strip():
        raise ValidationError({"text": _("Tulis pesannya.")})
    return _event(complaint, Kind.MESSAGE, role, by=by, text=text.strip())


def _amount(value) -> Decimal:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"amount": _("Isi jumlah dalam Rupiah.")}) from None
    if amount != amount.to_integral_value():
        raise ValidationError({"amount": _("Isi jumlah dalam Rupiah tanpa sen.")})
    return amount


@transaction.atomic
def complaint_offer(
    *,
    complaint: Complaint,
    offer: str,
    amount=None,
    note: str = "",
    return_courier: str = "",
    return_tracking_number: str = "",
    by=None,
    now=None,
) -> Complaint:
    """The producer offers a way out; the buyer has COMPLAINT_BUYER_RESPONSE_HOURS to answer."""
    now = now or timezone.now()
    complaint = _locked(complaint)
    _require(complaint, Status.OPEN)
    refundable = part_refundable(complaint.seller_order)
    offer_amount = None
    if offer == Complaint.Offer.FULL_REFUND:
        offer_amount = refundable
    elif offer == Complaint.Offer.PARTIAL_REFUND:
        offer_amount = _amount(amount)
        if not 0 < offer_amount < refundable:
            raise ValidationError(
                {
                    "amount": _("Pengembalian sebagian antara Rp 1 dan %(max)s.")
                    % {"max": rupiah_digits(refundable - 1)}
                }
            )
    elif offer == Complaint.Offer.EXCHANGE:
        if not (return_courier.strip() and return_tracking_number.strip()):
            raise ValidationError(
                {"return_tracking_number": _("Untuk tukar barang, isi kurir dan nomor resi retur.")}
            )
    elif offer != Complaint.Offer.SEND_MISSING:
        raise ValidationError({"offer": _("Pilih tawaran penyelesaian.")})
    complaint.status = Status.OFFERED
    complaint.offer = offer
    complaint.offer_amount = offer_amount
    complaint.return_courier = return_courier.strip()[:64]
    complaint.return_tracking_number = return_tracking_number.strip()[:64]
    complaint.deadline = deadlines.buyer_deadline(now)
    complaint.save()
    text = Complaint.Offer(offer).label
    if complaint.return_tracking_number:
        text = f"{text} · {complaint.return_courier} {complaint.return_tracking_number}"
    if note.strip():
        text = f"{text}\n{note.strip()}"
    _event(complaint, Kind.OFFERED, Role.PRODUCER, by=by, text=str(text), amount=offer_amount)
    return complaint


@transaction.atomic
def complaint_reject(*, complaint: Complaint, reason: str, by=None, now=None) -> Complaint:
    now = now or timezone.now()
    complaint = _locked(complaint)
    _require(complaint, Status.OPEN)
    if not reason.strip():
        raise ValidationError({"reason": _("Tulis alasan penolakan untuk pembeli.")})
    complaint.status = Status.REJECTED
    complaint.deadline = deadlines.buyer_deadline(now)
    complaint.save(update_fields=["status", "deadline"])
    _event(complaint, Kind.REJECTED, Role.PRODUCER, by=by, text=reason.strip())
    return complaint


@transaction.atomic
def complaint_accept(*, complaint: Complaint, by=None, auto: bool = False, now=None) -> Complaint:
    """The buyer accepts the offer or the rejection (or stayed silent past the deadline).

    Missing items or an exchange: the complaint waits for the replacement (REPLACING), the
    money still held; any other answer is settled at once."""
    complaint = _locked(complaint)
    _require(complaint, Status.OFFERED, Status.REJECTED)
    refund = Decimal("0")
    if complaint.status == Status.OFFERED and complaint.offer_amount:
        refund = complaint.offer_amount
    replacement = complaint.status == Status.OFFERED and complaint.offer in Complaint.REPLACEMENT_OFFERS
    if replacement:
        # Goods, not money, are owed: nothing is released before the replacement arrives.
        complaint.status = Status.REPLACING
        complaint.deadline = deadlines.replacement_deadline(now or timezone.now())
        complaint.save(update_fields=["status", "deadline"])
    _event(
        complaint, Kind.AUTO_ACCEPTED if auto else Kind.ACCEPTED, Role.SYSTEM if auto else Role.BUYER, by=by
    )
    if replacement:
        return complaint
    return _settle(complaint, refund=refund, reason=LedgerEntry.ReleaseReason.COMPLAINT_SETTLED, by=by)


@transaction.atomic
def complaint_replacement_ship(
    *, complaint: Complaint, courier: str, tracking_number: str, by=None, now=None
) -> Complaint:
    """The producer sent the missing items or the exchanged goods: the buyer is told the waybill,
    and the replacement counts as arrived COMPLAINT_REPLACEMENT_DAYS later if nobody reports it."""
    now = now or timezone.now()
    complaint = _locked(complaint)
    _require(complaint, Status.REPLACING)
    if complaint.replacement_shipped_at is not None:
        raise ValidationError(_("Pengiriman barang pengganti sudah dicatat."))
    courier, tracking_number = courier.strip()[:64], "".join(tracking_number.split()).upper()[:64]
    if not (courier and tracking_number):
        raise ValidationError({"tracking_number": _("Isi kurir dan nomor resi barang pengganti.")})
    complaint.replacement_courier = courier
    complaint.replacement_tracking_number = tracking_number
    complaint.replacement_shipped_at = now
    complaint.deadline = deadlines.replacement_deadline(now)
    complaint.save(
        update_fields=[
            "replacement_courier",
            "replacement_tracking_number",
            "replacement_shipped_at",
            "deadline",
        ]
    )
    _event(complaint, Kind.REPLACEMENT_SHIPPED, Role.PRODUCER, by=by, text=f"{courier} {tracking_number}")
    return complaint


@transaction.atomic
def complaint_replacement_receive(
    *, complaint: Complaint, role: str, by=None, auto: bool = False
) -> Complaint:
    """The replacement arrived (the buyer or the producer says so, or its time passed): the
    part's money is released to the producer and the complaint ends."""
    complaint = _locked(complaint)
    _require(complaint, Status.REPLACING)
    if complaint.replacement_shipped_at is None:
        raise ValidationError(_("Barang pengganti belum dicatat dikirim."))
    kind = Kind.AUTO_REPLACEMENT_RECEIVED if auto else Kind.REPLACEMENT_RECEIVED
    _event(complaint, kind, Role.SYSTEM if auto else role, by=by)
    return _settle(complaint, refund=Decimal(0), reason=LedgerEntry.ReleaseReason.COMPLAINT_SETTLED, by=by)


@transaction.atomic
def complaint_escalate(
    *, complaint: Complaint, text: str = "", by=None, auto: bool = False, now=None
) -> Complaint:
    """Staff will decide: the buyer asked, or the producer let the deadline pass."""
    complaint = _locked(complaint)
    if not complaint_can_escalate(complaint, now=now):
        raise ValidationError(
            _("Komplain bisa diteruskan ke staf setelah produsen menjawab atau batas waktunya lewat.")
        )
    complaint.status = Status.ESCALATED
    complaint.deadline = None
    complaint.save(update_fields=["status", "deadline"])
    kind, role = (Kind.AUTO_ESCALATED, Role.SYSTEM) if auto else (Kind.ESCALATED, Role.BUYER)
    _event(complaint, kind, role, by=by, text=text.strip())
    return complaint


@transaction.atomic
def complaint_decide(
    *,
    complaint: Complaint,
    refund_amount,
    return_shipping_payer: str = "",
    return_shipping_amount=None,
    note: str = "",
    by,
) -> Complaint:
    """Staff's decision: the refund, who bears the return shipping, and the rest to the producer.

    Return shipping the producer bears goes back to the buyer with the refund (out of the
    producer's money); borne by the program it is booked as the program's own cost
    (ledger.ProgramCost), outside the producer's balance; borne by the buyer nothing moves.
    """
    complaint = _locked(complaint)
    _require(complaint, Status.OPEN, Status.OFFERED, Status.REJECTED, Status.ESCALATED, Status.REPLACING)
    refund = _amount(refund_amount or 0)
    shipping = _amount(return_shipping_amount or 0)
    if return_shipping_payer not in Complaint.ReturnShippingPayer.values:
        raise ValidationError({"return_shipping_payer": _("Pilih siapa yang menanggung ongkir retur.")})
    if refund < 0 or shipping < 0:
        raise ValidationError({"refund_amount": _("Jumlah tidak boleh negatif.")})
    producer_bears = (
        shipping if return_shipping_payer == Complaint.ReturnShippingPayer.PRODUCER else Decimal(0)
    )
    refundable = part_refundable(complaint.seller_order)
    if refund + producer_bears > refundable:
        raise ValidationError(
            {
                "refund_amount": _("Pengembalian dan ongkir retur produsen paling banyak %(max)s.")
                % {"max": rupiah_digits(refundable)}
            }
        )
    complaint.return_shipping_payer = return_shipping_payer
    complaint.return_shipping_amount = shipping if return_shipping_payer else None
    complaint.save(update_fields=["return_shipping_payer", "return_shipping_amount"])
    text = note.strip()
    if return_shipping_payer:
        text = _("Ongkir retur %(amount)s ditanggung %(who)s.") % {
            "amount": f"Rp {rupiah_digits(shipping)}",
            "who": Complaint.ReturnShippingPayer(return_shipping_payer).label,
        } + (f"\n{text}" if text else "")
    _event(complaint, Kind.DECIDED, Role.STAFF, by=by, text=text, amount=refund)
    if return_shipping_payer == Complaint.ReturnShippingPayer.PROGRAM and shipping > 0:
        number = complaint.seller_order.number
        cost = ledger_record_program_cost(
            seller_order=complaint.seller_order,
            kind=ProgramCost.Kind.RETURN_SHIPPING,
            amount=shipping,
            reference=_("Komplain %(number)s") % {"number": number},
            memo=_("Ongkir retur pesanan %(number)s ditanggung program") % {"number": number},
            created_by=_user(by),
        )
        if cost is not None:
            _event(complaint, Kind.PROGRAM_COST, Role.SYSTEM, amount=cost.amount, notify=False)
    return _settle(
        complaint,
        refund=refund + producer_bears,
        reason=LedgerEntry.ReleaseReason.COMPLAINT,
        by=by,
    )


def _settle(complaint: Complaint, *, refund: Decimal, reason: str, by) -> Complaint:
    """The money's outcome, once: the refund from held money, then the rest to the producer."""
    seller_order = complaint.seller_order
    if refund > 0:
        part_refund(
            seller_order=seller_order,
            amount=refund,
            reason=_("Komplain %(number)s") % {"number": seller_order.number},
            by=by,
        )
        _event(complaint, Kind.REFUNDED, Role.SYSTEM, amount=refund, notify=False)
    seller_order = fulfilment_services.seller_order_escrow_pause(seller_order=seller_order, paused=False)
    if seller_order.status in (SellerOrder.Status.SHIPPED, SellerOrder.Status.DELIVERED):
        entries = fulfilment_services.seller_order_release_for_complaint(
            seller_order=seller_order, by=_user(by), reason=reason
        )
        released = sum((entry.amount for entry in entries if entry.amount > 0), Decimal(0))
        if released:
            _event(complaint, Kind.RELEASED, Role.SYSTEM, amount=released, notify=False)
    complaint.status = Status.RESOLVED
    complaint.refunded_amount = refund
    complaint.deadline = None
    complaint.resolved_at = timezone.now()
    complaint.save(update_fields=["status", "refunded_amount", "deadline", "resolved_at"])
    return complaint


def complaints_enforce_deadlines(*, now=None) -> list[tuple[Complaint, str]]:
    """Move every complaint whose deadline passed (the scheduler runs it; safe to repeat):
    a silent producer's goes to staff, a silent buyer's offer or rejection is accepted, a
    replacement shipped long enough ago counts as arrived (its money released), one never
    shipped goes to staff."""
    now = now or timezone.now()
    moved = []
    due = Complaint.objects.filter(
        status__in=[Status.OPEN, Status.OFFERED, Status.REJECTED, Status.REPLACING], deadline__lte=now
    ).order_by("deadline", "pk")
    for complaint in due:
        try:
            if complaint.status == Status.REPLACING and complaint.replacement_shipped_at is not None:
                complaint_replacement_receive(complaint=complaint, role=Role.SYSTEM, auto=True)
                moved.append((complaint, "released"))
            elif complaint.status in (Status.OPEN, Status.REPLACING):
                moved.append((complaint_escalate(complaint=complaint, auto=True, now=now), "escalated"))
            else:
                moved.append((complaint_accept(complaint=complaint, auto=True, now=now), "accepted"))
        except ValidationError as error:
            # Answered while the query ran, or its refund cannot go through: staff see it open.
            moved.append((complaint, f"skipped: {' '.join(error.messages)}"))
    return moved
