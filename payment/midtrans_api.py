"""The one module that talks to Midtrans (Core API, official ``midtransclient`` SDK).

Plain values in and out, errors translated: everything else (payment.midtrans_methods,
the notification handler, reconciliation) calls these functions and never imports the
SDK. Amounts cross this boundary as rupiah Decimals; Midtrans takes IDR as whole rupiah
(``gross_amount`` an integer) and answers with strings such as ``"44000.00"``.

The SDK builds every URL from two class attributes of its ApiConfig
(``CORE_SANDBOX_BASE_URL``, ``CORE_PRODUCTION_BASE_URL``); ``MIDTRANS_API_BASE_URL`` sets
both on this client's config, which is how the tests point it at their loopback double.
The SDK also calls ``requests`` without a timeout, so its HTTP client is given a session
that always passes one: a Midtrans outage must not hang a buyer's page.
"""

import functools
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import midtransclient
import requests
from django.conf import settings

WIB = ZoneInfo("Asia/Jakarta")
TIMEOUT_SECONDS = 15
# Midtrans's transaction_status values that mean the money arrived.
PAID_STATUSES = ("settlement", "capture")
# ... and the ones after which this transaction can never be paid.
CLOSED_STATUSES = ("expire", "cancel", "deny", "failure")


class MidtransApiError(Exception):
    """Midtrans could not do what was asked. ``message`` is safe to show a buyer."""

    def __init__(self, message: str, *, code: str = "", status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class NotConfigured(MidtransApiError):
    """No server key: the Midtrans methods are switched off."""


class TransactionNotFound(MidtransApiError):
    """Midtrans knows no transaction under this order id (status_code 404)."""


class InvalidSignature(MidtransApiError):
    """A notification whose signature_key does not match the server key."""


class MalformedNotification(MidtransApiError):
    """A notification body that is not the JSON object Midtrans documents."""


@dataclass(frozen=True)
class Transaction:
    """One Midtrans transaction as a charge, status call or notification describes it."""

    order_id: str
    transaction_id: str
    transaction_status: str
    status_code: str
    payment_type: str
    gross_amount: Decimal
    fraud_status: str = ""
    expiry_time: datetime | None = None
    # What the buyer needs to pay: VA number, bill key, QR string, deeplink, payment code.
    instructions: dict = field(default_factory=dict)

    @property
    def paid(self) -> bool:
        if self.transaction_status == "capture":
            return self.fraud_status in ("", "accept")
        return self.transaction_status == "settlement"

    @property
    def closed(self) -> bool:
        return self.transaction_status in CLOSED_STATUSES


def is_configured() -> bool:
    return bool(settings.MIDTRANS_SERVER_KEY)


class _TimeoutSession(requests.Session):
    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT_SECONDS)
        return super().request(method, url, **kwargs)


@functools.cache
def _client_for(server_key: str, client_key: str, is_production: bool, base_url: str):
    core = midtransclient.CoreApi(is_production=is_production, server_key=server_key, client_key=client_key)
    if base_url:
        core.api_config.CORE_SANDBOX_BASE_URL = base_url.rstrip("/")
        core.api_config.CORE_PRODUCTION_BASE_URL = base_url.rstrip("/")
    core.http_client.http_client = _TimeoutSession()
    return core


def _client():
    if not is_configured():
        raise NotConfigured("Pembayaran Midtrans belum diaktifkan.", code="not_configured")
    return _client_for(
        settings.MIDTRANS_SERVER_KEY,
        settings.MIDTRANS_CLIENT_KEY,
        settings.MIDTRANS_IS_PRODUCTION,
        settings.MIDTRANS_API_BASE_URL,
    )


def _call(func, *args):
    try:
        return func(*args)
    except midtransclient.MidtransAPIError as error:
        body = error.api_response_dict or {}
        code = str(body.get("status_code") or error.http_status_code or "")
        message = body.get("status_message") or "Midtrans error"
        if body.get("validation_messages"):
            message = f"{message}: {'; '.join(map(str, body['validation_messages']))}"
        kind = TransactionNotFound if code == "404" else MidtransApiError
        raise kind(message, code=code, status=error.http_status_code) from error
    except (midtransclient.JSONDecodeError, requests.RequestException) as error:
        raise MidtransApiError("Midtrans tidak dapat dihubungi.", code="unreachable") from error


def whole_rupiah(amount: Decimal) -> int:
    """IDR at Midtrans has no decimals: refuse an amount with sen rather than round it."""
    amount = Decimal(amount)
    if amount != amount.to_integral_value():
        raise ValueError(f"{amount} is not a whole rupiah amount")
    return int(amount)


def _amount(value) -> Decimal:
    try:
        return Decimal(str(value or "0")).quantize(Decimal("0.01"))
    except InvalidOperation as error:
        raise MalformedNotification(f"gross_amount {value!r} is not a number", code="bad_amount") from error


def _wib(text) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=WIB)
    except ValueError:
        return None


def _instructions(data: dict) -> dict:
    """The payment details of each channel, under one set of names."""
    found = {}
    for account in data.get("va_numbers") or []:
        if isinstance(account, dict) and account.get("va_number"):
            found.update(bank=str(account.get("bank", "")), va_number=str(account["va_number"]))
    if data.get("permata_va_number"):
        found.update(bank="permata", va_number=str(data["permata_va_number"]))
    for name in ("bill_key", "biller_code", "payment_code", "store", "qr_string"):
        if data.get(name):
            found[name] = str(data[name])
    for action in data.get("actions") or []:
        if isinstance(action, dict) and action.get("name") == "deeplink-redirect" and action.get("url"):
            url = str(action["url"])
            # An app or web link for the buyer to follow; never a script or data URL.
            if not url.lower().startswith(("javascript:", "data:", "vbscript:")):
                found["deeplink"] = url
    return found


def _transaction(data: dict) -> Transaction:
    return Transaction(
        order_id=str(data.get("order_id") or ""),
        transaction_id=str(data.get("transaction_id") or ""),
        transaction_status=str(data.get("transaction_status") or ""),
        status_code=str(data.get("status_code") or ""),
        payment_type=str(data.get("payment_type") or ""),
        gross_amount=_amount(data.get("gross_amount")),
        fraud_status=str(data.get("fraud_status") or ""),
        expiry_time=_wib(data.get("expiry_time")),
        instructions=_instructions(data),
    )


def charge(
    *,
    order_id: str,
    amount: Decimal,
    payment: dict,
    items: list[dict],
    customer: dict,
    order_time: datetime,
    expiry_minutes: int,
) -> Transaction:
    """Open one transaction (POST /v2/charge). ``payment`` holds payment_type and its object.

    ``items`` are ``{"id", "name", "price", "quantity"}`` with rupiah prices; Midtrans
    refuses a charge whose gross_amount is not their sum, so the caller balances them.
    The expiry counts from ``order_time``, so Midtrans and the shop close at the same time.
    """
    parameters = {
        **payment,
        "transaction_details": {"order_id": order_id, "gross_amount": whole_rupiah(amount)},
        "item_details": [
            {**item, "price": whole_rupiah(item["price"]), "name": str(item["name"])[:50]} for item in items
        ],
        "customer_details": customer,
        "custom_expiry": {
            "order_time": order_time.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S +0700"),
            "expiry_duration": max(int(expiry_minutes), 1),
            "unit": "minute",
        },
    }
    return _transaction(_call(_client().charge, parameters))


def status(order_id: str) -> Transaction:
    """GET /v2/<order_id>/status: what Midtrans itself says, the only truth we act on."""
    return _transaction(_call(_client().transactions.status, order_id))


def cancel(order_id: str) -> Transaction:
    return _transaction(_call(_client().transactions.cancel, order_id))


def expire(order_id: str) -> Transaction:
    return _transaction(_call(_client().transactions.expire, order_id))


@dataclass(frozen=True)
class Refund:
    """What Midtrans answered to a refund: its key, the amount, the transaction's new status."""

    refund_key: str
    amount: Decimal
    transaction_status: str  # "refund" (all of it) or "partial_refund"
    chargeback_id: str = ""


def refund(*, order_id: str, amount: Decimal, refund_key: str, reason: str, direct: bool) -> Refund:
    """Give money back on a settled transaction, through the SDK.

    ``direct``: POST /v2/<order_id>/refund/online/direct, sent straight to the e-wallet or
    QRIS issuer (GoPay, ShopeePay, QRIS); otherwise POST /v2/<order_id>/refund. A retry with
    the same ``refund_key`` is answered with the first refund, never a second one
    (docs.midtrans.com/reference/refund-transaction, …/direct-refund-transaction).
    """
    client = _client()
    parameters = {"refund_key": refund_key, "amount": whole_rupiah(amount), "reason": reason[:255]}
    call = client.transactions.refundDirect if direct else client.transactions.refund
    data = _call(call, order_id, parameters)
    return Refund(
        refund_key=str(data.get("refund_key") or refund_key),
        amount=_amount(data.get("refund_amount") or amount),
        transaction_status=str(data.get("transaction_status") or ""),
        chargeback_id=str(data.get("refund_chargeback_id") or ""),
    )


def signature(order_id: str, status_code: str, gross_amount: str, server_key: str) -> str:
    """SHA-512 hex of order_id + status_code + gross_amount + server key, as Midtrans signs."""
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


@dataclass(frozen=True)
class Notification:
    transaction: Transaction
    payload: dict


def notification_read(body: bytes) -> Notification:
    """Read an HTTP notification and check its signature_key; the caller then asks status()."""
    if not is_configured():
        raise InvalidSignature("No server key configured", code="no_key")
    try:
        data = json.loads(body)
        json.dumps(data, allow_nan=False)
    except (ValueError, UnicodeDecodeError) as error:
        raise MalformedNotification(f"not JSON: {error}", code="bad_payload") from error
    if not isinstance(data, dict):
        raise MalformedNotification("not a JSON object", code="bad_payload")
    if "\\u0000" in json.dumps(data):
        # PostgreSQL text and jsonb hold no NUL, and the body is stored as it came.
        raise MalformedNotification("a NUL in a string", code="bad_payload")
    parts = [data.get(name) for name in ("order_id", "status_code", "gross_amount", "signature_key")]
    if not all(isinstance(part, str) and part and "\x00" not in part for part in parts):
        raise MalformedNotification("order_id, status_code, gross_amount or signature_key missing")
    order_id, status_code, gross_amount, signature_key = parts
    expected = signature(order_id, status_code, gross_amount, settings.MIDTRANS_SERVER_KEY)
    if not hmac.compare_digest(expected, signature_key.lower()):
        raise InvalidSignature(f"bad signature_key for order {order_id[:64]}", code="bad_signature")
    if len(order_id) > 50:
        raise MalformedNotification("order_id longer than Midtrans allows", code="bad_order_id")
    transaction = _transaction(data)
    if not transaction.transaction_id or not transaction.transaction_status:
        raise MalformedNotification("transaction_id or transaction_status missing", code="bad_payload")
    return Notification(transaction=transaction, payload=data)
