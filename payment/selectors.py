"""Reads about payments: an order's payment for the buyer's pages and staff's; open unpaid
orders by buyer, e-mail and client address."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from payment.models import OrderPayment, PaymentRefund, RefundBankAccount, TransferReceipt

Status = OrderPayment.Status
# An order whose units are held but not paid for: waiting for a transfer or a card.
UNPAID = (Status.PENDING, Status.REQUIRES_ACTION, Status.FAILED)


def payments_unpaid() -> QuerySet[OrderPayment]:
    return OrderPayment.objects.filter(status__in=UNPAID)


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


def refund_account_open(payment: OrderPayment) -> bool:
    """A bank-transfer buyer may say where money goes back once some is owed back, or the
    order was cancelled (a transfer may have arrived too late)."""
    return payment.method == "bank_transfer" and (
        payment.status == Status.CANCELLED or payment.refunded_amount > 0
    )


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
    )
