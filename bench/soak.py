"""Sale-day soak: 95 % browsing, 5 % checkout, for 10 minutes (1 with --short).

Against the real shop (bench/shop_server.py: gunicorn, 2 sync workers, production settings,
PostgreSQL, Redis), with checkout_bench.py's buyers and browsers: anonymous browsers load the
product list, a category and product pages without pause; buyers place real 3-producer
orders by bank transfer, at most --orders-per-second in all, and only while their requests
are under 5 % of all the requests made so far (an order is about 14 requests, so at 5 orders/s
the shop would serve about 1,400 requests a second: these 2 cores cannot, and the mix, not
the order rate, is what holds; the rate reached is printed).

It fails on any 5xx or other failed request, on an oversold or lost order (checkout_bench's
stock check: every stock record's units allocated grew by exactly the units ordered), and on
a gunicorn worker whose resident memory grew by more than RSS_TOLERANCE_MB between the first
sample (after the first tenth of the run: the first requests of each kind fill per-process
caches once — compiled templates, URL resolvers, lazily imported modules — and Python keeps
the arenas they took) and the last, or that was replaced meanwhile (a restart would hide a
leak, and means a worker died).

    .venv/bin/python bench/soak.py             # 10 minutes
    .venv/bin/python bench/soak.py --short     # 1 minute (make bench-short)
"""

import argparse
import re
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkout_bench import (  # noqa: E402
    Checkouts,
    browse,
    report,
    shop_cpu_seconds,
    shop_processes,
    shop_setup,
    stock_check,
)
from shop_server import load_average, running_shop  # noqa: E402

CHECKOUT_SHARE = 0.05
# An order's requests (checkout_bench.Buyer.buy): /csrf/, 3 × (add + the page it returns to),
# then gateway, address, shipping, payment and place, each with the page after it.
REQUESTS_PER_ORDER = 17
# A worker's RSS after warm-up moves by a few MB with what it last served (a big page's
# strings, the allocator's free lists); a leak of even 1 kB a request grows by tens of MB over
# the full run's ~20,000 requests a worker. 16 MB is above the first and below the second.
RSS_TOLERANCE_MB = 16.0


def worker_rss(port: int) -> dict[int, float]:
    """Resident memory (MB) of each gunicorn worker of the shop on `port` (the master left out)."""
    found: dict[int, tuple[int, float]] = {}
    for pid, status in shop_processes(port, "status"):
        ppid = int(re.search(r"^PPid:\s+(\d+)", status, re.M).group(1))
        rss = int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1)) / 1024
        found[pid] = (ppid, rss)
    # Workers are the ones whose parent is itself a gunicorn process of this shop.
    return {pid: rss for pid, (ppid, rss) in found.items() if ppid in found}


class MixedCheckouts(Checkouts):
    """Checkout_bench's buyers, each order starting only while checkout requests, counting
    those of every order already started in full, stay under CHECKOUT_SHARE of all requests
    made (browsing included). The first order starts at once, so a short run places one."""

    def _wait_turn(self) -> bool:
        while not self._stop.is_set():
            with self.timings.lock:
                started = getattr(self, "_orders_started", 0)
                checkout = (started + 1) * REQUESTS_PER_ORDER
                share = checkout / (checkout + self.timings.browsed)
                if started == 0 or share < CHECKOUT_SHARE:
                    self._orders_started = started + 1
                    break
            self._stop.wait(0.05)
        else:
            return False
        return super()._wait_turn()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="1 minute instead of 10")
    parser.add_argument("--seconds", type=float, help="how long (default 600, or 60 with --short)")
    parser.add_argument("--orders-per-second", type=float, default=5.0, help="at most (default 5)")
    parser.add_argument("--buyers", type=int, default=4, help="concurrent buyers (default 4)")
    parser.add_argument("--browsers", type=int, default=4, help="concurrent browsers (default 4)")
    args = parser.parse_args()
    seconds = args.seconds or (60 if args.short else 600)

    # A database of its own: another benchmark may be using shop_server's default one.
    with running_shop(database="pasar_bench_soak") as shop:
        setup = shop_setup(shop)
        urls = shop.urls()
        paths = ["/", "/catalogue/", urls["category"], urls["product"], urls["village"], urls["producer"]]
        paths += [product["path"] for product in setup["products"][:20]]
        print(
            f"Soak: {seconds:.0f} s, {args.browsers} browsers on {len(paths)} pages, {args.buyers} buyers "
            f"(at most {args.orders_per_second:g} orders/s, checkout ≤ {CHECKOUT_SHARE:.0%} of requests); "
            f"{load_average()}"
        )
        checkouts = MixedCheckouts(shop.base_url, setup, buyers=args.buyers, rate=args.orders_per_second)
        stop = threading.Event()
        browsing = [
            threading.Thread(target=browse, args=(shop.base_url, paths, checkouts.timings, stop), daemon=True)
            for _ in range(args.browsers)
        ]
        cpu = shop_cpu_seconds(shop.port)
        rss_boot = worker_rss(shop.port)
        for thread in browsing:
            thread.start()
        checkouts.start()
        time.sleep(seconds / 10)
        rss_start = worker_rss(shop.port)
        samples = [(time.monotonic() - checkouts.started, rss_start)]
        while time.monotonic() - checkouts.started < seconds:
            time.sleep(min(30.0, max(0.0, seconds - (time.monotonic() - checkouts.started))))
            samples.append((time.monotonic() - checkouts.started, worker_rss(shop.port)))
        stop.set()
        elapsed = checkouts.stop()
        for thread in browsing:
            thread.join(timeout=60)
        rss_end = worker_rss(shop.port)
        timings = checkouts.timings
        report(timings, elapsed, shop_cpu_seconds(shop.port) - cpu)
        problems = stock_check(shop, setup, timings.placed)

    checkout = sum(len(values) for step, values in timings.steps.items() if step != "browse")
    total = checkout + timings.browsed
    server_errors = [error for error in timings.errors if re.search(r"\b5\d\d\b", error)]
    print(
        f"  mix: {total} requests, {timings.browsed} browsing, {checkout} checkout "
        f"({checkout / max(1, total):.1%}); {len(timings.placed) / elapsed:.2f} orders/s "
        f"(asked at most {args.orders_per_second:g})"
    )
    print(f"  5xx: {len(server_errors)}; other failed requests: {len(timings.errors) - len(server_errors)}")
    print("  worker RSS (MB), at boot / after the first tenth / every 30 s … / end:")
    failed = bool(problems or timings.errors)
    for pid in sorted(rss_boot):
        series = " ".join(f"{sample.get(pid, float('nan')):.1f}" for _at, sample in samples)
        print(f"    pid {pid}: {rss_boot[pid]:.1f} / {series} / {rss_end.get(pid, float('nan')):.1f}")
    if set(rss_end) != set(rss_boot):
        print(f"FAIL workers replaced during the soak: {sorted(rss_boot)} → {sorted(rss_end)}")
        failed = True
    for pid, start in rss_start.items():
        grown = rss_end.get(pid, start) - start
        if grown > RSS_TOLERANCE_MB:
            print(f"FAIL worker {pid} grew {grown:.1f} MB (tolerance {RSS_TOLERANCE_MB:.0f} MB)")
            failed = True
    for problem in problems:
        print(f"FAIL stock: {problem}")
    if not problems:
        print(
            f"Stock: {len(timings.placed)} orders, every unit allocated is an ordered one; nothing oversold."
        )
    if timings.errors:
        print(f"FAIL {len(timings.errors)} requests went wrong")
    if len(timings.placed) / elapsed < args.orders_per_second:
        print(
            f"Note: {len(timings.placed) / elapsed:.2f} orders/s, under the {args.orders_per_second:g} asked "
            "(the shop's CPU per order on these cores, with browsing 19× the checkout requests; "
            f"{load_average()})"
        )
    print("Soak held." if not failed else "Soak FAILED.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
