"""Payment methods, one class each.

A method decides how an order's OrderPayment starts (amount due, deadline, provider
object), what the buyer sees on the payment page, and how money goes back. State changes
after that go through payment.services, so every method shares the same rules for
marking paid, cancelling and refunding. Midtrans's methods are in payment.midtrans_methods,
cash on delivery in payment.cod; a new one subclasses PaymentMethod and is listed in
settings.PAYMENT_METHODS.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from order.tokens import order_status_token
from payment import stripe_api
from payment.models import OrderPayment


@dataclass(frozen=True)
class ProviderState:
    """What the payment provider says about one payment, for reconciliation."""

    paid: bool
    status: str
    reference: str = ""
    amount: Decimal | None = None
    error: str = ""
    # The provider will never take this payment (expired, cancelled there): release the stock.
    closed: bool = False


class PaymentMethod:
    code: str = ""
    name = ""
    description = ""
    template_name = ""
    # True when provider_state can ask a provider (reconcile_payments checks these).
    reconcilable = False
    # True when refund() sends the money itself; False when staff transfer it by hand later
    # (payment.services.refund_transfer_record) to the account the buyer gives.
    refunds_itself = True
    # False: paying needs an Indonesian bank account, e-wallet or shop counter, so a buyer
    # working abroad is not offered it unless they ask (checkout.payment_choice).
    works_from_abroad = False

    def start(self, *, payment: OrderPayment) -> None:
        """Fill in the new OrderPayment before it is first saved (inside order placement)."""

    def placed(self, *, payment: OrderPayment) -> None:
        """After the new OrderPayment is saved, inside order placement (payment.cod tells producers)."""

    def unavailable_reason(self, *, parts: list, user=None, phone: str = "") -> str:
        """Why this basket cannot be paid this way, for the buyer; empty when it can
        (``parts``: payment.cod.CodPart per producer). Checkout asks before offering a method
        and again when placing the order."""
        return ""

    def page_context(self, *, payment: OrderPayment, request) -> dict:
        """What the payment page needs; may call the provider (never inside placement)."""
        return {}

    def refund(self, *, payment: OrderPayment, amount: Decimal, reason: str) -> str:
        """Send money back; returns the provider's reference."""
        raise NotImplementedError

    def provider_state(self, *, payment: OrderPayment) -> ProviderState | None:
        """Ask the provider how the payment stands; None when there is nobody to ask."""
        return None


class BankTransfer(PaymentMethod):
    """Manual transfer to the program's account, recognised by a unique amount.

    A code of 1-999 rupiah is added to the total so staff can match each incoming
    transfer to one order; the database refuses two open transfers with the same amount.
    """

    code = "bank_transfer"
    name = _("Transfer bank")
    template_name = "payment/bank_transfer.html"
    refunds_itself = False

    @property
    def description(self) -> str:
        # The hold is short (stock waits for the transfer), so the buyer is told it up front.
        hours = settings.BANK_TRANSFER_HOURS
        return ngettext(
            "Transfer ke rekening koperasi program dalam %(hours)s jam; staf mencocokkan transfer "
            "dengan kode unik di jumlahnya, lalu pesanan lunas.",
            "Transfer ke rekening koperasi program dalam %(hours)s jam; staf mencocokkan transfer "
            "dengan kode unik di jumlahnya, lalu pesanan lunas.",
            hours,
        ) % {"hours": hours}

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
        # Money goes back by a manual transfer from the program's account to the one the
        # buyer gives; staff note its reference once sent (refund_transfer_record).
        return ""


class StripeCard(PaymentMethod):
    """Card payment through a Stripe PaymentIntent, confirmed in the browser with Stripe.js.

    The intent is created the first time the buyer opens the payment page (never inside
    order placement), one per order, keyed by the order number. Only signed webhooks
    (payment.webhooks) move the OrderPayment; the page just follows it.
    """

    code = "stripe_card"
    name = _("Kartu kredit/debit")
    description = _("Visa, Mastercard atau JCB, diproses aman oleh Stripe. Pesanan langsung lunas.")
    template_name = "payment/stripe_card.html"
    reconcilable = True
    works_from_abroad = True  # foreign Visa/Mastercard/JCB cards
    # Intent states in which the buyer can still (re)enter a card.
    PAYABLE = ("requires_payment_method", "requires_confirmation")

    def intent(self, *, payment: OrderPayment) -> stripe_api.Intent:
        """The order's PaymentIntent, created on first use. The row lock keeps it to one."""
        with transaction.atomic():
            payment = OrderPayment.objects.select_for_update().select_related("order").get(pk=payment.pk)
            if payment.provider_reference:
                intent = stripe_api.intent_retrieve(payment.provider_reference)
                if intent.status != "canceled":
                    return intent
                key = f"pasar-{payment.order.number}-after-{intent.id}"
            else:
                key = f"pasar-{payment.order.number}"
            return self._intent_create(payment=payment, idempotency_key=key)

    def _intent_create(self, *, payment: OrderPayment, idempotency_key: str) -> stripe_api.Intent:
        intent = stripe_api.intent_create(
            amount=payment.amount_due, order_number=payment.order.number, idempotency_key=idempotency_key
        )
        payment.provider_reference = intent.id
        payment.save(update_fields=["provider_reference", "updated_at"])
        return intent

    def confirm(
        self, *, payment: OrderPayment, payment_method: str = "", test_card: str = ""
    ) -> stripe_api.Intent:
        """Confirm on the server with a PaymentMethod id (or, in test mode, a test card number).

        Returns the intent as Stripe left it: ``succeeded``/``processing``, ``requires_action``
        (the browser finishes 3-D Secure with the client secret) or ``requires_payment_method``
        with ``last_error`` when the card was declined. The OrderPayment is not touched here.
        """
        if not payment_method:
            payment_method = stripe_api.test_card_payment_method(test_card)
        intent = self.intent(payment=payment)
        if intent.status not in self.PAYABLE:
            return intent
        if intent.had_failed_attempt:
            # A fresh intent per new attempt: Stripe would take the old one again, but
            # localstripe cannot re-confirm an intent whose charge was declined.
            with transaction.atomic():
                locked = OrderPayment.objects.select_for_update().select_related("order").get(pk=payment.pk)
                if locked.provider_reference == intent.id:
                    stripe_api.intent_cancel(intent.id)
                    intent = self._intent_create(
                        payment=locked, idempotency_key=f"pasar-{locked.order.number}-after-{intent.id}"
                    )
        return stripe_api.intent_confirm(intent.id, payment_method=payment_method)

    def page_context(self, *, payment: OrderPayment, request) -> dict:
        if payment.status not in (
            OrderPayment.Status.PENDING,
            OrderPayment.Status.REQUIRES_ACTION,
            OrderPayment.Status.FAILED,
        ):
            return {}
        context = {
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_js_url": settings.STRIPE_JS_URL,
            "stripe_test_mode": stripe_api.is_test_mode(),
            "stripe_test_cards": TEST_CARD_CHOICES if stripe_api.is_test_mode() else [],
        }
        try:
            intent = self.intent(payment=payment)
        except stripe_api.StripeApiError as error:
            return {**context, "card_unavailable": error.message}
        args = [payment.order.number, order_status_token(payment.order)]
        return {
            **context,
            "intent": intent,
            "card_confirm_url": reverse("payment:card-confirm", args=args),
            "card_status_url": reverse("payment:card-status", args=args),
        }

    def refund(self, *, payment: OrderPayment, amount: Decimal, reason: str) -> str:
        if not payment.provider_reference:
            raise ValidationError(_("Pembayaran ini tidak punya referensi Stripe."))
        try:
            refund = stripe_api.refund_create(
                intent_id=payment.provider_reference,
                amount=amount,
                order_number=payment.order.number,
                # A retry of the same refund (same amount from the same refunded total)
                # is answered by Stripe with the first refund instead of paying twice.
                idempotency_key=f"pasar-{payment.order.number}-refund-{payment.refunded_amount}-{amount}",
            )
        except stripe_api.StripeApiError as error:
            raise ValidationError(
                _("Stripe menolak pengembalian dana: %(message)s") % {"message": error.message}
            ) from error
        return refund.id

    def provider_state(self, *, payment: OrderPayment) -> ProviderState | None:
        if not payment.provider_reference:
            return ProviderState(paid=False, status="no_intent")
        try:
            intent = stripe_api.intent_retrieve(payment.provider_reference)
        except stripe_api.StripeApiError as error:
            return ProviderState(paid=False, status="unknown", error=error.message)
        return ProviderState(
            paid=intent.succeeded, status=intent.status, reference=intent.id, amount=intent.amount
        )


# Stripe's test cards a tester can pay with on the payment page (test mode only).
TEST_CARD_CHOICES = [
    ("4242424242424242", _("Visa — berhasil")),
    ("4000000000000341", _("Ditolak bank")),
    ("4000002500003155", _("Perlu 3-D Secure")),
]


def payment_methods() -> dict[str, PaymentMethod]:
    methods = (import_string(path)() for path in settings.PAYMENT_METHODS)
    return {method.code: method for method in methods}


def payment_method(code: str) -> PaymentMethod:
    try:
        return payment_methods()[code]
    except KeyError:
        raise LookupError(f"Unknown payment method {code!r}") from None
