"""Reports read from a PostgreSQL streaming replica when one is configured.

The impact dashboard, its exports and the staff reports scan the whole ledger and order
history; on the program's scale that competes with checkouts for the primary. With
`DATABASE_REPLICA_URL` set they read from the "replica" alias instead — and only they:
everything that writes, and every page a buyer or producer sees, stays on the primary
(`ReportsRouter` sends reads to the replica only inside `read_report`).

A replica that is down, no longer streaming from the primary, or further behind than
`DATABASE_REPLICA_MAX_LAG_SECONDS` is not used: the report reads the primary and says why
(`ReportSource.fallback_reason`), so nobody reads stale figures without knowing.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.translation import gettext_lazy as _

REPLICA = "replica"
T = TypeVar("T")

_read_alias: ContextVar[str | None] = ContextVar("report_read_alias", default=None)

# Behind by this much (seconds) only while WAL received is not yet replayed; a replica that
# has replayed everything it received is current however long ago the last write was.
_LAG_QUERY = """
    SELECT
        EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming'),
        CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
             ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
        END
"""


@dataclass(frozen=True)
class ReportSource:
    """Where a report read its figures: the replica, or the primary and why."""

    alias: str
    fallback_reason: str = ""
    lag_seconds: float | None = None

    @property
    def from_replica(self) -> bool:
        return self.alias == REPLICA


class ReportsRouter:
    """Reads go to the replica only inside `read_report`; writes always to the primary
    (also for rows a report read from the replica, whose `_state.db` says "replica")."""

    def db_for_read(self, model, **hints):
        return _read_alias.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        # A replica is read-only: it receives the schema from the primary's WAL.
        return db != REPLICA


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def report_source() -> ReportSource:
    """Check the replica (one short query) and say where a report should read now."""
    if not replica_configured():
        return ReportSource(DEFAULT_DB_ALIAS)
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute(_LAG_QUERY)
            streaming, lag = cursor.fetchone()
    except DatabaseError:
        connection.close()
        return ReportSource(DEFAULT_DB_ALIAS, str(_("replika basis data tidak dapat dihubungi")))
    lag = float(lag)
    if not streaming:
        return ReportSource(DEFAULT_DB_ALIAS, str(_("replika tidak tersambung ke basis data utama")), lag)
    if lag > settings.DATABASE_REPLICA_MAX_LAG_SECONDS:
        reason = _("replika tertinggal %(seconds)d detik dari basis data utama") % {"seconds": lag}
        return ReportSource(DEFAULT_DB_ALIAS, str(reason), lag)
    return ReportSource(REPLICA, lag_seconds=lag)


@contextmanager
def _reading_from(alias: str) -> Iterator[None]:
    token = _read_alias.set(alias)
    try:
        yield
    finally:
        _read_alias.reset(token)


def read_report(build: Callable[[ReportSource], T]) -> T:
    """Run `build` with its reads on the replica when it is fit to use, else on the primary.

    A replica that fails half-way through (stopped, failed over) costs a second read on the
    primary, not an error page.
    """
    source = report_source()
    if source.from_replica:
        try:
            with _reading_from(REPLICA):
                return build(source)
        except DatabaseError:
            connections[REPLICA].close()
            reason = _("replika basis data terputus saat membaca laporan")
            source = ReportSource(DEFAULT_DB_ALIAS, str(reason))
    return build(source)
