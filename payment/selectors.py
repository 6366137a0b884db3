"""Reads about payments: an order's payment for the buyer's pages and staff's; open unpaid
orders by buyer, e-mail and client address."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from payment.models import CodStrike, OrderPayment, PaymentRefund, RefundBankAccount, TransferReceipt

Status = OrderPayment.Status
# An order whose units are held but not paid for: waiting for a transfer or a card.
UNPAID = (Status.PENDING, Status.REQUIRES_ACTION, Status.FAILED)
COD = "cod"


def payments_unpaid() -> QuerySet[OrderPayment]:
    """Orders holding stock while waiting for money. Not cash-on-delivery ones: they are on
    their way to the buyer, and COD has its own limit (cod_block_for)."""
    return OrderPayment.objects.filter(status__in=UNPAID).exclude(method=COD)


def payments_unpaid_of(*, user=None, email: str = "", address: str = "") -> QuerySet[OrderPayment]:
    """Open unpaid orders placed by this account, for this e-mail, or from this address;
    an argument left empty matches nothing."""
    condition = Q(pk__in=[])
    if user is not None and user.is_authenticated:
        condition |= Q(order__user=user)
    if email:
        condition |= Q(order__guest_email__iexact=email) | Q(order__user__email__iexact=email)
    if address:
        condition |= Q(order__placed_from=address)
    return payments_unpaid().filter(condition)


@dataclass
class UnpaidGroup:
    """Open unpaid orders sharing one e-mail or one client address."""

    kind: str  # "email" or "address"
    key: str
    payments: list = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        return sum((payment.amount_due for payment in self.payments), Decimal("0"))


def unpaid_groups(*, at_least: int = 2, limit: int = 2000) -> list[UnpaidGroup]:
    """E-mails and addresses holding at least ``at_least`` open unpaid orders, most first:
    what a hoard looks like to staff. Reads the ``limit`` newest open orders."""
    payments = payments_unpaid().select_related("order", "order__user").order_by("-created_at")[:limit]
    groups: dict[tuple[str, str], UnpaidGroup] = {}
    for payment in payments:
        order = payment.order
        email = (order.guest_email or (order.user.email if order.user else "")).strip().lower()
        for kind, key in (("email", email), ("address", order.placed_from or "")):
            if key:
                groups.setdefault((kind, key), UnpaidGroup(kind=kind, key=key)).payments.append(payment)
    found = [group for group in groups.values() if len(group.payments) >= at_least]
    return sorted(found, key=lambda group: (-len(group.payments), group.kind, group.key))


def refund_by_transfer(payment: OrderPayment) -> bool:
    """Money of this payment goes back by a transfer staff make by hand (bank transfer, COD,
    virtual accounts and retail codes), not through the provider."""
    from payment.methods import payment_methods  # methods build on these reads

    method = payment_methods().get(payment.method)
    return payment.method == "bank_transfer" or (method is not None and not method.refunds_itself)


def refund_account_open(payment: OrderPayment) -> bool:
    """A buyer refunded by transfer may say where money goes back once some is owed back, or
    a bank-transfer order was cancelled (a transfer may have arrived too late)."""
    if payment.refunded_amount > 0:
        return refund_by_transfer(payment)
    return payment.method == "bank_transfer" and payment.status == Status.CANCELLED


def refund_account(payment: OrderPayment) -> RefundBankAccount | None:
    return RefundBankAccount.objects.filter(payment=payment).first()


def refund_account_wanted(payment: OrderPayment) -> bool:
    return refund_account_open(payment) and refund_account(payment) is None


def transfer_receipts(payment: OrderPayment) -> list[TransferReceipt]:
    return list(TransferReceipt.objects.filter(payment=payment))


def payment_refunds(payment: OrderPayment) -> list[PaymentRefund]:
    return list(PaymentRefund.objects.filter(payment=payment).select_related("seller_order"))


@dataclass(frozen=True)
class PaymentSummary:
    """What the buyer's order page says about the money, with dates."""

    payment: OrderPayment
    refunds: list[PaymentRefund]
    account: RefundBankAccount | None
    account_open: bool
    receipts: list[TransferReceipt]
    # How money goes back: "transfer" (staff, by hand), "ewallet" (Midtrans, to the app or
    # bank that paid the QRIS code) or "card" (Stripe).
    refund_channel: str = "card"

    @property
    def refund_owed(self) -> bool:
        return any(refund.transferred_at is None for refund in self.refunds)


def payment_summary(payment: OrderPayment) -> PaymentSummary:
    return PaymentSummary(
        payment=payment,
        refunds=payment_refunds(payment),
        account=refund_account(payment),
        account_open=refund_account_open(payment),
        receipts=transfer_receipts(payment),
        refund_channel="transfer"
        if refund_by_transfer(payment)
        else ("ewallet" if payment.method.startswith("midtrans_") else "card"),
    )


# --- Cash on delivery -------------------------------------------------------------------


def cod_amount_due(*, seller_order) -> Decimal | None:
    """The cash the courier collects for this parcel (for its label), or None when the parcel
    is not cash on delivery or is paid, cancelled or refunded already."""
    if not seller_order.cash_on_delivery or seller_order.paid_at is not None:
        return None
    if seller_order.status in ("cancelled", "refunded"):
        return None
    return seller_order.lines_total + seller_order.shipping_charge - seller_order.refunded_amount


@dataclass
class CodBlock:
    """A buyer (one account, or one phone number) who may not pay by COD until ``until``."""

    kind: str  # "user" or "phone"
    key: str
    until: datetime
    strikes: list = field(default_factory=list)
    label: str = ""


def _cod_rules() -> tuple[int, timedelta, timedelta]:
    return (
        settings.COD_STRIKES_TO_BLOCK,
        timedelta(days=settings.COD_STRIKE_WINDOW_DAYS),
        timedelta(days=settings.COD_BLOCK_DAYS),
    )


def _strikes_recent(now: datetime) -> QuerySet[CodStrike]:
    _count, window, block = _cod_rules()
    return CodStrike.objects.filter(lifted_at__isnull=True, created_at__gte=now - window - block)


def _blocked_until(strikes: list[CodStrike], now: datetime) -> datetime | None:
    """Blocked for COD_BLOCK_DAYS from the strike that made COD_STRIKES_TO_BLOCK within
    COD_STRIKE_WINDOW_DAYS (Shopee: two failed COD parcels in 60 days)."""
    count, window, block = _cod_rules()
    ordered = sorted(strikes, key=lambda strike: strike.created_at)
    until = None
    for index in range(count - 1, len(ordered)):
        first, last = ordered[index - count + 1], ordered[index]
        if last.created_at - first.created_at <= window and last.created_at + block > now:
            until = max(until or last.created_at, last.created_at + block)
    return until


def cod_block_for(*, user=None, phone: str = "", now=None) -> CodBlock | None:
    """The block on this buyer, counting strikes of the account and of the phone together."""
    now = now or timezone.now()
    condition = Q(pk__in=[])
    if user is not None and user.is_authenticated:
        condition |= Q(user=user)
    if phone:
        condition |= Q(phone=phone)
    strikes = list(_strikes_recent(now).filter(condition))
    until = _blocked_until(strikes, now)
    if until is None:
        return None
    kind, key = ("user", str(user.pk)) if user is not None and user.is_authenticated else ("phone", phone)
    return CodBlock(kind=kind, key=key, until=until, strikes=strikes)


def cod_blocks(*, now=None) -> list[CodBlock]:
    """Every account and phone number blocked from COD now, with the strikes that did it:
    the staff page's list, soonest lifted last."""
    now = now or timezone.now()
    strikes = _strikes_recent(now).select_related(
        "user", "payment__order", "seller_order__seller", "recorded_by"
    )
    groups: dict[tuple[str, str], list[CodStrike]] = {}
    for strike in strikes:
        if strike.user_id:
            groups.setdefault(("user", str(strike.user_id)), []).append(strike)
        if strike.phone:
            groups.setdefault(("phone", strike.phone), []).append(strike)
    blocks = []
    for (kind, key), found in groups.items():
        until = _blocked_until(found, now)
        if until is not None:
            label = key if kind == "phone" else (found[0].user.email or found[0].user.get_username())
            blocks.append(CodBlock(kind=kind, key=key, until=until, strikes=found, label=label))
    return sorted(blocks, key=lambda block: (-block.until.timestamp(), block.kind, block.key))
