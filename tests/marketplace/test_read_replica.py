"""Reports read from a real PostgreSQL streaming replica, and fall back when it is gone.

The test starts two clusters of its own on loopback ports — a primary and a replica made
from it with `pg_basebackup -R` — copies the test database onto the primary, and runs the
scenario (tests/marketplace/replica_scenario.py) in a Django process pointed at both.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core import replica
from tests.postgres_clusters import copy_test_database_to

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]


def test_reports_read_the_replica_and_fall_back_to_the_primary_when_it_is_behind_or_down(clusters):
    copy_test_database_to(clusters)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.test",
        "DATABASE_URL": clusters.url(clusters.primary_port),
        "DATABASE_REPLICA_URL": clusters.url(clusters.replica_port),
        "REPLICA_STOP_COMMAND": " ".join(clusters.ctl_command("replica", "stop")),
        "PYTHONPATH": str(ROOT),
    }
    run = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "marketplace" / "replica_scenario.py")],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])

    # Replicated: the sale written on the primary is read from the replica.
    assert seen["replicated"] == {**seen["replicated"], "status": 200, "from_replica": True, "rp_100": True}
    # Replay paused, within the allowed lag: still the replica, so still the old figure.
    assert seen["paused"]["from_replica"] and seen["paused"]["rp_100"] and not seen["paused"]["rp_150"]
    assert seen["paused_staff_report"] == {"status": 200, "first": True, "second": False}
    # Further behind than allowed: the primary's figure, and the page says why.
    assert seen["behind"]["fallback"] and seen["behind"]["rp_150"] and not seen["behind"]["from_replica"]
    assert seen["caught_up"]["from_replica"] and seen["caught_up"]["rp_150"]
    # Replica stopped: the primary answers, quickly, with no error page.
    for read in (seen["stopped"], seen["stopped_again"]):
        assert read["status"] == 200 and read["fallback"] and read["rp_150"]
    assert seen["stopped_again"]["seconds"] < 5
    assert seen["stopped_staff_report"] == {"status": 200, "first": True, "second": True}


def test_without_a_replica_reports_read_the_primary_and_say_nothing(staff_client, settings):
    assert "replica" not in settings.DATABASES
    assert replica.report_source() == replica.ReportSource("default")

    page = staff_client.get("/cms/dampak/").content.decode()

    assert 'id="report-source"' not in page


def test_the_router_keeps_writes_on_the_primary():
    router = replica.ReportsRouter()

    assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) is None
    assert router.allow_migrate("replica", "order") is False
