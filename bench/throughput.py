"""Throughput: requests per second the shop's pages sustain, against a bare view.

Brings up the real shop (bench/shop_server.py: gunicorn, 2 sync workers, production
settings, PostgreSQL, Redis cache) and loads it with wrk (Debian's package: `apt-get install
-y wrk`, or `make bench-tools`) on loopback, one page after another:

  bare        /bench/bare/: a view that returns "ok" through the whole middleware stack
              (mounted only when BENCH_BARE_VIEW=1, which the harness sets)
  list        /catalogue/, anonymous
  product     a product page, anonymous
  list-login  /catalogue/ as a logged-in buyer (session cookie from a real login)

Each is warmed for a second, then measured with `wrk -t2 -c8 -d10s` (`--short`: -d3s); the
bare view is measured again at the end, and the pages are compared with the mean of both.
wrk competes with gunicorn for the 2 cores, as does anything else running: the ratio to
the bare view is what the budgets judge, so both sides of it pay the same overhead.

    .venv/bin/python bench/throughput.py            # 10 s a page
    .venv/bin/python bench/throughput.py --short    # 3 s a page; exit 1 over budget

Budgets (of the bare view's requests/s): anonymous list and product page at least 50 %,
logged-in list at least 10 %.
"""

import argparse
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shop_server import load_average, running_shop  # noqa: E402

BUDGETS = {"list": 0.50, "product": 0.50, "list-login": 0.10}


@dataclass
class Result:
    name: str
    path: str
    requests_per_second: float
    latency_p50: str
    latency_p99: str
    errors: int
    requests: int


def _wrk(url: str, seconds: int, headers: list[str]) -> str:
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "10s", "--latency", url]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed on {url}:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def load(name: str, base_url: str, path: str, seconds: int, headers: list[str]) -> Result:
    url = base_url + path
    _wrk(url, 1, headers)
    output = _wrk(url, seconds, headers)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1)
    return Result(name, path, rate, p50, p99, errors, requests)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="3 s per page; exit 1 when a budget is broken")
    parser.add_argument("--seconds", type=int, help="seconds per page (default 10, or 3 with --short)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install -y wrk (make bench-tools)", file=sys.stderr)
        return 2
    seconds = args.seconds or (3 if args.short else 10)

    with running_shop() as shop:
        urls = shop.urls()
        session = shop.logged_in_cookie()
        check = shop.client()
        check.cookies = dict(part.split("=", 1) for part in session.split("; "))
        status, _headers, html = check.request("GET", "/catalogue/")
        if status != 200 or "/accounts/logout/" not in html:
            raise RuntimeError("the logged-in product list does not show a logged-in page")
        only_session = "; ".join(part for part in session.split("; ") if part.startswith("sessionid="))
        plan = [
            ("bare", "/bench/bare/", []),
            ("list", "/catalogue/", []),
            ("product", urls["product"], []),
            ("list-login", "/catalogue/", [f"Cookie: {only_session}"]),
        ]
        before = load_average()
        results = [load(name, shop.base_url, path, seconds, headers) for name, path, headers in plan]
        # The bare view again at the end: the machine's speed drifts over a run (other tenants
        # of the host), and the pages are judged against the mean of both.
        results.append(load("bare-again", shop.base_url, "/bench/bare/", seconds, []))
        after = load_average()

    bare = (results[0].requests_per_second + results[-1].requests_per_second) / 2
    print(f"Throughput, wrk -t2 -c8 -d{seconds}s against gunicorn (2 workers) on loopback")
    print(f"  before: {before}\n  after:  {after}")
    first, last = results[0].requests_per_second, results[-1].requests_per_second
    print(f"  bare view: {bare:.1f} req/s, the mean of {first:.1f} (first) and {last:.1f} (last)")
    print(f"  {'page':<11} {'req/s':>8} {'of bare':>8} {'budget':>7}  {'p50':>8} {'p99':>8}  errors  path")
    broken = []
    for result in results:
        ratio = result.requests_per_second / bare if bare else 0.0
        budget = BUDGETS.get(result.name)
        verdict = ""
        if budget is not None:
            verdict = f"{budget:.0%}" + (" ok" if ratio >= budget else " LOW")
            if ratio < budget:
                broken.append(f"{result.name}: {ratio:.1%} of the bare view, budget {budget:.0%}")
        if result.errors:
            broken.append(f"{result.name}: {result.errors} of {result.requests} responses were errors")
        print(
            f"  {result.name:<11} {result.requests_per_second:>8.1f} {ratio:>8.1%} {verdict:>7}  "
            f"{result.latency_p50:>8} {result.latency_p99:>8}  {result.errors:>6}  {result.path}"
        )
    for line in broken:
        print(f"FAIL {line}")
    if not broken:
        print("All budgets held.")
    return 1 if broken and args.short else 0


if __name__ == "__main__":
    sys.exit(main())
