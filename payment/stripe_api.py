"""The one module that talks to Stripe: plain values in, plain values out, errors translated.

Everything else (payment.methods.StripeCard, the webhook view, reconciliation) calls these
functions and never imports ``stripe``. Amounts cross this boundary as rupiah Decimals;
Stripe counts IDR in hundredths, so they are multiplied by 100 here and nowhere else.

The same code runs against Stripe and against localstripe (tests, ``STRIPE_API_BASE``).
Where localstripe differs (it rejects optional PaymentIntent parameters, cannot confirm
with a new payment method in one call, ignores idempotency keys and returns an expanded
``latest_charge``), the calls below take the path both accept.
"""

import functools
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.conf import settings

CURRENCY = "idr"
MINOR_UNITS = 100

# Stripe's named test PaymentMethods, for card numbers a tester may pick on the payment page.
# localstripe knows only some names; for the others a PaymentMethod is made from the number.
TEST_CARDS = {
    "4242424242424242": "pm_card_visa",
    "4000000000000341": "pm_card_chargeCustomerFail",
    "4000002500003155": "pm_card_authenticationRequiredOnSetup",
}


class StripeApiError(Exception):
    """Stripe could not do what was asked. ``message`` is safe to show a buyer."""

    def __init__(self, message: str, *, code: str = "", status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class CardDeclined(StripeApiError):
    """The card was refused (declined, expired, wrong CVC …); the buyer may try another."""


class InvalidSignature(StripeApiError):
    """A webhook body whose Stripe-Signature does not match the endpoint secret."""


class MalformedEvent(StripeApiError):
    """A correctly signed webhook body that is not an event as Stripe documents it (a field
    missing or of the wrong type, a NUL in a string): refused with 400, never a 500."""


class NotConfigured(StripeApiError):
    """No secret key: card payments are switched off."""


@dataclass(frozen=True)
class Intent:
    id: str
    status: str
    amount: Decimal
    currency: str
    client_secret: str
    order_number: str = ""
    payment_method: str = ""
    last_error: str = ""
    last_error_code: str = ""
    amount_refunded: Decimal = Decimal("0")

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"

    @property
    def had_failed_attempt(self) -> bool:
        return self.status == "requires_payment_method" and bool(self.last_error_code or self.last_error)


@dataclass(frozen=True)
class Refund:
    id: str
    amount: Decimal
    status: str


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    created: int
    object: dict = field(default_factory=dict)
    livemode: bool = False

    @property
    def object_id(self) -> str:
        return self.object.get("id", "")


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def is_test_mode() -> bool:
    """Test keys (and localstripe) accept Stripe's test cards; live keys never see them."""
    return settings.STRIPE_SECRET_KEY.startswith(("sk_test_", "rk_test_")) or bool(settings.STRIPE_API_BASE)


def to_minor(amount: Decimal) -> int:
    return int((Decimal(amount) * MINOR_UNITS).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def from_minor(amount) -> Decimal:
    return (Decimal(int(amount or 0)) / MINOR_UNITS).quantize(Decimal("0.01"))


@functools.cache
def _client_for(key: str, api_base: str) -> stripe.StripeClient:
    base = {"api": api_base.rstrip("/")} if api_base else None
    return stripe.StripeClient(key, base_addresses=base or {}, max_network_retries=2)


def _client() -> stripe.StripeClient:
    if not is_configured():
        raise NotConfigured("Pembayaran kartu belum diaktifkan.", code="not_configured")
    return _client_for(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)


def _translated(error: stripe.StripeError) -> StripeApiError:
    status = getattr(error, "http_status", None)
    code = getattr(error, "code", "") or ""
    message = getattr(error, "user_message", None) or str(error) or "Stripe error"
    if isinstance(error, stripe.CardError):
        return CardDeclined(message, code=code or "card_declined", status=status)
    return StripeApiError(message, code=code, status=status)


def _call(func, *args, **kwargs):
    try:
        return func(*args, **kwargs)
    except stripe.StripeError as error:
        raise _translated(error) from error


def _plain(obj) -> dict:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj or {})


def _intent(obj) -> Intent:
    data = _plain(obj)
    error = data.get("last_payment_error") or {}
    charge = data.get("latest_charge")
    # Stripe sends the charge id; localstripe an expanded Charge.
    refunded = charge.get("amount_refunded", 0) if isinstance(charge, dict) else 0
    payment_method = data.get("payment_method") or ""
    if isinstance(payment_method, dict):
        payment_method = payment_method.get("id", "")
    return Intent(
        id=data["id"],
        status=data.get("status") or "",
        amount=from_minor(data.get("amount")),
        currency=data.get("currency") or "",
        client_secret=data.get("client_secret") or "",
        order_number=(data.get("metadata") or {}).get("order_number", ""),
        payment_method=payment_method,
        last_error=error.get("message") or "",
        last_error_code=error.get("code") or error.get("decline_code") or "",
        amount_refunded=from_minor(refunded),
    )


def _intent_params(*, amount: Decimal, order_number: str) -> dict:
    params = {
        "amount": to_minor(amount),
        "currency": CURRENCY,
        "payment_method_types": ["card"],
        "metadata": {"order_number": order_number},
    }
    # Optional parameters (description, statement_descriptor_suffix, …) only when the
    # settings ask for them: localstripe answers 400 "Unexpected …" to each of them.
    for name, value in getattr(settings, "STRIPE_PAYMENT_INTENT_OPTIONS", {}).items():
        params[name] = value.format(order_number=order_number) if isinstance(value, str) else value
    return params


def intent_create(*, amount: Decimal, order_number: str, idempotency_key: str) -> Intent:
    """An unconfirmed card PaymentIntent for one order; Stripe.js (or intent_confirm) confirms it."""
    params = _intent_params(amount=amount, order_number=order_number)
    obj = _call(
        _client().v1.payment_intents.create, params=params, options={"idempotency_key": idempotency_key}
    )
    return _intent(obj)


def intent_retrieve(intent_id: str) -> Intent:
    return _intent(_call(_client().v1.payment_intents.retrieve, intent_id))


def intent_confirm(intent_id: str, *, payment_method: str) -> Intent:
    """Attach a payment method and confirm (server-side confirmation).

    Two calls rather than ``confirm(payment_method=…)``, which localstripe does not
    implement. A declined card is not an error here: the returned intent says
    ``requires_payment_method`` with ``last_error`` set, as Stripe.js would report it.
    """
    client = _client()
    _call(client.v1.payment_intents.update, intent_id, params={"payment_method": payment_method})
    try:
        return _intent(client.v1.payment_intents.confirm(intent_id))
    except stripe.CardError:
        return intent_retrieve(intent_id)
    except stripe.StripeError as error:
        raise _translated(error) from error


def intent_cancel(intent_id: str) -> Intent:
    return _intent(_call(_client().v1.payment_intents.cancel, intent_id))


def test_card_payment_method(card_number: str) -> str:
    """A PaymentMethod id for one of Stripe's test card numbers (test mode only)."""
    if not is_test_mode():
        raise StripeApiError("Kartu uji hanya untuk mode uji.", code="live_mode")
    number = "".join(ch for ch in card_number if ch.isdigit())
    if number not in TEST_CARDS:
        raise StripeApiError("Nomor kartu uji tidak dikenal.", code="unknown_test_card")
    client = _client()
    try:
        return client.v1.payment_methods.retrieve(TEST_CARDS[number]).id
    except stripe.StripeError:
        pass  # localstripe knows fewer names: make one from the number
    card = {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}
    return _call(client.v1.payment_methods.create, params={"type": "card", "card": card}).id


def refund_create(*, intent_id: str, amount: Decimal, order_number: str, idempotency_key: str) -> Refund:
    params = {
        "payment_intent": intent_id,
        "amount": to_minor(amount),
        "metadata": {"order_number": order_number},
    }
    obj = _call(_client().v1.refunds.create, params=params, options={"idempotency_key": idempotency_key})
    return Refund(id=obj.id, amount=from_minor(obj.amount), status=obj.status or "")


def webhook_event(payload: bytes, signature: str | None) -> Event:
    """Verify a webhook delivery against STRIPE_WEBHOOK_SECRET and read it."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise InvalidSignature("No webhook secret configured", code="no_secret")
    if not signature:
        raise InvalidSignature("Missing Stripe-Signature header", code="no_signature")
    try:
        stripe.WebhookSignature.verify_header(payload, signature, secret, stripe.Webhook.DEFAULT_TOLERANCE)
    except stripe.SignatureVerificationError as error:
        raise InvalidSignature(str(error), code="bad_signature") from error
    except ValueError as error:  # not UTF-8
        raise InvalidSignature(str(error), code="bad_payload") from error
    return _event(payload)


def _event(payload: bytes) -> Event:
    """The verified body read as an event, or MalformedEvent: it is stored as it came
    (PaymentEvent.payload, jsonb) and its id is looked up, so both must be storable."""
    try:
        data = json.loads(payload)
        json.dumps(data, allow_nan=False)  # jsonb holds no infinity (an amount of 1e400)
    except ValueError as error:
        raise MalformedEvent(f"not JSON: {error}", code="bad_payload") from error
    if not isinstance(data, dict):
        raise MalformedEvent("not a JSON object", code="bad_payload")
    if _holds_nul(data):
        raise MalformedEvent("a NUL in a string", code="bad_payload")
    event_id, event_type, created = data.get("id"), data.get("type"), data.get("created", 0)
    body = data.get("data") or {}
    obj = (body.get("object") if isinstance(body, dict) else body) or {}
    if not isinstance(event_id, str) or not 0 < len(event_id) <= 255:
        raise MalformedEvent("no usable event id", code="bad_id")
    if not isinstance(event_type, str) or not event_type:
        raise MalformedEvent("no event type", code="bad_type")
    if not isinstance(created, int) or isinstance(created, bool):
        raise MalformedEvent("created is not a timestamp", code="bad_created")
    if not isinstance(obj, dict):
        raise MalformedEvent("data.object is not an object", code="bad_object")
    return Event(
        id=event_id, type=event_type, created=created, object=obj, livemode=bool(data.get("livemode"))
    )


def _holds_nul(value) -> bool:
    """PostgreSQL text and jsonb cannot hold NUL (a key or a string anywhere in the body)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


# What reading a mistyped field of a Stripe object raises (a string amount, a list for metadata).
_UNREADABLE = (KeyError, TypeError, ValueError, AttributeError, ArithmeticError)


def intent_from_event(event: Event) -> Intent:
    try:
        intent = _intent(event.object)
    except _UNREADABLE as error:
        raise MalformedEvent(f"unreadable payment intent: {error!r}", code="bad_object") from error
    if not isinstance(intent.id, str) or not all(
        isinstance(text, str) for text in (intent.status, intent.currency, intent.order_number)
    ):
        raise MalformedEvent("payment intent fields of the wrong type", code="bad_object")
    return intent


@dataclass(frozen=True)
class ChargeRefunds:
    intent_id: str
    amount_refunded: Decimal


def charge_refunds_from_event(event: Event) -> ChargeRefunds:
    """A charge.refunded event's charge: whose intent, and how much is refunded in all."""
    charge = event.object
    intent_id = charge.get("payment_intent") or ""
    if isinstance(intent_id, dict):
        intent_id = intent_id.get("id", "")
    if not isinstance(intent_id, str):
        raise MalformedEvent("payment_intent is not an id", code="bad_object")
    try:
        refunded = from_minor(charge.get("amount_refunded"))
    except _UNREADABLE as error:
        raise MalformedEvent(f"unreadable amount_refunded: {error!r}", code="bad_object") from error
    return ChargeRefunds(intent_id=intent_id, amount_refunded=refunded)
