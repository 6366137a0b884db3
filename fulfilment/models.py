"""One buyer order, split into one SellerOrder per producer.

Oscar's Order holds what the buyer bought and paid; each SellerOrder is the part one
producer must pack and ship, with its own status, shipping charge and tracking number.
Producers only ever see their own SellerOrders and the order lines of their partner.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Days after the processing days that a paid part may wait for the courier (issue 17).
SHIP_BY_EXTRA_DAYS = 2


class SellerOrder(models.Model):
    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("Menunggu pembayaran")
        PAID = "paid", _("Dibayar, siap diproses")
        PACKED = "packed", _("Dikemas")
        SHIPPED = "shipped", _("Dikirim")
        DELIVERED = "delivered", _("Diterima")
        CANCELLED = "cancelled", _("Dibatalkan")
        REFUNDED = "refunded", _("Dana dikembalikan")

    # Where each status may go next; services refuse anything else.
    TRANSITIONS = {
        Status.AWAITING_PAYMENT: {Status.PAID, Status.CANCELLED},
        Status.PAID: {Status.PACKED, Status.SHIPPED, Status.CANCELLED, Status.REFUNDED},
        Status.PACKED: {Status.SHIPPED, Status.CANCELLED, Status.REFUNDED},
        Status.SHIPPED: {Status.DELIVERED, Status.REFUNDED},
        Status.DELIVERED: {Status.REFUNDED},
        Status.CANCELLED: set(),
        Status.REFUNDED: set(),
    }

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="seller_orders")
    seller = models.ForeignKey(
        "sellers.SellerProfile", on_delete=models.PROTECT, related_name="seller_orders"
    )
    number = models.CharField(_("nomor"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_PAYMENT, db_index=True
    )
    lines_total = models.DecimalField(_("total barang"), max_digits=12, decimal_places=2)
    # How many items this producer's lines of the order hold (their quantities added up,
    # once, when the order is split): the impact report adds units and rupiah up from the
    # seller orders, where reading a million order lines was 40 % of its time at the
    # programme's size.
    units = models.PositiveIntegerField(_("jumlah barang"), default=0)
    shipping_method = models.CharField(_("metode pengiriman"), max_length=128, blank=True)
    shipping_charge = models.DecimalField(
        _("ongkos kirim"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    dispatch_days = models.PositiveSmallIntegerField(_("perkiraan dikirim (hari)"), default=1)
    # The courier service the buyer chose and the weight it bills, for the label later;
    # empty for pickup and for orders placed before couriers were priced by weight.
    courier_service = models.ForeignKey(
        "shipping.CourierService",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("layanan kurir"),
    )
    billed_weight_grams = models.PositiveIntegerField(_("berat ditagih kurir (gram)"), default=0)
    # Cash on delivery (payment.cod): packed and shipped before it is paid; paid when the
    # producer records the cash (then delivered), or cancelled when the buyer refuses it.
    cash_on_delivery = models.BooleanField(_("bayar di tempat (COD)"), default=False)
    courier = models.CharField(_("kurir"), max_length=64, blank=True)
    tracking_number = models.CharField(_("nomor resi"), max_length=64, blank=True)
    refunded_amount = models.DecimalField(
        _("jumlah dikembalikan"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    # A complaint is open on this part (the complaints app sets it through
    # seller_order_escrow_pause): its held money waits for the outcome, not for the clock.
    escrow_paused = models.BooleanField(_("dana ditahan karena komplain"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    packed_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # When the producer and staff were told the part is past its ship-by date (once).
    late_flagged_at = models.DateTimeField(_("ditandai terlambat kirim"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pesanan produsen")
        verbose_name_plural = _("pesanan produsen")
        indexes = [
            # The impact report's period of paid parts, read from the index alone (what it
            # adds up per producer is included): at the programme's size, 160,000 parts a year.
            models.Index(
                fields=["created_at"],
                include=["status", "seller", "units", "lines_total"],
                name="seller_order_by_time",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["order", "seller"], name="one_seller_order_per_producer"),
            models.CheckConstraint(
                condition=models.Q(lines_total__gte=0), name="seller_order_total_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(shipping_charge__gte=0), name="seller_order_shipping_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="shipped") | ~models.Q(tracking_number=""),
                name="shipped_needs_tracking_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("sellers:portal-order", kwargs={"number": self.number})

    @property
    def total(self) -> Decimal:
        return self.lines_total + self.shipping_charge

    # A COD part is packed and shipped before it is paid. (Refused at the door it is
    # cancelled by fulfilment.services.seller_order_cod_refuse alone: its stock was consumed.)
    COD_TRANSITIONS = {Status.AWAITING_PAYMENT: {Status.PACKED, Status.SHIPPED}}

    @property
    def ship_by(self) -> datetime | None:
        """A paid part must be handed to the courier within its processing days plus
        SHIP_BY_EXTRA_DAYS; later it is flagged, and SHIP_BY_GRACE_DAYS after that cancelled."""
        if self.paid_at is None:
            return None
        return self.paid_at + timedelta(days=self.dispatch_days + SHIP_BY_EXTRA_DAYS)

    @property
    def auto_cancel_at(self) -> datetime | None:
        ship_by = self.ship_by
        return ship_by + timedelta(days=settings.SHIP_BY_GRACE_DAYS) if ship_by else None

    @property
    def tracking_link(self) -> str:
        """The courier's public tracking page for this parcel's waybill, or ""."""
        if self.courier_service_id is None or not self.tracking_number:
            return ""
        return self.courier_service.courier.tracking_link(self.tracking_number)

    def can_move_to(self, status: str) -> bool:
        current = self.Status(self.status)
        if self.cash_on_delivery and self.paid_at is None and status in self.COD_TRANSITIONS.get(current, ()):
            return True
        return status in self.TRANSITIONS[current]

    def lines(self):
        """This producer's lines of the buyer's order: never another producer's."""
        return self.order.lines.filter(partner_id=self.seller.partner_id)


class SellerOrderEvent(models.Model):
    """One change of a producer's part: its status before and after, who made it (empty for
    the scheduler and for the payment's own changes) and a note, e.g. the waybill."""

    seller_order = models.ForeignKey(SellerOrder, on_delete=models.CASCADE, related_name="events")
    old_status = models.CharField(_("status lama"), max_length=20, choices=SellerOrder.Status.choices)
    new_status = models.CharField(_("status baru"), max_length=20, choices=SellerOrder.Status.choices)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("riwayat pesanan produsen")
        verbose_name_plural = _("riwayat pesanan produsen")

    def __str__(self) -> str:
        return f"{self.seller_order}: {self.old_status} → {self.new_status}"
