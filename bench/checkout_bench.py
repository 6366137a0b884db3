"""Checkout capacity: real orders placed over HTTP by concurrent buyers while others browse.

Against the real shop (bench/shop_server.py: gunicorn, 2 sync workers, production settings,
PostgreSQL, Redis), each buyer does what a buyer's browser does, redirects followed:

  csrf       /csrf/ (the shared pages' forms take their token from the CSRF cookie)
  add        one product from each of 3 different producers into the basket (POST, then
             the product page it returns to)
  gateway    /checkout/: buying as a guest with an e-mail address
  address    /checkout/shipping-address/: an Indonesian address in a demo village
  shipping   /checkout/shipping-method/: the preselected (cheapest) courier per producer
  payment    /checkout/payment-method/: bank transfer
  payment →  the preview, the page the buyer checks
  place      "Buat pesanan" (POST /checkout/preview/)
  order page the order's own page the shop sends the buyer on to

Each order is a new buyer (a new e-mail address, and a client address of their own in
X-Forwarded-For, as the proxy forwards it: the shop limits unpaid orders per address).
Browsers meanwhile load the product list, categories and product pages anonymously.

Stock is topped up before the run so that nothing sells out; afterwards the database must
show exactly the orders the buyers were told were placed, and every stock record's units
allocated must have grown by exactly the units of those orders' lines (no oversell, no lost
or doubled order).

    .venv/bin/python bench/checkout_bench.py             # 8 buyers, 2 browsers, 30 s
    .venv/bin/python bench/checkout_bench.py --short     # 15 s; exit 1 on a wrong order or stock
    .venv/bin/python bench/checkout_bench.py --strict    # exit 1 over budget too
    .venv/bin/python bench/checkout_bench.py --profile   # and where a place-order's time goes

Budget: at least 20 orders/s of 3-producer baskets with place p95 at most 300 ms. A budget
broken once is measured again; only one broken twice in a row counts (see throughput.py).
The shop's CPU time per order is printed too: unlike wall-clock figures it does not grow
with whatever else the machine runs, and says what 2 idle cores could do at most.
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shop_server import ShopClient, load_average, running_shop  # noqa: E402

BUDGET_ORDERS_PER_SECOND = 20.0
BUDGET_PLACE_P95_MS = 300.0
PRODUCERS_PER_BASKET = 3
STOCK_TOP_UP = 100_000  # units each stock record may still sell: far more than any run places

SETUP_SCRIPT = """
import json
from oscar.core.loading import get_model
from regions.models import Village
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")
records = (
    StockRecord.objects.filter(product__is_public=True, partner__seller_profile__isnull=False)
    .select_related("product", "partner")
    .order_by("product_id")
)
products = []
for record in records:
    if (record.num_in_stock or 0) - (record.num_allocated or 0) < {top_up}:
        record.num_in_stock = (record.num_allocated or 0) + {top_up}
        record.save()  # through the model, so the shop's caches hear of it
    products.append({{
        "pk": record.product_id,
        "path": record.product.get_absolute_url(),
        "producer": record.partner_id,
        "record": record.pk,
        "allocated": record.num_allocated or 0,
    }})
village = Village.objects.with_hierarchy().filter(is_desmigratif=True).order_by("code").first()
print(json.dumps({{
    "products": products,
    "last_order": Order.objects.order_by("-id").values_list("id", flat=True).first() or 0,
    "village": {{
        "province": village.district.regency.province_id,
        "regency": village.district.regency_id,
        "district": village.district_id,
        "village": village.pk,
    }},
}}))
"""

CHECK_SCRIPT = """
import json
from django.db.models import Sum
from oscar.core.loading import get_model
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
last_order = {last_order}
numbers = list(Order.objects.filter(id__gt=last_order).values_list("number", flat=True))
sold = dict(
    Line.objects.filter(order_id__gt=last_order)
    .values_list("stockrecord_id")
    .annotate(units=Sum("quantity"))
    .values_list("stockrecord_id", "units")
)
records = {{
    record.pk: [record.num_allocated or 0, record.num_in_stock or 0]
    for record in StockRecord.objects.filter(pk__in={records!r})
}}
print(json.dumps({{"numbers": numbers, "sold": sold, "records": records}}))
"""


@dataclass
class Timings:
    """Milliseconds per step, and what went wrong, from all threads."""

    steps: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    placed: list[str] = field(default_factory=list)  # order numbers the buyers were shown
    browsed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, step: str, started: float) -> None:
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.steps[step].append(elapsed)


class Buyer:
    """One buyer's browser: cookies, the CSRF token from its cookie, redirects followed."""

    def __init__(self, base_url: str, timings: Timings, number: int):
        # 10.x.y.z: one address per buyer, as many phones behind many networks (numbers
        # start at random, so a run on a kept database meets no earlier run's buyers).
        address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        self.client = ShopClient(base_url, client_address=address)
        self.timings = timings
        self.number = number

    def step(
        self, name: str, method: str, path: str, form: dict | None = None, expect=(200, 302), referer=""
    ):
        if form is not None:
            form = {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **form}
        started = time.perf_counter()
        status, headers, html = self.client.request(method, path, form, referer=referer)
        self.timings.add(name, started)
        if status not in expect:
            raise RuntimeError(f"{name}: {method} {path} answered {status}: {_problem(html)}")
        if status == 302:
            return self.follow(name, headers["Location"])
        return html

    def follow(self, name: str, location: str) -> tuple[str, str]:
        path = urlsplit(location).path or location
        started = time.perf_counter()
        status, _headers, html = self.client.request("GET", path)
        self.timings.add(f"{name} → page", started)
        if status != 200:
            raise RuntimeError(f"{name}: the page after it, {path}, answered {status}: {_problem(html)}")
        return path, html

    def buy(self, products: list[dict], village: dict) -> str:
        self.step("csrf", "GET", "/csrf/")
        for product in products:
            # Sent from the product page, which the shop returns the buyer to.
            self.step(
                "add", "POST", f"/basket/add/{product['pk']}/", {"quantity": "1"}, referer=product["path"]
            )
        email = f"pembeli{self.number}@bench.contoh.id"
        self.step("gateway", "POST", "/checkout/", {"username": email, "options": "anonymous"})
        address = {
            "name": f"Pembeli {self.number}",
            "phone_number": "+6281298765432",
            "street": "Jl. Melati No. 5 RT 02/RW 03",
            "postcode": "45223",
            **{key: str(value) for key, value in village.items()},
        }
        _path, html = self.step("address", "POST", "/checkout/shipping-address/", address)
        choices = dict(re.findall(r'<input[^>]*name="(\d+)"[^>]*value="([^"]+)"[^>]*checked', html))
        if len(choices) != PRODUCERS_PER_BASKET:
            raise RuntimeError(f"shipping: {len(choices)} preselected couriers, not {PRODUCERS_PER_BASKET}")
        self.step("shipping", "POST", "/checkout/shipping-method/", choices)
        self.step(
            "payment", "POST", "/checkout/payment-method/", {"method": "bank_transfer"}
        )  # → the preview
        path, html = self.step("place", "POST", "/checkout/preview/", {})
        number = re.search(r"/(?:order|pesanan)[^/]*/([^/]+)/", path) or re.search(r"/([0-9]{5,})/", path)
        if "bank-transfer-instructions" not in html or number is None:
            raise RuntimeError(f"place: {path} is not a placed order's page")
        return number.group(1)


PROFILE_SCRIPT = """
import json, random, re
from django.test import Client
from pyinstrument import Profiler
setup = json.loads({setup!r})
profiler = Profiler(interval=0.0005)
run = random.randrange(10**6)  # new buyers, whatever earlier runs left unpaid
for n in range({orders}):
    client = Client(HTTP_HOST="127.0.0.1", secure=True)
    for product in setup["products"][n % 5 :: 9][:3]:
        assert client.post(f"/basket/add/{{product['pk']}}/", {{"quantity": "1"}}).status_code == 302
    client.post("/checkout/", {{"username": f"profil{{run}}-{{n}}@bench.contoh.id", "options": "anonymous"}})
    address = {{"name": "Profil", "phone_number": "+6281298765432", "street": "Jl. Melati 5"}}
    address.update(postcode="45223", **setup["village"])
    buyer_address = f"10.{{run % 200}}.{{run // 200 % 200}}.{{n}}"
    client.post("/checkout/shipping-address/", address, REMOTE_ADDR=buyer_address)
    html = client.get("/checkout/shipping-method/").content.decode()
    choices = dict(re.findall(r'<input[^>]*name="(\\d+)"[^>]*value="([^"]+)"[^>]*checked', html))
    client.post("/checkout/shipping-method/", choices)
    client.post("/checkout/payment-method/", {{"method": "bank_transfer"}})
    profiler.start()
    response = client.post("/checkout/preview/", REMOTE_ADDR=buyer_address)
    profiler.stop()
    assert response.status_code == 302, response.content[:500]
print(profiler.output_text(unicode=True, color=False, show_all=False))
"""


def profile_place(shop, setup: dict, orders: int = 10) -> None:
    """Where a place-order's time goes, in the shop's own code (pyinstrument, in a process of
    its own with the shop's settings; Django's test client, no HTTP)."""
    print(f"Profile of {orders} place-order requests (pyinstrument):")
    print(shop.manage("shell", "-c", PROFILE_SCRIPT.format(setup=json.dumps(setup), orders=orders)))


def _problem(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    alert = re.search(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", alert.group(1)) if alert else text)[:300]


def baskets(products: list[dict], rng: random.Random):
    """One product of each of 3 different producers, endlessly."""
    by_producer = defaultdict(list)
    for product in products:
        by_producer[product["producer"]].append(product)
    producers = sorted(by_producer)
    while True:
        yield [rng.choice(by_producer[producer]) for producer in rng.sample(producers, PRODUCERS_PER_BASKET)]


class Checkouts:
    """Buyers placing orders: as fast as they can (rate=None) or at a steady rate in all
    (throughput.py's mixed load). Runs in threads until stop() is called."""

    def __init__(self, base_url: str, setup: dict, *, buyers: int, rate: float | None = None, seed: int = 19):
        self.base_url, self.setup = base_url, setup
        self.buyers, self.rate = buyers, rate
        self.timings = Timings()
        self._stop = threading.Event()
        first = random.randrange(10**8)
        self._numbers = iter(range(first, first + 10**9))
        self._baskets = baskets(setup["products"], random.Random(seed))
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._next_start = 0.0

    def _next(self) -> tuple[int, list[dict]]:
        with self._lock:
            return next(self._numbers), next(self._baskets)

    def _wait_turn(self) -> bool:
        """At a fixed rate, each order starts at its own slot (no catching up in bursts)."""
        if self.rate is None:
            return not self._stop.is_set()
        with self._lock:
            now = time.monotonic()
            slot = self._next_start = max(self._next_start + 1 / self.rate, now)
        return not self._stop.wait(max(0.0, slot - now))

    def _run(self) -> None:
        while self._wait_turn():
            number, products = self._next()
            try:
                placed = Buyer(self.base_url, self.timings, number).buy(products, self.setup["village"])
                with self.timings.lock:
                    self.timings.placed.append(placed)
            except Exception as error:  # noqa: BLE001 - counted and reported, the run goes on
                with self.timings.lock:
                    self.timings.errors.append(str(error))

    def start(self) -> "Checkouts":
        self.started = time.monotonic()
        self._next_start = self.started
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(self.buyers)]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> float:
        """Waits for the orders under way; the seconds the buyers ran."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=120)
        return time.monotonic() - self.started


def browse(base_url: str, paths: list[str], timings: Timings, stop: threading.Event) -> None:
    client = ShopClient(base_url)
    rng = random.Random(7)
    while not stop.is_set():
        path = rng.choice(paths)
        started = time.perf_counter()
        status, _headers, _html = client.request("GET", path)
        timings.add("browse", started)
        with timings.lock:
            timings.browsed += 1
            if status != 200:
                timings.errors.append(f"browse {path}: HTTP {status}")


def shop_processes(port: int, name: str):
    """(pid, text of /proc/<pid>/<name>) for each gunicorn process serving the shop on `port`;
    a process that ends while being read is left out."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "gunicorn" not in cmdline or f"127.0.0.1:{port}" not in cmdline:
                continue
            text = (proc / name).read_text()
        except OSError:
            continue
        yield int(proc.name), text


def shop_cpu_seconds(port: int) -> float:
    """CPU time (user + system) the shop's gunicorn processes have used so far: what an order
    costs the shop, whatever else the machine is busy with (wall-clock figures are not)."""
    ticks = 0
    for _pid, stat in shop_processes(port, "stat"):
        fields = stat.rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def shop_setup(shop) -> dict:
    output = shop.manage("shell", "-c", SETUP_SCRIPT.format(top_up=STOCK_TOP_UP))
    return json.loads(output.strip().splitlines()[-1])


def stock_check(shop, setup: dict, placed: list[str]) -> list[str]:
    """What the database says against what the buyers were told; the problems found."""
    records = [product["record"] for product in setup["products"]]
    script = CHECK_SCRIPT.format(last_order=setup["last_order"], records=records)
    found = json.loads(shop.manage("shell", "-c", script).strip().splitlines()[-1])
    problems = []
    numbers = set(found["numbers"])
    if lost := set(placed) - numbers:
        problems.append(f"{len(lost)} orders shown to buyers are not in the database: {sorted(lost)[:5]}")
    if extra := numbers - set(placed):
        problems.append(f"{len(extra)} orders in the database that no buyer was shown: {sorted(extra)[:5]}")
    before = {product["record"]: product["allocated"] for product in setup["products"]}
    for record, (allocated, in_stock) in found["records"].items():
        grown = allocated - before[int(record)]
        sold = found["sold"].get(record, 0)
        if grown != sold:
            problems.append(f"stock record {record}: {grown} units allocated, orders hold {sold}")
        if allocated > in_stock:
            problems.append(f"stock record {record}: {allocated} allocated of {in_stock} in stock (oversold)")
    return problems


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def report(timings: Timings, seconds: float, cpu: float) -> tuple[float, float]:
    """Prints the figures; returns orders/s and place p95 (ms)."""
    orders = len(timings.placed)
    rate = orders / seconds if seconds else 0.0
    print(f"  {orders} orders in {seconds:.1f} s: {rate:.1f} orders/s; {load_average()}")
    if orders:
        # The shop's CPU per order (browsing included) bounds what 2 cores could do alone.
        per_order = cpu / orders
        print(
            f"  shop CPU {cpu:.1f} s: {per_order * 1000:.0f} ms an order, at most "
            f"{(os.cpu_count() or 1) / per_order:.1f} orders/s on {os.cpu_count()} idle cores"
        )
    print(f"  {timings.browsed} pages browsed meanwhile ({timings.browsed / seconds:.1f}/s)")
    print(f"  {'step':<18} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for step, values in timings.steps.items():
        print(
            f"  {step:<18} {len(values):>6} {percentile(values, 0.5):>8.1f} {percentile(values, 0.95):>8.1f}"
        )
    for error in timings.errors[:5]:
        print(f"  error: {error}")
    if len(timings.errors) > 5:
        print(f"  … {len(timings.errors) - 5} more errors")
    return rate, percentile(timings.steps.get("place", []), 0.95)


def run(shop, setup: dict, *, buyers: int, browsers: int, seconds: float) -> tuple[float, float, Timings]:
    urls = shop.urls()
    paths = ["/catalogue/", urls["category"], urls["product"], *(p["path"] for p in setup["products"][:10])]
    checkouts = Checkouts(shop.base_url, setup, buyers=buyers)
    stop = threading.Event()
    browsing = [
        threading.Thread(target=browse, args=(shop.base_url, paths, checkouts.timings, stop), daemon=True)
        for _ in range(browsers)
    ]
    for thread in browsing:
        thread.start()
    cpu = shop_cpu_seconds(shop.port)
    checkouts.start()
    time.sleep(seconds)
    stop.set()
    elapsed = checkouts.stop()
    for thread in browsing:
        thread.join(timeout=60)
    rate, place_p95 = report(checkouts.timings, elapsed, shop_cpu_seconds(shop.port) - cpu)
    return rate, place_p95, checkouts.timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--short", action="store_true", help="15 s; exit 1 on a lost, doubled or oversold order"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 also when a budget is broken twice")
    parser.add_argument("--seconds", type=float, help="how long buyers buy (default 30, or 15 with --short)")
    parser.add_argument("--buyers", type=int, default=8, help="concurrent buyers (default 8)")
    parser.add_argument("--browsers", type=int, default=2, help="concurrent anonymous browsers (default 2)")
    parser.add_argument(
        "--profile", action="store_true", help="profile place-order afterwards (pyinstrument)"
    )
    args = parser.parse_args()
    seconds = args.seconds or (15 if args.short else 30)

    with running_shop() as shop:
        setup = shop_setup(shop)
        print(
            f"Checkout: {args.buyers} buyers placing {PRODUCERS_PER_BASKET}-producer orders "
            "by bank transfer, "
            f"{args.browsers} browsing, {seconds:.0f} s, against gunicorn (2 workers) on loopback"
        )
        placed, broken, errors = [], [], []
        for attempt in range(2):
            rate, place_p95, timings = run(
                shop, setup, buyers=args.buyers, browsers=args.browsers, seconds=seconds
            )
            placed += timings.placed
            errors += timings.errors
            broken = []
            if rate < BUDGET_ORDERS_PER_SECOND:
                broken.append(f"{rate:.1f} orders/s, budget {BUDGET_ORDERS_PER_SECOND:.0f}")
            if place_p95 > BUDGET_PLACE_P95_MS:
                broken.append(f"place p95 {place_p95:.0f} ms, budget {BUDGET_PLACE_P95_MS:.0f} ms")
            if not broken or attempt:
                break
            print("Measuring again: " + "; ".join(broken))
        problems = stock_check(shop, setup, placed)
        if args.profile:
            profile_place(shop, setup)
    for problem in problems:
        print(f"FAIL stock: {problem}")
    if not problems:
        print(f"Stock: {len(placed)} orders, every unit allocated is an ordered one; nothing oversold.")
    if errors:
        print(f"FAIL {len(errors)} buyers' requests went wrong")
    for reason in broken:
        print(f"BUDGET not met: {reason} (twice in a row)")
    if not broken:
        print("Budgets held.")
    # These 2 shared cores do not reach the budget (bench/README.md: the CPU an order costs,
    # and where it goes): --short fails on what is wrong whatever the machine, --strict also
    # on the budget.
    failed = bool(problems or errors) or (bool(broken) and args.strict)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
