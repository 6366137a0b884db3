"""Reads about an order's payment for the buyer's pages and staff's."""

from dataclasses import dataclass

from payment.models import OrderPayment, PaymentRefund, RefundBankAccount, TransferReceipt

Status = OrderPayment.Status


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
