"""Money owed to producers: credited on delivery, reversed on refund, paid out by staff."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from core.money import rupiah_digits
from ledger.models import LedgerEntry
from sellers.models import AuditLogEntry, SellerProfile

RUPIAH = Decimal("1")


def rupiah(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(RUPIAH, rounding=ROUND_HALF_UP)


def commission_for(amount: Decimal, rate: Decimal | None = None) -> Decimal:
    rate = settings.MARKETPLACE_COMMISSION_RATE if rate is None else rate
    return rupiah(Decimal(amount) * rate)


@transaction.atomic
def ledger_credit_sale(*, seller_order: models.Model) -> list[LedgerEntry]:
    """Credit a delivered SellerOrder: goods and shipping in, program commission out.

    The ledger sits below fulfilment, which calls it on delivery and refund: it books the
    fulfilment.SellerOrder it is handed (its seller, number and totals) without importing
    that app.

    Idempotent: a second call (a repeated delivery report) creates nothing.
    """
    if seller_order.ledger_entries.filter(kind=LedgerEntry.Kind.SALE).exists():
        return []
    entries = [
        LedgerEntry(
            seller_id=seller_order.seller_id,
            kind=LedgerEntry.Kind.SALE,
            amount=seller_order.lines_total + seller_order.shipping_charge,
            seller_order=seller_order,
            reference=seller_order.number,
            memo=_("Pesanan %(number)s diterima pembeli") % {"number": seller_order.number},
        )
    ]
    commission = commission_for(seller_order.lines_total)
    if commission > 0:
        entries.append(
            LedgerEntry(
                seller_id=seller_order.seller_id,
                kind=LedgerEntry.Kind.COMMISSION,
                amount=-commission,
                seller_order=seller_order,
                reference=seller_order.number,
                memo=_("Komisi program %(rate)s%%")
                % {"rate": (settings.MARKETPLACE_COMMISSION_RATE * 100).normalize()},
            )
        )
    try:
        with transaction.atomic():
            for entry in entries:
                entry.save()
    except IntegrityError:
        # A concurrent delivery report credited it first (unique per seller order and kind).
        return []
    return entries


@transaction.atomic
def ledger_record_refund(*, seller_order: models.Model, amount: Decimal, reference: str) -> list[LedgerEntry]:
    """Reverse what a refund takes back, if the sale had been credited already."""
    sale = seller_order.ledger_entries.filter(kind=LedgerEntry.Kind.SALE).first()
    if sale is None:
        return []
    amount = min(rupiah(amount), sale.amount)
    entries = [
        LedgerEntry(
            seller_id=seller_order.seller_id,
            kind=LedgerEntry.Kind.REFUND,
            amount=-amount,
            seller_order=seller_order,
            reference=reference,
            memo=_("Pengembalian dana pesanan %(number)s") % {"number": seller_order.number},
        )
    ]
    commission = seller_order.ledger_entries.filter(kind=LedgerEntry.Kind.COMMISSION).first()
    if commission is not None and seller_order.lines_total > 0:
        refunded_goods = min(amount, seller_order.lines_total)
        reversal = rupiah(-commission.amount * refunded_goods / seller_order.lines_total)
        already = seller_order.ledger_entries.filter(kind=LedgerEntry.Kind.COMMISSION_REVERSAL).balance()
        reversal = min(reversal, -commission.amount - already)
        if reversal > 0:
            entries.append(
                LedgerEntry(
                    seller_id=seller_order.seller_id,
                    kind=LedgerEntry.Kind.COMMISSION_REVERSAL,
                    amount=reversal,
                    seller_order=seller_order,
                    reference=reference,
                    memo=_("Komisi dikembalikan untuk pesanan %(number)s") % {"number": seller_order.number},
                )
            )
    for entry in entries:
        entry.save()
    return entries


@transaction.atomic
def ledger_record_payout(
    *, seller: SellerProfile, amount: Decimal, reference: str, created_by
) -> LedgerEntry:
    """Record a bank transfer to the producer; never more than what is owed."""
    # Lock the seller so two staff members cannot pay the same balance twice.
    SellerProfile.objects.select_for_update().get(pk=seller.pk)
    amount = rupiah(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("Jumlah pencairan harus lebih dari nol.")})
    if not reference.strip():
        raise ValidationError({"reference": _("Isi nomor referensi transfer bank.")})
    balance = LedgerEntry.objects.filter(seller=seller).balance()
    if amount > balance:
        raise ValidationError(
            {
                "amount": _("Pencairan melebihi saldo produsen (Rp %(balance)s).")
                % {"balance": rupiah_digits(balance)}
            }
        )
    entry = LedgerEntry(
        seller=seller,
        kind=LedgerEntry.Kind.PAYOUT,
        amount=-amount,
        reference=reference.strip(),
        memo=_("Transfer ke rekening %(account)s") % {"account": seller.masked_bank_account_number or "-"},
        created_by=created_by,
    )
    entry.save()
    return entry


def ledger_balance(*, seller: SellerProfile) -> Decimal:
    return LedgerEntry.objects.filter(seller=seller).balance()


@transaction.atomic
def seller_payout_record(*, seller: SellerProfile, amount: Decimal, reference: str, actor) -> LedgerEntry:
    """Record a bank transfer made to the producer (never more than its balance), audited."""
    entry = ledger_record_payout(seller=seller, amount=amount, reference=reference, created_by=actor)
    AuditLogEntry.objects.create(
        actor=actor,
        seller=seller,
        action="payout_record",
        object_type="ledger_entry",
        object_id=str(entry.pk),
        detail={"amount": str(-entry.amount), "reference": entry.reference},
    )
    return entry
