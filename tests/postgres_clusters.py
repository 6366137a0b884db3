"""PostgreSQL clusters of a test's own on loopback ports: a primary and, when asked, a
streaming replica made from it with `pg_basebackup -R`, owned by `postgres` (PostgreSQL
refuses to run as root). The read-replica test and the fault suite use them."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import _skip_or_fail


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

    def start(self, *, replica: bool = True) -> None:
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
        if not replica:
            return
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


def _started(*, replica: bool):
    bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bindirs or os.geteuid() != 0 or not shutil.which("runuser"):
        _skip_or_fail("needs PostgreSQL's server binaries (Debian's postgresql), run as postgres by root")
    started = Clusters(Path(bindirs[-1]).parent)
    try:
        started.start(replica=replica)
        yield started
    finally:
        started.stop()


@pytest.fixture
def clusters():
    """A primary and its streaming replica."""
    yield from _started(replica=True)


@pytest.fixture
def primary_cluster():
    """One PostgreSQL cluster of the test's own, to restart at will."""
    yield from _started(replica=False)


def copy_test_database_to(clusters: Clusters) -> None:
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
