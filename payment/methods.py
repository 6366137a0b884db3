"""Payment methods, one class each.

A method decides how an order's OrderPayment starts (amount due, deadline, provider
object), what the buyer sees on the payment page, and how money goes back. State changes
after that go through payment.services, so every method shares the same rules for
marking paid, cancelling and refunding. To add virtual accounts, QRIS or COD: subclass
PaymentMethod and list the class in settings.PAYMENT_METHODS.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from payment.models import OrderPayment


class PaymentMethod:
    code: str = ""
    name = ""
    description = ""
    template_name = ""

    def start(self, *, payment: OrderPayment) -> None:
        """Fill in the new OrderPayment before it is first saved (inside order placement)."""

    def page_context(self, *, payment: OrderPayment, request) -> dict:
        """What the payment page needs; may call the provider (never inside placement)."""
        return {}

    def refund(self, *, payment: OrderPayment, amount: Decimal, reason: str) -> str:
        """Send money back; returns the provider's reference."""
        raise NotImplementedError


class BankTransfer(PaymentMethod):
    """Manual transfer to the program's account, recognised by a unique amount.

    A code of 1-999 rupiah is added to the total so staff can match each incoming
    transfer to one order; the database refuses two open transfers with the same amount.
    """

    code = "bank_transfer"
    name = _("Transfer bank")
    description = _("Transfer ke rekening koperasi program; dicek oleh staf, biasanya dalam 1x24 jam.")
    template_name = "payment/bank_transfer.html"

    def start(self, *, payment: OrderPayment) -> None:
        taken = set(
            OrderPayment.objects.filter(
                method=self.code, status=OrderPayment.Status.PENDING, amount=payment.amount
            ).values_list("unique_code", flat=True)
        )
        free = [code for code in range(1, 1000) if code not in taken]
        if not free:
            raise RuntimeError("No free unique transfer code for this amount")
        payment.unique_code = random.choice(free)  # noqa: S311 - not a secret, only distinct
        payment.amount_due = payment.amount + Decimal(payment.unique_code)
        payment.deadline = timezone.now() + timedelta(hours=settings.BANK_TRANSFER_HOURS)

    def page_context(self, *, payment: OrderPayment, request) -> dict:
        return {"account": settings.BANK_TRANSFER_ACCOUNT}

    def refund(self, *, payment: OrderPayment, amount: Decimal, reason: str) -> str:
        # Money goes back by a manual transfer from the program's account; staff note
        # its reference in the dashboard.
        return reason


def payment_methods() -> dict[str, PaymentMethod]:
    methods = (import_string(path)() for path in settings.PAYMENT_METHODS)
    return {method.code: method for method in methods}


def payment_method(code: str) -> PaymentMethod:
    try:
        return payment_methods()[code]
    except KeyError:
        raise LookupError(f"Unknown payment method {code!r}") from None
