"""How each order is paid, whatever the method, and which provider events were handled.

OrderPayment is the one place the order's payment state lives; methods (payment.methods)
move it. PaymentEvent makes webhook handling exactly-once: an event id is recorded in
the same transaction as its effect, so a redelivered event finds it and does nothing.
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

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

    @property
    def amount_kept(self) -> Decimal:
        """What the shop holds of the buyer's money after refunds."""
        return self.amount_due - self.refunded_amount


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


class MidtransCharge(models.Model):
    """One Midtrans transaction opened for an order's payment (payment.midtrans_methods).

    Usually one per order; a buyer who switches between an e-wallet's app and its QR code,
    or pays again after a denied attempt, gets a new transaction under a new order id
    (``<number>-2``…), and only the newest may move the payment. What the buyer needs to
    pay (VA number, QR string, deeplink, payment code) is kept so the page never charges twice.
    """

    payment = models.ForeignKey(OrderPayment, on_delete=models.PROTECT, related_name="midtrans_charges")
    order_id = models.CharField(_("order id Midtrans"), max_length=50, unique=True)
    attempt = models.PositiveSmallIntegerField(default=1)
    payment_type = models.CharField(max_length=32)
    transaction_id = models.CharField(max_length=64, blank=True)
    transaction_status = models.CharField(max_length=32, blank=True)
    instructions = models.JSONField(default=dict, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("transaksi Midtrans")
        verbose_name_plural = _("transaksi Midtrans")
        ordering = ["-attempt"]
        constraints = [
            models.UniqueConstraint(fields=["payment", "attempt"], name="midtrans_charge_attempt_once")
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.payment_type} {self.transaction_status}"


class PaymentRefund(models.Model):
    """One sum sent back to the buyer: by Stripe at once, or by staff's "transfer balik".

    A bank-transfer refund is owed until staff record the reference of the transfer they
    made to the account the buyer gave (RefundBankAccount).
    """

    payment = models.ForeignKey(OrderPayment, on_delete=models.PROTECT, related_name="refunds")
    seller_order = models.ForeignKey(
        "fulfilment.SellerOrder", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount = models.DecimalField(_("jumlah"), max_digits=12, decimal_places=2)
    reason = models.CharField(_("alasan"), max_length=255)
    reference = models.CharField(_("referensi pengembalian"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    transferred_at = models.DateTimeField(_("dana dikirim"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("pengembalian dana")
        verbose_name_plural = _("pengembalian dana")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.payment.order.number} {self.amount}"


class RefundBankAccount(models.Model):
    """Where a bank-transfer buyer wants their money back, given on the order page."""

    payment = models.OneToOneField(OrderPayment, on_delete=models.PROTECT, related_name="refund_account")
    bank_name = models.CharField(_("nama bank"), max_length=60)
    account_number = models.CharField(_("nomor rekening"), max_length=20)
    holder_name = models.CharField(_("nama pemilik rekening"), max_length=100)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rekening pengembalian dana")
        verbose_name_plural = _("rekening pengembalian dana")

    def __str__(self) -> str:
        return f"{self.bank_name} {self.masked_account_number}"

    @property
    def masked_account_number(self) -> str:
        return "•" * max(len(self.account_number) - 4, 0) + self.account_number[-4:]


def _receipt_name(receipt: "TransferReceipt", filename: str) -> str:
    # Never the buyer's own file name; unguessable, as the photo shows a bank account.
    return f"payment/receipts/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"


class TransferReceipt(models.Model):
    """A photo of the buyer's transfer slip, for staff to check before "Tandai lunas"."""

    payment = models.ForeignKey(OrderPayment, on_delete=models.PROTECT, related_name="receipts")
    image = models.ImageField(_("foto bukti transfer"), upload_to=_receipt_name)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("bukti transfer")
        verbose_name_plural = _("bukti transfer")

    def __str__(self) -> str:
        return f"{self.payment.order.number} {self.uploaded_at:%Y-%m-%d %H:%M}"


class CodStrike(models.Model):
    """A COD parcel the buyer cancelled or refused ("paket ditolak / tidak dibayar").

    Counted per account and per phone number (E.164, from the delivery address), so a buyer
    cannot escape the limit with a new account or as a guest (payment.selectors.cod_block_for).
    Staff lift a block by marking its strikes lifted, with who and why; rows are kept.
    """

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", _("Dibatalkan pembeli")
        REFUSED = "refused", _("Paket ditolak / tidak dibayar")

    kind = models.CharField(_("jenis"), max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="cod_strikes"
    )
    phone = models.CharField(_("nomor telepon"), max_length=20, blank=True, db_index=True)
    payment = models.ForeignKey(OrderPayment, on_delete=models.PROTECT, related_name="cod_strikes")
    seller_order = models.ForeignKey(
        "fulfilment.SellerOrder", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    lifted_at = models.DateTimeField(_("blokir dicabut"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.CharField(_("alasan pencabutan"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("catatan COD gagal")
        verbose_name_plural = _("catatan COD gagal")
        constraints = [
            # One strike per refused parcel, however often the button is pressed.
            models.UniqueConstraint(
                fields=["seller_order"], condition=models.Q(kind="refused"), name="cod_strike_once_per_parcel"
            ),
            models.UniqueConstraint(
                fields=["payment"], condition=models.Q(kind="cancelled"), name="cod_strike_once_per_cancel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment.order.number} {self.kind}"


from oscar.apps.payment.models import *  # noqa: E402,F401,F403 - Oscar fork convention
