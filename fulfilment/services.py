"""Producers' parts of an order: created from checkout's grouping, then paid, packed, shipped,
delivered (crediting the ledger), cancelled or refunded, each only along SellerOrder.TRANSITIONS."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tasks import enqueue_on_commit
from fulfilment import tasks
from fulfilment.models import SellerOrder
from ledger.services import ledger_credit_sale, ledger_record_refund
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


def _locked(seller_order: SellerOrder) -> SellerOrder:
    return SellerOrder.objects.select_for_update().get(pk=seller_order.pk)


def _move(seller_order: SellerOrder, status: str, **fields) -> SellerOrder:
    if not seller_order.can_move_to(status):
        raise ValidationError(
            _("Pesanan berstatus %(current)s tidak bisa diubah menjadi %(next)s.")
            % {"current": seller_order.get_status_display(), "next": Status(status).label}
        )
    seller_order.status = status
    for name, value in fields.items():
        setattr(seller_order, name, value)
    seller_order.save(update_fields=["status", *fields])
    # Oscar's line status mirrors ours so its dashboard shows the same state.
    seller_order.lines().update(status=Status(status).label)
    return seller_order


@transaction.atomic
def seller_order_mark_paid(*, seller_order: SellerOrder) -> SellerOrder:
    seller_order = _locked(seller_order)
    if seller_order.status != Status.AWAITING_PAYMENT:
        return seller_order
    return _move(seller_order, Status.PAID, paid_at=timezone.now())


@transaction.atomic
def seller_orders_mark_paid(*, order) -> list[SellerOrder]:
    """The buyer paid the order: every producer may pack and ship, and each hears of it."""
    paid = [seller_order_mark_paid(seller_order=seller_order) for seller_order in order.seller_orders.all()]
    enqueue_on_commit(tasks.send_new_order_to_producers, order.pk)
    return paid


@transaction.atomic
def seller_order_pack(*, seller_order: SellerOrder) -> SellerOrder:
    seller_order = _locked(seller_order)
    return _move(seller_order, Status.PACKED, packed_at=timezone.now())


@transaction.atomic
def seller_order_ship(*, seller_order: SellerOrder, courier: str, tracking_number: str) -> SellerOrder:
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
        courier=courier,
        tracking_number=tracking_number,
        shipped_at=timezone.now(),
    )
    _consume_stock(seller_order)
    enqueue_on_commit(tasks.send_shipping_notice, seller_order.pk)
    return seller_order


@transaction.atomic
def seller_order_deliver(*, seller_order: SellerOrder) -> SellerOrder:
    """The buyer (or staff) confirms receipt; the producer is credited in the ledger."""
    seller_order = _locked(seller_order)
    if seller_order.status == Status.DELIVERED:
        return seller_order
    seller_order = _move(seller_order, Status.DELIVERED, delivered_at=timezone.now())
    ledger_credit_sale(seller_order=seller_order)
    return seller_order


@transaction.atomic
def seller_order_cancel(*, seller_order: SellerOrder) -> SellerOrder:
    """Cancel before shipping; the reserved units go back on sale."""
    seller_order = _locked(seller_order)
    seller_order = _move(seller_order, Status.CANCELLED, cancelled_at=timezone.now())
    for line in seller_order.lines().select_related("stockrecord"):
        if line.stockrecord is not None and line.stockrecord.num_in_stock is not None:
            line.stockrecord.cancel_allocation(line.quantity)
    return seller_order


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
    seller_order.refunded_amount += amount
    fields = ["refunded_amount"]
    if seller_order.refunded_amount >= seller_order.total and seller_order.can_move_to(Status.REFUNDED):
        seller_order.status = Status.REFUNDED
        fields.append("status")
    seller_order.save(update_fields=fields)
    ledger_record_refund(seller_order=seller_order, amount=amount, reference=reference)
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
    return [
        SellerOrder.objects.create(
            order=order,
            seller=part.seller,
            number=f"{order.number}-{index}",
            lines_total=part.lines_total,
            shipping_method=part.shipping_method,
            shipping_charge=part.shipping_charge,
            dispatch_days=part.dispatch_days,
            courier_service_id=part.courier_service_id,
            billed_weight_grams=part.billed_weight_grams,
        )
        for index, part in enumerate(sorted(parts, key=lambda part: part.seller.partner_id), start=1)
    ]
