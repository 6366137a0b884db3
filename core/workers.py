"""Background workers that can die: each running worker holds a PostgreSQL advisory lock for
as long as it lives, and a task left RUNNING by a worker whose lock is gone is queued again.

django-tasks' database worker claims a task by marking it RUNNING with its worker id; a
worker killed in the middle (SIGKILL, the machine lost, the OOM killer) leaves the task
RUNNING for ever, as nothing else ever looks at it. The lock is held on a connection of the
worker's own, so PostgreSQL itself drops it the moment that process's connection closes;
there is no clock or heartbeat timeout to tune. Any worker sweeps at start and every
`RECOVER_SECONDS` (tasks_requeue_lost).

A task is therefore run at least once: its effects must bear a second run. The e-mails it
sent are recorded per run (core.emails), search indexing writes whole documents.
"""

import contextlib
import logging
import threading
import zlib

from django.db import connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.tasks import MAX_ATTEMPTS

logger = logging.getLogger(__name__)

LOCK_CLASS = 20_260_520  # the first of the two keys of every worker's advisory lock
RECOVER_SECONDS = 30
CHECK_SECONDS = 2


def worker_lock_key(worker_id: str) -> int:
    """The second key of the worker's lock: a positive int4 (pg_locks shows it as objid)."""
    return zlib.crc32(worker_id.encode()) & 0x7FFFFFFF


def workers_alive() -> set[int]:
    """The lock keys of the workers running now, on any machine."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid FROM pg_locks"
            " WHERE locktype = 'advisory' AND classid = %s AND objsubid = 2 AND granted",
            [LOCK_CLASS],
        )
        return {int(objid) for (objid,) in cursor.fetchall()}


def tasks_requeue_lost() -> tuple[int, int]:
    """Queue again each RUNNING task whose worker is gone; one whose workers died
    MAX_ATTEMPTS times is marked FAILED instead (a task that kills its worker must not
    take every worker down in turn). Returns (queued again, failed)."""
    requeued = failed = 0
    with transaction.atomic():
        alive = workers_alive()
        # Rows a live worker is finishing (locked by its set_successful) are left alone.
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        for task in running:
            if task.worker_ids and worker_lock_key(task.worker_ids[-1]) in alive:
                continue
            if len(task.worker_ids) >= MAX_ATTEMPTS:
                task.status = TaskResultStatus.FAILED
                task.finished_at = timezone.now()
                task.exception_class_path = "core.workers.WorkerLost"
                task.traceback = f"Its workers died {len(task.worker_ids)} times: {task.worker_ids}"
                task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                failed += 1
            else:
                task.status = TaskResultStatus.READY
                task.save(update_fields=["status"])
                requeued += 1
    if requeued or failed:
        logger.warning("Tasks of workers that died: %d queued again, %d failed", requeued, failed)
    return requeued, failed


class WorkerLock:
    """The advisory lock that says this worker lives, on a connection of its own (Django's
    own is closed between tasks), taken again if that connection breaks (PostgreSQL
    restarted); every RECOVER_SECONDS it also sweeps for other workers' lost tasks."""

    def __init__(self, worker_id: str):
        self.key = worker_lock_key(worker_id)
        self._connection = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._keep, name="worker-lock", daemon=True)

    def _lock(self) -> None:
        self._connection = connection.get_new_connection(connection.get_connection_params())
        self._connection.autocommit = True
        self._connection.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_CLASS, self.key])

    def start(self) -> None:
        if connection.vendor != "postgresql":
            # SQLite (`make run`'s development database) has no advisory locks; one
            # developer's worker there is restarted by hand.
            logger.info("Not PostgreSQL: tasks of a worker that dies are not queued again")
            return
        self._lock()  # before the first claim: a task is never RUNNING under a worker without it
        tasks_requeue_lost()
        self._thread.start()

    def _keep(self) -> None:
        since_sweep = 0.0
        while not self._stop.wait(CHECK_SECONDS):
            since_sweep += CHECK_SECONDS
            try:
                if self._connection is None or self._connection.closed:
                    self._lock()
                    logger.warning("Worker lock taken again after its connection was lost")
                else:
                    self._connection.execute("SELECT 1")
                if since_sweep >= RECOVER_SECONDS:
                    since_sweep = 0.0
                    tasks_requeue_lost()
            except Exception:  # the database is away: try again at the next check
                logger.warning("Worker lock or sweep failed; trying again", exc_info=True)
                self._close()
            finally:
                connection.close()  # this thread's own ORM connection

    def _close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self._connection.close()
            self._connection = None

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=CHECK_SECONDS * 2)
        self._close()
