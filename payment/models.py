"""How each order is paid, whatever the method, and which provider events were handled.

OrderPayment is the one place the order's payment state lives; methods (payment.methods)
move it. PaymentEvent makes webhook handling exactly-once: an event id is recorded in
the same transaction as its effect, so a redelivered event finds it and does nothing.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderPayment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu pembayaran")
        REQUIRES_ACTION = "requires_action", _("Menunggu verifikasi bank")
        SUCCEEDED = "succeeded", _("Lunas")
        FAILED = "failed", _("Gagal")
        CANCELLED = "cancelled", _("Dibatalkan")
        PARTIALLY_REFUNDED = "partially_refunded", _("Dikembalikan sebagian")
        REFUNDED = "refunded", _("Dikembalikan")

    # Terminal or later states never move back when an older event arrives late.
    RANK = {
        Status.PENDING: 0,
        Status.REQUIRES_ACTION: 1,
        Status.FAILED: 1,
        Status.SUCCEEDED: 2,
        Status.CANCELLED: 2,
        Status.PARTIALLY_REFUNDED: 3,
        Status.REFUNDED: 4,
    }

    order = models.OneToOneField("order.Order", on_delete=models.PROTECT, related_name="payment")
    method = models.CharField(_("metode"), max_length=32)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    amount = models.DecimalField(_("total pesanan"), max_digits=12, decimal_places=2)
    unique_code = models.PositiveSmallIntegerField(_("kode unik"), null=True, blank=True)
    amount_due = models.DecimalField(_("jumlah yang ditagih"), max_digits=12, decimal_places=2)
    provider_reference = models.CharField(_("referensi penyedia"), max_length=255, blank=True, db_index=True)
    deadline = models.DateTimeField(_("batas waktu pembayaran"), null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    refunded_amount = models.DecimalField(
        _("sudah dikembalikan"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    marked_paid_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pembayaran pesanan")
        verbose_name_plural = _("pembayaran pesanan")
        constraints = [
            # Bank transfers are matched by amount, so no two open ones may share it.
            models.UniqueConstraint(
                fields=["amount_due"],
                condition=models.Q(method="bank_transfer", status="pending"),
                name="unique_open_bank_transfer_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_due__gte=models.F("amount")), name="amount_due_covers_order"
            ),
            models.CheckConstraint(
                condition=models.Q(refunded_amount__lte=models.F("amount_due")), name="refund_not_above_paid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order.number} {self.method} {self.status}"

    @property
    def method_name(self) -> str:
        """The method as buyers and staff read it ("Transfer bank"), not its code."""
        from payment.methods import payment_methods  # methods build on this model

        method = payment_methods().get(self.method)
        return str(method.name) if method else self.method

    @property
    def is_paid(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.PARTIALLY_REFUNDED)


class PaymentEvent(models.Model):
    provider = models.CharField(max_length=32)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=100)
    payment = models.ForeignKey(
        OrderPayment, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    outcome = models.CharField(max_length=255, blank=True)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="payment_event_once")]
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_type}:{self.event_id}"


from oscar.apps.payment.models import *  # noqa: E402,F401,F403 - Oscar fork convention
