"""Money owed to producers: held when a part is paid, released once the buyer has the goods,
reversed on refund (held money first), paid out by staff from the available balance; a
cash-on-delivery part booked as cash the producer holds, its commission owed."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from core.money import rupiah_digits
from ledger.models import LedgerEntry, ProgramCost
from sellers.models import AuditLogEntry, SellerProfile

RUPIAH = Decimal("1")
Account = LedgerEntry.Account


def rupiah(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(RUPIAH, rounding=ROUND_HALF_UP)


def commission_for(amount: Decimal, rate: Decimal | None = None) -> Decimal:
    rate = settings.MARKETPLACE_COMMISSION_RATE if rate is None else rate
    return rupiah(Decimal(amount) * rate)


def _part_entry(
    seller_order: models.Model, *, kind: str, account: str, amount: Decimal, memo: str
) -> LedgerEntry:
    """One entry of a producer's part, referenced by the part's number."""
    return LedgerEntry(
        seller_id=seller_order.seller_id,
        kind=kind,
        account=account,
        amount=amount,
        seller_order=seller_order,
        reference=seller_order.number,
        memo=memo,
    )


def _commission_entries(seller_order: models.Model, *, account: str, memo: str) -> list[LedgerEntry]:
    """The program's commission on the part's goods (not its delivery), when there is one."""
    commission = commission_for(seller_order.lines_total)
    if commission <= 0:
        return []
    rate = (settings.MARKETPLACE_COMMISSION_RATE * 100).normalize()
    return [
        _part_entry(
            seller_order,
            kind=LedgerEntry.Kind.COMMISSION,
            account=account,
            amount=-commission,
            memo=memo % {"rate": rate},
        )
    ]


@transaction.atomic
def ledger_hold_sale(*, seller_order: models.Model) -> list[LedgerEntry]:
    """Book a paid SellerOrder as held: goods and shipping in, program commission out.

    Escrow: the money is the producer's but not yet payable; ``ledger_release`` makes it
    available once the buyer has the goods. The ledger sits below fulfilment, which calls
    it when a part is paid and on refund: it books the fulfilment.SellerOrder it is handed
    (its seller, number and totals) without importing that app.

    Idempotent: a second call (a repeated payment notification) creates nothing.
    """
    if seller_order.ledger_entries.filter(kind=LedgerEntry.Kind.SALE).exists():
        return []
    sale = _part_entry(
        seller_order,
        kind=LedgerEntry.Kind.SALE,
        account=Account.HELD,
        amount=seller_order.lines_total + seller_order.shipping_charge,
        memo=_("Pesanan %(number)s dibayar; dana ditahan sampai pesanan diterima")
        % {"number": seller_order.number},
    )
    return _save_once(
        [sale, *_commission_entries(seller_order, account=Account.HELD, memo=_("Komisi program %(rate)s%%"))]
    )


@transaction.atomic
def ledger_record_cod_cash(*, seller_order: models.Model) -> list[LedgerEntry]:
    """A cash-on-delivery part was paid into the producer's hand: book it where it stands.

    Three entries, all on ``available`` (the buyer paid with the goods in hand, so there is
    nothing to hold): the sale in (goods and delivery), the program's commission out, and
    the cash out again (``cod_cash``), because the producer already has it. What remains is
    the commission the producer owes, taken from its next payout. A refund later comes out
    of ``available`` as for a released part (ledger_record_refund).

    Once per part (unique ``cod_cash`` entry): a second recording books nothing.
    """
    if seller_order.ledger_entries.filter(kind=LedgerEntry.Kind.COD_CASH).exists():
        return []
    total = seller_order.lines_total + seller_order.shipping_charge
    number = {"number": seller_order.number}
    entries = [
        _part_entry(
            seller_order,
            kind=LedgerEntry.Kind.SALE,
            account=Account.AVAILABLE,
            amount=total,
            memo=_("Pesanan %(number)s dibayar tunai di tempat (COD)") % number,
        ),
        _part_entry(
            seller_order,
            kind=LedgerEntry.Kind.COD_CASH,
            account=Account.AVAILABLE,
            amount=-total,
            memo=_("Uang tunai COD pesanan %(number)s dipegang produsen") % number,
        ),
        *_commission_entries(
            seller_order,
            account=Account.AVAILABLE,
            memo=_("Komisi program %(rate)s%% (COD, dipotong dari pencairan berikutnya)"),
        ),
    ]
    return _save_once(entries)


def _save_once(entries: list[LedgerEntry]) -> list[LedgerEntry]:
    """Save entries a unique constraint allows once; a concurrent writer that won books nothing."""
    try:
        with transaction.atomic():
            for entry in entries:
                entry.save()
    except IntegrityError:
        return []
    return entries


def ledger_released(*, seller_order: models.Model) -> bool:
    return seller_order.ledger_entries.filter(kind=LedgerEntry.Kind.RELEASE).exists()


@transaction.atomic
def ledger_release(
    *, seller_order: models.Model, reason: str, created_by=None, days: int | None = None
) -> list[LedgerEntry]:
    """Make a part's held money available (payable to the producer), exactly once.

    ``reason`` is a ``LedgerEntry.ReleaseReason``: the buyer confirmed, the auto-release after
    ``days``, or a complaint staff decided. A double click, the scheduler and the buyer at the
    same second, a retried task: the row lock serialises them and the unique release entry per
    part refuses the second, so the producer is credited once. Returns the entries booked.
    """
    if getattr(seller_order, "cash_on_delivery", False):
        return []  # paid at the door (ledger_record_cod_cash): nothing was ever held
    # Refunds and releases of one part wait for each other (fulfilment locks the same row).
    type(seller_order).objects.select_for_update().get(pk=seller_order.pk)
    ledger_hold_sale(seller_order=seller_order)  # a part paid before escrow existed
    if ledger_released(seller_order=seller_order):
        return []
    held = seller_order.ledger_entries.filter(account=Account.HELD).balance()
    if held <= 0:
        return []  # refunded in full while held: nothing left to pass on
    memo = LedgerEntry.ReleaseReason(reason).memo(number=seller_order.number, days=days)
    return _save_once(
        [
            LedgerEntry(
                seller_id=seller_order.seller_id,
                kind=LedgerEntry.Kind.RELEASE,
                account=account,
                amount=amount,
                seller_order=seller_order,
                reference=reason,
                memo=memo,
                created_by=created_by,
            )
            for account, amount in ((Account.HELD, -held), (Account.AVAILABLE, held))
        ]
    )


@transaction.atomic
def ledger_record_refund(*, seller_order: models.Model, amount: Decimal, reference: str) -> list[LedgerEntry]:
    """Reverse what a refund takes back, if the part was paid (its sale booked).

    Held money first: until the part is released the refund comes out of what is held for
    it, so the producer's available balance is untouched; after the release it comes out of
    the available balance.
    """
    sale = seller_order.ledger_entries.filter(kind=LedgerEntry.Kind.SALE).first()
    if sale is None:
        return []
    account = Account.HELD
    if sale.account == Account.AVAILABLE or ledger_released(seller_order=seller_order):
        account = Account.AVAILABLE
    amount = min(rupiah(amount), sale.amount)
    entries = [
        LedgerEntry(
            seller_id=seller_order.seller_id,
            kind=LedgerEntry.Kind.REFUND,
            account=account,
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
                    account=account,
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
    """Record a bank transfer to the producer; never more than its available balance.

    Held money (parts the buyers have not received yet) is never paid out.
    """
    # Lock the seller so two staff members cannot pay the same balance twice.
    SellerProfile.objects.select_for_update().get(pk=seller.pk)
    amount = rupiah(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("Jumlah pencairan harus lebih dari nol.")})
    if not reference.strip():
        raise ValidationError({"reference": _("Isi nomor referensi transfer bank.")})
    balance = LedgerEntry.objects.filter(seller=seller, account=Account.AVAILABLE).balance()
    if amount > balance:
        raise ValidationError(
            {
                "amount": _("Pencairan melebihi saldo tersedia produsen (Rp %(balance)s).")
                % {"balance": rupiah_digits(balance)}
            }
        )
    entry = LedgerEntry(
        seller=seller,
        kind=LedgerEntry.Kind.PAYOUT,
        account=Account.AVAILABLE,
        amount=-amount,
        reference=reference.strip(),
        memo=_("Transfer ke rekening %(account)s") % {"account": seller.masked_bank_account_number or "-"},
        created_by=created_by,
    )
    entry.save()
    return entry


@transaction.atomic
def ledger_record_program_cost(
    *, seller_order: models.Model, kind: str, amount: Decimal, reference: str, memo: str, created_by=None
) -> ProgramCost | None:
    """Book what the program pays for a part (return shipping it bears): the program's cost,
    beside the producer's ledger and never in it, so the producer's balance does not move.

    Once per part and kind: a second call (a retried decision) books nothing and returns None.
    """
    amount = rupiah(amount)
    if amount <= 0:
        return None
    cost = ProgramCost(
        kind=kind,
        amount=amount,
        seller_id=seller_order.seller_id,
        seller_order=seller_order,
        reference=reference[:100],
        memo=memo[:255],
        created_by=created_by,
    )
    try:
        with transaction.atomic():
            cost.save()
    except IntegrityError:
        return None
    return cost


def ledger_balance(*, seller: SellerProfile) -> Decimal:
    """All the producer is owed, held and available (``ledger.selectors.seller_balances`` splits it)."""
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
