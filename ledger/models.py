"""Each producer's earnings as an append-only ledger.

The balance owed to a producer is the sum of its entries. Entries are never changed or
deleted: a mistake is corrected by a new entry. Amounts are Rupiah in Decimal.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerEntryQuerySet(models.QuerySet):
    def balance(self):
        from decimal import Decimal

        from django.db.models import Sum

        return self.aggregate(total=Sum("amount"))["total"] or Decimal("0")

    def update(self, **kwargs):
        raise ValidationError(_("Entri buku besar tidak boleh diubah."))

    def delete(self):
        raise ValidationError(_("Entri buku besar tidak boleh dihapus."))


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        SALE = "sale", _("Penjualan")
        COMMISSION = "commission", _("Komisi program")
        REFUND = "refund", _("Pengembalian dana")
        COMMISSION_REVERSAL = "commission_reversal", _("Pembatalan komisi")
        PAYOUT = "payout", _("Pencairan")
        ADJUSTMENT = "adjustment", _("Koreksi")
        RELEASE = "release", _("Dana diteruskan")
        # Cash on delivery: the buyer's cash went to the producer, not through the program.
        COD_CASH = "cod_cash", _("Tunai COD diterima produsen")

    class Account(models.TextChoices):
        """Escrow: a paid part's money is held until the buyer has the goods, then available."""

        HELD = "held", _("Ditahan")
        AVAILABLE = "available", _("Tersedia")

    class ReleaseReason(models.TextChoices):
        """Why held money became available; kept as the release entries' reference."""

        BUYER = "buyer", _("Pembeli menekan Pesanan diterima")
        AFTER_DELIVERY = "after_delivery", _("Otomatis setelah barang tiba")
        AFTER_SHIPPING = "after_shipping", _("Otomatis setelah barang dikirim")
        COMPLAINT = "complaint", _("Keputusan staf atas keluhan")
        COMPLAINT_SETTLED = "complaint_settled", _("Keluhan selesai disepakati")

        def memo(self, *, number: str, days: int | None = None) -> str:
            from django.utils.translation import gettext

            if self is LedgerEntry.ReleaseReason.AFTER_DELIVERY:
                text = gettext("Pesanan %(number)s: diteruskan otomatis %(days)s hari setelah barang tiba")
            elif self is LedgerEntry.ReleaseReason.AFTER_SHIPPING:
                text = gettext("Pesanan %(number)s: diteruskan otomatis %(days)s hari setelah dikirim")
            elif self is LedgerEntry.ReleaseReason.COMPLAINT:
                text = gettext("Pesanan %(number)s: diteruskan setelah keluhan diputuskan staf")
            elif self is LedgerEntry.ReleaseReason.COMPLAINT_SETTLED:
                text = gettext("Pesanan %(number)s: sisa dana diteruskan setelah keluhan selesai")
            else:
                text = gettext("Pesanan %(number)s diterima pembeli")
            return text % {"number": number, "days": days}

    seller = models.ForeignKey(
        "sellers.SellerProfile", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(_("jenis"), max_length=24, choices=Kind.choices)
    # Entries booked before escrow existed were credited on delivery: available.
    account = models.CharField(
        _("rekening"), max_length=16, choices=Account.choices, default=Account.AVAILABLE, db_index=True
    )
    amount = models.DecimalField(_("jumlah"), max_digits=14, decimal_places=2)
    seller_order = models.ForeignKey(
        "fulfilment.SellerOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    reference = models.CharField(_("referensi"), max_length=100, blank=True)
    memo = models.CharField(_("keterangan"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("entri pendapatan")
        verbose_name_plural = _("entri pendapatan")
        indexes = [
            # A period's entries by time, carrying what the impact report adds up per producer:
            # read from the index alone, a year of 1.4 million entries took 0.2 s where
            # fetching each row took 1.2 s (impact.selectors, bench/impact_bench.py).
            models.Index(
                fields=["created_at"], include=["kind", "seller", "amount"], name="ledger_entry_by_time"
            ),
        ]
        constraints = [
            # The sign follows from the kind, so the balance always means "owed to the producer".
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["sale", "commission_reversal"], amount__gt=0)
                    | models.Q(kind__in=["commission", "refund", "payout", "cod_cash"], amount__lt=0)
                    | models.Q(kind="adjustment")
                    # A release moves a part's net from held (out) to available (in).
                    | models.Q(kind="release", account="held", amount__lt=0)
                    | models.Q(kind="release", account="available", amount__gt=0)
                ),
                name="ledger_amount_sign_matches_kind",
            ),
            models.CheckConstraint(condition=~models.Q(amount=0), name="ledger_amount_not_zero"),
            # A delivered order is credited once, however often delivery is reported.
            models.UniqueConstraint(
                fields=["seller_order", "kind"],
                condition=models.Q(kind__in=["sale", "commission"]),
                name="ledger_one_sale_and_commission_per_seller_order",
            ),
            # The producer collects a COD part's cash once, however often it is recorded.
            models.UniqueConstraint(
                fields=["seller_order"],
                condition=models.Q(kind="cod_cash"),
                name="ledger_one_cod_cash_per_seller_order",
            ),
            # Released once, however many hands press at the same second (buyer, scheduler,
            # staff): the second release of a part fails here and books nothing.
            models.UniqueConstraint(
                fields=["seller_order", "account"],
                condition=models.Q(kind="release"),
                name="ledger_one_release_per_seller_order",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="payout") | models.Q(account="available"),
                name="ledger_payout_from_available",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="payout") | ~models.Q(reference=""),
                name="ledger_payout_needs_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Entri buku besar tidak boleh diubah."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Entri buku besar tidak boleh dihapus."))


class ProgramCostQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Biaya program tidak boleh diubah."))

    def delete(self):
        raise ValidationError(_("Biaya program tidak boleh dihapus."))


class ProgramCost(models.Model):
    """Money the program itself pays for a producer's part, such as return shipping staff
    decided the program bears. Booked beside the producer's entries, never in them: no
    balance, payout or impact figure of the producer counts it. Append-only as they are."""

    class Kind(models.TextChoices):
        RETURN_SHIPPING = "return_shipping", _("Ongkir retur ditanggung program")

    kind = models.CharField(_("jenis"), max_length=24, choices=Kind.choices)
    amount = models.DecimalField(_("jumlah"), max_digits=14, decimal_places=2)
    seller = models.ForeignKey(
        "sellers.SellerProfile", on_delete=models.PROTECT, related_name="program_costs"
    )
    seller_order = models.ForeignKey(
        "fulfilment.SellerOrder", on_delete=models.PROTECT, related_name="program_costs"
    )
    reference = models.CharField(_("referensi"), max_length=100, blank=True)
    memo = models.CharField(_("keterangan"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ProgramCostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("biaya program")
        verbose_name_plural = _("biaya program")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="program_cost_positive"),
            # One complaint a part, one decision a complaint: its return shipping is booked once.
            models.UniqueConstraint(fields=["seller_order", "kind"], name="program_cost_once_per_part"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Biaya program tidak boleh diubah."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Biaya program tidak boleh dihapus."))
