"""The resolution centre: a buyer's cancellation of one producer's part, and complaints.

A complaint is about one SellerOrder (one producer's parcel). While it is open the part's
money stays held (SellerOrder.escrow_paused); every step, whoever took it (buyer, producer,
staff or the scheduler), is kept as a ComplaintEvent, the thread both sides read.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CancellationRequest(models.Model):
    """A buyer's wish to cancel a part. Before packing it is granted at once (``ACCEPTED``
    with no producer answer); once packed the producer accepts or refuses it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Menunggu jawaban produsen")
        ACCEPTED = "accepted", _("Dibatalkan")
        REFUSED = "refused", _("Ditolak produsen")

    seller_order = models.ForeignKey(
        "fulfilment.SellerOrder", on_delete=models.PROTECT, related_name="cancellation_requests"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, db_index=True)
    reason = models.CharField(_("alasan pembeli"), max_length=255, blank=True)
    answer = models.CharField(_("jawaban produsen"), max_length=255, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permintaan pembatalan")
        verbose_name_plural = _("permintaan pembatalan")
        constraints = [
            # One question at a time: a second request waits for the producer's answer.
            models.UniqueConstraint(
                fields=["seller_order"],
                condition=models.Q(status="requested"),
                name="one_open_cancellation_request_per_part",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seller_order.number} {self.status}"


class Complaint(models.Model):
    class Reason(models.TextChoices):
        NOT_ARRIVED = "not_arrived", _("Barang belum sampai")
        DAMAGED = "damaged", _("Barang rusak")
        WRONG_ITEM = "wrong_item", _("Barang salah kirim")
        MISSING_ITEMS = "missing_items", _("Barang kurang")
        NOT_AS_DESCRIBED = "not_as_described", _("Tidak sesuai deskripsi")

    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu jawaban produsen")
        OFFERED = "offered", _("Produsen menawarkan penyelesaian")
        REJECTED = "rejected", _("Produsen menolak")
        ESCALATED = "escalated", _("Menunggu keputusan staf")
        # Missing items or an exchange accepted: the money stays held until the replacement arrives.
        REPLACING = "replacing", _("Menunggu barang pengganti")
        RESOLVED = "resolved", _("Selesai")

    class Offer(models.TextChoices):
        FULL_REFUND = "full_refund", _("Pengembalian dana penuh")
        PARTIAL_REFUND = "partial_refund", _("Pengembalian dana sebagian")
        SEND_MISSING = "send_missing", _("Mengirim barang yang kurang")
        EXCHANGE = "exchange", _("Tukar barang (dengan resi retur)")

    class ReturnShippingPayer(models.TextChoices):
        NONE = "", _("Tidak ada pengiriman retur")
        BUYER = "buyer", _("Pembeli")
        PRODUCER = "producer", _("Produsen")
        PROGRAM = "program", _("Program Pasar Desmigratif")

    # Who must act next while the complaint is open; the deadline is theirs.
    WAITING_FOR = {
        Status.OPEN: "producer",
        Status.OFFERED: "buyer",
        Status.REJECTED: "buyer",
        Status.ESCALATED: "staff",
        Status.REPLACING: "producer",
    }
    # Accepted, these offers are kept by sending goods, not money: held until they arrive.
    REPLACEMENT_OFFERS = (Offer.SEND_MISSING, Offer.EXCHANGE)

    seller_order = models.OneToOneField(
        "fulfilment.SellerOrder", on_delete=models.PROTECT, related_name="complaint"
    )
    reason = models.CharField(_("alasan"), max_length=20, choices=Reason.choices)
    description = models.TextField(_("keterangan"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    # The next deadline of whoever must act (WAITING_FOR); empty while staff decide.
    deadline = models.DateTimeField(_("batas waktu"), null=True, blank=True, db_index=True)
    # The producer's offer while OFFERED (and what was accepted once RESOLVED).
    offer = models.CharField(_("tawaran"), max_length=20, choices=Offer.choices, blank=True)
    offer_amount = models.DecimalField(
        _("jumlah pengembalian"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    return_courier = models.CharField(_("kurir retur"), max_length=64, blank=True)
    return_tracking_number = models.CharField(_("resi retur"), max_length=64, blank=True)
    # The replacement (missing items or the exchanged goods) on its way to the buyer.
    replacement_courier = models.CharField(_("kurir barang pengganti"), max_length=64, blank=True)
    replacement_tracking_number = models.CharField(_("resi barang pengganti"), max_length=64, blank=True)
    replacement_shipped_at = models.DateTimeField(_("barang pengganti dikirim"), null=True, blank=True)
    # The outcome, once resolved.
    refunded_amount = models.DecimalField(
        _("dana dikembalikan"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    return_shipping_payer = models.CharField(
        _("ongkir retur ditanggung"), max_length=16, choices=ReturnShippingPayer.choices, blank=True
    )
    return_shipping_amount = models.DecimalField(
        _("ongkir retur"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "created_at", "id"]
        verbose_name = _("komplain")
        verbose_name_plural = _("komplain")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(offer_amount__isnull=True) | models.Q(offer_amount__gt=0),
                name="complaint_offer_amount_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(return_shipping_amount__isnull=True)
                | models.Q(return_shipping_amount__gte=0),
                name="complaint_return_shipping_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seller_order.number}: {self.get_reason_display()}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.RESOLVED

    @property
    def waiting_for(self) -> str:
        return self.WAITING_FOR.get(self.Status(self.status), "")


class ComplaintEvent(models.Model):
    """One step of a complaint's thread: what happened, who did it, what they wrote."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Komplain diajukan")
        MESSAGE = "message", _("Pesan")
        OFFERED = "offered", _("Produsen menawarkan penyelesaian")
        REJECTED = "rejected", _("Produsen menolak komplain")
        ACCEPTED = "accepted", _("Pembeli menerima")
        AUTO_ACCEPTED = "auto_accepted", _("Diterima otomatis: pembeli tidak menjawab tepat waktu")
        ESCALATED = "escalated", _("Pembeli meminta keputusan staf")
        AUTO_ESCALATED = "auto_escalated", _("Diteruskan ke staf: produsen tidak menjawab tepat waktu")
        DECIDED = "decided", _("Staf memutuskan")
        REFUNDED = "refunded", _("Dana dikembalikan ke pembeli")
        RELEASED = "released", _("Sisa dana diteruskan ke produsen")
        REPLACEMENT_SHIPPED = "replacement_shipped", _("Produsen mengirim barang pengganti")
        REPLACEMENT_RECEIVED = "replacement_received", _("Barang pengganti sudah sampai")
        AUTO_REPLACEMENT_RECEIVED = (
            "auto_replacement_received",
            _("Barang pengganti dianggap sampai: tidak ada laporan tepat waktu"),
        )
        PROGRAM_COST = "program_cost", _("Ongkir retur dicatat sebagai biaya program")

    class Role(models.TextChoices):
        BUYER = "buyer", _("Pembeli")
        PRODUCER = "producer", _("Produsen")
        STAFF = "staff", _("Staf")
        SYSTEM = "system", _("Sistem")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("jenis"), max_length=32, choices=Kind.choices)
    role = models.CharField(_("oleh"), max_length=10, choices=Role.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("pesan"), max_length=2000, blank=True)
    amount = models.DecimalField(_("jumlah"), max_digits=12, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("langkah komplain")
        verbose_name_plural = _("langkah komplain")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"


def _photo_name(photo: "ComplaintPhoto", filename: str) -> str:
    # Never the buyer's own file name (it may carry their name or the date and place).
    return f"complaints/{uuid.uuid4().hex}{PurePosixPath(filename).suffix.lower()}"


class ComplaintPhoto(models.Model):
    """A photo of the problem, re-encoded without EXIF (sellers.images.image_clean)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="photos")
    image = models.ImageField(_("foto"), upload_to=_photo_name)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("foto komplain")
        verbose_name_plural = _("foto komplain")

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.image.name}"
