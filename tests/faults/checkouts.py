"""Real checkouts over HTTP while a fault test breaks something, and the query that finds an
order placed by halves.

Buyers are guests, each with an e-mail address and a client address of their own (sent in
X-Forwarded-For; the shop under test trusts one proxy), buying one product from each of
three producers by bank transfer, every step a real request to gunicorn. A step answered
with anything but a page or a redirect ends that buyer's attempt (counted by status); the
order numbers the shop showed are kept, to compare with the database afterwards.
"""

import itertools
import json
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]

SETUP_SCRIPT = """
import json
from tests.factories import ProductFactory, SellerProfileFactory, VillageFactory
from tests.factories.shipping import flat_rates
village = VillageFactory(name="Sukamaju", is_desmigratif=False)
sellers = [SellerProfileFactory(name=f"Produsen Gangguan {n}") for n in range(3)]
flat_rates(sellers=sellers, village=village)
products = [ProductFactory(seller=seller, title=f"Keripik Gangguan {n}", num_in_stock=100000)
            for n, seller in enumerate(sellers)]
district = village.district
print(json.dumps({
    "products": [product.pk for product in products],
    "village": {"province": district.regency.province_id, "regency": district.regency_id,
                "district": district.pk, "village": village.pk},
}))
"""

# An order is placed in one transaction with one SellerOrder per producer and its payment
# record (checkout.services.order_place): any order missing either was placed by halves.
HALF_PLACED_SQL = """
SELECT o.number FROM order_order o
WHERE NOT EXISTS (SELECT 1 FROM fulfilment_sellerorder s WHERE s.order_id = o.id)
   OR NOT EXISTS (SELECT 1 FROM payment_orderpayment p WHERE p.order_id = o.id)
   OR (SELECT count(DISTINCT s.seller_id) FROM fulfilment_sellerorder s WHERE s.order_id = o.id)
      <> (SELECT count(DISTINCT l.partner_id) FROM order_line l WHERE l.order_id = o.id)
"""


def shop_setup(env: dict) -> dict:
    """Three producers' products with stock to spare and a village they ship to."""
    run = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETUP_SCRIPT],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(run.stdout.strip().splitlines()[-1])


def half_placed_orders(database_url: str) -> list[str]:
    with psycopg.connect(database_url) as connection:
        return [number for (number,) in connection.execute(HALF_PLACED_SQL)]


def placed_orders(database_url: str) -> set[str]:
    with psycopg.connect(database_url) as connection:
        return {number for (number,) in connection.execute("SELECT number FROM order_order")}


class Failed(Exception):
    def __init__(self, status: int):
        self.status = status


class Checkouts:
    """Buyers placing orders one after another in `buyers` threads until stop()."""

    _numbers = itertools.count(1)

    def __init__(self, base_url: str, setup: dict, *, buyers: int = 2, pause: float = 0.0):
        self.base_url, self.setup, self.buyers, self.pause = base_url, setup, buyers, pause
        self.placed: list[str] = []
        self.failed: Counter = Counter()  # attempts ended, by the status that ended them
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> "Checkouts":
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(self.buyers)]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> "Checkouts":
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=120)
        return self

    def wait_for(self, orders: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while len(self.placed) < orders and time.monotonic() < deadline:
            time.sleep(0.1)

    @property
    def attempts(self) -> int:
        return len(self.placed) + sum(self.failed.values())

    def summary(self) -> str:
        return f"{self.attempts} checkouts tried, {len(self.placed)} placed, ended early {dict(self.failed)}"

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                number = self.buy(next(self._numbers))
                with self.lock:
                    self.placed.append(number)
            except Failed as failed:
                with self.lock:
                    self.failed[failed.status] += 1
                time.sleep(0.2)
            except requests.RequestException:
                with self.lock:
                    self.failed[0] += 1
                time.sleep(0.2)
            self._stop.wait(self.pause)

    def buy(self, n: int) -> str:
        session = requests.Session()
        session.headers["X-Forwarded-For"] = f"10.20.{n // 256 % 256}.{n % 256}"

        def step(method: str, path: str, form: dict | None = None, referer: str = "") -> requests.Response:
            url = self.base_url + path
            if form is not None:
                form = {"csrfmiddlewaretoken": session.cookies.get("csrftoken", ""), **form}
            headers = {"Referer": self.base_url + (referer or path)}
            response = session.request(method, url, data=form, headers=headers, timeout=30)
            if response.status_code != 200:
                raise Failed(response.status_code)
            return response

        step("GET", "/csrf/")
        for product in self.setup["products"]:
            # The shop sends the buyer back where the form was: the basket page here.
            step("POST", f"/basket/add/{product}/", {"quantity": "1"}, referer="/basket/")
        email = f"gangguan{n}-{time.time_ns()}@contoh.id"
        step("POST", "/checkout/", {"username": email, "options": "anonymous"})
        address = {"name": f"Pembeli {n}", "phone_number": "+6281298765432", "street": "Jl. Melati No. 5",
                   "postcode": "45223", **{k: str(v) for k, v in self.setup["village"].items()}}  # fmt: skip
        page = step("POST", "/checkout/shipping-address/", address)
        choices = dict(re.findall(r'<input[^>]*name="(\d+)"[^>]*value="([^"]+)"[^>]*checked', page.text))
        step("POST", "/checkout/shipping-method/", choices)
        step("POST", "/checkout/payment-method/", {"method": "bank_transfer"})
        placed = step("POST", "/checkout/preview/", {})
        number = re.search(r"/([0-9]{5,})/", placed.url)
        if "bank-transfer-instructions" not in placed.text or number is None:
            raise Failed(-1)  # a page, but not the placed order's
        return number.group(1)
