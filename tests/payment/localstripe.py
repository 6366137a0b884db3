"""localstripe, started by the tests themselves, and helpers to talk to it and to sign events.

One server per test process, so per xdist worker (it keeps its state in memory and dumps it to the fixed file
/tmp/localstripe.pickle, which is never read back with --from-scratch). Tests reach it on
127.0.0.1 only; nothing here goes to the internet.

Import the fixtures where they are needed (tests/payment/conftest.py, the browser test):
``from tests.payment.localstripe import localstripe, stripe_settings  # noqa: F401``.
"""

import atexit
import hashlib
import hmac
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import _skip_or_fail

SECRET_KEY = "sk_test_pasar_desmigratif"
PUBLISHABLE_KEY = "pk_test_pasar_desmigratif"
WEBHOOK_SECRET = "whsec_pasar_desmigratif_test"
# Where deliveries go between tests: a closed port, so late events reach no test's database.
NOWHERE = "http://127.0.0.1:9/"


def _binary() -> str | None:
    beside_python = Path(sys.executable).with_name("localstripe")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("localstripe")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalStripe:
    url: str

    def request(self, method: str, path: str, data: dict | list | None = None, *, key: str = SECRET_KEY):
        body = urllib.parse.urlencode(data or {}, doseq=True).encode() if method != "GET" else None
        request = urllib.request.Request(self.url + path, data=body, method=method)  # noqa: S310
        request.add_header("Authorization", f"Bearer {key}")
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            text = response.read().decode()
        return json.loads(text) if text.strip().startswith(("{", "[")) else text

    def webhook_to(self, url: str, *, name: str = "pasar", secret: str = WEBHOOK_SECRET) -> None:
        self.request("POST", f"/_config/webhooks/{name}", {"url": url, "secret": secret})

    def authenticate(self, intent_id: str, client_secret: str, *, success: bool = True) -> dict:
        """What the 3-D Secure box does when the buyer approves (or refuses)."""
        return self.request(
            "POST",
            f"/v1/payment_intents/{intent_id}/_authenticate",
            {"key": PUBLISHABLE_KEY, "client_secret": client_secret, "success": str(success).lower()},
        )

    def intent(self, intent_id: str) -> dict:
        return self.request("GET", f"/v1/payment_intents/{intent_id}")


_server: dict = {}


def _start() -> LocalStripe:
    if "process" in _server:
        return _server["instance"]
    binary = _binary()
    if binary is None:
        _skip_or_fail("needs the localstripe command from the test extra (pip install -e '.[test]')")
    port = _free_port()
    log = tempfile.NamedTemporaryFile(prefix="localstripe-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--from-scratch"],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        cwd=tempfile.gettempdir(),
    )
    instance = LocalStripe(url=f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            output = Path(log.name).read_text(errors="replace")[-2000:]
            pytest.fail(f"localstripe exited with {process.returncode}:\n{output}", pytrace=False)
        try:
            urllib.request.urlopen(instance.url + "/js.stripe.com/v3/", timeout=1).close()  # noqa: S310
            break
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                process.terminate()
                pytest.fail("localstripe did not answer within 30 s", pytrace=False)
            time.sleep(0.2)
    _server.update(process=process, instance=instance, log=log.name)
    atexit.register(_stop)
    return instance


def _stop() -> None:
    process = _server.pop("process", None)
    if process is None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    Path(_server.pop("log")).unlink(missing_ok=True)
    _server.pop("instance", None)


@pytest.fixture(scope="session")
def localstripe():
    instance = _start()
    yield instance
    _stop()


@pytest.fixture
def stripe_settings(settings, localstripe):
    """Card payments on, pointed at localstripe; deliveries go nowhere unless a test asks."""
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe.url
    settings.STRIPE_JS_URL = localstripe.url + "/js.stripe.com/v3/"
    settings.STRIPE_PAYMENT_INTENT_OPTIONS = {}
    settings.PAYMENT_METHODS = ["payment.methods.BankTransfer", "payment.methods.StripeCard"]
    localstripe.webhook_to(NOWHERE)
    yield settings
    localstripe.webhook_to(NOWHERE)


def sign(payload: bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A Stripe-Signature header, computed as Stripe does (HMAC-SHA256 of "t.payload")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event_payload(event_id: str, event_type: str, obj: dict, *, created: int | None = None) -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": int(time.time()) if created is None else created,
            "livemode": False,
            "api_version": "2017-08-15",
            "data": {"object": obj},
        }
    ).encode()


def wait_for(condition, *, timeout: float = 15, interval: float = 0.2, message: str = "condition"):
    """Poll until condition() is truthy (webhooks arrive about a second after the event)."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {message}")
        time.sleep(interval)
