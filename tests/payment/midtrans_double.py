"""A Midtrans Core API double: a real HTTP server on 127.0.0.1, for tests without the network.

Midtrans has no server to install (its sandbox is hosted), so this one answers the
endpoints the shop calls, through the official SDK pointed at it with
``MIDTRANS_API_BASE_URL``, as Midtrans's public reference documents them:

- ``POST /v2/charge`` — https://docs.midtrans.com/reference-link/charge-transactions-1, and per
  channel: https://docs.midtrans.com/docs/coreapi-core-api-bank-transfer-integration with
  https://docs.midtrans.com/reference/bank-transfer-object (bank_transfer bca/bni/bri/permata/
  cimb → ``va_numbers`` or ``permata_va_number``; echannel → ``bill_key`` + ``biller_code``, see
  also https://docs.midtrans.com/reference-link/mandiri-bill-payment),
  https://docs.midtrans.com/docs/coreapi-e-money-integration (gopay/shopeepay → ``actions``
  with ``deeplink-redirect``), https://docs.midtrans.com/docs/gopay-qris-pos-integration (qris →
  ``qr_string``, ``acquirer``), https://docs.midtrans.com/docs/coreapi-over-the-counter-payment-integration
  (cstore → ``payment_code``, ``store``); ``custom_expiry``:
  https://docs.midtrans.com/reference-link/custom-expiry-object, and ``item_details``:
  https://docs.midtrans.com/docs/coreapi-advanced-features.
  Checks: Basic auth with the server key and an empty password (401 otherwise), required
  fields (``payment_type``, ``transaction_details.order_id`` ≤ 50 characters, integer
  ``gross_amount``), integer item prices and quantities whose sum equals gross_amount (400
  with ``validation_messages``), a new order id (406 for one already used). Answers
  ``status_code`` "201", ``transaction_status`` "pending", amounts as "44000.00" strings.
- ``GET /v2/<order_id>/status`` — https://docs.midtrans.com/docs/get-status-api-requests,
  https://docs.midtrans.com/reference-link/get-transaction-status (404 for an unknown id; the
  body carries ``signature_key``).
- ``POST /v2/<order_id>/cancel`` — https://docs.midtrans.com/reference/cancel-api-1 (200);
  ``POST /v2/<order_id>/expire`` — https://docs.midtrans.com/reference-link/expire-transaction
  (407); both 412 "Merchant cannot modify the status of the transaction" once it is not pending,
  and both followed by a notification.
- ``POST /v2/<order_id>/refund`` — https://docs.midtrans.com/reference/refund-transaction and
  ``POST /v2/<order_id>/refund/online/direct`` —
  https://docs.midtrans.com/reference/direct-refund-transaction: body ``refund_key``,
  ``amount`` (whole rupiah, default the whole transaction), ``reason``; only a transaction in
  ``settlement`` (or already ``partial_refund``) of a refundable payment type (credit_card,
  gopay, shopeepay, qris, as both pages list) is refunded, else 412 "Merchant cannot modify
  the status of the transaction" (the pages give no separate code for an unsupported type or
  an amount above what is left, so the double answers 412 for those too). A repeated
  ``refund_key`` is answered with the first refund, not refunded again. The answer follows
  the pages' sample: ``status_code`` "200", "Success, refund request is approved",
  ``transaction_status`` ``refund`` or ``partial_refund``, ``refund_chargeback_id``,
  ``refund_amount`` and ``refund_key``; a notification follows (for direct refunds only on
  success, as the direct page says). ``refuse_refunds`` makes the next refunds fail the way
  ShopeePay refuses one at night (412 with the provider's message).
- HTTP notifications — https://docs.midtrans.com/docs/https-notification-webhooks: POST of
  the transaction as JSON, ``User-Agent: Veritrans``, ``signature_key`` = SHA-512 of
  order_id + status_code + gross_amount + server key; ``status_code`` 200 (settlement,
  capture, cancel), 201 (pending), 202 (deny, and expire as the expire page's sample shows).

A test moves a transaction with ``settle``/``expire``/``deny`` (what the buyer's bank or
the clock would do); each returns the signed notification and, when ``notify_url`` is set
(the live server's), POSTs it there the way Midtrans does. ``notification`` builds one for
any state, to replay duplicates and late, out-of-order deliveries.

Use: ``from tests.payment.midtrans_double import midtrans, midtrans_settings  # noqa: F401``.
"""

import base64
import hashlib
import json
import re
import threading
import urllib.request
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest

SERVER_KEY = "SB-Mid-server-pasar-desmigratif-test"
CLIENT_KEY = "SB-Mid-client-pasar-desmigratif-test"
MERCHANT_ID = "G000000001"
WIB = ZoneInfo("Asia/Jakarta")
BANKS = ("bca", "bni", "bri", "permata", "cimb")
STORES = ("indomaret", "alfamart")
ACQUIRERS = ("gopay", "airpay shopee")
# status_code per transaction_status in notifications; API answers say 407 for expire.
NOTIFIED_CODES = {
    "pending": "201",
    "settlement": "200",
    "capture": "200",
    "cancel": "200",
    "deny": "202",
    "expire": "202",
    "refund": "200",
    "partial_refund": "200",
}
REFUNDABLE = ("credit_card", "gopay", "shopeepay", "qris")
STATUS_CODES = {**NOTIFIED_CODES, "expire": "407"}
DEFAULT_EXPIRY = {
    "bank_transfer": 24 * 60,
    "echannel": 24 * 60,
    "cstore": 24 * 60,
    "qris": 15,
    "gopay": 15,
    "shopeepay": 5,
}


def signature(order_id: str, status_code: str, gross_amount: str, server_key: str = SERVER_KEY) -> str:
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def _now() -> str:
    return datetime.now(WIB).strftime("%Y-%m-%d %H:%M:%S")


class MidtransDouble:
    def __init__(self):
        self.transactions: dict[str, dict] = {}
        self.requests: list[tuple[str, str, dict | None]] = []
        self.notify_url = ""
        self.refuse_refunds = ""
        self.lock = threading.Lock()
        self._serial = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        with self.lock:
            self.transactions.clear()
            self.requests.clear()
            self.notify_url = ""
            self.refuse_refunds = ""

    # --- What the tests do ------------------------------------------------------

    def charges(self) -> list[dict]:
        return [body for method, path, body in self.requests if method == "POST" and path == "/v2/charge"]

    def settle(self, order_id: str) -> bytes:
        status = "settlement" if self.transactions[order_id]["payment_type"] != "credit_card" else "capture"
        return self._move(order_id, status, settlement_time=_now())

    def expire(self, order_id: str) -> bytes:
        return self._move(order_id, "expire")

    def deny(self, order_id: str) -> bytes:
        return self._move(order_id, "deny", fraud_status="deny")

    def notification(
        self, order_id: str, *, status: str | None = None, server_key: str = SERVER_KEY
    ) -> bytes:
        """The notification Midtrans sends for this transaction (or for it at ``status``)."""
        transaction = dict(self.transactions[order_id])
        if status is not None:
            transaction["transaction_status"] = status
        code = NOTIFIED_CODES[transaction["transaction_status"]]
        body = {
            **transaction,
            "status_code": code,
            "status_message": "midtrans payment notification",
            "signature_key": signature(order_id, code, transaction["gross_amount"], server_key),
        }
        return json.dumps(body).encode()

    def deliver(self, body: bytes) -> int:
        """POST a notification to notify_url as Midtrans does; the shop's answer's status."""
        request = urllib.request.Request(  # noqa: S310 - the live server on loopback
            self.notify_url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": "Veritrans",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def _move(self, order_id: str, status: str, **fields) -> bytes:
        with self.lock:
            transaction = self.transactions[order_id]
            if transaction["transaction_status"] != "pending":
                raise AssertionError(f"{order_id} is {transaction['transaction_status']}, not pending")
            transaction.update(transaction_status=status, **fields)
        body = self.notification(order_id)
        if self.notify_url:
            self.deliver(body)
        return body

    # --- The API ----------------------------------------------------------------

    def handle(self, method: str, path: str, auth: str, body: dict | None) -> tuple[int, dict]:
        self.requests.append((method, path, body))
        if auth != "Basic " + base64.b64encode(f"{SERVER_KEY}:".encode()).decode():
            return 401, {
                "status_code": "401",
                "status_message": "Access denied due to unauthorized transaction, "
                "please check client or server key",
            }
        if method == "POST" and path == "/v2/charge":
            return self._charge(body)
        refund = re.fullmatch(r"/v2/([^/]+)/refund(/online/direct)?", path)
        if refund is not None and method == "POST":
            return self._refund(urllib.request.unquote(refund[1]), body or {}, direct=bool(refund[2]))
        match = re.fullmatch(r"/v2/([^/]+)/(status|cancel|expire)", path)
        if match is None:
            return 404, {"status_code": "404", "status_message": "The requested resource is not found"}
        order_id, action = urllib.request.unquote(match[1]), match[2]
        with self.lock:
            transaction = self.transactions.get(order_id)
            if transaction is None:
                return 404, {"status_code": "404", "status_message": "Transaction doesn't exist."}
            if action == "status" and method == "GET":
                code = STATUS_CODES[transaction["transaction_status"]]
                return 200, {
                    **transaction,
                    "status_code": code,
                    "status_message": "Success, transaction is found",
                    "signature_key": signature(order_id, code, transaction["gross_amount"]),
                }
            if method != "POST" or action == "status":
                return 405, {"status_code": "405", "status_message": "Method not allowed"}
            if transaction["transaction_status"] != "pending":
                return 412, {
                    "status_code": "412",
                    "status_message": "Merchant cannot modify the status of the transaction",
                }
            new = "cancel" if action == "cancel" else "expire"
            transaction["transaction_status"] = new
            message = (
                "Success, transaction is canceled" if new == "cancel" else "Success, transaction has expired"
            )
            answer = {**transaction, "status_code": STATUS_CODES[new], "status_message": message}
        if self.notify_url:
            # After answering, as Midtrans does: the shop may still hold the payment's lock.
            body = self.notification(order_id)
            threading.Timer(0.2, self.deliver, args=[body]).start()
        return 200, answer

    def refunds(self, order_id: str) -> list[dict]:
        return list(self.transactions[order_id].get("refunds", []))

    def _refund(self, order_id: str, body: dict, *, direct: bool) -> tuple[int, dict]:
        cannot = {
            "status_code": "412",
            "status_message": "Merchant cannot modify the status of the transaction",
        }
        with self.lock:
            transaction = self.transactions.get(order_id)
            if transaction is None:
                return 404, {"status_code": "404", "status_message": "Transaction doesn't exist."}
            done = transaction.setdefault("refunds", [])
            key = body.get("refund_key") or f"auto-{uuid.uuid4().hex[:12]}"
            for earlier in done:
                if earlier["refund_key"] == key:
                    return 200, self._refund_answer(transaction, earlier)
            if transaction["transaction_status"] not in ("settlement", "partial_refund"):
                return 412, cannot
            if transaction["payment_type"] not in REFUNDABLE:
                return 412, cannot
            if self.refuse_refunds:
                return 412, {"status_code": "412", "status_message": self.refuse_refunds}
            gross = int(Decimal(transaction["gross_amount"]))
            left = gross - sum(int(Decimal(item["refund_amount"])) for item in done)
            amount = body.get("amount", left)
            if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= left:
                return 412, {**cannot, "status_message": f"Refund amount must be between 1 and {left}"}
            item = {
                "refund_chargeback_id": len(done) + 1,
                "refund_amount": f"{Decimal(amount):.2f}",
                "created_at": _now(),
                "reason": str(body.get("reason") or ""),
                "refund_key": key,
                "direct": direct,
            }
            done.append(item)
            transaction["transaction_status"] = "refund" if amount == left else "partial_refund"
            answer = self._refund_answer(transaction, item)
        if self.notify_url:
            threading.Timer(0.2, self.deliver, args=[self.notification(order_id)]).start()
        return 200, answer

    @staticmethod
    def _refund_answer(transaction: dict, item: dict) -> dict:
        return {
            "status_code": "200",
            "status_message": "Success, refund request is approved",
            "transaction_id": transaction["transaction_id"],
            "order_id": transaction["order_id"],
            "payment_type": transaction["payment_type"],
            "transaction_time": transaction["transaction_time"],
            "transaction_status": transaction["transaction_status"],
            "gross_amount": transaction["gross_amount"],
            "refund_chargeback_id": item["refund_chargeback_id"],
            "refund_amount": item["refund_amount"],
            "refund_key": item["refund_key"],
        }

    def _invalid(self, *messages: str) -> tuple[int, dict]:
        return 400, {
            "status_code": "400",
            "status_message": "One or more parameters in the payload is invalid.",
            "validation_messages": list(messages),
        }

    def _charge(self, body: dict | None) -> tuple[int, dict]:
        if not isinstance(body, dict):
            return self._invalid("request body is not a JSON object")
        details = body.get("transaction_details") or {}
        order_id, gross = details.get("order_id"), details.get("gross_amount")
        payment_type = body.get("payment_type")
        problems = []
        if not isinstance(order_id, str) or not 0 < len(order_id) <= 50:
            problems.append("transaction_details.order_id is required, at most 50 characters")
        if not isinstance(gross, int) or isinstance(gross, bool) or gross < 1:
            problems.append(
                "transaction_details.gross_amount must be a positive integer (IDR has no decimals)"
            )
        items = body.get("item_details")
        if items is not None:
            if not all(
                isinstance(item.get("price"), int)
                and isinstance(item.get("quantity"), int)
                and item.get("name")
                for item in items
            ):
                problems.append("item_details price and quantity must be integers, name is required")
            elif isinstance(gross, int) and sum(item["price"] * item["quantity"] for item in items) != gross:
                problems.append("transaction_details.gross_amount is not equal to the sum of item_details")
        extra = self._channel(body, payment_type, problems)
        if problems:
            return self._invalid(*problems)
        with self.lock:
            if order_id in self.transactions:
                return 406, {
                    "status_code": "406",
                    "status_message": "The request could not be completed due to "
                    "a conflict with the state of the target resource, please try again with different "
                    "order ID",
                }
            self._serial += 1
            transaction_id = str(uuid.uuid4())
            minutes = (body.get("custom_expiry") or {}).get("expiry_duration") or DEFAULT_EXPIRY[payment_type]
            start = datetime.now(WIB)
            order_time = (body.get("custom_expiry") or {}).get("order_time")
            if order_time:
                start = datetime.strptime(order_time, "%Y-%m-%d %H:%M:%S %z")
            if payment_type in ("gopay", "shopeepay"):
                extra["actions"] = self._actions(payment_type, transaction_id)
            elif payment_type == "qris":
                extra["actions"] = [
                    {
                        "name": "generate-qr-code",
                        "method": "GET",
                        "url": f"{self.url}/v2/qris/{transaction_id}/qr-code",
                    }
                ]
            transaction = {
                "transaction_id": transaction_id,
                "order_id": order_id,
                "merchant_id": MERCHANT_ID,
                "gross_amount": f"{Decimal(gross):.2f}",
                "currency": "IDR",
                "payment_type": "bank_transfer" if payment_type == "permata" else payment_type,
                "transaction_time": _now(),
                "transaction_status": "pending",
                "fraud_status": "accept",
                "expiry_time": (start + timedelta(minutes=int(minutes)))
                .astimezone(WIB)
                .strftime("%Y-%m-%d %H:%M:%S"),
                **extra,
            }
            self.transactions[order_id] = transaction
        return 201, {
            **transaction,
            "status_code": "201",
            "status_message": f"Success, {payment_type} transaction is created",
        }

    def _channel(self, body: dict, payment_type, problems: list) -> dict:
        """Validate the payment type's own object; the fields its charge response adds."""
        serial = f"{self._serial + 1:010d}"
        if payment_type == "bank_transfer":
            bank = (body.get("bank_transfer") or {}).get("bank")
            if bank not in BANKS:
                problems.append(f"bank_transfer.bank must be one of {', '.join(BANKS)}")
                return {}
            if bank == "permata":
                return {"permata_va_number": "8562" + serial[-12:]}
            return {"va_numbers": [{"bank": bank, "va_number": "98885" + serial}]}
        if payment_type == "echannel":
            echannel = body.get("echannel") or {}
            if not (echannel.get("bill_info1") and echannel.get("bill_info2")):
                problems.append("echannel.bill_info1 and echannel.bill_info2 are required")
            return {"bill_key": "99" + serial, "biller_code": "70012"}
        if payment_type == "qris":
            acquirer = (body.get("qris") or {}).get("acquirer", "gopay")
            if acquirer not in ACQUIRERS:
                problems.append(f"qris.acquirer must be one of {', '.join(ACQUIRERS)}")
            return {
                "acquirer": acquirer,
                "qr_string": f"00020101021226620014COM.GO-JEK.WWW0118{serial}5204"
                f"5499530336054{len(str(body['transaction_details'].get('gross_amount')))}"
                f"{body['transaction_details'].get('gross_amount')}5802ID5917PASAR DESMIGRATIF6304ABCD",
            }
        if payment_type in ("gopay", "shopeepay"):
            return {}
        if payment_type == "cstore":
            store = (body.get("cstore") or {}).get("store")
            if store not in STORES:
                problems.append(f"cstore.store must be one of {', '.join(STORES)}")
            return {"payment_code": "3000" + serial, "store": store}
        problems.append("payment_type is required: bank_transfer, echannel, qris, gopay, shopeepay or cstore")
        return {}

    def _actions(self, payment_type: str, transaction_id: str) -> list[dict]:
        deeplink = (
            f"gojek://gopay/merchanttransfer?tref={transaction_id}"
            if payment_type == "gopay"
            else f"https://wsa.wallet.airpay.co.id/universal-link/wallet/pay?reference={transaction_id}"
        )
        actions = [{"name": "deeplink-redirect", "method": "GET", "url": deeplink}]
        if payment_type == "gopay":
            actions.insert(
                0,
                {
                    "name": "generate-qr-code",
                    "method": "GET",
                    "url": f"{self.url}/v2/gopay/{transaction_id}/qr-code",
                },
            )
        return [
            *actions,
            {"name": "get-status", "method": "GET", "url": f"{self.url}/v2/{transaction_id}/status"},
            {"name": "cancel", "method": "POST", "url": f"{self.url}/v2/{transaction_id}/cancel"},
        ]


def _handler(double: MidtransDouble):
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method: str):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            path = self.path.split("?", 1)[0]
            status, answer = double.handle(method, path, self.headers.get("Authorization", ""), body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 - http.server's naming
            self._serve("GET")

        def do_POST(self):  # noqa: N802
            self._serve("POST")

        def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
            pass

    return Handler


@pytest.fixture(scope="session")
def midtrans():
    """One double per test process (so per xdist worker), on a free loopback port."""
    double = MidtransDouble()
    yield double
    double.stop()


@pytest.fixture
def midtrans_settings(settings, midtrans):
    """The Midtrans methods on, pointed at the double; notifications go nowhere unless asked."""
    midtrans.reset()
    settings.MIDTRANS_SERVER_KEY = SERVER_KEY
    settings.MIDTRANS_CLIENT_KEY = CLIENT_KEY
    settings.MIDTRANS_IS_PRODUCTION = False
    settings.MIDTRANS_API_BASE_URL = midtrans.url
    settings.PAYMENT_METHODS = ["payment.methods.BankTransfer", *settings.MIDTRANS_METHODS]
    yield settings
    midtrans.reset()
