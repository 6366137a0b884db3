"""Midtrans payment methods: virtual accounts, Mandiri bill, QRIS, GoPay, ShopeePay, retail outlets.

Each is a PaymentMethod (payment.methods) listed in settings.MIDTRANS_METHODS and offered
only when MIDTRANS_SERVER_KEY is set. Like the card method, the Midtrans transaction is
opened the first time the buyer opens the order's page (never while the order is placed),
one per order under a row lock, and kept (MidtransCharge) so the page never charges twice.
Only a verified HTTP notification, or reconcile_payments asking Midtrans, moves the
payment afterwards (payment.midtrans_notifications).

GoPay and ShopeePay open in their app on a phone (a deeplink) and show a QRIS code on a
computer, as Midtrans documents for both; the buyer's user agent picks, and a link on the
page switches to the other way (cancelling the first transaction and opening a new one).
"""

import math
import re
from datetime import timedelta
from decimal import Decimal

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from order.tokens import order_status_token
from payment import midtrans_api as api
from payment.methods import PaymentMethod, ProviderState
from payment.models import MidtransCharge, OrderPayment

APP, QR = "app", "qr"
# Phones and tablets that open an e-wallet's app from a link (what Midtrans calls deeplink mode).
PHONE_AGENT = re.compile(r"Mobi|Android|iPhone|iPad|iPod|Windows Phone", re.IGNORECASE)


def wants_app(request) -> bool:
    return bool(PHONE_AGENT.search(request.headers.get("User-Agent", "")))


def qr_svg(data: str) -> str:
    """The QR code as inline SVG (drawn here from the gateway's string; nothing fetched)."""
    code = segno.make(data, error="m")
    return mark_safe(code.svg_inline(scale=4, border=2, title=str(_("Kode QR pembayaran"))))  # noqa: S308


class MidtransMethod(PaymentMethod):
    """One Midtrans channel. Subclasses say which body to charge with and which page to show."""

    reconcilable = True
    template_name = "payment/midtrans.html"
    # Key of settings.MIDTRANS_EXPIRY_MINUTES.
    channel = ""
    instructions_template = ""

    def start(self, *, payment: OrderPayment) -> None:
        # Midtrans takes whole rupiah only; never ask for less than the order.
        payment.amount_due = Decimal(math.ceil(payment.amount))
        payment.deadline = timezone.now() + timedelta(minutes=self.expiry_minutes)

    @property
    def expiry_minutes(self) -> int:
        return settings.MIDTRANS_EXPIRY_MINUTES[self.channel]

    def charge_body(self, *, mode: str, return_url: str) -> dict:
        raise NotImplementedError

    def default_mode(self, request) -> str:
        return QR

    # --- The order's transaction -------------------------------------------------

    @staticmethod
    def current_charge(payment: OrderPayment) -> MidtransCharge | None:
        return payment.midtrans_charges.order_by("-attempt").first()

    def charge(self, *, payment: OrderPayment, mode: str, return_url: str, replace: bool = False):
        """The order's open transaction, opened on first use (or anew when ``replace``).

        Replacing cancels the current transaction at Midtrans first; if Midtrans refuses
        because it was paid meanwhile, the current one stays and its notification counts.
        """
        with transaction.atomic():
            payment = OrderPayment.objects.select_for_update().select_related("order").get(pk=payment.pk)
            current = self.current_charge(payment)
            if current is not None and not (replace or current.transaction_status in ("deny", "failure")):
                return current
            if current is not None and current.transaction_status == "pending":
                try:
                    api.cancel(current.order_id)
                except api.MidtransApiError:
                    return current
                current.transaction_status = "cancel"
                current.save(update_fields=["transaction_status", "updated_at"])
            attempt = current.attempt + 1 if current is not None else 1
            return self._charge_create(payment=payment, attempt=attempt, mode=mode, return_url=return_url)

    def _charge_create(self, *, payment: OrderPayment, attempt: int, mode: str, return_url: str):
        order = payment.order
        order_id = order.number if attempt == 1 else f"{order.number}-{attempt}"
        try:
            opened = api.charge(
                order_id=order_id,
                amount=payment.amount_due,
                payment=self.charge_body(mode=mode, return_url=return_url),
                items=self._items(payment),
                customer=self._customer(order),
                order_time=payment.created_at,
                expiry_minutes=self.expiry_minutes,
            )
        except api.MidtransApiError as error:
            if error.code != "406":
                raise
            # Midtrans already has this order id: opened by a request whose own write was
            # rolled back. Its status carries the same payment details (not a QR string).
            opened = api.status(order_id)
        charge = MidtransCharge.objects.create(
            payment=payment,
            order_id=order_id,
            attempt=attempt,
            payment_type=opened.payment_type,
            transaction_id=opened.transaction_id,
            transaction_status=opened.transaction_status,
            instructions=opened.instructions,
            expires_at=opened.expiry_time or payment.deadline,
        )
        payment.provider_reference = order_id
        payment.save(update_fields=["provider_reference", "updated_at"])
        return charge

    @staticmethod
    def _items(payment: OrderPayment) -> list[dict]:
        """One line per producer (goods and delivery), balanced to the amount due."""
        items = [
            {
                "id": seller_order.number,
                "name": f"{seller_order.seller.name}",
                "price": int(seller_order.lines_total + seller_order.shipping_charge),
                "quantity": 1,
            }
            for seller_order in payment.order.seller_orders.select_related("seller").order_by("number")
        ]
        rest = int(payment.amount_due) - sum(item["price"] for item in items)
        if rest:
            # Rounding, or an order-wide discount: Midtrans wants the sum to match exactly.
            items.append({"id": "penyesuaian", "name": "Penyesuaian", "price": rest, "quantity": 1})
        return items

    @staticmethod
    def _customer(order) -> dict:
        address = order.shipping_address
        customer = {"email": order.email}
        if address is not None:
            customer.update(first_name=address.first_name[:255], phone=str(address.phone_number or ""))
        return customer

    # --- The payment page --------------------------------------------------------

    def page_context(self, *, payment: OrderPayment, request) -> dict:
        if payment.status not in (OrderPayment.Status.PENDING, OrderPayment.Status.FAILED):
            return {}
        return_url = request.build_absolute_uri(
            reverse("checkout:order-status", args=[payment.order.number, order_status_token(payment.order)])
        )
        try:
            charge = self.charge(payment=payment, mode=self.default_mode(request), return_url=return_url)
        except api.MidtransApiError as error:
            return {"midtrans_unavailable": error.message}
        details = charge.instructions
        args = [payment.order.number, order_status_token(payment.order)]
        return {
            "charge": charge,
            "details": details,
            "instructions_template": self.instructions_template,
            "qr_svg": qr_svg(details["qr_string"]) if details.get("qr_string") else "",
            "switch_url": reverse("payment:midtrans-switch", args=args),
        }

    # --- Money back and reconciliation -------------------------------------------

    # Midtrans refunds only card, e-wallet and QRIS payments (docs.midtrans.com/reference/
    # refund-transaction): virtual accounts, Mandiri bill and retail codes are paid back by a
    # manual transfer from the program's account, as for a bank transfer.
    refunds_itself = False

    def refund(self, *, payment: OrderPayment, amount: Decimal, reason: str) -> str:
        if not self.refunds_itself:
            return ""
        if not payment.provider_reference:
            raise ValidationError(_("Pembayaran ini tidak punya transaksi Midtrans."))
        try:
            refunded = api.refund(
                order_id=payment.provider_reference,
                amount=amount,
                # A retry of the same refund (same amount from the same refunded total) is
                # answered by Midtrans with the first one instead of paying twice.
                refund_key=f"{payment.order.number}-r{int(payment.refunded_amount)}-{int(amount)}",
                reason=reason,
                direct=True,
            )
        except api.MidtransApiError as error:
            raise ValidationError(
                _("Midtrans menolak pengembalian dana: %(message)s") % {"message": error.message}
            ) from error
        return refunded.refund_key

    def provider_state(self, *, payment: OrderPayment) -> ProviderState | None:
        charge = self.current_charge(payment)
        if charge is None:
            return ProviderState(paid=False, status="no_charge")
        try:
            found = api.status(charge.order_id)
        except api.TransactionNotFound:
            return ProviderState(paid=False, status="not_found")
        except api.MidtransApiError as error:
            return ProviderState(paid=False, status="unknown", error=error.message)
        return ProviderState(
            paid=found.paid,
            status=found.transaction_status,
            reference=found.order_id,
            amount=found.gross_amount,
            closed=found.transaction_status in ("expire", "cancel")
            # A denied attempt the buyer did not follow with another before the deadline.
            or (found.transaction_status in ("deny", "failure") and self._past_deadline(payment)),
        )

    @staticmethod
    def _past_deadline(payment: OrderPayment) -> bool:
        return payment.deadline is not None and payment.deadline < timezone.now()


class VirtualAccount(MidtransMethod):
    channel = "bank_transfer"
    instructions_template = "payment/midtrans/virtual_account.html"
    bank = ""

    def charge_body(self, *, mode: str, return_url: str) -> dict:
        return {"payment_type": "bank_transfer", "bank_transfer": {"bank": self.bank}}


class BcaVirtualAccount(VirtualAccount):
    code, bank = "midtrans_bca_va", "bca"
    name = _("BCA Virtual Account")
    description = _("Bayar lewat m-BCA, KlikBCA atau ATM BCA. Lunas otomatis.")


class BniVirtualAccount(VirtualAccount):
    code, bank = "midtrans_bni_va", "bni"
    name = _("BNI Virtual Account")
    description = _("Bayar lewat BNI Mobile, ATM, atau transfer dari bank lain. Lunas otomatis.")


class BriVirtualAccount(VirtualAccount):
    code, bank = "midtrans_bri_va", "bri"
    name = _("BRI Virtual Account")
    description = _("Bayar lewat BRImo, ATM, atau transfer dari bank lain. Lunas otomatis.")


class PermataVirtualAccount(VirtualAccount):
    code, bank = "midtrans_permata_va", "permata"
    name = _("Permata Virtual Account")
    description = _("Bayar lewat PermataMobile X, ATM, atau transfer dari bank lain. Lunas otomatis.")


class CimbVirtualAccount(VirtualAccount):
    code, bank = "midtrans_cimb_va", "cimb"
    name = _("CIMB Niaga Virtual Account")
    description = _("Bayar lewat OCTO Mobile, ATM, atau transfer dari bank lain. Lunas otomatis.")


class MandiriBill(MidtransMethod):
    code = "midtrans_mandiri_bill"
    name = _("Mandiri Bill Payment")
    description = _("Bayar lewat Livin' by Mandiri atau ATM Mandiri dengan kode perusahaan dan kode bayar.")
    channel = "bank_transfer"
    instructions_template = "payment/midtrans/mandiri_bill.html"

    def charge_body(self, *, mode: str, return_url: str) -> dict:
        # Mandiri shows bill_info1 (10 characters) and bill_info2 (30) at the ATM.
        return {
            "payment_type": "echannel",
            "echannel": {"bill_info1": "Pembayaran", "bill_info2": "Pasar Desmigratif"},
        }


class Qris(MidtransMethod):
    # Refunded straight to the issuer by Midtrans's direct refund (QRIS, GoPay, ShopeePay).
    refunds_itself = True
    code = "midtrans_qris"
    name = _("QRIS")
    description = _("Pindai kode QR dengan aplikasi bank atau e-wallet apa saja. Lunas otomatis.")
    channel = "qris"
    instructions_template = "payment/midtrans/qris.html"
    acquirer = "gopay"

    def charge_body(self, *, mode: str, return_url: str) -> dict:
        return {"payment_type": "qris", "qris": {"acquirer": self.acquirer}}


class EWallet(Qris):
    """App on a phone (deeplink), QRIS on a computer; the page offers the other way too."""

    channel = "ewallet"
    instructions_template = "payment/midtrans/ewallet.html"
    app_payment_type = ""

    def default_mode(self, request) -> str:
        return APP if wants_app(request) else QR

    def charge_body(self, *, mode: str, return_url: str) -> dict:
        if mode == QR:
            return super().charge_body(mode=mode, return_url=return_url)
        return {"payment_type": self.app_payment_type, self.app_payment_type: self.app_options(return_url)}

    def app_options(self, return_url: str) -> dict:
        return {"callback_url": return_url}


class GoPay(EWallet):
    code = "midtrans_gopay"
    name = _("GoPay")
    description = _("Buka aplikasi Gojek/GoPay di HP, atau pindai kode QR dari komputer. Lunas otomatis.")
    app_payment_type = "gopay"

    def app_options(self, return_url: str) -> dict:
        return {"enable_callback": True, "callback_url": return_url}


class ShopeePay(EWallet):
    code = "midtrans_shopeepay"
    name = _("ShopeePay")
    description = _("Buka aplikasi Shopee di HP, atau pindai kode QR dari komputer. Lunas otomatis.")
    app_payment_type = "shopeepay"
    acquirer = "airpay shopee"


class RetailOutlet(MidtransMethod):
    channel = "cstore"
    instructions_template = "payment/midtrans/cstore.html"
    store = ""

    def charge_body(self, *, mode: str, return_url: str) -> dict:
        return {"payment_type": "cstore", "cstore": {"store": self.store, "message": "Pasar Desmigratif"}}


class Indomaret(RetailOutlet):
    code, store = "midtrans_indomaret", "indomaret"
    name = _("Indomaret")
    description = _("Bayar tunai di kasir Indomaret dengan kode pembayaran. Lunas otomatis.")


class Alfamart(RetailOutlet):
    code, store = "midtrans_alfamart", "alfamart"
    name = _("Alfamart / Alfamidi / Dan+Dan")
    description = _(
        "Bayar tunai di kasir Alfamart, Alfamidi atau Dan+Dan dengan kode pembayaran. Lunas otomatis."
    )


MIDTRANS_CODES_PREFIX = "midtrans_"


def is_midtrans(method_code: str) -> bool:
    return method_code.startswith(MIDTRANS_CODES_PREFIX)
