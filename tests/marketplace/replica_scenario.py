"""The read-replica scenario, run in a process of its own by test_read_replica.py.

Its Django talks to the PostgreSQL primary and streaming replica the test started
(DATABASE_URL, DATABASE_REPLICA_URL); it writes sales on the primary, reads the impact
dashboard as staff, and prints what each read showed as one JSON line.
"""

import json
import os
import subprocess
import sys
import time
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

from core.replica import REPLICA, report_source  # noqa: E402
from tests.factories import ProductFactory, SellerProfileFactory, UserFactory  # noqa: E402
from tests.impact.conftest import make_sale  # noqa: E402

DASHBOARD = "/cms/dampak/"
STAFF_REPORT = "/dashboard/reports/"


def _wait_until_current(timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        source = report_source()
        if source.from_replica and source.lag_seconds == 0:
            return
        time.sleep(0.2)
    raise SystemExit("the replica did not catch up")


def _read(client: Client) -> dict:
    response = client.get(DASHBOARD)
    page = response.content.decode()
    return {
        "status": response.status_code,
        "from_replica": "Dibaca dari replika" in page,
        "fallback": "Dibaca dari basis data utama" in page,
        "rp_100": "Rp\xa0100.000" in page or "Rp&nbsp;100.000" in page,
        "rp_150": "Rp\xa0150.000" in page or "Rp&nbsp;150.000" in page,
    }


def _orders_report(client: Client) -> dict:
    """Oscar's staff order report: which of the two sales' orders it lists."""
    response = client.get(STAFF_REPORT, {"report_type": "order_report", "date_from": "", "date_to": ""})
    page = response.content.decode()
    return {"status": response.status_code, "first": "PD-UJI-1<" in page, "second": "PD-UJI-2<" in page}


def main() -> None:
    seen: dict[str, dict] = {}
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    seller = SellerProfileFactory()
    product = ProductFactory(seller=seller, price=25000)
    make_sale(seller, product, quantity=4, unit_price=Decimal("25000"))

    _wait_until_current()
    seen["replicated"] = _read(client)

    # Replay paused: the primary moves on, the replica (still within the allowed lag) does
    # not — so the report showing the old figure proves it was read from the replica.
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    make_sale(seller, product, quantity=2, unit_price=Decimal("25000"))
    time.sleep(1)
    seen["paused"] = _read(client)
    seen["paused_staff_report"] = _orders_report(client)

    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 1
    time.sleep(2)
    seen["behind"] = _read(client)

    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 60
    _wait_until_current()
    seen["caught_up"] = _read(client)

    subprocess.run(os.environ["REPLICA_STOP_COMMAND"], shell=True, check=True, capture_output=True)
    seen["stopped"] = _read(client)
    seen["stopped_staff_report"] = _orders_report(client)
    started = time.monotonic()
    seen["stopped_again"] = _read(client)
    seen["stopped_again"]["seconds"] = round(time.monotonic() - started, 2)
    print(json.dumps(seen))


if __name__ == "__main__":
    sys.exit(main())
