"""The real shop on loopback, brought up the way production runs it, for the web benchmarks.

A fresh PostgreSQL database (pasar_bench_web, dropped at the end unless --keep), `migrate`,
`load_demo_data`, one pass of the background worker (as the production worker would have
run: image renditions, e-mails), `collectstatic` into a temporary STATIC_ROOT, then
gunicorn with 2 workers under marketplace.settings.production on 127.0.0.1:<free port>,
Redis database 5 (flushed at start) as the cache and uploads served by the shop itself.

    .venv/bin/python bench/shop_server.py                 # serve until Ctrl-C
    .venv/bin/python bench/shop_server.py --exec "CMD" --exec "CMD"

With --exec, each command runs against the one shop (in order, all of them, whatever an
earlier one returned); BENCH_SHOP in their environment tells `running_shop()` to attach to
it instead of starting another. The exit status is the first non-zero one.

From Python:

    with running_shop() as shop:
        shop.base_url, shop.urls()["product"], shop.manage("shell", "-c", "...")

Nothing sits in front of gunicorn, where production has a TLS-terminating proxy. Production
marks the session and CSRF cookies Secure, which a client only returns over HTTPS; the
harness's own client (ShopClient) sends the proxy's `X-Forwarded-Proto: https` (production
trusts it: SECURE_PROXY_SSL_HEADER) and keeps its cookies itself, so the settings run
unchanged. The anonymous basket's cookie is not Secure, so a browser can carry it as a
plain Cookie header.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or imported as bench.shop_server
from bench_databases import create_database, drop_database  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
POSTGRES = "postgres://postgres@127.0.0.1:5432"
DEFAULT_DATABASE = "pasar_bench_web"
REDIS_URL = "redis://127.0.0.1:6379/5"
CUSTOMER_EMAIL = "pembeli.bench@contoh.id"
CUSTOMER_PASSWORD = "bench-" + "pembeli-2026"  # noqa: S105 - a throwaway account in a throwaway database
ATTACH_VARIABLE = "BENCH_SHOP"

# What every Chromium started by a benchmark needs on these machines: without the
# background-networking flags it keeps trying to reach Google's hosts.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

URLS_SCRIPT = """
import json
from oscar.core.loading import get_model
from regions.models import Village
from sellers.models import SellerProfile
Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
product = Product.objects.filter(is_public=True, images__isnull=False).order_by("id").first()
category = Category.objects.filter(depth=1).order_by("path").first()
village = Village.objects.filter(is_desmigratif=True).order_by("code").first()
producer = SellerProfile.objects.approved().order_by("slug").first()
print(json.dumps({
    "product": product.get_absolute_url(),
    "category": category.get_absolute_url(),
    "village": village.get_absolute_url(),
    "producer": producer.get_absolute_url(),
}))
"""

CUSTOMER_SCRIPT = """
from django.contrib.auth import get_user_model
User = get_user_model()
email, password = {email!r}, {password!r}
user = User.objects.filter(email=email).first() or User(username="pembeli-bench", email=email)
user.set_password(password)
user.save()
"""


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def random_secret_key() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(64))


def _log(message: str) -> None:
    print(f"[shop] {message}", file=sys.stderr, flush=True)


@dataclass
class Shop:
    base_url: str
    env: dict[str, str]
    _urls: dict[str, str] = field(default_factory=dict)

    @property
    def port(self) -> int:
        return urlsplit(self.base_url).port

    def manage(self, *args: str, quiet: bool = True) -> str:
        """Run manage.py under the shop's own environment; its standard output."""
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        if not quiet:
            print(result.stdout, end="", file=sys.stderr)
        return result.stdout

    def urls(self) -> dict[str, str]:
        """Paths of a product with a photo, a top-level category, a village and a producer."""
        if not self._urls:
            output = self.manage("shell", "-c", URLS_SCRIPT)
            self._urls = json.loads(output.strip().splitlines()[-1])
        return self._urls

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path)

    def customer(self) -> tuple[str, str]:
        """A buyer's account (e-mail, password), created on first use."""
        self.manage("shell", "-c", CUSTOMER_SCRIPT.format(email=CUSTOMER_EMAIL, password=CUSTOMER_PASSWORD))
        return CUSTOMER_EMAIL, CUSTOMER_PASSWORD

    def client(self) -> "ShopClient":
        return ShopClient(self.base_url)

    def logged_in_cookie(self) -> str:
        """A Cookie header for a logged-in buyer's session."""
        email, password = self.customer()
        client = self.client()
        client.login(email, password)
        return client.cookie_header()

    def basket_cookie(self, product_path: str | None = None) -> str:
        """A Cookie header for an anonymous basket holding one product."""
        client = self.client()
        client.add_to_basket(product_path or self.urls()["product"])
        return client.cookie_header(only=("oscar_open_basket",))

    def warm(self, paths: list[str] | None = None) -> None:
        """Request each page once, as a shop that has been up a while would have: thumbnails
        rendered, caches filled, every worker's connection open."""
        client = self.client()
        urls = self.urls()
        for path in paths or ["/", "/catalogue/", urls["product"], urls["category"]]:
            for _ in range(2):  # each of the two workers
                status, _headers, _body = client.request("GET", path)
                if status != 200:
                    raise RuntimeError(f"warming {path}: HTTP {status}")


class ShopClient:
    """A client that behaves as if the TLS proxy were in front: it sends X-Forwarded-Proto:
    https and keeps the Secure cookies itself (http.cookiejar would drop them over http)."""

    def __init__(self, base_url: str, *, client_address: str = ""):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        # The buyer's own address, as the proxy forwards it (X-Forwarded-For): buyers of
        # a sale day come from many addresses, and the shop counts unpaid orders per address.
        self.client_address = client_address

    @property
    def origin(self) -> str:
        return f"https://{self.host}:{self.port}"

    def cookie_header(self, only: tuple[str, ...] = ()) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items() if not only or k in only)

    def request(self, method: str, path: str, form: dict | None = None, referer: str = ""):
        headers = {"X-Forwarded-Proto": "https", "Host": f"{self.host}:{self.port}"}
        if self.client_address:
            headers["X-Forwarded-For"] = self.client_address
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # Django's CSRF check on HTTPS wants a same-origin Origin (or Referer).
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + (referer or path)
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return response.status, response.headers, content.decode("utf-8", "replace")
        finally:
            connection.close()

    def _csrf(self, html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not match:
            raise RuntimeError("no CSRF token in the page")
        return match.group(1)

    def login(self, email: str, password: str) -> None:
        status, _headers, html = self.request("GET", "/accounts/login/")
        if status != 200:
            raise RuntimeError(f"login page: HTTP {status}")
        form = {
            "csrfmiddlewaretoken": self._csrf(html),
            "login-username": email,
            "login-password": password,
            "login_submit": "1",
        }
        status, _headers, _html = self.request("POST", "/accounts/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {email} failed: HTTP {status}, cookies {sorted(self.cookies)}")

    def add_to_basket(self, product_path: str) -> None:
        status, _headers, html = self.request("GET", product_path)
        if status != 200:
            raise RuntimeError(f"{product_path}: HTTP {status}")
        match = re.search(r'<form[^>]*id="add_to_basket_form"[^>]*action="([^"]+)"', html) or re.search(
            r'<form[^>]*action="([^"]+)"[^>]*id="add_to_basket_form"', html
        )
        if not match:
            raise RuntimeError(f"{product_path}: no add-to-basket form")
        form = {"csrfmiddlewaretoken": self._csrf(html), "quantity": "1"}
        status, _headers, _html = self.request("POST", match.group(1), form, referer=product_path)
        if status not in (200, 302) or "oscar_open_basket" not in self.cookies:
            raise RuntimeError(f"adding to the basket failed: HTTP {status}, cookies {sorted(self.cookies)}")


def _wait_healthy(base_url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    client = ShopClient(base_url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{log.read_text()[-4000:]}")
        with contextlib.suppress(OSError):
            status, _headers, body = client.request("GET", "/healthz/")
            if status == 200 and '"ok"' in body:
                return
        time.sleep(0.3)
    raise RuntimeError(f"/healthz/ did not answer within {timeout:.0f} s:\n{log.read_text()[-4000:]}")


def _flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _attached() -> Shop | None:
    given = os.environ.get(ATTACH_VARIABLE)
    if not given:
        return None
    data = json.loads(given)
    return Shop(base_url=data["base_url"], env={**os.environ, **data["env"]}, _urls=data.get("urls", {}))


@contextlib.contextmanager
def running_shop(
    *, database: str = DEFAULT_DATABASE, keep: bool = False, workers: int = 2, warm: bool = True
) -> Iterator[Shop]:
    """The shop, served by gunicorn on loopback; torn down (database dropped) at the end.

    Attaches to the shop of an enclosing `shop_server.py --exec` run when there is one.
    """
    attached = _attached()
    if attached is not None:
        yield attached
        return

    workdir = Path(tempfile.mkdtemp(prefix="pasar-bench-web-"))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.production",
        DEBUG="false",
        SECRET_KEY=random_secret_key(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain http on loopback: no redirect to https, no HSTS for 127.0.0.1 in the browser.
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        # One proxy in front, as in production: the harness's clients say whom they stand for
        # in X-Forwarded-For (checkout_bench.py's buyers, each from an address of their own);
        # without it (wrk, Chromium) the socket address is the client's.
        TRUSTED_PROXY_COUNT="1",
        DATABASE_URL=f"{POSTGRES}/{database}",
        CONN_MAX_AGE="60",
        REDIS_URL=REDIS_URL,
        ELASTICSEARCH_URL="",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        # Queued mail must never reach for an SMTP server from a benchmark.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        EMAIL_URL="",
        STRIPE_SECRET_KEY="",
        STRIPE_PUBLISHABLE_KEY="",
        LOG_LEVEL="WARNING",
        BENCH_BARE_VIEW="1",
    )
    shop = Shop(base_url=base_url, env=env)
    process = None
    # A benchmark stopped with SIGTERM (a CI timeout, kill) must still stop gunicorn, which
    # runs in its own session, and drop the database: make it unwind like Ctrl-C does.
    previous_handler = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    log = workdir / "gunicorn.log"
    started = time.monotonic()
    try:
        _log(f"database {database}, files in {workdir}; {load_average()}")
        create_database(f"{POSTGRES}/{database}")  # a copy of the migrated template
        _flush_redis(REDIS_URL)
        shop.manage("migrate", "--noinput")
        _log(f"migrated ({time.monotonic() - started:.0f} s)")
        shop.manage("load_demo_data")
        # Production's worker renders the photos' thumbnails and sends the queued mail.
        shop.manage("db_worker", "--queue-name", "*", "--batch", "--no-startup-delay")
        _log(f"demo data loaded ({time.monotonic() - started:.0f} s)")
        shop.manage("collectstatic", "--noinput")
        _log(f"static files collected ({time.monotonic() - started:.0f} s)")
        with log.open("w") as log_file:
            process = subprocess.Popen(
                [
                    GUNICORN,
                    "marketplace.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--access-logfile",
                    str(workdir / "access.log"),
                ],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_healthy(base_url, process, log)
        if warm:
            shop.warm()
        _log(f"serving at {base_url} ({time.monotonic() - started:.0f} s to start)")
        yield shop
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if keep:
            _log(f"kept database {database} and {workdir}")
        else:
            with contextlib.suppress(Exception):
                drop_database(f"{POSTGRES}/{database}")
            shutil.rmtree(workdir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--keep", action="store_true", help="keep the database and files afterwards")
    parser.add_argument("--exec", action="append", default=[], metavar="CMD", help="run CMD against the shop")
    args = parser.parse_args()
    with running_shop(database=args.database, keep=args.keep) as shop:
        if not args.exec:
            print(f"{shop.base_url}  {json.dumps(shop.urls())}", flush=True)
            print("Ctrl-C stops it.", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while True:
                    time.sleep(3600)
            return 0
        overrides = {key: value for key, value in shop.env.items() if os.environ.get(key) != value}
        attach = json.dumps({"base_url": shop.base_url, "env": overrides, "urls": shop.urls()})
        status = 0
        for command in args.exec:
            _log(f"$ {command}")
            child = subprocess.Popen(
                command,
                shell=True,
                cwd=ROOT,
                env={**os.environ, ATTACH_VARIABLE: attach},
                start_new_session=True,
            )
            try:
                returncode = child.wait()
            finally:
                # Interrupted: the command's whole process group goes, not just its shell.
                if child.poll() is None:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(child.pid, signal.SIGTERM)
                    child.wait()
            _log(f"exit {returncode}: {command}")
            status = status or returncode
        return status


if __name__ == "__main__":
    sys.exit(main())
