"""Impact dashboard benchmark: the page, its CSV and its XLSX at a programme's size.

Creates a PostgreSQL database (pasar_bench_impact by default), migrates it, loads the demo
shop and ``load_demo_data --scale N`` on top (demo/scale.py: at 1, 500 villages, 10,000
producers, 100,000 products, 1,000,000 order lines with their ledger), then requests the
dashboard (/cms/dampak/, the whole year and this year so far), its CSV and its XLSX as a
logged-in staff member through Django's test client (the whole middleware stack, no
network), several times each, and prints the median and slowest with the load average.
The database is dropped at the end (--keep keeps it, --reuse times a kept one again).

    .venv/bin/python bench/impact_bench.py                  # --scale 1 (about 20-30 min to load here)
    .venv/bin/python bench/impact_bench.py --short          # --scale 0.01; exit 1 over budget
    .venv/bin/python bench/impact_bench.py --scale 0.1 --keep
    .venv/bin/python bench/impact_bench.py --reuse --explain   # the report's queries, EXPLAIN ANALYZE'd

Budget: the dashboard page in 2 s or less (median); the exports are printed beside it.
"""

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import create_database, drop_database, setup_django  # noqa: E402

URL = "/cms/dampak/"


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="share of the full programme (1 = 1,000,000 lines)"
    )
    parser.add_argument("--short", action="store_true", help="--scale 0.01; exit 1 over budget")
    parser.add_argument("--repeat", type=int, default=5, help="requests per page")
    parser.add_argument("--budget-seconds", type=float, default=2.0)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/pasar_bench_impact")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--reuse", action="store_true", help="time a database a --keep run left")
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of the report's queries"
    )
    args = parser.parse_args()
    if args.short:
        args.scale, args.repeat = min(args.scale, 0.01), min(args.repeat, 3)
    return args


def load(scale: float) -> None:
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"  migrated in {time.monotonic() - started:.0f} s", flush=True)
    started = time.monotonic()
    call_command("load_demo_data", scale=scale)
    print(f"  loaded in {time.monotonic() - started:.0f} s", flush=True)


def staff_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _created = get_user_model().objects.get_or_create(
        username="bench-staf",
        defaults={"email": "bench-staf@contoh.id", "is_staff": True, "is_superuser": True},
    )
    client = Client()
    client.force_login(user)
    return client


def time_request(client, params: dict, repeat: int) -> tuple[list[float], int]:
    timings, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(URL, params)
        content = response.content
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        size = len(content)
    return timings, size


def check_xlsx(content: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    # Counted, not max_row: a write_only workbook records no dimensions.
    rows = {name: sum(1 for _row in workbook[name].iter_rows()) for name in workbook.sheetnames}
    return ", ".join(f"{name} {count}" for name, count in rows.items())


def explain(period) -> None:
    """EXPLAIN ANALYZE each query the report runs (captured from one report)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from impact.selectors import abroad_figures, family_orders, impact_report

    with CaptureQueriesContext(connection) as captured:
        impact_report(period=period)
        abroad_figures(period=period, family=family_orders())
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = [row[0] for row in cursor.fetchall()]
            print(f"\n-- {query['time']} s: {query['sql'][:300]}")
            print("\n".join(plan))


def main() -> int:
    args = parse_args()
    name = args.database_url.rsplit("/", 1)[-1]
    if args.reuse:
        args.keep = True
        print(f"Reusing {name} as a --keep run left it", flush=True)
    else:
        print(f"Creating {name}, migrating, loading the demo and --scale {args.scale}…", flush=True)
        create_database(args.database_url)
    medians = {}
    try:
        setup_django(args.database_url)
        from django.conf import settings
        from django.db import connections
        from django.test.utils import setup_test_environment
        from django.utils import timezone

        from impact.selectors import Period
        from sellers.models import SellerProfile

        setup_test_environment()  # the test client's response.context; ALLOWED_HOSTS for testserver
        settings.DEBUG = False
        if not args.reuse:
            load(args.scale)
        from django.db.models import Count
        from oscar.core.loading import get_model

        sizes = {
            "villages with producers": SellerProfile.objects.values("village").distinct().count(),
            "producers": SellerProfile.objects.count(),
            "order lines": get_model("order", "Line").objects.count(),
            "ledger entries": get_model("ledger", "LedgerEntry").objects.aggregate(n=Count("id"))["n"],
        }
        print(", ".join(f"{count:,} {what}" for what, count in sizes.items()), flush=True)
        today = timezone.localdate()
        periods = {
            "last 365 days": Period(start=today - dt.timedelta(days=364), end=today),
            "this year": Period.this_year(),
        }
        client = staff_client()
        client.get(URL)  # warm: templates, the first connection
        print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before timing", flush=True)
        for label, period in periods.items():
            query = {"start": period.start.isoformat(), "end": period.end.isoformat()}
            for what, extra in (("dashboard", {}), ("CSV", {"format": "csv"}), ("XLSX", {"format": "xlsx"})):
                timings, size = time_request(client, {**query, **extra}, args.repeat)
                medians[(label, what)] = statistics.median(timings)
                print(
                    f"{what:>9} ({label}): median {statistics.median(timings):.2f} s, "
                    f"slowest {max(timings):.2f} s, {size / 1024:,.0f} KB; "
                    f"load average {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
                if what == "XLSX":
                    response = client.get(URL, {**query, **extra})
                    print(f"           sheets (rows): {check_xlsx(response.content)}", flush=True)
        if args.explain:
            explain(periods["last 365 days"])
        connections.close_all()
    finally:
        if not args.keep:
            drop_database(args.database_url)
    slowest = max((value for (label, what), value in medians.items() if what == "dashboard"), default=0)
    over = slowest > args.budget_seconds
    print(
        f"budget: dashboard ≤ {args.budget_seconds:.1f} s (median): {'BROKEN' if over else 'met'} "
        f"({slowest:.2f} s); load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    return 1 if (over and args.short) else 0


if __name__ == "__main__":
    sys.exit(main())
