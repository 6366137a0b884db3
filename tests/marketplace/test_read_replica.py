"""Reports read from a real PostgreSQL streaming replica, and fall back when it is gone.

The test starts two clusters of its own on loopback ports — a primary and a replica made
from it with `pg_basebackup -R` — copies the test database onto the primary, and runs the
scenario (tests/marketplace/replica_scenario.py) in a Django process pointed at both.
"""

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.db import connection

from core import replica
from tests.conftest import _skip_or_fail

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Clusters:
    """A primary and its streaming replica in a temporary directory, owned by `postgres`
    (PostgreSQL refuses to run as root)."""

    def __init__(self, bindir: Path):
        self.bin = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="pasar-replica-"))
        shutil.chown(self.dir, "postgres")
        self.primary_port, self.replica_port = _free_port(), _free_port()

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120
        )

    def start(self) -> None:
        primary = self.dir / "primary"
        self._as_postgres(
            str(self.bin / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        with open(primary / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.primary_port}\n"
                f"unix_socket_directories = '{self.dir}'\nwal_level = replica\nmax_wal_senders = 4\n"
                "fsync = off\n"
            )
        with open(primary / "pg_hba.conf", "a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        self.ctl("primary", "start")
        self._as_postgres(
            str(self.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port), "-U",
            "postgres", "-D", str(self.dir / "replica"), "-R", "-X", "stream",
        )  # fmt: skip
        conf = self.dir / "replica" / "postgresql.conf"
        conf.write_text(
            conf.read_text().replace(f"port = {self.primary_port}", f"port = {self.replica_port}")
        )
        self.ctl("replica", "start")

    def ctl_command(self, name: str, action: str) -> list[str]:
        data = self.dir / name
        return ["runuser", "-u", "postgres", "--", str(self.bin / "pg_ctl"), "-D", str(data),
                "-l", str(self.dir / f"{name}.log"), "-w", "-m", "fast", action]  # fmt: skip

    def ctl(self, name: str, action: str) -> None:
        subprocess.run(self.ctl_command(name, action), check=True, capture_output=True, timeout=120)

    def url(self, port: int) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/pasar"

    def stop(self) -> None:
        for name in ("replica", "primary"):
            subprocess.run(self.ctl_command(name, "stop"), capture_output=True, timeout=120)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def clusters():
    bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bindirs or os.geteuid() != 0 or not shutil.which("runuser"):
        _skip_or_fail("needs PostgreSQL's server binaries (Debian's postgresql), run as postgres by root")
    started = Clusters(Path(bindirs[-1]).parent)
    try:
        started.start()
        yield started
    finally:
        started.stop()


def _copy_test_database_to(clusters: Clusters) -> None:
    """The test database, migrations' data included, becomes the primary's `pasar`."""
    source = connection.settings_dict
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(clusters.primary_port), "-U", "postgres", "-qc",
         "CREATE DATABASE pasar"],
        check=True, capture_output=True,
    )  # fmt: skip
    dump = subprocess.run(
        ["pg_dump", "-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432), "-U",
         source["USER"] or "postgres", "--no-owner", source["NAME"]],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(clusters.primary_port), "-U", "postgres", "-q", "-v",
         "ON_ERROR_STOP=1", "pasar"],
        input=dump.stdout, check=True, capture_output=True,
    )  # fmt: skip


def test_reports_read_the_replica_and_fall_back_to_the_primary_when_it_is_behind_or_down(clusters):
    _copy_test_database_to(clusters)
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
