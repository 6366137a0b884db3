"""Producers' parts of an order: created from checkout's grouping, then paid (the money held in
the ledger), packed, shipped, delivered, received (the money released), cancelled or refunded,
each only along SellerOrder.TRANSITIONS."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tasks import enqueue_on_commit
from fulfilment import selectors as fulfilment_selectors
from fulfilment import tasks
from fulfilment.models import SellerOrder, SellerOrderEvent
from ledger.models import LedgerEntry
from ledger.services import ledger_hold_sale, ledger_record_cod_cash, ledger_record_refund, ledger_release
from sellers.models import SellerProfile

Status = SellerOrder.Status


@dataclass(frozen=True)
class SellerOrderPart:
    """One producer's part of a placed order, as checkout grouped the basket."""

    seller: SellerProfile
    lines_total: Decimal
    dispatch_days: int
    shipping_method: str = ""
    shipping_charge: Decimal = Decimal("0")
    courier_service_id: int | None = None
    billed_weight_grams: int = 0
    cash_on_delivery: bool = False


def _locked(seller_order: SellerOrder) -> SellerOrder:
    return SellerOrder.objects.select_for_update().get(pk=seller_order.pk)


def _move(seller_order: SellerOrder, status: str, *, by=None, note: str = "", **fields) -> SellerOrder:
    if not seller_order.can_move_to(status):
        raise ValidationError(
            _("Pesanan berstatus %(current)s tidak bisa diubah menjadi %(next)s.")
            % {"current": seller_order.get_status_display(), "next": Status(status).label}
        )
    old_status = seller_order.status
    seller_order.status = status
    for name, value in fields.items():
        setattr(seller_order, name, value)
    seller_order.save(update_fields=["status", *fields])
    _record(seller_order, old_status=old_status, by=by, note=note)
    # Oscar's line status mirrors ours so its dashboard shows the same state.
    seller_order.lines().update(status=Status(status).label)
    return seller_order


def _record(seller_order: SellerOrder, *, old_status: str, by=None, note: str = "") -> SellerOrderEvent:
    """Keep who changed the part and how (the portal, staff and the buyer's pages show it)."""
    return SellerOrderEvent.objects.create(
        seller_order=seller_order,
        old_status=old_status,
        new_status=seller_order.status,
        note=note[:255],
        by=by if by is not None and by.is_authenticated else None,
    )


@transaction.atomic
def seller_order_mark_paid(*, seller_order: SellerOrder) -> SellerOrder:
    seller_order = _locked(seller_order)
    if seller_order.status != Status.AWAITING_PAYMENT:
        return seller_order
    seller_order = _move(seller_order, Status.PAID, paid_at=timezone.now())
    ledger_hold_sale(seller_order=seller_order)  # escrow: the producer's, not yet payable
    return seller_order


@transaction.atomic
def seller_orders_mark_paid(*, order) -> list[SellerOrder]:
    """The buyer paid the order: every producer may pack and ship, and each hears of it."""
    paid = [seller_order_mark_paid(seller_order=seller_order) for seller_order in order.seller_orders.all()]
    enqueue_on_commit(tasks.send_new_order_to_producers, order.pk)
    return paid


@transaction.atomic
def seller_order_pack(*, seller_order: SellerOrder, by=None) -> SellerOrder:
    seller_order = _locked(seller_order)
    return _move(seller_order, Status.PACKED, by=by, packed_at=timezone.now())


@transaction.atomic
def seller_order_ship(
    *, seller_order: SellerOrder, courier: str, tracking_number: str, by=None
) -> SellerOrder:
    courier, tracking_number = courier.strip(), tracking_number.strip()
    errors = {}
    if not courier:
        errors["courier"] = _("Isi nama kurir.")
    if not tracking_number:
        errors["tracking_number"] = _("Isi nomor resi pengiriman.")
    if errors:
        raise ValidationError(errors)
    seller_order = _locked(seller_order)
    seller_order = _move(
        seller_order,
        Status.SHIPPED,
        by=by,
        note=f"{courier} {tracking_number}",
        courier=courier,
        tracking_number=tracking_number,
        shipped_at=timezone.now(),
    )
    _consume_stock(seller_order)
    enqueue_on_commit(tasks.send_shipping_notice, seller_order.pk)
    return seller_order


def seller_order_hand_over(
    *, seller_order: SellerOrder, tracking_number: str, courier: str = "", by=None
) -> SellerOrder:
    """The producer handed the parcel over and typed its waybill (resi).

    For the courier the buyer chose at checkout the number is checked against that
    courier's usual form (shipping.Courier.waybill_problem), spaces taken out and letters
    upper-cased as the courier prints them; the courier is that service, whatever was typed.
    Parts without a chosen courier (placed before couriers were priced) name their own.
    """
    service = seller_order.courier_service
    if service is None:
        return seller_order_ship(
            seller_order=seller_order, courier=courier, tracking_number=tracking_number, by=by
        )
    if service.courier.kind == service.courier.Kind.OWN_DELIVERY:
        waybill = tracking_number.strip()
    else:
        waybill = "".join(tracking_number.split()).upper()
        problem = service.courier.waybill_problem(waybill) if waybill else ""
        if problem:
            raise ValidationError({"tracking_number": problem})
    return seller_order_ship(seller_order=seller_order, courier=str(service), tracking_number=waybill, by=by)


@transaction.atomic
def seller_order_deliver(*, seller_order: SellerOrder, by=None) -> SellerOrder:
    """The parcel arrived (the courier or staff say so). The money stays held: the buyer's
    "Pesanan diterima" or ESCROW_RELEASE_DAYS_AFTER_DELIVERY days release it."""
    seller_order = _locked(seller_order)
    if seller_order.status == Status.DELIVERED:
        return seller_order
    return _move(seller_order, Status.DELIVERED, by=by, delivered_at=timezone.now())


@transaction.atomic
def seller_order_cancel(*, seller_order: SellerOrder, by=None, note: str = "") -> SellerOrder:
    """Cancel before shipping; the reserved units go back on sale."""
    seller_order = _locked(seller_order)
    seller_order = _move(seller_order, Status.CANCELLED, by=by, note=note, cancelled_at=timezone.now())
    _release_stock(seller_order)
    return seller_order


def _release_stock(seller_order: SellerOrder) -> None:
    """Units reserved for a part that will not ship go back on sale."""
    for line in seller_order.lines().select_related("stockrecord"):
        if line.stockrecord is not None and line.stockrecord.num_in_stock is not None:
            line.stockrecord.cancel_allocation(line.quantity)


@transaction.atomic
def seller_orders_cancel(*, order) -> list[SellerOrder]:
    """The order was cancelled: every part that may still be cancelled is."""
    return [
        seller_order_cancel(seller_order=seller_order)
        for seller_order in order.seller_orders.all()
        if seller_order.can_move_to(Status.CANCELLED)
    ]


@transaction.atomic
def seller_order_refund(*, seller_order: SellerOrder, amount: Decimal, reference: str) -> SellerOrder:
    """Money went back for this part; once all of it is back the part is closed as refunded.

    The producer's ledger gives back what the refund takes, if the sale was credited.
    """
    seller_order = _locked(seller_order)
    old_status = seller_order.status
    seller_order.refunded_amount += amount
    fields = ["refunded_amount"]
    if seller_order.refunded_amount >= seller_order.total and seller_order.can_move_to(Status.REFUNDED):
        if seller_order.status in (Status.PAID, Status.PACKED):
            # Never shipped: its units go back on sale, as when an unpaid order is cancelled.
            _release_stock(seller_order)
        seller_order.status = Status.REFUNDED
        fields.append("status")
    seller_order.save(update_fields=fields)
    if seller_order.status != old_status:
        _record(seller_order, old_status=old_status, note=f"refund {amount}: {reference}")
    seller_order.lines().update(status=Status(seller_order.status).label)
    ledger_record_refund(seller_order=seller_order, amount=amount, reference=reference)
    return seller_order


# --- Cash on delivery: paid at the door, or refused there ---------------------------------

COD_AT_THE_DOOR = (Status.SHIPPED, Status.DELIVERED)


def _unpaid_cod(seller_order: SellerOrder) -> SellerOrder:
    seller_order = _locked(seller_order)
    if not seller_order.cash_on_delivery or seller_order.paid_at is not None:
        raise ValidationError(_("Pesanan ini bukan pesanan COD yang menunggu pembayaran."))
    if seller_order.status not in COD_AT_THE_DOOR:
        raise ValidationError(_("Paket COD ini belum dikirim."))
    return seller_order


@transaction.atomic
def seller_order_cod_paid(*, seller_order: SellerOrder) -> SellerOrder:
    """The buyer paid the COD parcel at the door: delivered and paid at once, and the
    ledger books the cash as the producer's (ledger_record_cod_cash)."""
    seller_order = _unpaid_cod(seller_order)
    now = timezone.now()
    seller_order.paid_at = now
    if seller_order.status == Status.SHIPPED:
        _move(seller_order, Status.DELIVERED, delivered_at=now, paid_at=now)
    else:
        seller_order.save(update_fields=["paid_at"])
    ledger_record_cod_cash(seller_order=seller_order)
    return seller_order


@transaction.atomic
def seller_order_cod_refuse(*, seller_order: SellerOrder, restock: bool) -> SellerOrder:
    """The buyer refused or did not pay the COD parcel; it goes back to the producer.

    Nothing was booked, so nothing is reversed. ``restock``: the goods came back fit to sell
    (not a spoilt food parcel), so their units are on sale again.
    """
    seller_order = _unpaid_cod(seller_order)
    # Not through _move: a shipped part is otherwise never cancelled (its units left the shelf).
    seller_order.status = Status.CANCELLED
    seller_order.cancelled_at = timezone.now()
    seller_order.save(update_fields=["status", "cancelled_at"])
    seller_order.lines().update(status=Status.CANCELLED.label)
    if restock:
        for line in seller_order.lines().select_related("stockrecord"):
            stockrecord = line.stockrecord
            if stockrecord is not None and stockrecord.num_in_stock is not None:
                # Shipping consumed the allocation; the returned units are back on the shelf.
                type(stockrecord).objects.filter(pk=stockrecord.pk).update(
                    num_in_stock=models.F("num_in_stock") + line.quantity
                )
    return seller_order


def _consume_stock(seller_order: SellerOrder) -> None:
    """Shipped units leave the shelf: Oscar turns the allocation into a stock decrease."""
    for line in seller_order.lines().select_related("stockrecord"):
        stockrecord = line.stockrecord
        if stockrecord is None or stockrecord.num_in_stock is None:
            continue
        stockrecord.refresh_from_db()
        if stockrecord.is_allocation_consumption_possible(line.quantity):
            stockrecord.consume_allocation(line.quantity)


@transaction.atomic
def seller_orders_create(*, order, parts: list[SellerOrderPart]) -> list[SellerOrder]:
    """Split a placed Oscar order into one SellerOrder per producer.

    Numbered in the order of the producers' partner ids, as they always were.
    """
    units = dict(order.lines.values_list("partner_id").annotate(n=models.Sum("quantity")).order_by())
    return [
        SellerOrder.objects.create(
            order=order,
            seller=part.seller,
            number=f"{order.number}-{index}",
            lines_total=part.lines_total,
            units=units.get(part.seller.partner_id, 0),
            shipping_method=part.shipping_method,
            shipping_charge=part.shipping_charge,
            dispatch_days=part.dispatch_days,
            courier_service_id=part.courier_service_id,
            billed_weight_grams=part.billed_weight_grams,
            cash_on_delivery=part.cash_on_delivery,
        )
        for index, part in enumerate(sorted(parts, key=lambda part: part.seller.partner_id), start=1)
    ]


# --- Ship-by deadline: late parts flagged, then cancelled -------------------------------


def seller_orders_flag_late(*, now=None) -> list[SellerOrder]:
    """Tell each producer, once, which paid parts are past their ship-by moment (the staff
    see them on their dashboard list); the scheduler runs it (``enforce_ship_by``)."""
    now = now or timezone.now()
    late = fulfilment_selectors.seller_orders_late(now=now).filter(late_flagged_at__isnull=True)
    return [seller_order for seller_order in late if _flag_late(seller_order, now=now)]


@transaction.atomic
def _flag_late(seller_order: SellerOrder, *, now) -> bool:
    seller_order = _locked(seller_order)
    if seller_order.late_flagged_at is not None or seller_order.status not in (Status.PAID, Status.PACKED):
        return False  # flagged, shipped or cancelled since the query ran
    seller_order.late_flagged_at = now
    seller_order.save(update_fields=["late_flagged_at"])
    _record(seller_order, old_status=seller_order.status, note="lewat batas kirim")
    enqueue_on_commit(tasks.send_ship_by_late, seller_order.pk)
    return True


def seller_order_cancelled_late(*, seller_order: SellerOrder) -> None:
    """A late part was cancelled and refunded (payment.ship_by): the buyer and the producer
    each hear why, in their own language."""
    _record(seller_order, old_status=seller_order.status, note="dibatalkan otomatis: tidak dikirim")
    enqueue_on_commit(tasks.send_ship_by_cancelled, seller_order.pk)


# --- Escrow: when a part's held money is released -----------------------------------------

ReleaseReason = LedgerEntry.ReleaseReason


@transaction.atomic
def seller_order_confirm_received(*, seller_order: SellerOrder, by=None) -> list[LedgerEntry]:
    """The buyer pressed "Pesanan diterima": the part is delivered and its money available.

    Pressing again (a double click, a second tab) changes nothing and credits nothing twice.
    """
    seller_order = _locked(seller_order)
    if seller_order.escrow_paused:
        raise ValidationError(_("Ada komplain terbuka untuk pesanan ini; dananya menunggu hasilnya."))
    if seller_order.status == Status.SHIPPED:
        seller_order = _move(
            seller_order, Status.DELIVERED, by=by, note="Pesanan diterima", delivered_at=timezone.now()
        )
    if seller_order.status != Status.DELIVERED:
        raise ValidationError(_("Pesanan ini belum dikirim."))
    buyer = by if by is not None and by.is_authenticated else None
    return ledger_release(seller_order=seller_order, reason=ReleaseReason.BUYER, created_by=buyer)


@transaction.atomic
def seller_order_release_for_complaint(
    *, seller_order: SellerOrder, by, reason: str = ReleaseReason.COMPLAINT
) -> list[LedgerEntry]:
    """Staff decided a complaint for the producer: the held money becomes available.

    A complaint decided for the buyer is a refund instead (payment.services.payment_refund),
    which takes the held money first; what is left is released here. ``reason`` is
    ``COMPLAINT_SETTLED`` when the two sides agreed without staff.
    """
    seller_order = _locked(seller_order)
    if seller_order.status not in (Status.SHIPPED, Status.DELIVERED):
        raise ValidationError(_("Hanya pesanan yang sudah dikirim yang bisa diteruskan dananya."))
    return ledger_release(seller_order=seller_order, reason=reason, created_by=by)


@transaction.atomic
def seller_order_escrow_pause(*, seller_order: SellerOrder, paused: bool) -> SellerOrder:
    """A complaint opened (paused) or ended (not): seller_orders_release_due skips paused parts."""
    seller_order = _locked(seller_order)
    if seller_order.escrow_paused != paused:
        seller_order.escrow_paused = paused
        seller_order.save(update_fields=["escrow_paused"])
    return seller_order


def seller_orders_release_due(*, now=None) -> list[SellerOrder]:
    """Release the parts nobody confirmed: N days after the parcel arrived, or N days after it
    was shipped when no arrival was ever reported (then it counts as delivered). The scheduler
    runs it (``release_escrow``); repeating it, or racing a buyer, credits nothing twice."""
    now = now or timezone.now()
    after_delivery = settings.ESCROW_RELEASE_DAYS_AFTER_DELIVERY
    after_shipping = settings.ESCROW_RELEASE_DAYS_AFTER_SHIPPING
    due = (
        SellerOrder.objects.filter(
            models.Q(status=Status.DELIVERED, delivered_at__lte=now - timedelta(days=after_delivery))
            | models.Q(status=Status.SHIPPED, shipped_at__lte=now - timedelta(days=after_shipping))
        )
        .filter(escrow_paused=False)  # a complaint is open: its outcome decides
        .exclude(ledger_entries__kind=LedgerEntry.Kind.RELEASE)
        # Paid at the door with the goods in hand: nothing is held for a COD part.
        .exclude(cash_on_delivery=True)
        .order_by("pk")
    )
    released = []
    for seller_order in due:
        if _release_due(seller_order, after_delivery=after_delivery, after_shipping=after_shipping):
            released.append(seller_order)
    return released


@transaction.atomic
def _release_due(seller_order: SellerOrder, *, after_delivery: int, after_shipping: int) -> bool:
    seller_order = _locked(seller_order)
    if seller_order.escrow_paused:
        return False  # a complaint opened since the query ran
    if seller_order.status == Status.SHIPPED:
        _move(seller_order, Status.DELIVERED, delivered_at=timezone.now())
        reason, days = ReleaseReason.AFTER_SHIPPING, after_shipping
    elif seller_order.status == Status.DELIVERED:
        reason, days = ReleaseReason.AFTER_DELIVERY, after_delivery
    else:
        return False  # refunded since the query ran
    return bool(ledger_release(seller_order=seller_order, reason=reason, days=days))
